using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Recert.Tests.Support;

namespace Recert.Tests.Integration.Renewal;

/// <summary>The traps of issue 12 through HTTP: what a trainer is told before paying or saving, and when a window has closed.</summary>
public sealed class RenewalWalkTests : RenewalTest
{
    static readonly DateOnly OldExpiry = new(2027, 1, 30);

    /// <summary>Renewed early on 2026-11-25: the certification now sits in the cycle 2027-01-31 to 2029-01-30.</summary>
    async Task<HttpClient> RenewedEarlyAsync(string number)
    {
        App.SetToday(new DateOnly(2026, 11, 25));
        var client = await HolderAsync(number, OldExpiry);
        await MakeEligibleAsync(client, number, new DateOnly(2026, 3, 1), new DateOnly(2029, 6, 1));
        await SubmitAsync(client, number);
        await PayAsync(client);
        var certification = await GetJsonAsync(client, $"/api/v1/certifications/{number}");
        Assert.That(certification["cycleStart"]!.GetValue<string>(), Is.EqualTo("2027-01-31"), "audit rate 0: approved on payment");
        return client;
    }

    [Test]
    public async Task After_an_early_renewal_a_petition_for_a_course_before_the_new_cycle_is_refused_before_any_fee()
    {
        var client = await RenewedEarlyAsync("CPT-W1");
        var charges = await SuccessfulChargesAsync();
        var documentId = await UploadPdfAsync(client);

        var response = await client.PostAsJsonAsync("/api/v1/certifications/CPT-W1/petitions", new
        {
            title = "Mobility for runners", providerName = "Iron Academy", area = "exercise-technique", contactHours = 8, completedOn = "2026-11-20", documentId,
        });

        var problem = await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        var cart = await GetJsonAsync(client, "/api/v1/me/cart");
        Assert.Multiple(async () =>
        {
            Assert.That(problem["unmet"]![0]!["code"]!.GetValue<string>(), Is.EqualTo("activity.before-cycle"));
            Assert.That(problem["detail"]!.GetValue<string>(), Does.Contain("January 31, 2027 to January 30, 2029"));
            Assert.That(await ScalarAsync<long>("select count(*) from petitions"), Is.Zero, "nothing stored");
            Assert.That(cart["items"]!.AsArray(), Is.Empty, "no fee in the cart");
            Assert.That(await SuccessfulChargesAsync(), Is.EqualTo(charges));
        });
    }

    [Test]
    public async Task The_activity_cycle_endpoint_tells_which_cycle_a_date_counts_for()
    {
        var client = await RenewedEarlyAsync("CPT-W2");

        var before = await GetJsonAsync(client, "/api/v1/certifications/CPT-W2/activity-cycle?completedOn=2026-11-25");
        App.SetToday(new DateOnly(2027, 1, 31));
        await SignInAgainAsync(client, HolderEmail("CPT-W2"));
        var inCycle = await GetJsonAsync(client, "/api/v1/certifications/CPT-W2/activity-cycle?completedOn=2027-01-31");
        Assert.Multiple(() =>
        {
            Assert.That(before["fit"]!.GetValue<string>(), Is.EqualTo("none"));
            Assert.That(before["canCount"]!.GetValue<bool>(), Is.False);
            Assert.That(before["cycleStart"]!.GetValue<string>(), Is.EqualTo("2027-01-31"));
            Assert.That(before["expiresOn"]!.GetValue<string>(), Is.EqualTo("2029-01-30"));
            Assert.That(inCycle["fit"]!.GetValue<string>(), Is.EqualTo("current-cycle"));
            Assert.That(inCycle["canCount"]!.GetValue<bool>(), Is.True);
        });
    }

