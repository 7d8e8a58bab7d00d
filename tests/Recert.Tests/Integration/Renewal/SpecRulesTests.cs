using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Recert.Api.Features.Email;
using Recert.Tests.Support;

namespace Recert.Tests.Integration.Renewal;

/// <summary>Rules of docs/rules.md that a certificant or staff member meets over HTTP (audit rate 0: paid = approved).</summary>
public sealed class SpecRulesTests : RenewalTest
{
    static string[] UnmetCodes(JsonObject problemOrEligibility)
        => (problemOrEligibility["unmet"]!.AsArray()).Select(u => u!["code"]!.GetValue<string>()).ToArray();

    static async Task<HttpResponseMessage> AddCardAsync(HttpClient client, string number, string provider, bool handsOn = true, DateOnly? expiresOn = null)
        => await client.PostAsJsonAsync($"/api/v1/certifications/{number}/cpr-aed", new
        {
            kind = "cpr-aed",
            provider,
            // "Other" names its issuer (issue 12); the audit asks staff to verify it.
            issuerName = provider.Equals("other", StringComparison.OrdinalIgnoreCase) ? "Harbor Rescue Academy" : null,
            issuedOn = new DateOnly(2026, 1, 2),
            expiresOn = expiresOn ?? new DateOnly(2028, 1, 2),
            handsOn,
            frontDocumentId = await UploadPdfAsync(client),
            backDocumentId = await UploadPdfAsync(client),
        });

    [Test]
    public async Task Category_A_courses_are_added_by_staff_and_count_and_a_certificant_cannot_add_one()
    {
        var client = await HolderAsync("CPT-70", Expiry);
        var category = new { title = "Body Body Fundamentals", area = "assessment", ceus = 1.2m, completedOn = new DateOnly(2026, 2, 1), source = "category-a", courseCode = "CA-100" };

        await AssertProblemAsync(await client.PostAsJsonAsync("/api/v1/certifications/CPT-70/ceus", category), HttpStatusCode.Forbidden);
        var staff = await StaffAsync();
        var added = await staff.PostAsJsonAsync("/api/v1/certifications/CPT-70/ceus", category);
        Assert.That(added.StatusCode, Is.EqualTo(HttpStatusCode.Created), await added.Content.ReadAsStringAsync());

        var ledger = await GetJsonAsync(client, "/api/v1/certifications/CPT-70/ceus");
        var entry = ledger["activities"]!.AsArray().Single()!;
        Assert.Multiple(() =>
        {
            Assert.That(entry["source"]!.GetValue<string>(), Is.EqualTo("category-a"));
            Assert.That(entry["counts"]!.GetValue<bool>(), Is.True, "listed, no document needed");
            Assert.That(ledger["counted"]!.GetValue<decimal>(), Is.EqualTo(1.2m));
            Assert.That(ledger["byArea"]!["assessment"]!.GetValue<decimal>(), Is.EqualTo(1.2m));
        });
    }

