using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Npgsql;
using Recert.Tests.Support;

namespace Recert.Tests.Integration.Partners;

public sealed class CompletionsTests : PartnerTest
{
    [Test]
    public async Task A_mixed_batch_gets_one_result_per_record_and_only_good_records_reach_the_ledger()
    {
        var holder = await HolderAsync("CPT-500", Expiry);
        var staff = await StaffAsync();
        var provider = await ProviderAsync("Acme Fitness Academy", "KB-101", "OLD-1");
        await CourseAsync(staff, provider.Id, "NEW-1", approvedFrom: new DateOnly(2026, 5, 1));

        var results = await PushAsync(provider.Client,
            Record("r-accepted"),
            Record("r-pending", number: "CPT-999"),
            Record("r-unknown-course", courseCode: "NOPE"),
            Record("r-not-approved", courseCode: "NEW-1", completedOn: "2026-04-30"),
            Record("r-name", lastName: "Smith"),
            Record("r-future", completedOn: "2026-06-02"),
            new { externalId = "r-invalid", courseCode = "KB-101", certificationNumber = 500, completedOn = "01/03/2026" },
            Record("r-accepted", completedOn: "2026-03-02"),
            "not an object");

        Assert.Multiple(() =>
        {
            Assert.That(results.Select(Outcome), Is.EqualTo(new[]
            {
                "accepted", "pending-learner", "rejected", "rejected", "rejected", "rejected", "rejected", "duplicate", "rejected",
            }));
            Assert.That(results.Select(Code).Skip(2).Take(5), Is.EqualTo(new[]
            {
                "course.unknown", "course.not-approved-on-date", "learner.name-mismatch", "date.in-future", "record.invalid",
            }));
            Assert.That(results[6]!["message"]!.GetValue<string>(), Does.Contain("certificationNumber must be a string").And.Contain("completedOn"));
            Assert.That(results.Select(r => r!["index"]!.GetValue<int>()), Is.EqualTo(Enumerable.Range(0, 9)));
            Assert.That(results[0]!["completionId"], Is.Not.Null);
        });

        var ledger = await ProviderLedgerAsync("CPT-500");
        Assert.That(ledger, Has.Count.EqualTo(1));
        Assert.That(ledger[0].CourseKey, Is.EqualTo($"P:{provider.Id}:KB-101"));

        var certificantView = await ReadJsonAsync(await holder.GetAsync("/api/v1/certifications/CPT-500/ceus"));
        var entry = certificantView["activities"]!.AsArray().Single(a => a!["source"]!.GetValue<string>() == "provider")!;
        Assert.Multiple(() =>
        {
            Assert.That(entry["counts"]!.GetValue<bool>(), Is.True);
            Assert.That(entry["ceus"]!.GetValue<decimal>(), Is.EqualTo(0.5m));
            Assert.That(certificantView["counted"]!.GetValue<decimal>(), Is.EqualTo(0.5m));
        });
    }

