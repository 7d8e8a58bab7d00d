using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Recert.Api.Features.Webhooks;
using Recert.Tests.Support;

namespace Recert.Tests.Integration.Partners;

public sealed class WebhookTests : PartnerTest
{
    WebhookReceiver receiver = null!;

    /// <summary>The receiver listens on loopback, which is refused unless allowed (see WebhookSsrfTests for the default).</summary>
    protected override Dictionary<string, string?> Settings => new() { ["Recert:Webhooks:AllowedNetworks:0"] = "127.0.0.0/8" };

    [SetUp]
    public async Task StartReceiverAsync() => receiver = await WebhookReceiver.StartAsync();

    [TearDown]
    public async Task StopReceiverAsync() => await receiver.DisposeAsync();

    WebhookDispatcher Dispatcher => Service<WebhookDispatcher>();

    async Task<(Guid Id, string Secret)> SubscribeAsync(Provider provider, params string[] eventTypes)
    {
        var response = await provider.Client.PostAsJsonAsync("/api/v1/webhooks/endpoints", new
        {
            url = receiver.Url,
            eventTypes = eventTypes.Length == 0 ? WebhookEventTypes.All : eventTypes,
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var body = await ReadJsonAsync(response);
        return (body["id"]!.GetValue<Guid>(), body["secret"]!.GetValue<string>());
    }

    static JsonObject Payload(WebhookReceiver.Received request) => JsonNode.Parse(request.Body)!.AsObject();

    [Test]
    public async Task An_accepted_completion_is_delivered_signed_and_retried_after_a_failure()
    {
        await HolderAsync("CPT-500", Expiry);
        var provider = await ProviderAsync();
        var (endpointId, secret) = await SubscribeAsync(provider, "completion.accepted");
        receiver.Plan(500);

        await PushAsync(provider.Client, Record("w-1"));
        Assert.That(await Dispatcher.DispatchOnceAsync(), Is.EqualTo(1));
        Assert.That(receiver.Requests, Has.Count.EqualTo(1));

        var log = await provider.Client.GetFromJsonAsync<JsonArray>($"/api/v1/webhooks/endpoints/{endpointId}/deliveries");
        Assert.Multiple(() =>
        {
            Assert.That(log![0]!["state"]!.GetValue<string>(), Is.EqualTo("pending"));
            Assert.That(log[0]!["lastStatus"]!.GetValue<int>(), Is.EqualTo(500));
            Assert.That(log[0]!["nextAttemptAt"]!.GetValue<DateTimeOffset>(), Is.GreaterThan(App.Time.GetUtcNow()));
        });
        Assert.That(await Dispatcher.DispatchOnceAsync(), Is.EqualTo(0), "the retry waits for its backoff");

        App.Time.Advance(TimeSpan.FromHours(1));
        Assert.That(await Dispatcher.DispatchOnceAsync(), Is.EqualTo(1));

        var requests = receiver.Requests.ToArray();
        Assert.That(requests, Has.Length.EqualTo(2));
        Assert.Multiple(() =>
        {
            Assert.That(requests.Select(r => WebhookReceiver.IsSignedWith(r, secret)), Is.All.True);
            Assert.That(requests[1].Id, Is.EqualTo(requests[0].Id), "a retry carries the same webhook-id");
            Assert.That(long.Parse(requests[1].Timestamp), Is.EqualTo(App.Time.GetUtcNow().ToUnixTimeSeconds()));
            Assert.That(Payload(requests[1])["type"]!.GetValue<string>(), Is.EqualTo("completion.accepted"));
            Assert.That(Payload(requests[1])["data"]!["externalId"]!.GetValue<string>(), Is.EqualTo("w-1"));
            Assert.That(WebhookReceiver.IsSignedWith(requests[0] with { Body = requests[0].Body.Replace("w-1", "w-2") }, secret), Is.False);
        });

        log = await provider.Client.GetFromJsonAsync<JsonArray>($"/api/v1/webhooks/endpoints/{endpointId}/deliveries");
        Assert.That(log![0]!["state"]!.GetValue<string>(), Is.EqualTo("succeeded"));
        Assert.That(log[0]!["log"]!.AsArray().Select(a => a!["statusCode"]!.GetValue<int>()), Is.EqualTo(new[] { 500, 200 }));
    }

    [Test]
    public async Task A_4xx_is_not_retried_a_429_is_and_a_delivery_can_be_sent_again_by_hand()
    {
        await HolderAsync("CPT-500", Expiry);
        var provider = await ProviderAsync();
        var (endpointId, _) = await SubscribeAsync(provider, "completion.accepted");
        receiver.Plan(410, 429);

        await PushAsync(provider.Client, Record("w-1"));
        await Dispatcher.DispatchOnceAsync();
        App.Time.Advance(TimeSpan.FromDays(1));
        Assert.That(await Dispatcher.DispatchOnceAsync(), Is.EqualTo(0), "410 is final");
        var log = await provider.Client.GetFromJsonAsync<JsonArray>($"/api/v1/webhooks/endpoints/{endpointId}/deliveries");
        Assert.That(log![0]!["state"]!.GetValue<string>(), Is.EqualTo("failed"));

        var redeliver = await provider.Client.PostAsync($"/api/v1/webhooks/deliveries/{log[0]!["id"]!.GetValue<Guid>()}/redeliver", null);
        Assert.That(redeliver.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await redeliver.Content.ReadAsStringAsync());
        Assert.That(await Dispatcher.DispatchOnceAsync(), Is.EqualTo(1));
        App.Time.Advance(TimeSpan.FromHours(1));
        Assert.That(await Dispatcher.DispatchOnceAsync(), Is.EqualTo(1), "429 is retried");

        Assert.That(receiver.Requests.Count, Is.EqualTo(3));
        log = await provider.Client.GetFromJsonAsync<JsonArray>($"/api/v1/webhooks/endpoints/{endpointId}/deliveries");
        Assert.That(log![0]!["state"]!.GetValue<string>(), Is.EqualTo("succeeded"));
        Assert.That(log[0]!["log"]!.AsArray().Select(a => a!["statusCode"]!.GetValue<int>()), Is.EqualTo(new[] { 410, 429, 200 }));
    }

    [Test]
    public async Task A_late_attached_or_rejected_event_carries_the_records_creation_time_not_the_attach_time()
    {
        var provider = await ProviderAsync();
        await SubscribeAsync(provider, "completion.attached", "completion.rejected");
        await PushAsync(provider.Client, Record("late-1", number: "CPT-321"), Record("late-2", number: "CPT-322", lastName: "Someone"));
        var created = await ReadJsonAsync(await provider.Client.GetAsync("/api/v1/completions/late-1"));

        App.Time.Advance(TimeSpan.FromDays(3));
        var staff = await StaffAsync();
        await CreateCertificationAsync(staff, "CPT-321", HolderEmail("CPT-321"), Expiry.AddYears(-2).AddDays(1), Expiry);
        await CreateCertificationAsync(staff, "CPT-322", HolderEmail("CPT-322"), Expiry.AddYears(-2).AddDays(1), Expiry);
        Assert.That(await Dispatcher.DispatchOnceAsync(), Is.EqualTo(2));

        var after = await ReadJsonAsync(await provider.Client.GetAsync("/api/v1/completions/late-1"));
        var data = receiver.Requests.Select(Payload).ToDictionary(p => p["type"]!.GetValue<string>(), p => p["data"]!);
        Assert.Multiple(() =>
        {
            Assert.That(DateTimeOffset.Parse(data["completion.attached"]["createdAt"]!.GetValue<string>()),
                Is.EqualTo(DateTimeOffset.Parse(created["createdAt"]!.GetValue<string>())));
            Assert.That(DateTimeOffset.Parse(data["completion.attached"]["createdAt"]!.GetValue<string>()),
                Is.EqualTo(DateTimeOffset.Parse(after["createdAt"]!.GetValue<string>())), "as GET /completions/{externalId} says");
            Assert.That(DateTimeOffset.Parse(data["completion.attached"]["updatedAt"]!.GetValue<string>()),
                Is.EqualTo(DateTimeOffset.Parse(after["updatedAt"]!.GetValue<string>())));
            Assert.That(DateTimeOffset.Parse(data["completion.attached"]["updatedAt"]!.GetValue<string>()) - DateTimeOffset.Parse(data["completion.attached"]["createdAt"]!.GetValue<string>()),
                Is.EqualTo(TimeSpan.FromDays(3)));
            Assert.That(data["completion.rejected"]["externalId"]!.GetValue<string>(), Is.EqualTo("late-2"));
            Assert.That(DateTimeOffset.Parse(data["completion.rejected"]["createdAt"]!.GetValue<string>()),
                Is.EqualTo(DateTimeOffset.Parse(created["createdAt"]!.GetValue<string>())));
        });
    }

    [Test]
    public async Task Attached_rejected_and_voided_events_reach_the_endpoints_subscribed_to_them()
    {
        var provider = await ProviderAsync();
        var (_, secret) = await SubscribeAsync(provider, "completion.attached", "completion.rejected", "completion.voided");

        await PushAsync(provider.Client, Record("p-1", number: "CPT-321"), Record("bad", courseCode: "NOPE"));
        var staff = await StaffAsync();
        await CreateCertificationAsync(staff, "CPT-321", HolderEmail("CPT-321"), Expiry.AddYears(-2).AddDays(1), Expiry);
        (await provider.Client.DeleteAsync("/api/v1/completions/p-1")).EnsureSuccessStatusCode();

        Assert.That(await Dispatcher.DispatchOnceAsync(), Is.EqualTo(3));
        var payloads = receiver.Requests.ToArray();
        Assert.That(payloads.Select(r => WebhookReceiver.IsSignedWith(r, secret)), Is.All.True);
        var events = payloads.Select(Payload).Select(p => (p["type"]!.GetValue<string>(), p["data"]!["externalId"]!.GetValue<string>())).ToList();
        Assert.That(events, Is.EquivalentTo(new[] { ("completion.rejected", "bad"), ("completion.attached", "p-1"), ("completion.voided", "p-1") }));
    }

    [Test]
    public async Task After_rotation_both_secrets_sign_for_a_day()
    {
        await HolderAsync("CPT-500", Expiry);
        var provider = await ProviderAsync();
        var (endpointId, oldSecret) = await SubscribeAsync(provider);
        var rotated = await ReadJsonAsync(await provider.Client.PostAsync($"/api/v1/webhooks/endpoints/{endpointId}/rotate-secret", null));
        var newSecret = rotated["secret"]!.GetValue<string>();
        Assert.That(newSecret, Does.StartWith("whsec_").And.Not.EqualTo(oldSecret));

        await PushAsync(provider.Client, Record("w-1"));
        await Dispatcher.DispatchOnceAsync();
        var first = receiver.Requests.Single();
        Assert.Multiple(() =>
        {
            Assert.That(first.Signature.Split(' '), Has.Length.EqualTo(2));
            Assert.That(WebhookReceiver.IsSignedWith(first, newSecret), Is.True);
            Assert.That(WebhookReceiver.IsSignedWith(first, oldSecret), Is.True);
        });

        App.Time.Advance(TimeSpan.FromHours(25));
        await PushAsync(provider.Client, Record("w-2", completedOn: "2026-03-02"));
        await Dispatcher.DispatchOnceAsync();
        var second = receiver.Requests.Last();
        Assert.That(WebhookReceiver.IsSignedWith(second, newSecret), Is.True);
        Assert.That(WebhookReceiver.IsSignedWith(second, oldSecret), Is.False);
    }

    [Test]
    public async Task Endpoint_urls_event_types_and_secrets_are_validated()
    {
        var provider = await ProviderAsync();
        async Task<JsonObject> Refused(object body)
            => await AssertProblemAsync(await provider.Client.PostAsJsonAsync("/api/v1/webhooks/endpoints", body), HttpStatusCode.BadRequest);

        Assert.That((await Refused(new { url = "ftp://hooks.test/x", eventTypes = new[] { "completion.accepted" } }))["errors"]!["url"], Is.Not.Null);
        Assert.That((await Refused(new { url = "/relative", eventTypes = new[] { "completion.accepted" } }))["errors"]!["url"], Is.Not.Null);
        Assert.That((await Refused(new { url = "https://hooks.test/x", eventTypes = new[] { "completion.eaten" } }))["errors"]!["eventTypes[0]"], Is.Not.Null);
        Assert.That((await Refused(new { url = "https://hooks.test/x", eventTypes = Array.Empty<string>() }))["errors"]!["eventTypes"], Is.Not.Null);
        Assert.That((await Refused(new { url = "https://hooks.test/x", eventTypes = new[] { "completion.accepted" }, secret = "hunter2" }))["errors"]!["secret"], Is.Not.Null);

        var disabled = await SubscribeAsync(provider);
        Assert.That((await provider.Client.DeleteAsync($"/api/v1/webhooks/endpoints/{disabled.Id}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        var listed = await provider.Client.GetFromJsonAsync<JsonArray>("/api/v1/webhooks/endpoints");
        Assert.That(listed![0]!["disabled"]!.GetValue<bool>(), Is.True);
        Assert.That(listed.ToJsonString(), Does.Not.Contain(disabled.Secret));
    }

    [Test]
    public async Task Secrets_are_stored_encrypted_and_still_sign()
    {
        await HolderAsync("CPT-500", Expiry);
        var provider = await ProviderAsync();
        var (endpointId, oldSecret) = await SubscribeAsync(provider, "completion.accepted");
        var newSecret = (await ReadJsonAsync(await provider.Client.PostAsync($"/api/v1/webhooks/endpoints/{endpointId}/rotate-secret", null)))["secret"]!.GetValue<string>();

        await using (var connection = new Npgsql.NpgsqlConnection(TestDatabase.ConnectionString))
        {
            var stored = await Dapper.SqlMapper.QuerySingleAsync<(string Secret, string Previous)>(connection,
                "select secret, previous_secret from webhook_endpoints where id = @Id", new { Id = endpointId });
            Assert.That(stored.Secret + stored.Previous, Does.Not.Contain("whsec_").And.Not.Contain(oldSecret[6..]).And.Not.Contain(newSecret[6..]));
        }

        await PushAsync(provider.Client, Record("w-1"));
        await Dispatcher.DispatchOnceAsync();
        var request = receiver.Requests.Single();
        Assert.That(WebhookReceiver.IsSignedWith(request, newSecret) && WebhookReceiver.IsSignedWith(request, oldSecret), Is.True);
    }

    [Test]
    public async Task A_secret_left_in_clear_by_an_older_version_still_signs_and_is_encrypted_at_the_next_start()
    {
        await HolderAsync("CPT-500", Expiry);
        var provider = await ProviderAsync();
        var (endpointId, _) = await SubscribeAsync(provider, "completion.accepted");
        var plain = StandardWebhooks.NewSecret();
        await using var connection = new Npgsql.NpgsqlConnection(TestDatabase.ConnectionString);
        await Dapper.SqlMapper.ExecuteAsync(connection, "update webhook_endpoints set secret = @Plain where id = @Id", new { Plain = plain, Id = endpointId });

        await PushAsync(provider.Client, Record("w-1"));
        await Dispatcher.DispatchOnceAsync();
        Assert.That(WebhookReceiver.IsSignedWith(receiver.Requests.Last(), plain), Is.True, "the plain form is still read");

        await using (var restarted = new RecertApp())
        {
            _ = restarted.Services;
        }

        var stored = await Dapper.SqlMapper.QuerySingleAsync<string>(connection, "select secret from webhook_endpoints where id = @Id", new { Id = endpointId });
        Assert.That(stored, Does.Not.StartWith("whsec_"));
        await PushAsync(provider.Client, Record("w-2", completedOn: "2026-03-02"));
        await Dispatcher.DispatchOnceAsync();
        Assert.That(WebhookReceiver.IsSignedWith(receiver.Requests.Last(), plain), Is.True, "the encrypted row signs with the same secret");
    }
}
