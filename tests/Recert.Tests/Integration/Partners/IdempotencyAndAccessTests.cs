using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Recert.Tests.Support;

namespace Recert.Tests.Integration.Partners;

public sealed class IdempotencyAndAccessTests : PartnerTest
{
    [Test]
    public async Task The_same_key_and_body_replays_the_first_answer_and_a_different_body_is_422()
    {
        await HolderAsync("CPT-500", Expiry);
        var provider = await ProviderAsync();

        var first = await provider.Client.SendAsync(Batch([Record("i-1")], "key-1"));
        var replay = await provider.Client.SendAsync(Batch([Record("i-1")], "key-1"));
        var otherBody = await provider.Client.SendAsync(Batch([Record("i-2")], "key-1"));
        var withoutKey = await provider.Client.SendAsync(Batch([Record("i-1")]));

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK), await first.Content.ReadAsStringAsync());
        Assert.That(replay.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.Multiple(async () =>
        {
            Assert.That(JsonNode.DeepEquals(JsonNode.Parse(await first.Content.ReadAsStringAsync()), JsonNode.Parse(await replay.Content.ReadAsStringAsync())), Is.True);
            Assert.That(Outcome((await ReadJsonAsync(replay))["results"]![0]), Is.EqualTo("accepted"), "a replay answers what the first request answered");
            Assert.That(replay.Headers.GetValues("Idempotent-Replayed"), Is.EqualTo(new[] { "true" }));
            Assert.That(first.Headers.Contains("Idempotent-Replayed"), Is.False);
            Assert.That(Outcome((await ReadJsonAsync(withoutKey))["results"]![0]), Is.EqualTo("duplicate"));
        });
        var problem = await AssertProblemAsync(otherBody, HttpStatusCode.UnprocessableEntity);
        Assert.That(problem["unmet"]![0]!["code"]!.GetValue<string>(), Is.EqualTo("idempotency.key-reused"));
        Assert.That(await ProviderLedgerAsync("CPT-500"), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Keys_expire_after_24_hours_and_are_scoped_per_provider()
    {
        await HolderAsync("CPT-500", Expiry);
        var provider = await ProviderAsync();
        var other = await ProviderAsync("Other Academy");

        (await provider.Client.SendAsync(Batch([Record("e-1")], "shared-key"))).EnsureSuccessStatusCode();
        var otherProvider = await other.Client.SendAsync(Batch([Record("e-1")], "shared-key"));
        Assert.That(Outcome((await ReadJsonAsync(otherProvider))["results"]![0]), Is.EqualTo("accepted"), "another provider's key space is its own");

        App.Time.Advance(TimeSpan.FromHours(25));
        var reused = await provider.Client.SendAsync(Batch([Record("e-2")], "shared-key"));
        Assert.That(reused.StatusCode, Is.EqualTo(HttpStatusCode.OK), await reused.Content.ReadAsStringAsync());
        Assert.That(Outcome((await ReadJsonAsync(reused))["results"]![0]), Is.EqualTo("accepted"));
    }

    [Test]
    public async Task A_hundred_concurrent_replays_create_exactly_one_ledger_entry_per_record()
    {
        await HolderAsync("CPT-500", Expiry);
        var provider = await ProviderAsync();
        var records = Enumerable.Range(1, 3).Select(i => Record($"cc-{i}", completedOn: $"2026-03-0{i}")).ToArray();

        App.Barrier.Arm("/api/v1/completions", 100);
        var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => provider.Client.SendAsync(Batch(records, "concurrent-key"))));
        Assert.That(App.Barrier.LastReleased, Is.EqualTo(100), "the hundred replays were in flight together");

        var statuses = responses.Select(r => r.StatusCode).ToList();
        Assert.That(statuses, Is.All.AnyOf(HttpStatusCode.OK, HttpStatusCode.Conflict));
        Assert.That(statuses, Does.Contain(HttpStatusCode.OK));
        foreach (var response in responses.Where(r => r.StatusCode == HttpStatusCode.OK))
        {
            Assert.That((await ReadJsonAsync(response))["results"]!.AsArray().Select(Outcome), Is.All.EqualTo("accepted"));
        }

        foreach (var response in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
        {
            var problem = await AssertProblemAsync(response, HttpStatusCode.Conflict);
            Assert.That(problem["code"]!.GetValue<string>(), Is.EqualTo("idempotency.in-flight"));
        }

        Assert.That(await ProviderLedgerAsync("CPT-500"), Has.Count.EqualTo(3));
        var late = await provider.Client.SendAsync(Batch(records, "concurrent-key"));
        Assert.That(late.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await ReadJsonAsync(late))["results"]!.AsArray().Select(Outcome), Is.All.EqualTo("accepted"));
    }

    [Test]
    public async Task A_bad_idempotency_key_is_a_400()
    {
        var provider = await ProviderAsync();
        var response = await provider.Client.SendAsync(Batch([Record("x")], new string('k', 300)));
        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Does.Contain("idempotency-Key"));
    }

    [Test]
    public async Task A_provider_never_sees_or_changes_another_providers_records()
    {
        await HolderAsync("CPT-500", Expiry);
        var acme = await ProviderAsync("Acme", "KB-101");
        var rival = await ProviderAsync("Rival", "RV-1");
        await PushAsync(acme.Client, Record("a-1"));

        var rivalList = await ReadJsonAsync(await rival.Client.GetAsync("/api/v1/completions"));
        Assert.That(rivalList["items"]!.AsArray(), Is.Empty);
        await AssertProblemAsync(await rival.Client.DeleteAsync("/api/v1/completions/a-1"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await rival.Client.GetAsync("/api/v1/completions/a-1"), HttpStatusCode.NotFound);
        Assert.That((await acme.Client.GetAsync("/api/v1/completions/a-1")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var usingAcmeCourse = await PushAsync(rival.Client, Record("r-1", courseCode: "KB-101"));
        Assert.That(Code(usingAcmeCourse[0]), Is.EqualTo("course.unknown"));

        var endpoint = await acme.Client.PostAsJsonAsync("/api/v1/webhooks/endpoints", new { url = "https://hooks.acme.test/recert", eventTypes = new[] { "completion.accepted" } });
        Assert.That(endpoint.StatusCode, Is.EqualTo(HttpStatusCode.Created), await endpoint.Content.ReadAsStringAsync());
        var endpointId = (await ReadJsonAsync(endpoint))["id"]!.GetValue<Guid>();
        Assert.That(await rival.Client.GetFromJsonAsync<JsonArray>("/api/v1/webhooks/endpoints"), Is.Empty);
        await AssertProblemAsync(await rival.Client.GetAsync($"/api/v1/webhooks/endpoints/{endpointId}/deliveries"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await rival.Client.DeleteAsync($"/api/v1/webhooks/endpoints/{endpointId}"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await rival.Client.PostAsync($"/api/v1/webhooks/endpoints/{endpointId}/rotate-secret", null), HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Partner_endpoints_need_a_valid_unrevoked_key_and_staff_endpoints_refuse_keys()
    {
        var provider = await ProviderAsync();
        await AssertProblemAsync(await Anonymous().GetAsync("/api/v1/completions"), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await KeyClient("rcp_abcdefghijkm_wrongwrongwrongwrongwrong").GetAsync("/api/v1/completions"), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await KeyClient("not-a-key").GetAsync("/api/v1/completions"), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await KeyClient(provider.Key[..^1] + (provider.Key[^1] == 'a' ? 'b' : 'a')).GetAsync("/api/v1/completions"), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await provider.Client.GetAsync("/api/v1/staff/providers"), HttpStatusCode.Unauthorized);

        var staff = await StaffAsync();
        // Partner routes also take a provider portal session (issue 14): a staff session is signed in, but not as a provider.
        await AssertProblemAsync(await staff.GetAsync("/api/v1/completions"), HttpStatusCode.Forbidden);
        var second = await ReadJsonAsync(await staff.PostAsJsonAsync($"/api/v1/staff/providers/{provider.Id}/keys", new { name = "rotation" }));
        var keys = await staff.GetFromJsonAsync<JsonArray>($"/api/v1/staff/providers/{provider.Id}/keys");
        Assert.That(keys!.Select(k => k!["prefix"]!.GetValue<string>()).ToList(), Has.Count.EqualTo(2));
        Assert.That(keys!.ToJsonString(), Does.Not.Contain(provider.Key).And.Not.Contain(second["key"]!.GetValue<string>()));

        var firstKeyId = keys!.Single(k => provider.Key.StartsWith("rcp_" + k!["prefix"]!.GetValue<string>() + "_"))!["id"]!.GetValue<Guid>();
        (await staff.DeleteAsync($"/api/v1/staff/providers/{provider.Id}/keys/{firstKeyId}")).EnsureSuccessStatusCode();
        await AssertProblemAsync(await provider.Client.GetAsync("/api/v1/completions"), HttpStatusCode.Unauthorized);
        Assert.That((await KeyClient(second["key"]!.GetValue<string>()).GetAsync("/api/v1/completions")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var certificant = await CertificantAsync("someone@example.test");
        await AssertProblemAsync(await certificant.PostAsJsonAsync("/api/v1/staff/providers", new { name = "x" }), HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task Anyone_lists_approved_providers_and_their_current_courses()
    {
        var staff = await StaffAsync();
        var acme = await ProviderAsync("Acme Fitness Academy", "KB-101");
        await CourseAsync(staff, acme.Id, "OLD-1", approvedFrom: new DateOnly(2024, 1, 1), approvedUntil: new DateOnly(2025, 1, 1));
        var suspended = await ProviderAsync("Zeta Suspended", "Z-1");
        (await staff.PostAsync($"/api/v1/staff/providers/{suspended.Id}/suspend", null)).EnsureSuccessStatusCode();

        var anonymous = Anonymous();
        var all = await ReadJsonAsync(await anonymous.GetAsync("/api/v1/providers"));
        Assert.That(all["items"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "Acme Fitness Academy" }));
        Assert.That(all["total"]!.GetValue<int>(), Is.EqualTo(1));
        var byCourse = await ReadJsonAsync(await anonymous.GetAsync("/api/v1/providers?search=kb-1"));
        Assert.That(byCourse["items"]!.AsArray(), Has.Count.EqualTo(1));
        var none = await ReadJsonAsync(await anonymous.GetAsync("/api/v1/providers?search=yoga"));
        Assert.That(none["items"]!.AsArray(), Is.Empty);

        var courses = await anonymous.GetFromJsonAsync<JsonArray>($"/api/v1/providers/{acme.Id}/courses");
        Assert.That(courses!.Select(c => c!["code"]!.GetValue<string>()), Is.EqualTo(new[] { "KB-101" }));
        await AssertProblemAsync(await anonymous.GetAsync($"/api/v1/providers/{suspended.Id}/courses"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await anonymous.GetAsync("/api/v1/providers?pageSize=1000"), HttpStatusCode.BadRequest);

        var duplicateCourse = await staff.PostAsJsonAsync($"/api/v1/staff/providers/{acme.Id}/courses", new
        {
            code = "kb-101", title = "Again", ceus = 0.5, area = "nutrition", approvedFrom = "2025-01-01", approvedUntil = "2026-01-01",
        });
        await AssertProblemAsync(duplicateCourse, HttpStatusCode.Conflict);
        var badCourse = await staff.PostAsJsonAsync($"/api/v1/staff/providers/{acme.Id}/courses", new
        {
            code = "X 1", title = "", ceus = 0.123, area = "nutrition", approvedFrom = "2025-01-01", approvedUntil = "2024-01-01",
        });
        var problem = await AssertProblemAsync(badCourse, HttpStatusCode.BadRequest);
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.SupersetOf(new[] { "code", "title", "ceus", "approvedUntil" }));
    }
}

public sealed class PartnerRateLimitTests : PartnerTest
{
    protected override Dictionary<string, string?> Settings => new() { ["Recert:RateLimits:ProviderPerMinute"] = "3" };

    [Test]
    public async Task Each_key_has_its_own_rate_limit_answered_with_429_and_retry_after()
    {
        var provider = await ProviderAsync();
        var other = await ProviderAsync("Other Academy");
        for (var i = 0; i < 3; i++)
        {
            Assert.That((await provider.Client.GetAsync("/api/v1/completions")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        var limited = await provider.Client.GetAsync("/api/v1/completions");
        await AssertProblemAsync(limited, HttpStatusCode.TooManyRequests);
        Assert.That(int.Parse(limited.Headers.GetValues("Retry-After").Single()), Is.GreaterThan(0));
        Assert.That((await other.Client.GetAsync("/api/v1/completions")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
