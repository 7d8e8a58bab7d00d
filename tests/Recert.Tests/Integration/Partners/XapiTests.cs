using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Recert.Tests.Support;

namespace Recert.Tests.Integration.Partners;

public sealed class XapiTests : PartnerTest
{
    const string ActivityId = "https://lms.acme.test/courses/kettlebell-101";

    async Task<Provider> ProviderWithActivityAsync()
    {
        var provider = await ProviderAsync("Acme", "OTHER-1");
        await CourseAsync(await StaffAsync(), provider.Id, "KB-101", activityId: ActivityId);
        return provider;
    }

    static object Completed(Guid id, string verb = "http://adlnet.gov/expapi/verbs/completed", string number = "CPT-500", string name = "Dana Rivera", string timestamp = "2026-03-01T18:00:00Z") => new
    {
        id,
        actor = new { objectType = "Agent", name, account = new { homePage = "https://recert.example", name = number } },
        verb = new { id = verb, display = new Dictionary<string, string> { ["en-US"] = "completed" } },
        @object = new { objectType = "Activity", id = ActivityId },
        timestamp,
    };

    static HttpRequestMessage Statements(object body, string? version = "1.0.3")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/xapi/statements") { Content = JsonContent.Create(body) };
        if (version is not null)
        {
            request.Headers.Add("X-Experience-API-Version", version);
        }

