using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Recert.Tests.Support;

namespace Recert.Tests.Integration.Renewal;

public sealed class PetitionTests : RenewalTest
{
    static async Task<JsonObject> PetitionAsync(HttpClient client, string number, string title, string provider = "Iron Academy", decimal contactHours = 8)
    {
        var documentId = await UploadPdfAsync(client);
        var response = await client.PostAsJsonAsync($"/api/v1/certifications/{number}/petitions", new
        {
            title, providerName = provider, area = "exercise-technique", contactHours, completedOn = "2026-03-01", documentId,
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return await ReadJsonAsync(response);
    }

    [Test]
    public async Task A_petition_is_paid_then_reviewed_and_the_approved_ceus_count()
    {
        var client = await HolderAsync("CPT-60", Expiry);
        var petition = await PetitionAsync(client, "CPT-60", "Kettlebell Basics");
        Assert.Multiple(() =>
        {
            Assert.That(petition["status"]!.GetValue<string>(), Is.EqualTo("awaiting-payment"));
            Assert.That(petition["feeCents"]!.GetValue<long>(), Is.EqualTo(2500));
            Assert.That(petition["requestedCeus"]!.GetValue<decimal>(), Is.EqualTo(0.8m));
        });

        var staff = await StaffAsync();
        Assert.That(await GetArrayAsync(staff, "/api/v1/staff/petitions"), Is.Empty, "unpaid petitions are not reviewed");
        var unpaid = await AssertProblemAsync(await staff.PostAsJsonAsync($"/api/v1/staff/petitions/{petition["id"]}/approve", new { ceus = 0.8 }), HttpStatusCode.Conflict);
        Assert.That(unpaid["code"]!.GetValue<string>(), Is.EqualTo("petition.unpaid"));

        var receipt = await PayAsync(client);
        Assert.That(receipt["amountCents"]!.GetValue<long>(), Is.EqualTo(2500));
        var pending = await GetJsonAsync(client, "/api/v1/certifications/CPT-60/ceus");
        Assert.That(pending["counted"]!.GetValue<decimal>(), Is.EqualTo(0m));

        var approved = await staff.PostAsJsonAsync($"/api/v1/staff/petitions/{petition["id"]}/approve", new { ceus = 0.6 });
        Assert.That(approved.StatusCode, Is.EqualTo(HttpStatusCode.OK), await approved.Content.ReadAsStringAsync());
        var ledger = await GetJsonAsync(client, "/api/v1/certifications/CPT-60/ceus");
        var entry = ledger["activities"]!.AsArray().Single()!;
        Assert.Multiple(async () =>
        {
            Assert.That(ledger["counted"]!.GetValue<decimal>(), Is.EqualTo(0.6m));
            Assert.That(entry["source"]!.GetValue<string>(), Is.EqualTo("petition"));
            Assert.That(entry["state"]!.GetValue<string>(), Is.EqualTo("approved"));
            Assert.That(await QueuedEmailKindsAsync("CPT-60"), Is.EqualTo(new[] { "decision-petition-approved" }));
        });
        await AssertProblemAsync(await staff.PostAsJsonAsync($"/api/v1/staff/petitions/{petition["id"]}/deny", new { reason = "late change" }), HttpStatusCode.Conflict);
    }

    [Test]
    public async Task The_same_course_petitioned_by_several_certificants_is_approved_for_everyone_in_one_decision()
    {
        var first = await HolderAsync("CPT-61", Expiry);
        var second = await HolderAsync("CPT-62", Expiry);
        var other = await HolderAsync("CPT-63", Expiry);
        var a = await PetitionAsync(first, "CPT-61", "Kettlebell Basics", "Iron Academy");
        var b = await PetitionAsync(second, "CPT-62", "kettlebell  basics!", "IRON ACADEMY");
        var c = await PetitionAsync(other, "CPT-63", "Kettlebell Basics", "Another Provider");
        await PayAsync(first);
        await PayAsync(second);
        await PayAsync(other);

        var staff = await StaffAsync();
        var groups = await GetArrayAsync(staff, "/api/v1/staff/petitions");
        var group = groups.Single(g => g!["petitions"]!.AsArray().Count == 2)!;
        Assert.Multiple(() =>
        {
            Assert.That(groups, Has.Count.EqualTo(2));
            Assert.That(group["petitions"]!.AsArray().Select(p => p!["id"]!.GetValue<Guid>()),
                Is.EquivalentTo(new[] { a["id"]!.GetValue<Guid>(), b["id"]!.GetValue<Guid>() }));
        });

        var response = await staff.PostAsJsonAsync($"/api/v1/staff/petitions/{a["id"]}/approve", new { ceus = 0.75, forEveryone = true });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var approved = (await response.Content.ReadFromJsonAsync<JsonArray>())!;
        Assert.Multiple(async () =>
        {
            Assert.That(approved, Has.Count.EqualTo(2));
            Assert.That((await GetJsonAsync(second, $"/api/v1/petitions/{b["id"]}"))["grantedCeus"]!.GetValue<decimal>(), Is.EqualTo(0.75m));
            Assert.That((await GetJsonAsync(second, "/api/v1/certifications/CPT-62/ceus"))["counted"]!.GetValue<decimal>(), Is.EqualTo(0.75m));
            Assert.That((await GetJsonAsync(other, $"/api/v1/petitions/{c["id"]}"))["status"]!.GetValue<string>(), Is.EqualTo("awaiting-review"));
            Assert.That(await ScalarAsync<long>("select count(*) from staff_decisions where subject_kind = 'petition' and decision = 'approved'"), Is.EqualTo(2));
        });

        // A later petition of the approved course is approved as soon as its fee is paid.
        var late = await HolderAsync("CPT-64", Expiry);
        var d = await PetitionAsync(late, "CPT-64", "Kettlebell basics", "Iron Academy");
        await PayAsync(late);
        Assert.That((await GetJsonAsync(late, $"/api/v1/petitions/{d["id"]}"))["status"]!.GetValue<string>(), Is.EqualTo("approved"));

        var denied = await staff.PostAsJsonAsync($"/api/v1/staff/petitions/{c["id"]}/deny", new { reason = "The provider is not accredited." });
        Assert.That(denied.StatusCode, Is.EqualTo(HttpStatusCode.OK), await denied.Content.ReadAsStringAsync());
        var ledger = await GetJsonAsync(other, "/api/v1/certifications/CPT-63/ceus");
        Assert.Multiple(async () =>
        {
            Assert.That(ledger["activities"]!.AsArray().Single()!["reason"]!.GetValue<string>(), Is.EqualTo("rejected"));
            Assert.That((await GetArrayAsync(other, "/api/v1/me/receipts")).Single()!["amountCents"]!.GetValue<long>(), Is.EqualTo(2500), "the fee is nonrefundable");
            Assert.That(await GetArrayAsync(staff, "/api/v1/staff/petitions"), Is.Empty);
        });
    }

    [Test]
    public async Task A_petition_and_a_renewal_are_paid_with_one_charge()
    {
        var client = await EligibleHolderAsync("CPT-65");
        await PetitionAsync(client, "CPT-65", "Mobility for Runners");
        var application = await SubmitAsync(client, "CPT-65");

        var receipt = await PayAsync(client);
        Assert.Multiple(async () =>
        {
            Assert.That(receipt["amountCents"]!.GetValue<long>(), Is.EqualTo(9900 + 2500));
            Assert.That(receipt["items"]!.AsArray().Select(i => i!["kind"]!.GetValue<string>()), Is.EquivalentTo(new[] { "renewal", "petition" }));
            Assert.That(await SuccessfulChargesAsync(), Is.EqualTo(1));
            Assert.That((await GetJsonAsync(client, $"/api/v1/applications/{application["id"]}"))["status"]!.GetValue<string>(), Is.EqualTo("approved"));
        });
    }

    [Test]
    public async Task Petition_input_is_validated_and_staff_cannot_file_one()
    {
        var client = await HolderAsync("CPT-66", Expiry);
        var bad = await client.PostAsJsonAsync("/api/v1/certifications/CPT-66/petitions", new { title = "", providerName = "", area = "cooking", contactHours = -1, completedOn = "2026-03-01" });
        await AssertProblemAsync(bad, HttpStatusCode.BadRequest);
        var missing = await client.PostAsJsonAsync("/api/v1/certifications/CPT-66/petitions", new { title = "X", providerName = "Y", area = "nutrition", contactHours = 2, completedOn = "2026-07-01", documentId = Guid.NewGuid() });
        var problem = await AssertProblemAsync(missing, HttpStatusCode.BadRequest);
        Assert.That(problem["errors"]!.AsObject().ContainsKey("completedOn"), Is.True);
        var foreignDocument = await client.PostAsJsonAsync("/api/v1/certifications/CPT-66/petitions", new { title = "X", providerName = "Y", area = "nutrition", contactHours = 2, completedOn = "2026-03-01", documentId = Guid.NewGuid() });
        await AssertProblemAsync(foreignDocument, HttpStatusCode.BadRequest);

        var staff = await StaffAsync();
        await AssertProblemAsync(await staff.PostAsJsonAsync("/api/v1/certifications/CPT-66/petitions", new { title = "X", providerName = "Y", area = "nutrition", contactHours = 2, completedOn = "2026-03-01", documentId = await UploadPdfAsync(staff) }), HttpStatusCode.Forbidden);
        Assert.That(await ScalarAsync<long>("select count(*) from petitions"), Is.EqualTo(0));
    }
}