    [Test]
    public async Task With_the_renewal_in_the_cart_a_petition_for_the_same_cycle_is_warned_about_before_the_fee_and_still_allowed()
    {
        App.SetToday(new DateOnly(2026, 11, 25));
        var client = await HolderAsync("CPT-W4", OldExpiry);
        await MakeEligibleAsync(client, "CPT-W4", new DateOnly(2026, 3, 1), new DateOnly(2029, 6, 1));
        var plain = await GetJsonAsync(client, "/api/v1/certifications/CPT-W4/activity-cycle?completedOn=2026-11-20");
        await SubmitAsync(client, "CPT-W4");

        var warned = await GetJsonAsync(client, "/api/v1/certifications/CPT-W4/activity-cycle?completedOn=2026-11-20");
        var documentId = await UploadPdfAsync(client);
        var filed = await client.PostAsJsonAsync("/api/v1/certifications/CPT-W4/petitions", new
        {
            title = "Mobility for runners", providerName = "Iron Academy", area = "exercise-technique", contactHours = 8, completedOn = "2026-11-20", documentId,
        });
        Assert.Multiple(() =>
        {
            Assert.That(plain["code"]!.GetValue<string>(), Is.EqualTo("activity.current-cycle"));
            Assert.That(warned["code"]!.GetValue<string>(), Is.EqualTo("activity.renewal-underway"));
            Assert.That(warned["canCount"]!.GetValue<bool>(), Is.True);
            Assert.That(warned["message"]!.GetValue<string>(), Does.Contain("already under way").And.Contain("the next one starts January 31, 2027"));
            Assert.That(filed.StatusCode, Is.EqualTo(HttpStatusCode.Created), "a warning, not a refusal: the renewal may still be withdrawn");
        });
    }

    [Test]
    public async Task The_activity_cycle_asks_for_a_plain_date()
    {
        var client = await HolderAsync("CPT-W3", Expiry);
        var missing = await AssertProblemAsync(await client.GetAsync("/api/v1/certifications/CPT-W3/activity-cycle"), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await client.GetAsync("/api/v1/certifications/CPT-W3/activity-cycle?completedOn=06/01/2026"), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await client.GetAsync("/api/v1/certifications/CPT-W3/activity-cycle?completedOn=2026-06-02"), HttpStatusCode.BadRequest);
        Assert.That(missing["errors"]!["completedOn"]![0]!.GetValue<string>(), Is.EqualTo("Enter the date you completed the activity."));
    }

    [Test]
    public async Task An_other_CEU_that_can_count_for_no_cycle_is_refused_and_not_saved()
    {
        var client = await RenewedEarlyAsync("CPT-W4");
        var documentId = await UploadPdfAsync(client);
        var response = await client.PostAsJsonAsync("/api/v1/certifications/CPT-W4/ceus", new
        {
            title = "Late workshop", area = "nutrition", ceus = 0.5m, completedOn = "2026-11-20", documentId,
        });
        var problem = await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        var ledger = await GetJsonAsync(client, "/api/v1/certifications/CPT-W4/ceus");
        Assert.Multiple(() =>
        {
            Assert.That(problem["detail"]!.GetValue<string>(), Does.Contain("only activities completed from January 31, 2027"));
            Assert.That(ledger["activities"]!.AsArray().Select(a => a!["title"]!.GetValue<string>()), Does.Not.Contain("Late workshop"));
        });
    }

    [Test]
    public async Task When_the_completion_window_closed_short_of_CEUs_the_trainer_is_told_so_never_a_past_date_to_meet()
    {
        var client = await HolderAsync("CPT-W5", Expiry);
        await AddOtherCeuAsync(client, "CPT-W5", 1.9m, new DateOnly(2026, 3, 1));
        App.SetToday(new DateOnly(2026, 12, 1));
        await SignInAgainAsync(client, HolderEmail("CPT-W5"));

        var eligibility = await GetJsonAsync(client, "/api/v1/certifications/CPT-W5/eligibility");
        var unmet = eligibility["unmet"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(unmet.Select(u => u!["code"]!.GetValue<string>()), Does.Contain("ceu.completion-window-closed").And.Not.Contain("ceu.short"));
            var message = unmet.Single(u => u!["code"]!.GetValue<string>() == "ceu.completion-window-closed")!["message"]!.GetValue<string>();
            Assert.That(message, Does.StartWith("The time to complete CEUs for this cycle ended on October 29, 2026, end of day Pacific Time, 0.1 CEU short."));
            Assert.That(message, Does.Contain("Contact the certification department"));
            Assert.That(eligibility["timeZoneLabel"]!.GetValue<string>(), Is.EqualTo("Pacific Time"));
        });
    }

    [Test]
    public async Task What_if_on_a_lapsed_date_says_the_last_day_applications_were_accepted()
    {
        var client = await EligibleHolderAsync("CPT-W6");
        var eligibility = await GetJsonAsync(client, "/api/v1/certifications/CPT-W6/eligibility?on=2027-07-31");
        Assert.Multiple(() =>
        {
            Assert.That(eligibility["eligible"]!.GetValue<bool>(), Is.False);
            Assert.That(eligibility["window"]!.GetValue<string>(), Is.EqualTo("closed"));
            Assert.That(eligibility["status"]!.GetValue<string>(), Is.EqualTo("lapsed"));
            Assert.That(eligibility["lastReceiptDate"]!.GetValue<string>(), Is.EqualTo("2027-07-30"));
            Assert.That(eligibility["unmet"]![0]!["message"]!.GetValue<string>(), Does.StartWith("Applications were accepted until July 30, 2027, end of day Pacific Time"));
        });
    }

    [Test]
    public async Task The_organisation_endpoint_gives_the_time_zone_its_label_and_a_contact()
    {
        var organisation = await GetJsonAsync(Anonymous(), "/api/v1/organisation");
        Assert.Multiple(() =>
        {
            Assert.That(organisation["timeZone"]!.GetValue<string>(), Is.EqualTo("America/Los_Angeles"));
            Assert.That(organisation["timeZoneLabel"]!.GetValue<string>(), Is.EqualTo("Pacific Time"));
            Assert.That(organisation["today"]!.GetValue<string>(), Is.EqualTo("2026-06-01"));
            Assert.That(organisation["contactPhone"]!.GetValue<string>(), Is.Not.Empty);
        });
    }
}