    [Test]
    public async Task Pushing_again_is_a_duplicate_and_the_same_completion_under_another_id_counts_once()
    {
        var holder = await HolderAsync("CPT-500", Expiry);
        var provider = await ProviderAsync();

        var first = await PushAsync(provider.Client, Record("r-1"));
        var again = await PushAsync(provider.Client, Record("r-1"));
        Assert.That(Outcome(again[0]), Is.EqualTo("duplicate"));
        Assert.That(again[0]!["completionId"]!.GetValue<Guid>(), Is.EqualTo(first[0]!["completionId"]!.GetValue<Guid>()));

        var otherId = await PushAsync(provider.Client, Record("r-2"));
        Assert.That(Outcome(otherId[0]), Is.EqualTo("accepted"));

        var view = await ReadJsonAsync(await holder.GetAsync("/api/v1/certifications/CPT-500/ceus"));
        var reasons = view["activities"]!.AsArray().Select(a => a!["reason"]!.GetValue<string>()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(view["counted"]!.GetValue<decimal>(), Is.EqualTo(0.5m));
            Assert.That(reasons, Is.EquivalentTo(new[] { "counts", "duplicate" }));
        });
    }

    [Test]
    public async Task The_same_batch_sent_concurrently_without_a_key_records_each_completion_once()
    {
        await HolderAsync("CPT-500", Expiry);
        var provider = await ProviderAsync();
        var records = Enumerable.Range(1, 5).Select(i => Record($"c-{i}", completedOn: $"2026-03-0{i}")).ToArray();

        App.Barrier.Arm("/api/v1/completions", 20);
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => provider.Client.SendAsync(Batch(records))));
        Assert.That(App.Barrier.LastReleased, Is.EqualTo(20), "the twenty batches were in flight together");

        Assert.That(responses.Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.OK));
        var outcomes = new List<string>();
        foreach (var response in responses)
        {
            outcomes.AddRange((await ReadJsonAsync(response))["results"]!.AsArray().Select(Outcome));
        }

        Assert.That(outcomes.Count(o => o == "accepted"), Is.EqualTo(5));
        Assert.That(outcomes.Count(o => o == "duplicate"), Is.EqualTo(95));
        Assert.That(await ProviderLedgerAsync("CPT-500"), Has.Count.EqualTo(5));
    }

    [Test]
    public async Task A_completion_counts_only_within_the_providers_approval_period_and_up_to_the_courses_last_approved_day()
    {
        await HolderAsync("CPT-500", Expiry);
        var staff = await StaffAsync();
        // The provider is approved from 2024-01-01 to 2027-12-31 (ProviderAsync); this course from 2023-01-01 to 2026-03-31.
        var provider = await ProviderAsync("Boundary Academy", "KB-101");
        await CourseAsync(staff, provider.Id, "END-1", approvedFrom: new DateOnly(2023, 1, 1), approvedUntil: new DateOnly(2026, 3, 31));

        var results = await PushAsync(provider.Client,
            Record("p-before", courseCode: "END-1", completedOn: "2023-12-31"),
            Record("p-first", courseCode: "END-1", completedOn: "2024-01-01"),
            Record("c-last", courseCode: "END-1", completedOn: "2026-03-31"),
            Record("c-after", courseCode: "END-1", completedOn: "2026-04-01"));

        Assert.Multiple(() =>
        {
            Assert.That(results.Select(Outcome), Is.EqualTo(new[] { "rejected", "accepted", "accepted", "rejected" }));
            Assert.That(Code(results[0]), Is.EqualTo("provider.not-approved-on-date"));
            Assert.That(Code(results[3]), Is.EqualTo("course.not-approved-on-date"));
        });
        var ledger = await ProviderLedgerAsync("CPT-500");
        Assert.That(ledger.Select(e => e.CompletedOn).Order(), Is.EqualTo(new[] { new DateOnly(2024, 1, 1), new DateOnly(2026, 3, 31) }));
    }

    [Test]
    public async Task Suspended_providers_have_the_whole_batch_refused()
    {
        await HolderAsync("CPT-500", Expiry);
        var provider = await ProviderAsync();
        var staff = await StaffAsync();
        (await staff.PostAsync($"/api/v1/staff/providers/{provider.Id}/suspend", null)).EnsureSuccessStatusCode();

        var refused = await provider.Client.SendAsync(Batch([Record("r-1"), Record("r-2", number: "CPT-999")]));

        Assert.That((await AssertProblemAsync(refused, HttpStatusCode.Forbidden))["code"]!.GetValue<string>(), Is.EqualTo("provider.suspended"));
        Assert.That(await ProviderLedgerAsync("CPT-500"), Is.Empty);

        (await staff.PostAsync($"/api/v1/staff/providers/{provider.Id}/reinstate", null)).EnsureSuccessStatusCode();
        Assert.That(Outcome((await PushAsync(provider.Client, Record("r-1")))[0]), Is.EqualTo("accepted"));
    }

    [Test]
    public async Task A_pending_learner_is_attached_when_staff_register_the_certification_and_a_wrong_name_is_rejected_then()
    {
        var provider = await ProviderAsync();
        var results = await PushAsync(provider.Client, Record("p-1", number: "CPT-777"), Record("p-2", number: "cpt-777", lastName: "Smith", completedOn: "2026-03-05"));
        Assert.That(results.Select(Outcome), Is.All.EqualTo("pending-learner"));

        var staff = await StaffAsync();
        await CreateCertificationAsync(staff, "CPT-777", HolderEmail("CPT-777"), Expiry.AddYears(-2).AddDays(1), Expiry);

        var ledger = await ProviderLedgerAsync("CPT-777");
        Assert.That(ledger, Has.Count.EqualTo(1));
        Assert.That(ledger[0].CompletedOn, Is.EqualTo(new DateOnly(2026, 3, 1)));

        var listed = await ReadJsonAsync(await provider.Client.GetAsync("/api/v1/completions"));
        var states = listed["items"]!.AsArray().ToDictionary(i => i!["externalId"]!.GetValue<string>(), i => (i!["state"]!.GetValue<string>(), i["code"]?.GetValue<string>()));
        Assert.That(states["p-1"], Is.EqualTo(("accepted", (string?)null)));
        Assert.That(states["p-2"], Is.EqualTo(("rejected", (string?)"learner.name-mismatch")));

        var holder = await CertificantAsync(HolderEmail("CPT-777"));
        var view = await ReadJsonAsync(await holder.GetAsync("/api/v1/certifications/CPT-777/ceus"));
        Assert.That(view["counted"]!.GetValue<decimal>(), Is.EqualTo(0.5m));
    }

    [Test]
    public async Task A_pending_learner_is_attached_when_the_certificant_registers_with_the_email_of_the_certification()
    {
        var provider = await ProviderAsync();
        await PushAsync(provider.Client, Record("p-1", number: "CPT-778"));
        await using (var connection = new NpgsqlConnection(TestDatabase.ConnectionString))
        {
            // A certification imported without publishing CertificationAppeared: only the claim at registration publishes it.
            await connection.ExecuteAsync("""
                insert into certifications (number, first_name, last_name, email, cycle_start, expires_on)
                values ('CPT-778', 'Dana', 'Rivera', 'late@example.test', '2025-01-01', '2026-12-31')
                """);
        }

        Assert.That(await ProviderLedgerAsync("CPT-778"), Is.Empty);
        await CertificantAsync("late@example.test");
        Assert.That(await ProviderLedgerAsync("CPT-778"), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Voiding_stops_a_completion_counting_but_not_once_used_in_a_renewal()
    {
        var holder = await HolderAsync("CPT-500", Expiry);
        var provider = await ProviderAsync();
        await PushAsync(provider.Client, Record("v-1"), Record("v-2", completedOn: "2026-03-02"));

        var voided = await provider.Client.DeleteAsync("/api/v1/completions/v-1");
        Assert.That(voided.StatusCode, Is.EqualTo(HttpStatusCode.OK), await voided.Content.ReadAsStringAsync());
        Assert.That((await ReadJsonAsync(voided))["state"]!.GetValue<string>(), Is.EqualTo("voided"));
        Assert.That((await ProviderLedgerAsync("CPT-500")).Select(e => e.State), Is.EqualTo(new[] { "voided", "recorded" }));
        var view = await ReadJsonAsync(await holder.GetAsync("/api/v1/certifications/CPT-500/ceus"));
        Assert.That(view["counted"]!.GetValue<decimal>(), Is.EqualTo(0.5m));

        await using (var connection = new NpgsqlConnection(TestDatabase.ConnectionString))
        {
            await connection.ExecuteAsync("""
                with cert as (select id from certifications where number = 'CPT-500'),
                app as (
                    insert into applications (certification_id, plan, status, submission_window, received_on, cycle_start, expires_on, fees, total_cents, currency)
                    select id, 'renew', 'approved', 'on-time', '2026-05-01', '2025-01-01', '2026-12-31', '[]', 9900, 'USD' from cert
                    returning id)
                update ce_activities set used_in_application_id = (select id from app)
                where id = (select ce_activity_id from completions where external_id = 'v-2')
                """);
        }

        await AssertProblemAsync(await provider.Client.DeleteAsync("/api/v1/completions/v-2"), HttpStatusCode.Conflict);
        var kept = await ReadJsonAsync(await provider.Client.GetAsync("/api/v1/completions/v-2"));
        Assert.That(kept["state"]!.GetValue<string>(), Is.EqualTo("accepted"));
        Assert.That((await ReadJsonAsync(await provider.Client.GetAsync("/api/v1/completions/v-1")))["state"]!.GetValue<string>(), Is.EqualTo("voided"));
        await AssertProblemAsync(await provider.Client.DeleteAsync("/api/v1/completions/no-such"), HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Listing_pages_through_every_record_with_a_cursor()
    {
        var provider = await ProviderAsync();
        await PushAsync(provider.Client, Enumerable.Range(1, 5).Select(i => Record($"l-{i}", number: "CPT-9" + i)).ToArray());

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await ReadJsonAsync(await provider.Client.GetAsync($"/api/v1/completions?limit=2{(cursor is null ? "" : "&cursor=" + cursor)}"));
            seen.AddRange(page["items"]!.AsArray().Select(i => i!["externalId"]!.GetValue<string>()));
            cursor = page["nextCursor"]?.GetValue<string>();
            pages++;
        }
        while (cursor is not null && pages < 10);

        Assert.That(pages, Is.EqualTo(3));
        Assert.That(seen, Is.EquivalentTo(Enumerable.Range(1, 5).Select(i => $"l-{i}")));

        var later = await ReadJsonAsync(await provider.Client.GetAsync("/api/v1/completions?since=2030-01-01T00:00:00Z"));
        Assert.That(later["items"]!.AsArray(), Is.Empty);
        await AssertProblemAsync(await provider.Client.GetAsync("/api/v1/completions?cursor=garbage"), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await provider.Client.GetAsync("/api/v1/completions?limit=0"), HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task A_broken_envelope_is_a_400_problem()
    {
        var provider = await ProviderAsync();
        async Task<HttpResponseMessage> Send(string json)
            => await provider.Client.PostAsync("/api/v1/completions", new StringContent(json, Encoding.UTF8, "application/json"));

        await AssertProblemAsync(await Send("{\"completions\": {}}"), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await Send("{\"completions\": [}"), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await Send("{\"completions\": []}"), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await Send("42"), HttpStatusCode.BadRequest);
        var tooMany = "[" + string.Join(',', Enumerable.Repeat("{}", 1001)) + "]";
        var problem = await AssertProblemAsync(await Send(tooMany), HttpStatusCode.BadRequest);
        Assert.That(problem["errors"]!["completions"]![0]!.GetValue<string>(), Does.Contain("1001"));
        await AssertProblemAsync(await provider.Client.PostAsync("/api/v1/completions", new StringContent("[]", Encoding.UTF8, "text/plain")), HttpStatusCode.UnsupportedMediaType);
        var huge = new StringContent("[\"" + new string('x', 3 * 1024 * 1024) + "\"]", Encoding.UTF8, "application/json");
        await AssertProblemAsync(await provider.Client.PostAsync("/api/v1/completions", huge), HttpStatusCode.RequestEntityTooLarge);
    }

    [Test]
    public async Task A_full_batch_of_1000_is_accepted()
    {
        await HolderAsync("CPT-500", Expiry);
        var provider = await ProviderAsync();
        var records = Enumerable.Range(0, 1000).Select(i => Record($"big-{i}", completedOn: new DateOnly(2025, 1, 1).AddDays(i % 500).ToString("yyyy-MM-dd"))).ToArray();

        var results = await PushAsync(provider.Client, records);

        Assert.That(results.Select(Outcome), Is.All.EqualTo("accepted"));
        Assert.That(await ProviderLedgerAsync("CPT-500"), Has.Count.EqualTo(1000));
    }

    [Test]
    public async Task A_csv_roster_gets_the_same_per_row_results()
    {
        await HolderAsync("CPT-500", Expiry);
        var provider = await ProviderAsync();
        const string csv = "externalId,courseCode,certificationNumber,lastName,completedOn\r\n" +
                           "csv-1,KB-101,CPT-500,\"Rivera\",2026-03-01\r\n" +
                           "csv-2,KB-101,CPT-500,Rivera,March 2026\r\n" +
                           "csv-3,KB-101,CPT-404,\"O'Neil, Jr\",2026-03-01\n" +
                           "csv-4,KB-101\n";

        var response = await provider.Client.PostAsync("/api/v1/completions/csv", new StringContent(csv, Encoding.UTF8, "text/csv"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var results = (await ReadJsonAsync(response))["results"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(results.Select(Outcome), Is.EqualTo(new[] { "accepted", "rejected", "pending-learner", "rejected" }));
            Assert.That(results.Select(r => r!["externalId"]?.GetValue<string>()), Is.EqualTo(new[] { "csv-1", "csv-2", "csv-3", "csv-4" }));
            Assert.That(Code(results[1]), Is.EqualTo("record.invalid"));
        });
        Assert.That(await ProviderLedgerAsync("CPT-500"), Has.Count.EqualTo(1));

        var missingColumn = await provider.Client.PostAsync("/api/v1/completions/csv", new StringContent("externalId,courseCode\nx,y\n", Encoding.UTF8, "text/csv"));
        var problem = await AssertProblemAsync(missingColumn, HttpStatusCode.BadRequest);
        Assert.That(problem["errors"]!["header"]![0]!.GetValue<string>(), Does.Contain("certificationNumber"));
        await AssertProblemAsync(await provider.Client.PostAsync("/api/v1/completions/csv", JsonContent.Create(new { })), HttpStatusCode.UnsupportedMediaType);
    }

    [Test]
    public async Task A_provider_checks_a_learner_and_learns_only_match_and_status()
    {
        await HolderAsync("CPT-500", Expiry);
        var provider = await ProviderAsync();

        var match = await ReadJsonAsync(await provider.Client.GetAsync("/api/v1/learners/cpt-500?lastName=RIVERA"));
        var mismatch = await ReadJsonAsync(await provider.Client.GetAsync("/api/v1/learners/CPT-500?lastName=Smith"));
        var unknown = await ReadJsonAsync(await provider.Client.GetAsync("/api/v1/learners/CPT-404?lastName=Rivera"));

        Assert.Multiple(() =>
        {
            Assert.That(match.Select(p => p.Key), Is.EquivalentTo(new[] { "certificationNumber", "matches", "status" }));
            Assert.That(match["matches"]!.GetValue<bool>(), Is.True);
            Assert.That(match["status"]!.GetValue<string>(), Is.EqualTo("active"));
            Assert.That(mismatch["matches"]!.GetValue<bool>(), Is.False);
            Assert.That(mismatch["status"], Is.Null);
            Assert.That(JsonNode.DeepEquals(mismatch["status"], unknown["status"]) && unknown["matches"]!.GetValue<bool>() == false, Is.True);
        });
        await AssertProblemAsync(await provider.Client.GetAsync("/api/v1/learners/CPT-500"), HttpStatusCode.BadRequest);
    }
}
