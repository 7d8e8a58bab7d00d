using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Recert.Tests.Support;

namespace Recert.Tests.Integration;

public sealed class RecertificationTests : IntegrationTest
{
    static readonly DateOnly Expiry = new(2026, 7, 31);

    [Test]
    public async Task A_new_holder_sees_every_unmet_rule_then_becomes_eligible_and_submits()
    {
        var client = await HolderAsync("CPT-10", Expiry);

        var before = await ReadJsonAsync(await client.GetAsync("/api/v1/certifications/CPT-10/eligibility"));
        Assert.Multiple(() =>
        {
            Assert.That(before["eligible"]!.GetValue<bool>(), Is.False);
            Assert.That(before["window"]!.GetValue<string>(), Is.EqualTo("on-time"));
            Assert.That(Codes(before), Is.EqualTo(new[] { "ceu.short", "cpr.missing", "aed.missing" }));
            Assert.That(before["unmet"]![0]!["message"]!.GetValue<string>(), Is.EqualTo("2.0 CEU more needed, completed by October 29, 2026, end of day Pacific Time."));
        });

        await AddOtherCeuAsync(client, "CPT-10", 1.2m, new DateOnly(2025, 9, 1));
        await AddOtherCeuAsync(client, "CPT-10", 0.8m, new DateOnly(2026, 2, 1), title: "Program design seminar");
        await AddCardAsync(client, "CPT-10", new DateOnly(2027, 5, 1));

        var after = await ReadJsonAsync(await client.GetAsync("/api/v1/certifications/CPT-10/eligibility"));
        Assert.That(after["eligible"]!.GetValue<bool>(), Is.True, after.ToJsonString());

        var submitted = await client.PostAsJsonAsync("/api/v1/certifications/CPT-10/applications", new { plan = "renew" });
        Assert.That(submitted.StatusCode, Is.EqualTo(HttpStatusCode.Created), await submitted.Content.ReadAsStringAsync());
        var application = await ReadJsonAsync(submitted);
        Assert.Multiple(() =>
        {
            Assert.That(application["status"]!.GetValue<string>(), Is.EqualTo("submitted"));
            Assert.That(application["fees"]!["totalCents"]!.GetValue<long>(), Is.EqualTo(9900));
            Assert.That(application["window"]!.GetValue<string>(), Is.EqualTo("on-time"));
        });

        var again = await client.PostAsJsonAsync("/api/v1/certifications/CPT-10/applications", new { plan = "renew" });
        await AssertProblemAsync(again, HttpStatusCode.Conflict);
    }

    [Test]
    public async Task Submitting_while_ineligible_is_422_listing_the_unmet_codes_and_stores_nothing()
    {
        var client = await HolderAsync("CPT-11", Expiry);
        await AddOtherCeuAsync(client, "CPT-11", 1.95m, new DateOnly(2025, 9, 1));
        await AddCardAsync(client, "CPT-11", new DateOnly(2027, 5, 1));

        var problem = await AssertProblemAsync(await client.PostAsJsonAsync("/api/v1/certifications/CPT-11/applications", new { plan = "renew" }), HttpStatusCode.UnprocessableEntity);
        Assert.That(problem["unmet"]!.AsArray().Select(u => u!["code"]!.GetValue<string>()), Is.EqualTo(new[] { "ceu.short" }));

        var list = await client.GetFromJsonAsync<JsonArray>("/api/v1/certifications/CPT-11/applications");
        Assert.That(list, Is.Empty);
    }

