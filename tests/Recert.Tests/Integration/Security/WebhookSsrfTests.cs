using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Npgsql;
using Recert.Api.Features.Webhooks;
using Recert.Tests.Support;

namespace Recert.Tests.Integration.Security;

/// <summary>With the default configuration (no allow-list) webhooks go to public addresses only: refused at registration and at connection.</summary>
public sealed class WebhookSsrfTests : PartnerTest
{
    WebhookReceiver receiver = null!;

    [SetUp]
    public async Task StartReceiverAsync() => receiver = await WebhookReceiver.StartAsync();

    [TearDown]
    public async Task StopReceiverAsync() => await receiver.DisposeAsync();

    static IEnumerable<string> NonPublicUrls()
    {
        yield return "http://127.0.0.1:5432/";
        yield return "http://localhost/hook";
        yield return "http://api.localhost/hook";
        yield return "http://[::1]/hook";
        yield return "http://0.0.0.0/hook";
        yield return "http://169.254.169.254/latest/meta-data/";
        yield return "http://10.0.0.1/hook";
        yield return "http://172.16.0.1/hook";
        yield return "http://172.31.255.254/hook";
        yield return "http://192.168.1.1/hook";
        yield return "http://100.64.0.1/hook";
        yield return "http://2130706433/hook";
        yield return "http://0x7f.1/hook";
        yield return "http://0177.0.0.1/hook";
        yield return "http://[::ffff:127.0.0.1]/hook";
        yield return "http://[::ffff:a9fe:a9fe]/hook";
        yield return "http://[fd00::1]/hook";
        yield return "http://[fe80::1]/hook";
        yield return "http://224.0.0.1/hook";
        yield return "http://255.255.255.255/hook";
    }

    [TestCaseSource(nameof(NonPublicUrls))]
    public async Task Registering_a_non_public_destination_is_refused(string url)
    {
        var provider = await ProviderAsync();
        var response = await provider.Client.PostAsJsonAsync("/api/v1/webhooks/endpoints", new { url, eventTypes = new[] { "completion.accepted" } });
        var problem = await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.That(problem["unmet"]![0]!["code"]!.GetValue<string>(), Is.EqualTo(WebhookDestinations.NotAllowedCode));
        Assert.That(await provider.Client.GetFromJsonAsync<JsonArray>("/api/v1/webhooks/endpoints"), Is.Empty, "nothing is stored");
    }

    [Test]
    public async Task A_public_destination_and_an_unresolvable_name_are_accepted()
    {
        var provider = await ProviderAsync();
        foreach (var url in new[] { "https://93.184.216.34/hook", "https://hooks.example.test/recert" })
        {
            var response = await provider.Client.PostAsJsonAsync("/api/v1/webhooks/endpoints", new { url, eventTypes = new[] { "completion.accepted" } });
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        }
    }

    /// <summary>
    /// A destination that passed registration and later points inside (DNS rebinding; here the stored URL is changed to
    /// the loopback receiver, by address and by name) is refused when connecting: nothing reaches the receiver, and
    /// the provider's log says only that it was refused.
    /// </summary>
    [TestCase("{0}")]
    [TestCase("localhost")]
    public async Task Dispatch_refuses_to_connect_to_a_non_public_address(string hostForm)
    {
        await HolderAsync("CPT-500", Expiry);
        var provider = await ProviderAsync();
        var created = await provider.Client.PostAsJsonAsync("/api/v1/webhooks/endpoints", new { url = "https://93.184.216.34/hook", eventTypes = new[] { "completion.accepted" } });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var endpointId = (await ReadJsonAsync(created))["id"]!.GetValue<Guid>();
        var url = hostForm == "localhost" ? receiver.Url.Replace("127.0.0.1", "localhost") : receiver.Url;
        await using (var connection = new NpgsqlConnection(TestDatabase.ConnectionString))
        {
            await connection.ExecuteAsync("update webhook_endpoints set url = @Url where id = @Id", new { Url = url, Id = endpointId });
        }

        await PushAsync(provider.Client, Record("w-1"));
        Assert.That(await Service<WebhookDispatcher>().DispatchOnceAsync(), Is.EqualTo(1));

        Assert.That(receiver.Requests, Is.Empty);
        var log = await provider.Client.GetFromJsonAsync<JsonArray>($"/api/v1/webhooks/endpoints/{endpointId}/deliveries");
        var attempt = log![0]!["log"]![0]!;
        Assert.Multiple(() =>
        {
            Assert.That(log[0]!["state"]!.GetValue<string>(), Is.EqualTo("failed"), "a refusal is not retried");
            Assert.That(log[0]!["lastError"]!.GetValue<string>(), Is.EqualTo("refused: destination not allowed"));
            Assert.That(attempt["statusCode"], Is.Null);
            Assert.That(attempt["error"]!.GetValue<string>(), Is.EqualTo("refused: destination not allowed"));
            Assert.That(attempt["durationMs"]!.GetValue<int>(), Is.Zero, "no timing that could map internal ports");
        });
    }