    [Test]
    public async Task An_unlisted_cpr_issuer_is_refused_and_other_is_accepted()
    {
        var client = await HolderAsync("CPT-71", Expiry);
        var refused = await AssertProblemAsync(await AddCardAsync(client, "CPT-71", "Bob's Backyard CPR"), HttpStatusCode.BadRequest);
        Assert.That(refused["errors"]!["provider"]![0]!.GetValue<string>(), Does.Contain("accepted issuer"));
        Assert.That((await GetArrayAsync(client, "/api/v1/certifications/CPT-71/cpr-aed")), Is.Empty, "nothing stored");

        var listed = await AddCardAsync(client, "CPT-71", "american heart association");
        Assert.That(listed.StatusCode, Is.EqualTo(HttpStatusCode.Created), await listed.Content.ReadAsStringAsync());
        var other = await AddCardAsync(client, "CPT-71", "Other");
        Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.Created), await other.Content.ReadAsStringAsync());
        var cards = await GetArrayAsync(client, "/api/v1/certifications/CPT-71/cpr-aed");
        Assert.That(cards.Select(c => c!["provider"]!.GetValue<string>()).Order(), Is.EqualTo(new[] { "American Heart Association", "other" }));
    }

    [Test]
    public async Task A_card_without_hands_on_skills_leaves_cpr_and_aed_unmet_and_submission_is_refused()
    {
        var client = await HolderAsync("CPT-72", Expiry);
        await AddOtherCeuAsync(client, "CPT-72", 2.0m, new DateOnly(2025, 9, 1));
        var added = await AddCardAsync(client, "CPT-72", "American Red Cross", handsOn: false);
        Assert.That(added.StatusCode, Is.EqualTo(HttpStatusCode.Created), await added.Content.ReadAsStringAsync());

        var eligibility = await GetJsonAsync(client, "/api/v1/certifications/CPT-72/eligibility");
        var refused = await AssertProblemAsync(await client.PostAsJsonAsync("/api/v1/certifications/CPT-72/applications", new { plan = "renew" }), HttpStatusCode.UnprocessableEntity);
        Assert.Multiple(() =>
        {
            Assert.That(eligibility["eligible"]!.GetValue<bool>(), Is.False);
            Assert.That(UnmetCodes(eligibility), Is.EqualTo(new[] { "cpr.no-hands-on", "aed.no-hands-on" }));
            Assert.That(UnmetCodes(refused), Is.EqualTo(new[] { "cpr.no-hands-on", "aed.no-hands-on" }));
        });
    }

    [Test]
    public async Task An_application_can_be_withdrawn_before_payment_and_not_after()
    {
        var client = await EligibleHolderAsync("CPT-73");
        var first = await SubmitAsync(client, "CPT-73");
        var withdrawn = await client.PostAsync($"/api/v1/applications/{first["id"]}/withdraw", null);
        Assert.That(withdrawn.StatusCode, Is.EqualTo(HttpStatusCode.OK), await withdrawn.Content.ReadAsStringAsync());
        Assert.Multiple(async () =>
        {
            Assert.That((await ReadJsonAsync(withdrawn))["status"]!.GetValue<string>(), Is.EqualTo("withdrawn"));
            Assert.That((await GetJsonAsync(client, "/api/v1/me/cart"))["items"]!.AsArray(), Is.Empty, "its fee leaves the cart");
        });

        var second = await SubmitAsync(client, "CPT-73");
        await PayAsync(client);
        var late = await AssertProblemAsync(await client.PostAsync($"/api/v1/applications/{second["id"]}/withdraw", null), HttpStatusCode.Conflict);
        Assert.Multiple(async () =>
        {
            Assert.That(late["code"]?.GetValue<string>() ?? late.ToJsonString(), Does.Contain("application.not-withdrawable"));
            Assert.That((await GetJsonAsync(client, $"/api/v1/applications/{second["id"]}"))["status"]!.GetValue<string>(), Is.EqualTo("approved"));
        });
    }

    [Test]
    public async Task An_activity_completed_in_the_90_days_after_expiry_counts_for_the_old_cycle_only()
    {
        // E = 2026-07-31. Earlier CEUs 1.5 plus 0.5 completed on E+10: together they renew the old cycle late.
        var client = await HolderAsync("CPT-74", Expiry);
        await AddOtherCeuAsync(client, "CPT-74", 1.5m, new DateOnly(2025, 9, 1));
        App.SetToday(Expiry.AddDays(20));
        await SignInAgainAsync(client, HolderEmail("CPT-74"));
        await AddOtherCeuAsync(client, "CPT-74", 0.5m, Expiry.AddDays(10), title: "Grace-period course");
        await AddCardAsyncForEligibility(client, "CPT-74");
        var application = await SubmitAsync(client, "CPT-74");
        Assert.That(application["window"]!.GetValue<string>(), Is.EqualTo("late"));
        await PayAsync(client);

        // The new cycle starts on E+1 = 2026-08-01, so E+10 lies inside it too; it still does not count there.
        var certification = await GetJsonAsync(client, "/api/v1/certifications/CPT-74");
        var ledger = await GetJsonAsync(client, "/api/v1/certifications/CPT-74/ceus");
        var grace = ledger["activities"]!.AsArray().Single(a => a!["title"]!.GetValue<string>() == "Grace-period course")!;
        Assert.Multiple(() =>
        {
            Assert.That(certification["cycleStart"]!.GetValue<string>(), Is.EqualTo("2026-08-01"));
            Assert.That(grace["completedOn"]!.GetValue<string>(), Is.EqualTo("2026-08-10"));
            Assert.That(grace["counts"]!.GetValue<bool>(), Is.False);
            Assert.That(grace["reason"]!.GetValue<string>(), Is.EqualTo("used-in-earlier-renewal"));
            Assert.That(ledger["counted"]!.GetValue<decimal>(), Is.EqualTo(0m));
        });
    }

    static async Task AddCardAsyncForEligibility(HttpClient client, string number, DateOnly? expiresOn = null)
    {
        var response = await AddCardAsync(client, number, "American Red Cross", expiresOn: expiresOn);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Certify_for_life_still_needs_ceus_and_a_current_card_in_the_next_cycle()
    {
        var client = await HolderAsync("CPT-75", Expiry);
        await AddOtherCeuAsync(client, "CPT-75", 2.0m, new DateOnly(2025, 9, 1));
        await AddCardAsyncForEligibility(client, "CPT-75", expiresOn: new DateOnly(2027, 1, 2));
        await SubmitAsync(client, "CPT-75", plan: "for-life");
        await PayAsync(client);
        Assert.That((await GetJsonAsync(client, "/api/v1/certifications/CPT-75"))["forLife"]!.GetValue<bool>(), Is.True);

        // Next cycle (2026-08-01..2028-07-31), on time: the CEUs were used and the card has expired.
        App.SetToday(new DateOnly(2028, 6, 1));
        await SignInAgainAsync(client, HolderEmail("CPT-75"));
        var nothing = await AssertProblemAsync(await client.PostAsJsonAsync("/api/v1/certifications/CPT-75/applications", new { plan = "renew" }), HttpStatusCode.UnprocessableEntity);
        Assert.That(UnmetCodes(nothing), Is.EqualTo(new[] { "ceu.short", "cpr.expired", "aed.expired" }));

        await AddOtherCeuAsync(client, "CPT-75", 2.0m, new DateOnly(2027, 3, 1), title: "Second cycle course");
        var noCard = await AssertProblemAsync(await client.PostAsJsonAsync("/api/v1/certifications/CPT-75/applications", new { plan = "renew" }), HttpStatusCode.UnprocessableEntity);
        Assert.That(UnmetCodes(noCard), Is.EqualTo(new[] { "cpr.expired", "aed.expired" }));

        await AddCardAsyncForEligibility(client, "CPT-75", expiresOn: new DateOnly(2029, 1, 2));
        var renewed = await SubmitAsync(client, "CPT-75");
        Assert.That(renewed["fees"]!["totalCents"]!.GetValue<long>(), Is.EqualTo(0), "the renewal fee is not charged again");
    }
}