    [TestCase(0, "on-time", 9900)]
    [TestCase(1, "late", 12900)]
    [TestCase(90, "late", 12900)]
    [TestCase(91, "late-after-90-days", 17900)]
    [TestCase(364, "late-after-90-days", 17900)]
    public async Task Window_and_fees_by_the_day_received(int daysAfterExpiry, string window, long totalCents)
    {
        var client = await HolderAsync("CPT-12", Expiry);
        await MakeEligibleAsync(client, "CPT-12", new DateOnly(2025, 9, 1), Expiry.AddYears(2));

        App.SetToday(Expiry.AddDays(daysAfterExpiry));
        await SignInAgainAsync(client, HolderEmail("CPT-12"));
        var response = await client.PostAsJsonAsync("/api/v1/certifications/CPT-12/applications", new { plan = "renew" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var application = await ReadJsonAsync(response);
        Assert.Multiple(() =>
        {
            Assert.That(application["window"]!.GetValue<string>(), Is.EqualTo(window));
            Assert.That(application["fees"]!["totalCents"]!.GetValue<long>(), Is.EqualTo(totalCents));
        });
    }

    [Test]
    public async Task On_the_first_anniversary_the_certification_has_lapsed_and_nothing_is_accepted()
    {
        var client = await HolderAsync("CPT-13", Expiry);
        await MakeEligibleAsync(client, "CPT-13", new DateOnly(2025, 9, 1), Expiry.AddYears(2));

        App.SetToday(Expiry.AddYears(1));
        await SignInAgainAsync(client, HolderEmail("CPT-13"));
        var certification = await ReadJsonAsync(await client.GetAsync("/api/v1/certifications/CPT-13"));
        Assert.That(certification["status"]!.GetValue<string>(), Is.EqualTo("lapsed"));

        var problem = await AssertProblemAsync(await client.PostAsJsonAsync("/api/v1/certifications/CPT-13/applications", new { plan = "renew" }), HttpStatusCode.UnprocessableEntity);
        Assert.That(problem["unmet"]!.AsArray().Select(u => u!["code"]!.GetValue<string>()), Is.EqualTo(new[] { "window.closed" }));
    }

    [Test]
    public async Task The_day_is_judged_in_the_organisations_time_zone()
    {
        var client = await HolderAsync("CPT-14", Expiry);
        await MakeEligibleAsync(client, "CPT-14", new DateOnly(2025, 9, 1), Expiry.AddYears(2));

        // 11 pm in Los Angeles on the expiry day is already the next day in UTC: still on time.
        App.SetToday(Expiry, hourInLosAngeles: 23);
        await SignInAgainAsync(client, HolderEmail("CPT-14"));
        var application = await ReadJsonAsync(await client.PostAsJsonAsync("/api/v1/certifications/CPT-14/applications", new { plan = "for-life" }));
        Assert.Multiple(() =>
        {
            Assert.That(application["receivedOn"]!.GetValue<string>(), Is.EqualTo("2026-07-31"));
            Assert.That(application["window"]!.GetValue<string>(), Is.EqualTo("on-time"));
            Assert.That(application["fees"]!["totalCents"]!.GetValue<long>(), Is.EqualTo(29900));
        });
    }

    [Test]
    public async Task A_cpr_card_expiring_on_the_day_of_submission_is_current_and_the_day_before_is_not()
    {
        var client = await HolderAsync("CPT-15", Expiry);
        await AddOtherCeuAsync(client, "CPT-15", 2.0m, new DateOnly(2025, 9, 1));
        await AddCardAsync(client, "CPT-15", new DateOnly(2026, 6, 1));

        var today = await ReadJsonAsync(await client.GetAsync("/api/v1/certifications/CPT-15/eligibility?on=2026-06-01"));
        var tomorrow = await ReadJsonAsync(await client.GetAsync("/api/v1/certifications/CPT-15/eligibility?on=2026-06-02"));
        Assert.Multiple(() =>
        {
            Assert.That(today["eligible"]!.GetValue<bool>(), Is.True);
            Assert.That(Codes(tomorrow), Is.EqualTo(new[] { "cpr.expired", "aed.expired" }));
        });

        // Submitted on 2026-06-01, the card's last day: accepted.
        var submitted = await client.PostAsJsonAsync("/api/v1/certifications/CPT-15/applications", new { plan = "renew" });
        Assert.That(submitted.StatusCode, Is.EqualTo(HttpStatusCode.Created), await submitted.Content.ReadAsStringAsync());
        Assert.That((await ReadJsonAsync(submitted))["receivedOn"]!.GetValue<string>(), Is.EqualTo("2026-06-01"));

        // The same card on a submission received the next day: refused, and nothing is stored.
        var late = await HolderAsync("CPT-22", Expiry);
        await AddOtherCeuAsync(late, "CPT-22", 2.0m, new DateOnly(2025, 9, 1));
        await AddCardAsync(late, "CPT-22", new DateOnly(2026, 6, 1));
        App.SetToday(new DateOnly(2026, 6, 2));
        await SignInAgainAsync(late, HolderEmail("CPT-22"));
        var refused = await AssertProblemAsync(await late.PostAsJsonAsync("/api/v1/certifications/CPT-22/applications", new { plan = "renew" }), HttpStatusCode.UnprocessableEntity);
        Assert.Multiple(async () =>
        {
            Assert.That(refused["unmet"]!.AsArray().Select(u => u!["code"]!.GetValue<string>()), Is.EqualTo(new[] { "cpr.expired", "aed.expired" }));
            Assert.That(await late.GetFromJsonAsync<JsonArray>("/api/v1/certifications/CPT-22/applications"), Is.Empty);
        });
    }

    [Test]
    public async Task The_ledger_says_why_each_activity_counts_or_not()
    {
        var client = await HolderAsync("CPT-16", Expiry);
        var cycleStart = Expiry.AddYears(-2).AddDays(1);
        // A trainer cannot report an activity outside every open cycle (RenewalWalkTests); staff record Category A as completed.
        var staff = await StaffAsync();
        var early = await staff.PostAsJsonAsync("/api/v1/certifications/CPT-16/ceus",
            new { source = "category-a", title = "Too early", area = "nutrition", ceus = 0.5m, completedOn = cycleStart.AddDays(-1) });
        Assert.That(early.StatusCode, Is.EqualTo(HttpStatusCode.Created), await early.Content.ReadAsStringAsync());
        await AddOtherCeuAsync(client, "CPT-16", 0.5m, cycleStart, title: "First day");
        await AddOtherCeuAsync(client, "CPT-16", 0.5m, cycleStart, title: "first  DAY");
        await AddOtherCeuAsync(client, "CPT-16", 0.5m, new DateOnly(2026, 1, 5), withDocument: false, title: "No certificate");

        var ledger = await ReadJsonAsync(await client.GetAsync("/api/v1/certifications/CPT-16/ceus"));
        var reasons = ledger["activities"]!.AsArray().ToDictionary(a => a!["title"]!.GetValue<string>(), a => a!["reason"]!.GetValue<string>());
        Assert.Multiple(() =>
        {
            Assert.That(ledger["counted"]!.GetValue<decimal>(), Is.EqualTo(0.5m));
            Assert.That(reasons["Too early"], Is.EqualTo("before-cycle"));
            Assert.That(reasons["First day"], Is.EqualTo("counts"));
            Assert.That(reasons["first  DAY"], Is.EqualTo("duplicate"));
            Assert.That(reasons["No certificate"], Is.EqualTo("missing-document"));
            Assert.That(ledger["activities"]![1]!["source"]!.GetValue<string>(), Is.EqualTo("other"));
        });
    }

    [Test]
    public async Task Adding_or_correcting_an_activity_answers_with_its_entry_exactly_as_the_ledger_shows_it()
    {
        var client = await HolderAsync("CPT-19", Expiry);
        var added = await ReadJsonAsync(await client.PostAsJsonAsync("/api/v1/certifications/CPT-19/ceus",
            new { title = "No certificate yet", area = "nutrition", ceus = 0.5m, completedOn = "2026-01-05" }));
        var id = added["id"]!.GetValue<Guid>();
        JsonNode LedgerEntry(JsonObject ledger) => ledger["activities"]!.AsArray().Single(a => a!["id"]!.GetValue<Guid>() == id)!;

        var ledger = await ReadJsonAsync(await client.GetAsync("/api/v1/certifications/CPT-19/ceus"));
        Assert.Multiple(() =>
        {
            Assert.That(added["reason"]!.GetValue<string>(), Is.EqualTo("missing-document"));
            Assert.That(added["explanation"]!.GetValue<string>(), Is.EqualTo("Attach the certificate of completion for it to count."));
            Assert.That(JsonNode.DeepEquals(added, LedgerEntry(ledger)), Is.True, $"{added.ToJsonString()}\n{LedgerEntry(ledger).ToJsonString()}");
        });

        var corrected = await ReadJsonAsync(await client.PutAsJsonAsync($"/api/v1/certifications/CPT-19/ceus/{id}",
            new { title = "No certificate yet", area = "nutrition", contactHours = 7.5m, completedOn = "2026-01-06", documentId = await UploadPdfAsync(client) }));
        ledger = await ReadJsonAsync(await client.GetAsync("/api/v1/certifications/CPT-19/ceus"));
        Assert.Multiple(() =>
        {
            Assert.That(corrected["ceus"]!.GetValue<decimal>(), Is.EqualTo(0.75m));
            Assert.That(corrected["explanation"]!.GetValue<string>(), Is.EqualTo("Counts toward this cycle."));
            Assert.That(JsonNode.DeepEquals(corrected, LedgerEntry(ledger)), Is.True, $"{corrected.ToJsonString()}\n{LedgerEntry(ledger).ToJsonString()}");
        });
    }

    [Test]
    public async Task Contact_hours_are_converted_and_future_dates_refused()
    {
        var client = await HolderAsync("CPT-17", Expiry);
        var created = await client.PostAsJsonAsync("/api/v1/certifications/CPT-17/ceus", new { title = "Workshop", area = "nutrition", contactHours = 7.5, completedOn = "2026-05-01" });
        Assert.That((await ReadJsonAsync(created))["ceus"]!.GetValue<decimal>(), Is.EqualTo(0.75m));

        var future = await client.PostAsJsonAsync("/api/v1/certifications/CPT-17/ceus", new { title = "Workshop", area = "nutrition", ceus = 0.5, completedOn = "2026-06-02" });
        var problem = await AssertProblemAsync(future, HttpStatusCode.BadRequest);
        Assert.That(problem["errors"]!.AsObject().ContainsKey("completedOn"), Is.True);

        var both = await client.PostAsJsonAsync("/api/v1/certifications/CPT-17/ceus", new { title = "Workshop", area = "nutrition", ceus = 0.5, contactHours = 5, completedOn = "2026-05-02" });
        await AssertProblemAsync(both, HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task Bad_input_is_a_problem_never_a_500_and_changes_nothing()
    {
        var client = await HolderAsync("CPT-18", Expiry);
        var bodies = new[]
        {
            "{not json",
            "{\"title\":\"x\",\"area\":\"cooking\",\"ceus\":1,\"completedOn\":\"2026-01-01\"}",
            "{\"title\":\"x\",\"area\":\"nutrition\",\"ceus\":\"lots\",\"completedOn\":\"2026-01-01\"}",
            "{\"title\":\"x\",\"area\":\"nutrition\",\"ceus\":-1,\"completedOn\":\"2026-01-01\"}",
            "{\"title\":\"x\",\"area\":\"nutrition\",\"ceus\":0.001,\"completedOn\":\"2026-01-01\"}",
            "{\"title\":\"x\",\"area\":\"nutrition\",\"ceus\":1,\"completedOn\":\"2026-02-30\"}",
            "{\"title\":\"x\",\"area\":\"nutrition\",\"ceus\":1,\"completedOn\":\"2026-01-01\",\"documentId\":\"" + Guid.NewGuid() + "\"}",
            "{\"title\":\"x\",\"area\":3,\"ceus\":1,\"completedOn\":\"2026-01-01\"}",
            "[]",
            "",
        };
        foreach (var body in bodies)
        {
            var response = await client.PostAsync("/api/v1/certifications/CPT-18/ceus", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
            await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        }

        await AssertProblemAsync(await client.GetAsync("/api/v1/certifications/CPT-18/eligibility?on=tomorrow"), HttpStatusCode.BadRequest);
        var ledger = await ReadJsonAsync(await client.GetAsync("/api/v1/certifications/CPT-18/ceus"));
        Assert.That(ledger["activities"]!.AsArray(), Is.Empty);
    }

    [Test]
    public async Task Another_certificants_number_and_documents_are_404()
    {
        var owner = await HolderAsync("CPT-19", Expiry);
        var documentId = await UploadPdfAsync(owner);
        var intruder = await HolderAsync("CPT-20", Expiry);

        await AssertProblemAsync(await intruder.GetAsync("/api/v1/certifications/CPT-19"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await intruder.GetAsync("/api/v1/certifications/CPT-19/ceus"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await intruder.GetAsync("/api/v1/certifications/CPT-19/eligibility"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await intruder.GetAsync($"/api/v1/documents/{documentId}"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await intruder.PostAsJsonAsync("/api/v1/certifications/CPT-19/applications", new { plan = "renew" }), HttpStatusCode.NotFound);

        // Using someone else's document on one's own record is refused as well.
        var borrowed = await intruder.PostAsJsonAsync("/api/v1/certifications/CPT-20/ceus", new { title = "x", area = "nutrition", ceus = 1, completedOn = "2026-01-01", documentId });
        await AssertProblemAsync(borrowed, HttpStatusCode.BadRequest);

        var staff = await StaffAsync();
        Assert.That((await staff.GetAsync($"/api/v1/documents/{documentId}")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Fee_schedule_changes_apply_from_their_date_and_submitted_applications_keep_their_quote()
    {
        var client = await HolderAsync("CPT-21", Expiry);
        await MakeEligibleAsync(client, "CPT-21", new DateOnly(2025, 9, 1), Expiry.AddYears(2));
        var application = await ReadJsonAsync(await client.PostAsJsonAsync("/api/v1/certifications/CPT-21/applications", new { plan = "renew" }));

        var staff = await StaffAsync();
        var put = await staff.PutAsJsonAsync("/api/v1/fee-schedule", new { effectiveFrom = "2026-07-01", currency = "USD", renewalCents = 10900, lateCents = 3500, additionalLateCents = 5000, forLifeCents = 29900, petitionCents = 2500 });
        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK), await put.Content.ReadAsStringAsync());
        await AssertProblemAsync(await staff.PutAsJsonAsync("/api/v1/fee-schedule", new { effectiveFrom = "2026-05-01", currency = "USD", renewalCents = 1, lateCents = 1, additionalLateCents = 1, forLifeCents = 1, petitionCents = 1 }), HttpStatusCode.BadRequest);

        var june = await ReadJsonAsync(await client.GetAsync("/api/v1/certifications/CPT-21/eligibility?on=2026-06-30"));
        var july = await ReadJsonAsync(await client.GetAsync("/api/v1/certifications/CPT-21/eligibility?on=2026-07-01"));
        var kept = await ReadJsonAsync(await client.GetAsync($"/api/v1/applications/{application["id"]}"));
        Assert.Multiple(() =>
        {
            Assert.That(june["fees"]!["renew"]!["totalCents"]!.GetValue<long>(), Is.EqualTo(9900));
            Assert.That(july["fees"]!["renew"]!["totalCents"]!.GetValue<long>(), Is.EqualTo(10900));
            Assert.That(kept["fees"]!["totalCents"]!.GetValue<long>(), Is.EqualTo(9900));
        });
    }

    static string[] Codes(JsonObject eligibility)
        => eligibility["unmet"]!.AsArray().Select(u => u!["code"]!.GetValue<string>()).ToArray();
}