    [Test]
    public async Task Connection_errors_reach_the_provider_as_fixed_texts_without_exception_messages()
    {
        await HolderAsync("CPT-500", Expiry);
        var provider = await ProviderAsync();
        var created = await provider.Client.PostAsJsonAsync("/api/v1/webhooks/endpoints", new { url = "https://hooks.example.test/recert", eventTypes = new[] { "completion.accepted" } });
        var endpointId = (await ReadJsonAsync(created))["id"]!.GetValue<Guid>();

        await PushAsync(provider.Client, Record("w-1"));
        await Service<WebhookDispatcher>().DispatchOnceAsync();

        var log = await provider.Client.GetFromJsonAsync<JsonArray>($"/api/v1/webhooks/endpoints/{endpointId}/deliveries");
        var error = log![0]!["lastError"]!.GetValue<string>();
        Assert.That(error, Is.EqualTo("refused: destination not allowed").Or.EqualTo("The host name could not be resolved.").Or.EqualTo("The connection could not be made."));
        Assert.That(error, Does.Not.Contain("hooks.example.test").And.Not.Contain("Name or service"));
    }
}

/// <summary>Production's default: https only.</summary>
public sealed class WebhookHttpsOnlyTests : PartnerTest
{
    protected override Dictionary<string, string?> Settings => new() { ["Recert:Webhooks:AllowHttp"] = "false" };

    [Test]
    public async Task An_http_destination_is_refused_unless_configuration_allows_http()
    {
        var provider = await ProviderAsync();
        var response = await provider.Client.PostAsJsonAsync("/api/v1/webhooks/endpoints", new { url = "http://93.184.216.34/hook", eventTypes = new[] { "completion.accepted" } });
        var problem = await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.That(problem["unmet"]![0]!["code"]!.GetValue<string>(), Is.EqualTo(WebhookDestinations.HttpsRequiredCode));
    }

    [Test]
    public async Task An_http_destination_stored_before_is_refused_at_dispatch()
    {
        await HolderAsync("CPT-500", Expiry);
        var provider = await ProviderAsync();
        var created = await provider.Client.PostAsJsonAsync("/api/v1/webhooks/endpoints", new { url = "https://93.184.216.34/hook", eventTypes = new[] { "completion.accepted" } });
        var endpointId = (await ReadJsonAsync(created))["id"]!.GetValue<Guid>();
        await using (var connection = new NpgsqlConnection(TestDatabase.ConnectionString))
        {
            await connection.ExecuteAsync("update webhook_endpoints set url = 'http://93.184.216.34/hook' where id = @Id", new { Id = endpointId });
        }

        await PushAsync(provider.Client, Record("w-1"));
        await Service<WebhookDispatcher>().DispatchOnceAsync();
        var log = await provider.Client.GetFromJsonAsync<JsonArray>($"/api/v1/webhooks/endpoints/{endpointId}/deliveries");
        Assert.That(log![0]!["state"]!.GetValue<string>(), Is.EqualTo("failed"));
        Assert.That(log[0]!["lastError"]!.GetValue<string>(), Is.EqualTo("refused: destination not allowed"));
    }
}

/// <summary>An on-premise LMS: private networks allowed by configuration.</summary>
public sealed class WebhookPrivateNetworksAllowedTests : PartnerTest
{
    protected override Dictionary<string, string?> Settings => new() { ["Recert:Webhooks:AllowPrivateNetworks"] = "true" };

    [Test]
    public async Task Loopback_and_private_destinations_are_accepted_but_never_unspecified_or_multicast()
    {
        var provider = await ProviderAsync();
        foreach (var (url, status) in new[]
                 {
                     ("http://127.0.0.1:9/hook", HttpStatusCode.Created), ("http://10.1.2.3/hook", HttpStatusCode.Created),
                     ("http://0.0.0.0/hook", HttpStatusCode.UnprocessableEntity), ("http://224.0.0.1/hook", HttpStatusCode.UnprocessableEntity),
                 })
        {
            var response = await provider.Client.PostAsJsonAsync("/api/v1/webhooks/endpoints", new { url, eventTypes = new[] { "completion.accepted" } });
            Assert.That(response.StatusCode, Is.EqualTo(status), $"{url}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
