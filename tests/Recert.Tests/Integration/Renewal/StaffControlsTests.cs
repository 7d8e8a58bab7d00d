using System.Net;
using System.Net.Http.Json;
using Recert.Tests.Support;

namespace Recert.Tests.Integration.Renewal;

/// <summary>The audit rate staff set (with history) and the CPR/AED issuer list they manage (issue 12).</summary>
public sealed class StaffControlsTests : RenewalTest
{
    // The configured rate is the starting value until staff set one.
    protected override string AuditRate => "0";

    [Test]
    public async Task The_audit_rate_starts_from_configuration_and_staff_changes_apply_to_the_next_draw_with_who_and_when()
    {
        var staff = await StaffAsync();
        var before = await GetJsonAsync(staff, "/api/v1/staff/audits/rate");
        Assert.Multiple(() =>
        {
            Assert.That(before["configuredRate"]!.GetValue<decimal>(), Is.EqualTo(0m));
            Assert.That(before["source"]!.GetValue<string>(), Is.EqualTo("configuration"));
            Assert.That(before["history"]!.AsArray(), Is.Empty);
        });

        var set = await staff.PutAsJsonAsync("/api/v1/staff/audits/rate", new { rate = 1.0m, reason = "Quarterly spot check" });
        Assert.That(set.StatusCode, Is.EqualTo(HttpStatusCode.OK), await set.Content.ReadAsStringAsync());
        var after = await ReadJsonAsync(set);
        var change = after["history"]![0]!;
        Assert.Multiple(() =>
        {
            Assert.That(after["configuredRate"]!.GetValue<decimal>(), Is.EqualTo(1.0m));
            Assert.That(after["source"]!.GetValue<string>(), Is.EqualTo("staff"));
            Assert.That(change["previousRate"]!.GetValue<decimal>(), Is.EqualTo(0m));
            Assert.That(change["changedBy"]!.GetValue<string>(), Is.Not.Empty);
            Assert.That(change["changedAt"]!.GetValue<DateTimeOffset>(), Is.EqualTo(new DateTimeOffset(2026, 6, 1, 19, 0, 0, TimeSpan.Zero)));
            Assert.That(change["reason"]!.GetValue<string>(), Is.EqualTo("Quarterly spot check"));
        });

        // The config says 0; the staff rate (1.0) draws this application.
        var client = await EligibleHolderAsync("CPT-S1");
        var application = await SubmitAsync(client, "CPT-S1");
        await PayAsync(client);
        var status = await GetJsonAsync(client, $"/api/v1/applications/{application["id"]}");
        Assert.That(status["status"]!.GetValue<string>(), Is.EqualTo("audit-requested"));
    }

    [TestCase(-0.1)]
    [TestCase(1.01)]
    [TestCase(0.12345)]
    public async Task An_audit_rate_outside_0_to_1_is_refused_and_nothing_changes(decimal rate)
    {
        var staff = await StaffAsync();
        await AssertProblemAsync(await staff.PutAsJsonAsync("/api/v1/staff/audits/rate", new { rate }), HttpStatusCode.BadRequest);
        Assert.That(await ScalarAsync<long>("select count(*) from audit_rate_changes"), Is.Zero);
    }

    [Test]
    public async Task Staff_add_rename_and_retire_issuers_and_trainers_see_only_current_ones()
    {
        var staff = await StaffAsync();
        var added = await staff.PostAsJsonAsync("/api/v1/staff/cpr-aed/issuers", new { name = "  Coastal   Lifeguard Guild " });
        Assert.That(added.StatusCode, Is.EqualTo(HttpStatusCode.Created), await added.Content.ReadAsStringAsync());
        await AssertProblemAsync(await staff.PostAsJsonAsync("/api/v1/staff/cpr-aed/issuers", new { name = "coastal lifeguard guild" }), HttpStatusCode.Conflict);

        var renamed = await staff.PutAsJsonAsync("/api/v1/staff/cpr-aed/issuers/ASHI", new { name = "ASHI (HSI)" });
        Assert.That(renamed.StatusCode, Is.EqualTo(HttpStatusCode.OK), await renamed.Content.ReadAsStringAsync());
        var retired = await staff.PutAsJsonAsync("/api/v1/staff/cpr-aed/issuers/ECSI/retired", new { retired = true });
        Assert.That(retired.StatusCode, Is.EqualTo(HttpStatusCode.OK), await retired.Content.ReadAsStringAsync());
        var list = await ReadJsonAsync(retired);

        var offered = await GetArrayAsync(Anonymous(), "/api/v1/cpr-aed/issuers");
        var names = offered.Select(n => n!.GetValue<string>()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(names, Does.Contain("Coastal Lifeguard Guild").And.Contain("ASHI (HSI)").And.Not.Contain("ASHI").And.Not.Contain("ECSI"));
            Assert.That(list["issuers"]!.AsArray().Single(i => i!["name"]!.GetValue<string>() == "ECSI")!["retired"]!.GetValue<bool>(), Is.True);
            Assert.That(list["history"]!.AsArray().Select(h => h!["action"]!.GetValue<string>()), Is.EqualTo(new[] { "retired", "renamed", "added" }));
            Assert.That(list["history"]![1]!["previousName"]!.GetValue<string>(), Is.EqualTo("ASHI"));
        });

        var client = await HolderAsync("CPT-S2", Expiry);
        var refused = await client.PostAsJsonAsync("/api/v1/certifications/CPT-S2/cpr-aed", new
        {
            kind = "cpr", provider = "ECSI", issuedOn = "2026-01-02", expiresOn = "2028-01-02", handsOn = true,
        });
        await AssertProblemAsync(refused, HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task Other_cannot_be_renamed_or_retired_and_unknown_issuers_are_404()
    {
        var staff = await StaffAsync();
        await AssertProblemAsync(await staff.PutAsJsonAsync("/api/v1/staff/cpr-aed/issuers/other", new { name = "Elsewhere" }), HttpStatusCode.UnprocessableEntity);
        await AssertProblemAsync(await staff.PutAsJsonAsync("/api/v1/staff/cpr-aed/issuers/other/retired", new { retired = true }), HttpStatusCode.UnprocessableEntity);
        await AssertProblemAsync(await staff.PutAsJsonAsync("/api/v1/staff/cpr-aed/issuers/Nobody/retired", new { retired = true }), HttpStatusCode.NotFound);
        await AssertProblemAsync(await staff.PutAsJsonAsync("/api/v1/staff/cpr-aed/issuers/ASHI", new { name = "American Red Cross" }), HttpStatusCode.Conflict);
        await AssertProblemAsync(await staff.PostAsJsonAsync("/api/v1/staff/cpr-aed/issuers", new { name = " " }), HttpStatusCode.BadRequest);
    }
}
