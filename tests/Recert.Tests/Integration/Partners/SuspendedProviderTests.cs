using System.Net;
using System.Net.Http.Json;
using System.Text;
using Dapper;
using Npgsql;
using Recert.Tests.Support;

namespace Recert.Tests.Integration.Partners;

/// <summary>A suspended provider's keys still read, but every write is 403 provider.suspended and changes nothing.</summary>
public sealed class SuspendedProviderTests : PartnerTest
{
    WebhookReceiver receiver = null!;

    protected override Dictionary<string, string?> Settings => new() { ["Recert:Webhooks:AllowedNetworks:0"] = "127.0.0.0/8" };

    [SetUp]
    public async Task StartReceiverAsync() => receiver = await WebhookReceiver.StartAsync();

    [TearDown]
    public async Task StopReceiverAsync() => await receiver.DisposeAsync();

    static async Task AssertSuspendedAsync(HttpResponseMessage response)
    {
        var problem = await AssertProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.That(problem["code"]?.GetValue<string>(), Is.EqualTo("provider.suspended"), problem.ToJsonString());
    }

    static HttpRequestMessage Xapi()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/xapi/statements")
        {
            Content = JsonContent.Create(new
            {
                id = Guid.NewGuid(),
                actor = new { name = "Dana Rivera", account = new { homePage = "https://recert.example", name = "CPT-500" } },
                verb = new { id = "http://adlnet.gov/expapi/verbs/completed" },
                @object = new { id = "https://lms.test/kb" },
            }),
        };
        request.Headers.Add("X-Experience-API-Version", "1.0.3");
        return request;
    }

    [Test]
    public async Task Every_write_is_refused_reads_still_work_and_reinstating_restores_writes()
    {
        await HolderAsync("CPT-500", Expiry);
        var provider = await ProviderAsync();
        Assert.That(Outcome((await PushAsync(provider.Client, Record("before")))[0]), Is.EqualTo("accepted"));
        var created = await provider.Client.PostAsJsonAsync("/api/v1/webhooks/endpoints", new { url = receiver.Url, eventTypes = new[] { "completion.accepted" } });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var endpointId = (await ReadJsonAsync(created))["id"]!.GetValue<Guid>();

        var staff = await StaffAsync();
        (await staff.PostAsync($"/api/v1/staff/providers/{provider.Id}/suspend", null)).EnsureSuccessStatusCode();
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        var completionsBefore = await connection.ExecuteScalarAsync<long>("select count(*) from completions");

        await AssertSuspendedAsync(await provider.Client.SendAsync(Batch([Record("r-1")])));
        await AssertSuspendedAsync(await provider.Client.SendAsync(Batch([Record("r-2")], idempotencyKey: "suspended-key")));
        await AssertSuspendedAsync(await provider.Client.PostAsync("/api/v1/completions/csv",
            new StringContent("externalId,courseCode,certificationNumber,lastName,completedOn\nr-3,KB-101,CPT-500,Rivera,2026-03-01\n", Encoding.UTF8, "text/csv")));
        await AssertSuspendedAsync(await provider.Client.DeleteAsync("/api/v1/completions/before"));
        await AssertSuspendedAsync(await provider.Client.SendAsync(Xapi()));
        await AssertSuspendedAsync(await provider.Client.PostAsJsonAsync("/api/v1/webhooks/endpoints", new { url = receiver.Url, eventTypes = new[] { "completion.accepted" } }));
        await AssertSuspendedAsync(await provider.Client.PostAsJsonAsync($"/api/v1/webhooks/endpoints/{endpointId}/rotate-secret", new { }));
        await AssertSuspendedAsync(await provider.Client.DeleteAsync($"/api/v1/webhooks/endpoints/{endpointId}"));

        Assert.That(await connection.ExecuteScalarAsync<long>("select count(*) from completions"), Is.EqualTo(completionsBefore));
        Assert.That(await connection.ExecuteScalarAsync<long>("select count(*) from webhook_endpoints"), Is.EqualTo(1));
        Assert.That(await connection.ExecuteScalarAsync<string>("select state from completions where external_id = 'before'"), Is.Not.EqualTo("voided"));

        Assert.That((await provider.Client.GetAsync("/api/v1/completions")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await provider.Client.GetAsync("/api/v1/completions/before")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await provider.Client.GetAsync("/api/v1/webhooks/endpoints")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        (await staff.PostAsync($"/api/v1/staff/providers/{provider.Id}/reinstate", null)).EnsureSuccessStatusCode();
        Assert.That(Outcome((await PushAsync(provider.Client, Record("r-1")))[0]), Is.EqualTo("accepted"));
        var retried = await provider.Client.SendAsync(Batch([Record("r-2")], idempotencyKey: "suspended-key"));
        Assert.That(retried.StatusCode, Is.EqualTo(HttpStatusCode.OK), "a refused request leaves its Idempotency-Key free");
        Assert.That(retried.Headers.Contains("Idempotent-Replayed"), Is.False);
    }
}