        return request;
    }

    [Test]
    public async Task A_completed_statement_records_a_completion_once_and_a_voiding_statement_voids_it()
    {
        var holder = await HolderAsync("CPT-500", Expiry);
        var provider = await ProviderWithActivityAsync();
        var statementId = Guid.NewGuid();

        var recorded = await provider.Client.SendAsync(Statements(Completed(statementId)));
        Assert.That(recorded.StatusCode, Is.EqualTo(HttpStatusCode.OK), await recorded.Content.ReadAsStringAsync());
        Assert.That(await recorded.Content.ReadFromJsonAsync<Guid[]>(), Is.EqualTo(new[] { statementId }));
        Assert.That(recorded.Headers.GetValues("X-Experience-API-Version").Single(), Does.StartWith("1.0."));
        var ledger = await ProviderLedgerAsync("CPT-500");
        Assert.That(ledger.Select(e => (e.State, e.CourseKey, e.CompletedOn)), Is.EqualTo(new[] { ("recorded", $"P:{provider.Id}:KB-101", new DateOnly(2026, 3, 1)) }));

        // The same id with other content (here another timestamp) is a conflict, and the new statement beside it is not kept either.
        var again = await provider.Client.SendAsync(Statements(new[] { Completed(Guid.NewGuid(), timestamp: "2026-03-02T18:00:00Z"), Completed(statementId, timestamp: "2026-03-03T18:00:00Z") }));
        await AssertProblemAsync(again, HttpStatusCode.Conflict);
        Assert.That(await ProviderLedgerAsync("CPT-500"), Has.Count.EqualTo(1), "nothing of a refused request is kept");

        var voiding = new
        {
            id = Guid.NewGuid(),
            actor = new { mbox = "mailto:lms@acme.test" },
            verb = new { id = "http://adlnet.gov/expapi/verbs/voided" },
            @object = new { objectType = "StatementRef", id = statementId },
        };
        var voided = await provider.Client.SendAsync(Statements(voiding));
        Assert.That(voided.StatusCode, Is.EqualTo(HttpStatusCode.OK), await voided.Content.ReadAsStringAsync());
        Assert.That((await ProviderLedgerAsync("CPT-500")).Single().State, Is.EqualTo("voided"));
        var view = await ReadJsonAsync(await holder.GetAsync("/api/v1/certifications/CPT-500/ceus"));
        Assert.That(view["counted"]!.GetValue<decimal>(), Is.EqualTo(0m));

        var listed = await ReadJsonAsync(await provider.Client.GetAsync("/api/v1/completions"));
        Assert.That(listed["items"]![0]!["externalId"]!.GetValue<string>(), Is.EqualTo($"xapi:{statementId}"));
        Assert.That(listed["items"]![0]!["state"]!.GetValue<string>(), Is.EqualTo("voided"));
    }

    [Test]
    public async Task Passed_records_too_and_other_verbs_are_answered_204_and_stored_nowhere()
    {
        await HolderAsync("CPT-500", Expiry);
        var provider = await ProviderWithActivityAsync();

        var experienced = await provider.Client.SendAsync(Statements(Completed(Guid.NewGuid(), verb: "http://adlnet.gov/expapi/verbs/experienced")));
        Assert.That(experienced.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(await ProviderLedgerAsync("CPT-500"), Is.Empty);

        var passed = await provider.Client.SendAsync(Statements(Completed(Guid.NewGuid(), verb: "http://adlnet.gov/expapi/verbs/passed")));
        Assert.That(passed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await ProviderLedgerAsync("CPT-500"), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task The_version_header_and_the_statement_shape_are_required()
    {
        var provider = await ProviderWithActivityAsync();
        await AssertProblemAsync(await provider.Client.SendAsync(Statements(Completed(Guid.NewGuid()), version: null)), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await provider.Client.SendAsync(Statements(Completed(Guid.NewGuid()), version: "0.95")), HttpStatusCode.BadRequest);

        var noAccount = new { id = Guid.NewGuid(), actor = new { name = "Dana Rivera" }, verb = new { id = "http://adlnet.gov/expapi/verbs/completed" }, @object = new { id = ActivityId } };
        var problem = await AssertProblemAsync(await provider.Client.SendAsync(Statements(noAccount)), HttpStatusCode.BadRequest);
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key).Single(), Does.Contain("actor.account.name"));

        var broken = new HttpRequestMessage(HttpMethod.Post, "/api/v1/xapi/statements") { Content = new StringContent("{", Encoding.UTF8, "application/json") };
        broken.Headers.Add("X-Experience-API-Version", "1.0.3");
        await AssertProblemAsync(await provider.Client.SendAsync(broken), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await Anonymous().SendAsync(Statements(Completed(Guid.NewGuid()))), HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task A_timestamp_must_be_ISO_8601_and_an_id_of_the_wrong_type_is_not_taken_as_absent()
    {
        await HolderAsync("CPT-500", Expiry);
        var provider = await ProviderWithActivityAsync();

        // Found by the bad-input drill: "01/06/2026" was read as 6 January, and a numeric timestamp or id as "none given".
        foreach (var timestamp in new[] { "01/06/2026 10:00:00", "05/03/2026", "Sun, 03 May 2026 18:00:00 GMT" })
        {
            var problem = await AssertProblemAsync(await provider.Client.SendAsync(Statements(Completed(Guid.NewGuid(), timestamp: timestamp))), HttpStatusCode.BadRequest);
            Assert.That(problem["errors"]!.AsObject().Select(e => e.Key).Single(), Does.EndWith("timestamp"), timestamp);
        }

        var numericTimestamp = JsonSerializer.SerializeToNode(Completed(Guid.NewGuid()))!.AsObject();
        numericTimestamp["timestamp"] = 1780000000;
        await AssertProblemAsync(await provider.Client.SendAsync(Statements(numericTimestamp)), HttpStatusCode.BadRequest);
        var numericId = JsonSerializer.SerializeToNode(Completed(Guid.NewGuid()))!.AsObject();
        numericId["id"] = 42;
        await AssertProblemAsync(await provider.Client.SendAsync(Statements(numericId)), HttpStatusCode.BadRequest);
        Assert.That(await ProviderLedgerAsync("CPT-500"), Is.Empty);

        var offset = await provider.Client.SendAsync(Statements(Completed(Guid.NewGuid(), timestamp: "2026-03-01T23:30:00-08:00")));
        Assert.That(offset.StatusCode, Is.EqualTo(HttpStatusCode.OK), await offset.Content.ReadAsStringAsync());
        Assert.That((await ProviderLedgerAsync("CPT-500")).Single().CompletedOn, Is.EqualTo(new DateOnly(2026, 3, 1)));
    }

    [Test]
    public async Task The_last_name_may_come_from_a_context_extension()
    {
        await HolderAsync("CPT-500", Expiry);
        var provider = await ProviderWithActivityAsync();
        var statement = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(Completed(Guid.NewGuid(), name: "D. R.")))!.AsObject();
        statement["context"] = new JsonObject { ["extensions"] = new JsonObject { ["https://recert.example/xapi/extensions/last-name"] = "rivera" } };

        var response = await provider.Client.SendAsync(Statements(statement));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That(await ProviderLedgerAsync("CPT-500"), Has.Count.EqualTo(1));
    }
}

public sealed class PartnerDemoDataTests : PartnerTest
{
    [Test]
    public async Task The_documented_demo_key_pushes_a_completion_for_the_demo_certificant()
    {
        var dataSource = Service<Npgsql.NpgsqlDataSource>();
        var hasher = Service<Microsoft.AspNetCore.Identity.IPasswordHasher<object>>();
        var today = new DateOnly(2026, 6, 1);
        await Recert.Api.Infrastructure.DemoData.EnsureAsync(dataSource, new Recert.Api.Infrastructure.DemoDataOptions(), hasher, today);
        await Recert.Api.Features.Providers.PartnerDemoData.EnsureAsync(dataSource, today);
        await Recert.Api.Features.Providers.PartnerDemoData.EnsureAsync(dataSource, today);

        var demo = KeyClient(Recert.Api.Features.Providers.PartnerDemoData.ApiKey);
        var courses = await demo.GetFromJsonAsync<JsonArray>("/api/v1/provider/courses");
        Assert.That(courses!.Select(c => c!["code"]!.GetValue<string>()), Is.EqualTo(new[] { "KB-101", "NUT-210" }));
        var results = await PushAsync(demo, Record("demo-1", number: Recert.Api.Infrastructure.DemoData.CertificationNumber, courseCode: "KB-101", completedOn: "2026-05-20"));
        Assert.That(Outcome(results[0]), Is.EqualTo("accepted"));
    }
}