/// <summary>A card from an issuer outside the list names its issuer, and staff read it in the audit.</summary>
public sealed class OtherIssuerTests : RenewalTest
{
    protected override string AuditRate => "1.0";

    static async Task<HttpResponseMessage> AddOtherCardAsync(HttpClient client, string number, string? issuerName)
    {
        var front = await UploadPdfAsync(client);
        var back = await UploadPdfAsync(client);
        return await client.PostAsJsonAsync($"/api/v1/certifications/{number}/cpr-aed", new
        {
            kind = "cpr-aed", provider = "other", issuerName, issuedOn = "2026-01-02", expiresOn = "2029-01-01", handsOn = true,
            frontDocumentId = front, backDocumentId = back,
        });
    }

    [Test]
    public async Task Issuer_other_without_a_name_is_refused_in_plain_words()
    {
        var client = await HolderAsync("CPT-W7", Expiry);
        var problem = await AssertProblemAsync(await AddOtherCardAsync(client, "CPT-W7", "  "), HttpStatusCode.BadRequest);
        Assert.Multiple(async () =>
        {
            Assert.That(problem["errors"]!["issuerName"]![0]!.GetValue<string>(), Is.EqualTo("Enter the name of the organisation that issued your card."));
            Assert.That(await ScalarAsync<long>("select count(*) from cpr_aed_cards"), Is.Zero);
        });
    }

    [Test]
    public async Task Issuer_other_with_a_name_is_stored_and_shown_to_staff_in_the_audit()
    {
        var client = await HolderAsync("CPT-W8", Expiry);
        await AddOtherCeuAsync(client, "CPT-W8", 2.0m, new DateOnly(2026, 3, 1));
        var added = await AddOtherCardAsync(client, "CPT-W8", "  Coastal   Lifeguard Guild ");
        Assert.That(added.StatusCode, Is.EqualTo(HttpStatusCode.Created), await added.Content.ReadAsStringAsync());
        var card = await ReadJsonAsync(added);
        var application = await SubmitAsync(client, "CPT-W8");
        await PayAsync(client);

        var staff = await StaffAsync();
        var audit = await GetJsonAsync(staff, $"/api/v1/applications/{application["id"]}/audit");
        var cardItem = audit["items"]!.AsArray().Single(i => i!["kind"]!.GetValue<string>() == "card")!;
        Assert.Multiple(() =>
        {
            Assert.That(card["provider"]!.GetValue<string>(), Is.EqualTo("other"));
            Assert.That(card["issuerName"]!.GetValue<string>(), Is.EqualTo("Coastal Lifeguard Guild"));
            Assert.That(cardItem["description"]!.GetValue<string>(), Does.Contain("issued by Other: Coastal Lifeguard Guild"));
        });
    }

    [Test]
    public async Task A_listed_issuer_keeps_no_other_name()
    {
        var client = await HolderAsync("CPT-W9", Expiry);
        var front = await UploadPdfAsync(client);
        var back = await UploadPdfAsync(client);
        var response = await client.PostAsJsonAsync("/api/v1/certifications/CPT-W9/cpr-aed", new
        {
            kind = "cpr", provider = "American Red Cross", issuerName = "Someone else", issuedOn = "2026-01-02", expiresOn = "2029-01-01", handsOn = true,
            frontDocumentId = front, backDocumentId = back,
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((await ReadJsonAsync(response))["issuerName"], Is.Null);
    }
}