/// <summary>An organisation in New York: its calendar day, not Los Angeles', decides the window.</summary>
public sealed class OrganisationTimeZoneTests : RenewalTest
{
    protected override Dictionary<string, string?> Settings => new(base.Settings) { ["Recert:Organisation:TimeZone"] = "America/New_York" };

    [Test]
    public async Task The_day_boundary_is_midnight_in_the_configured_zone()
    {
        var client = await EligibleHolderAsync("CPT-76");
        var other = await EligibleHolderAsync("CPT-77");

        // 2026-07-31 23:30 in New York (20:30 in Los Angeles): still E, on time.
        App.Time.SetUtcNow(new DateTimeOffset(2026, 8, 1, 3, 30, 0, TimeSpan.Zero));
        await SignInAgainAsync(client, HolderEmail("CPT-76"));
        var onTime = await SubmitAsync(client, "CPT-76");

        // 2026-08-01 00:30 in New York (21:30 on 2026-07-31 in Los Angeles): already E+1, late.
        App.Time.SetUtcNow(new DateTimeOffset(2026, 8, 1, 4, 30, 0, TimeSpan.Zero));
        await SignInAgainAsync(other, HolderEmail("CPT-77"));
        var late = await SubmitAsync(other, "CPT-77");
        Assert.Multiple(() =>
        {
            Assert.That(onTime["receivedOn"]!.GetValue<string>(), Is.EqualTo("2026-07-31"));
            Assert.That(onTime["window"]!.GetValue<string>(), Is.EqualTo("on-time"));
            Assert.That(late["receivedOn"]!.GetValue<string>(), Is.EqualTo("2026-08-01"));
            Assert.That(late["window"]!.GetValue<string>(), Is.EqualTo("late"));
            Assert.That(late["fees"]!["totalCents"]!.GetValue<long>(), Is.EqualTo(9900 + 3000));
        });
    }

    [Test]
    public async Task Reminders_name_the_deadline_in_the_configured_zone()
    {
        await HolderAsync("CPT-78", Expiry);
        App.SetToday(Expiry.AddDays(-30));
        Assert.That(await RunAsync(s => s.GetRequiredService<ReminderScheduler>().QueueDueRemindersAsync()), Is.EqualTo(1));
        var (subject, body) = await SingleEmailAsync("CPT-78", "expiry-reminder-30");
        Assert.Multiple(() =>
        {
            Assert.That(subject, Is.EqualTo("CPT-78 expires on July 31, 2026"));
            Assert.That(body, Does.Contain("CPT-78 expires on July 31, 2026, end of day Eastern Time, in 30 days or less."));
            Assert.That(body, Does.Not.Contain("Pacific time"));
        });
    }

    async Task<(string Subject, string Body)> SingleEmailAsync(string number, string kind)
    {
        const string sql = "select e.{0} from email_outbox e join certifications c on c.id = e.certification_id where c.number = @Number and e.kind = @Kind";
        return (await ScalarAsync<string>(string.Format(sql, "subject"), new { Number = number, Kind = kind }),
                await ScalarAsync<string>(string.Format(sql, "body"), new { Number = number, Kind = kind }));
    }
}
