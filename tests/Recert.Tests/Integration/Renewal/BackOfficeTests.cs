using System.Net;
using Recert.Tests.Support;

namespace Recert.Tests.Integration.Renewal;

public sealed class BackOfficeTests : RenewalTest
{
    [Test]
    public async Task Staff_find_certifications_by_number_name_or_email_paged()
    {
        var staff = await StaffAsync();
        await CreateCertificationAsync(staff, "CPT-80", "ana.moreno@example.test", new DateOnly(2024, 8, 1), Expiry, "Moreno");
        await CreateCertificationAsync(staff, "CPT-81", "bo@example.test", new DateOnly(2024, 8, 1), Expiry, "Moretti");
        await CreateCertificationAsync(staff, "CPT-82", "cy@example.test", new DateOnly(2024, 8, 1), Expiry, "Smith");

        var byName = await GetJsonAsync(staff, "/api/v1/staff/certifications?search=mor&pageSize=1");
        var secondPage = await GetJsonAsync(staff, "/api/v1/staff/certifications?search=mor&pageSize=1&page=2");
        var byNumber = await GetJsonAsync(staff, "/api/v1/staff/certifications?search=cpt-82");
        var byEmail = await GetJsonAsync(staff, "/api/v1/staff/certifications?search=ANA.MORENO@");
        var wildcard = await GetJsonAsync(staff, "/api/v1/staff/certifications?search=%25");
        Assert.Multiple(() =>
        {
            Assert.That(byName["total"]!.GetValue<int>(), Is.EqualTo(2));
            Assert.That(byName["items"]!.AsArray().Single()!["number"]!.GetValue<string>(), Is.EqualTo("CPT-80"));
            Assert.That(secondPage["items"]!.AsArray().Single()!["number"]!.GetValue<string>(), Is.EqualTo("CPT-81"));
            Assert.That(byNumber["items"]!.AsArray().Single()!["number"]!.GetValue<string>(), Is.EqualTo("CPT-82"));
            Assert.That(byEmail["items"]!.AsArray().Single()!["number"]!.GetValue<string>(), Is.EqualTo("CPT-80"));
            Assert.That(wildcard["total"]!.GetValue<int>(), Is.EqualTo(0));
        });
        await AssertProblemAsync(await staff.GetAsync("/api/v1/staff/certifications?page=x"), HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task A_certification_with_no_email_on_file_is_found_with_a_null_email_as_the_contract_says()
    {
        var staff = await StaffAsync();
        await CreateCertificationAsync(staff, "CPT-85", "", new DateOnly(2024, 8, 1), Expiry, "Okafor");

        var found = await GetJsonAsync(staff, "/api/v1/staff/certifications?search=okafor");
        var contract = await GetJsonAsync(staff, "/swagger/v1/swagger.json");
        var item = found["items"]!.AsArray().Single()!.AsObject();
        var emailSchema = contract["components"]!["schemas"]!["CertificationSummary"]!["properties"]!["email"]!;
        Assert.Multiple(() =>
        {
            Assert.That(item["number"]!.GetValue<string>(), Is.EqualTo("CPT-85"));
            Assert.That(item.ContainsKey("email") && item["email"] is null, Is.True, item.ToJsonString());
            Assert.That(emailSchema["nullable"]?.GetValue<bool>(), Is.True, "typed clients must be told the email may be missing");
        });
    }

    [Test]
    public async Task The_queues_count_applications_by_status_and_the_history_shows_everything()
    {
        var paid = await EligibleHolderAsync("CPT-83");
        await SubmitAsync(paid, "CPT-83");
        await PayAsync(paid);
        var waiting = await EligibleHolderAsync("CPT-84");
        await SubmitAsync(waiting, "CPT-84");

        var staff = await StaffAsync();
        var queues = await GetJsonAsync(staff, "/api/v1/staff/queues");
        var byStatus = queues["applicationsByStatus"]!.AsArray().ToDictionary(s => s!["status"]!.GetValue<string>(), s => s!["count"]!.GetValue<int>());
        var submitted = await GetJsonAsync(staff, "/api/v1/staff/applications?status=submitted");
        var history = await GetJsonAsync(staff, "/api/v1/staff/certifications/CPT-83/history");
        Assert.Multiple(() =>
        {
            Assert.That(byStatus, Is.EquivalentTo(new Dictionary<string, int> { ["approved"] = 1, ["submitted"] = 1 }));
            Assert.That(submitted["items"]!.AsArray().Single()!["number"]!.GetValue<string>(), Is.EqualTo("CPT-84"));
            Assert.That(history["certification"]!["expiresOn"]!.GetValue<string>(), Is.EqualTo("2028-07-31"));
            Assert.That(history["applications"]!.AsArray().Single()!["status"]!.GetValue<string>(), Is.EqualTo("approved"));
            Assert.That(history["activities"]!["activities"]!.AsArray(), Has.Count.EqualTo(1));
            Assert.That(history["cards"]!.AsArray(), Has.Count.EqualTo(1));
            Assert.That(history["decisions"]!.AsArray().Select(d => d!["decision"]!.GetValue<string>()), Is.EqualTo(new[] { "not-drawn-for-audit", "approved" }));
            Assert.That(history["emails"]!.AsArray().Select(e => e!["kind"]!.GetValue<string>()), Is.EqualTo(new[] { "application-received", "decision-approved" }));
        });
        await AssertProblemAsync(await staff.GetAsync("/api/v1/staff/certifications/CPT-999/history"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await staff.GetAsync("/api/v1/staff/applications?status=nope"), HttpStatusCode.BadRequest);
    }
}
