using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Recert.Tests.Support;

namespace Recert.Tests.Integration.Renewal;

/// <summary>Issue 12: a trainer corrects or removes their own "other" CEUs and CPR/AED cards until an application relies on them.</summary>
public sealed class TrainerEditsTests : RenewalTest
{
    static async Task<JsonObject> OtherActivityAsync(HttpClient client, string number, string title)
        => (await GetJsonAsync(client, $"/api/v1/certifications/{number}/ceus"))["activities"]!.AsArray()
            .Single(a => a!["title"]!.GetValue<string>() == title)!.AsObject();

    static object Edit(string title, decimal ceus, string completedOn) => new { title, area = "nutrition", ceus, completedOn };

    [Test]
    public async Task A_trainer_edits_then_removes_an_other_CEU_and_the_ledger_follows()
    {
        var client = await HolderAsync("CPT-E1", Expiry);
        await AddOtherCeuAsync(client, "CPT-E1", 0.5m, new DateOnly(2026, 3, 1), title: "Kettlebell workshop");
        var activity = await OtherActivityAsync(client, "CPT-E1", "Kettlebell workshop");
        Assert.That(activity["editable"]!.GetValue<bool>(), Is.True);

        var edited = await client.PutAsJsonAsync($"/api/v1/certifications/CPT-E1/ceus/{activity["id"]}", Edit("Sports nutrition day", 0.8m, "2026-03-02"));
        Assert.That(edited.StatusCode, Is.EqualTo(HttpStatusCode.OK), await edited.Content.ReadAsStringAsync());
        var ledger = await GetJsonAsync(client, "/api/v1/certifications/CPT-E1/ceus");
        var entry = ledger["activities"]!.AsArray().Single()!;
        Assert.Multiple(() =>
        {
            Assert.That(entry["title"]!.GetValue<string>(), Is.EqualTo("Sports nutrition day"));
            Assert.That(entry["area"]!.GetValue<string>(), Is.EqualTo("nutrition"));
            Assert.That(entry["completedOn"]!.GetValue<string>(), Is.EqualTo("2026-03-02"));
            Assert.That(ledger["counted"]!.GetValue<decimal>(), Is.Zero, "the edit dropped the certificate (no documentId): it does not count");
        });

        var removed = await client.DeleteAsync($"/api/v1/certifications/CPT-E1/ceus/{activity["id"]}");
        Assert.That(removed.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await GetJsonAsync(client, "/api/v1/certifications/CPT-E1/ceus"))["activities"]!.AsArray(), Is.Empty);
        await AssertProblemAsync(await client.DeleteAsync($"/api/v1/certifications/CPT-E1/ceus/{activity["id"]}"), HttpStatusCode.NotFound);
    }

    [Test]
    public async Task An_edit_is_held_to_the_same_cycle_check_as_adding_on_the_boundary_day()
    {
        // The cycle runs 2024-08-01 to 2026-07-31: the first day counts, the day before does not.
        var client = await HolderAsync("CPT-E2", Expiry);
        await AddOtherCeuAsync(client, "CPT-E2", 0.5m, new DateOnly(2026, 3, 1));
        var activity = await OtherActivityAsync(client, "CPT-E2", "Kettlebell workshop");

        var before = await client.PutAsJsonAsync($"/api/v1/certifications/CPT-E2/ceus/{activity["id"]}", Edit("Moved", 0.5m, "2024-07-31"));
        var problem = await AssertProblemAsync(before, HttpStatusCode.UnprocessableEntity);
        Assert.Multiple(async () =>
        {
            Assert.That(problem["unmet"]![0]!["code"]!.GetValue<string>(), Is.EqualTo("activity.before-cycle"));
            Assert.That(problem["detail"]!.GetValue<string>(), Does.Contain("August 1, 2024 to July 31, 2026"));
            Assert.That((await OtherActivityAsync(client, "CPT-E2", "Kettlebell workshop"))["completedOn"]!.GetValue<string>(), Is.EqualTo("2026-03-01"), "nothing changed");
        });

        var firstDay = await client.PutAsJsonAsync($"/api/v1/certifications/CPT-E2/ceus/{activity["id"]}", Edit("Moved", 0.5m, "2024-08-01"));
        Assert.That(firstDay.StatusCode, Is.EqualTo(HttpStatusCode.OK), await firstDay.Content.ReadAsStringAsync());

        var bad = await AssertProblemAsync(await client.PutAsJsonAsync($"/api/v1/certifications/CPT-E2/ceus/{activity["id"]}",
            new { title = "", area = "nutrition", ceus = 0.5m, completedOn = "2026-03-01" }), HttpStatusCode.BadRequest);
        Assert.That(bad["errors"]!["title"]![0]!.GetValue<string>(), Is.EqualTo("Enter the activity's title."));
    }

    [Test]
    public async Task Another_users_activity_or_card_is_not_found_and_staff_and_recorded_courses_cannot_be_edited_here()
    {
        var owner = await HolderAsync("CPT-E3", Expiry);
        var other = await HolderAsync("CPT-E4", Expiry);
        await AddOtherCeuAsync(owner, "CPT-E3", 0.5m, new DateOnly(2026, 3, 1));
        await AddOtherCeuAsync(other, "CPT-E4", 0.5m, new DateOnly(2026, 3, 1));
        await AddCardAsync(owner, "CPT-E3", new DateOnly(2028, 1, 1));
        var activity = await OtherActivityAsync(owner, "CPT-E3", "Kettlebell workshop");
        var card = (await GetArrayAsync(owner, "/api/v1/certifications/CPT-E3/cpr-aed")).Single()!;

        await AssertProblemAsync(await other.PutAsJsonAsync($"/api/v1/certifications/CPT-E3/ceus/{activity["id"]}", Edit("Mine now", 0.5m, "2026-03-01")), HttpStatusCode.NotFound);
        await AssertProblemAsync(await other.PutAsJsonAsync($"/api/v1/certifications/CPT-E4/ceus/{activity["id"]}", Edit("Mine now", 0.5m, "2026-03-01")), HttpStatusCode.NotFound);
        await AssertProblemAsync(await other.DeleteAsync($"/api/v1/certifications/CPT-E4/ceus/{activity["id"]}"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await other.DeleteAsync($"/api/v1/certifications/CPT-E4/cpr-aed/{card["id"]}"), HttpStatusCode.NotFound);
        var staff = await StaffAsync();
        await AssertProblemAsync(await staff.DeleteAsync($"/api/v1/certifications/CPT-E3/ceus/{activity["id"]}"), HttpStatusCode.Forbidden);

        var categoryA = await staff.PostAsJsonAsync("/api/v1/certifications/CPT-E3/ceus",
            new { source = "category-a", title = "Listed course", area = "nutrition", ceus = 0.5m, completedOn = "2026-02-01" });
        Assert.That(categoryA.StatusCode, Is.EqualTo(HttpStatusCode.Created), await categoryA.Content.ReadAsStringAsync());
        var listed = await OtherActivityAsync(owner, "CPT-E3", "Listed course");
        Assert.That(listed["editable"]!.GetValue<bool>(), Is.False);
        var refused = await AssertProblemAsync(await owner.DeleteAsync($"/api/v1/certifications/CPT-E3/ceus/{listed["id"]}"), HttpStatusCode.Conflict);
        Assert.Multiple(async () =>
        {
            Assert.That(refused["code"]!.GetValue<string>(), Is.EqualTo("activity.not-yours-to-edit"));
            Assert.That((await GetJsonAsync(owner, "/api/v1/certifications/CPT-E3/ceus"))["activities"]!.AsArray(), Has.Count.EqualTo(2));
            Assert.That(await GetArrayAsync(owner, "/api/v1/certifications/CPT-E3/cpr-aed"), Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task A_card_is_corrected_and_an_other_issuer_needs_its_name()
    {
        var client = await HolderAsync("CPT-E5", Expiry);
        await AddCardAsync(client, "CPT-E5", new DateOnly(2028, 1, 1));
        var card = (await GetArrayAsync(client, "/api/v1/certifications/CPT-E5/cpr-aed")).Single()!;
        Assert.That(card["editable"]!.GetValue<bool>(), Is.True);
        var body = new { kind = "cpr", provider = "other", issuedOn = "2026-01-02", expiresOn = "2028-02-01", handsOn = true, frontDocumentId = card["frontDocumentId"], backDocumentId = card["backDocumentId"], issuerName = "" };

        var nameless = await AssertProblemAsync(await client.PutAsJsonAsync($"/api/v1/certifications/CPT-E5/cpr-aed/{card["id"]}", body), HttpStatusCode.BadRequest);
        Assert.That(nameless["errors"]!["issuerName"]![0]!.GetValue<string>(), Is.EqualTo("Enter the name of the organisation that issued your card."));

        var edited = await client.PutAsJsonAsync($"/api/v1/certifications/CPT-E5/cpr-aed/{card["id"]}", body with { issuerName = "Lifeguard  Guild" });
        Assert.That(edited.StatusCode, Is.EqualTo(HttpStatusCode.OK), await edited.Content.ReadAsStringAsync());
        var stored = (await GetArrayAsync(client, "/api/v1/certifications/CPT-E5/cpr-aed")).Single()!;
        Assert.Multiple(() =>
        {
            Assert.That(stored["kind"]!.GetValue<string>(), Is.EqualTo("cpr"));
            Assert.That(stored["expiresOn"]!.GetValue<string>(), Is.EqualTo("2028-02-01"));
            Assert.That(stored["issuerName"]!.GetValue<string>(), Is.EqualTo("Lifeguard Guild"));
        });

        var removed = await client.DeleteAsync($"/api/v1/certifications/CPT-E5/cpr-aed/{card["id"]}");
        Assert.That(removed.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(await GetArrayAsync(client, "/api/v1/certifications/CPT-E5/cpr-aed"), Is.Empty);
    }

    [Test]
    public async Task Once_a_submitted_application_relies_on_them_they_are_locked_until_it_is_withdrawn_and_for_good_once_renewed()
    {
        var client = await EligibleHolderAsync("CPT-E6");
        var activity = (await GetJsonAsync(client, "/api/v1/certifications/CPT-E6/ceus"))["activities"]!.AsArray().Single()!;
        var card = (await GetArrayAsync(client, "/api/v1/certifications/CPT-E6/cpr-aed")).Single()!;
        var application = await SubmitAsync(client, "CPT-E6");

        var locked = await AssertProblemAsync(await client.PutAsJsonAsync($"/api/v1/certifications/CPT-E6/ceus/{activity["id"]}", Edit("Changed", 2.0m, "2025-09-30")), HttpStatusCode.Conflict);
        var cardLocked = await AssertProblemAsync(await client.DeleteAsync($"/api/v1/certifications/CPT-E6/cpr-aed/{card["id"]}"), HttpStatusCode.Conflict);
        Assert.Multiple(async () =>
        {
            Assert.That(locked["code"]!.GetValue<string>(), Is.EqualTo("activity.used-in-application"));
            Assert.That(locked["detail"]!.GetValue<string>(), Does.Contain("Withdraw the application first"));
            Assert.That(cardLocked["code"]!.GetValue<string>(), Is.EqualTo("card.used-in-application"));
            Assert.That((await GetJsonAsync(client, "/api/v1/certifications/CPT-E6/ceus"))["activities"]![0]!["editable"]!.GetValue<bool>(), Is.False);
            Assert.That((await GetArrayAsync(client, "/api/v1/certifications/CPT-E6/cpr-aed"))[0]!["editable"]!.GetValue<bool>(), Is.False);
        });

        var withdrawn = await client.PostAsync($"/api/v1/applications/{application["id"]}/withdraw", null);
        Assert.That(withdrawn.StatusCode, Is.EqualTo(HttpStatusCode.OK), await withdrawn.Content.ReadAsStringAsync());
        Assert.That((await GetJsonAsync(client, "/api/v1/certifications/CPT-E6/ceus"))["activities"]![0]!["editable"]!.GetValue<bool>(), Is.True);

        await SubmitAsync(client, "CPT-E6");
        await PayAsync(client);
        var used = await AssertProblemAsync(await client.DeleteAsync($"/api/v1/certifications/CPT-E6/ceus/{activity["id"]}"), HttpStatusCode.Conflict);
        await AssertProblemAsync(await client.DeleteAsync($"/api/v1/certifications/CPT-E6/cpr-aed/{card["id"]}"), HttpStatusCode.Conflict);
        Assert.Multiple(async () =>
        {
            Assert.That(used["detail"]!.GetValue<string>(), Does.Contain("used to renew your certification"));
            Assert.That((await GetJsonAsync(client, "/api/v1/certifications/CPT-E6/ceus"))["activities"]!.AsArray(), Has.Count.EqualTo(1));
        });
    }
}

/// <summary>Issue 12: an unpaid petition that an early renewal left without a cycle is dropped at checkout, never charged.</summary>
public sealed class UncountablePetitionCheckoutTests : RenewalTest
{
    protected override string AuditRate => "1";

    static async Task<Guid> PetitionAsync(HttpClient client, string number, string completedOn)
    {
        var documentId = await UploadPdfAsync(client);
        var response = await client.PostAsJsonAsync($"/api/v1/certifications/{number}/petitions", new
        {
            title = "Mobility for runners", providerName = "Iron Academy", area = "exercise-technique", contactHours = 8, completedOn, documentId,
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (await ReadJsonAsync(response))["id"]!.GetValue<Guid>();
    }

    [Test]
    public async Task A_petition_filed_before_an_early_renewal_was_approved_is_refused_at_checkout_with_the_new_cycle_and_not_charged()
    {
        App.SetToday(new DateOnly(2026, 11, 25));
        var client = await HolderAsync("CPT-P1", new DateOnly(2027, 1, 30));
        await MakeEligibleAsync(client, "CPT-P1", new DateOnly(2026, 3, 1), new DateOnly(2029, 6, 1));
        var application = await SubmitAsync(client, "CPT-P1");
        await PayAsync(client);
        // Drawn for audit (rate 1): still in the old cycle, so a petition for a course done last week counts toward it.
        var petitionId = await PetitionAsync(client, "CPT-P1", "2026-11-20");

        var audit = await GetJsonAsync(client, $"/api/v1/applications/{application["id"]}/audit");
        foreach (var item in audit["items"]!.AsArray())
        {
            var attached = await client.PutAsJsonAsync($"/api/v1/applications/{application["id"]}/audit/items/{item!["id"]}", new { documentId = await UploadPdfAsync(client) });
            Assert.That(attached.StatusCode, Is.EqualTo(HttpStatusCode.OK), await attached.Content.ReadAsStringAsync());
        }

        Assert.That((await client.PostAsync($"/api/v1/applications/{application["id"]}/audit/submit", null)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var staff = await StaffAsync();
        var passed = await staff.PostAsJsonAsync($"/api/v1/staff/audits/{application["id"]}/pass", new { note = "Fine." });
        Assert.That(passed.StatusCode, Is.EqualTo(HttpStatusCode.OK), await passed.Content.ReadAsStringAsync());
        Assert.That((await GetJsonAsync(client, "/api/v1/me/cart"))["items"]!.AsArray(), Has.Count.EqualTo(1), "the petition is still owed");
        var charges = await SuccessfulChargesAsync();

        var problem = await AssertProblemAsync(await CheckoutAsync(client), HttpStatusCode.UnprocessableEntity);
        var petition = await GetJsonAsync(client, $"/api/v1/petitions/{petitionId}");
        Assert.Multiple(async () =>
        {
            Assert.That(problem["unmet"]![0]!["code"]!.GetValue<string>(), Is.EqualTo("petition.cannot-count"));
            Assert.That(problem["detail"]!.GetValue<string>(), Does.Contain("its fee was not charged").And.Contain("January 31, 2027 to January 30, 2029"));
            Assert.That(await SuccessfulChargesAsync(), Is.EqualTo(charges));
            Assert.That(petition["status"]!.GetValue<string>(), Is.EqualTo("cancelled"));
            Assert.That((await GetJsonAsync(client, "/api/v1/me/cart"))["items"]!.AsArray(), Is.Empty, "dropped from the cart");
        });
        await AssertProblemAsync(await CheckoutAsync(client), HttpStatusCode.Conflict);
    }

    [TestCase(2027, 7, 30, true, TestName = "On the last day applications are accepted the petition is charged")]
    [TestCase(2027, 7, 31, false, TestName = "The day after, the certification has lapsed: the petition is cancelled, not charged")]
    public async Task A_petition_left_unpaid_is_charged_only_while_its_cycle_is_open(int year, int month, int day, bool charged)
    {
        var client = await HolderAsync("CPT-P2", Expiry);
        App.SetToday(new DateOnly(2027, 7, 30));
        await SignInAgainAsync(client, HolderEmail("CPT-P2"));
        var petitionId = await PetitionAsync(client, "CPT-P2", "2026-03-01");
        App.SetToday(new DateOnly(year, month, day));
        await SignInAgainAsync(client, HolderEmail("CPT-P2"));

        var response = await CheckoutAsync(client);
        var petition = await GetJsonAsync(client, $"/api/v1/petitions/{petitionId}");
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(charged ? HttpStatusCode.OK : HttpStatusCode.UnprocessableEntity), await response.Content.ReadAsStringAsync());
            Assert.That(petition["status"]!.GetValue<string>(), Is.EqualTo(charged ? "awaiting-review" : "cancelled"));
            Assert.That(await SuccessfulChargesAsync(), Is.EqualTo(charged ? 1 : 0));
        });
    }
}
