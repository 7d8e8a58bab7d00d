using System.Net;
using System.Net.Http.Json;
using Recert.Tests.Support;

namespace Recert.Tests.Integration.Renewal;

/// <summary>The staff application page's data: fees quoted, every payment attempt, the audit draw and audit, decisions (issue 12).</summary>
public sealed class StaffApplicationDetailTests : RenewalTest
{
    protected override string AuditRate => "1";

    [Test]
    public async Task Staff_see_the_quote_a_declined_and_a_paid_attempt_the_audit_and_each_decision_in_order()
    {
        var client = await EligibleHolderAsync("CPT-D1");
        var application = await SubmitAsync(client, "CPT-D1");
        var id = application["id"]!.GetValue<Guid>();
        Assert.That((await CheckoutAsync(client, "tok_declined")).StatusCode, Is.Not.EqualTo(HttpStatusCode.OK));
        // Attempts are listed in the order they started (the test clock stands still unless moved).
        App.Time.Advance(TimeSpan.FromMinutes(2));
        await PayAsync(client);

        var audit = await GetJsonAsync(client, $"/api/v1/applications/{id}/audit");
        foreach (var item in audit["items"]!.AsArray())
        {
            var documentId = await UploadPdfAsync(client);
            Assert.That((await client.PutAsJsonAsync($"/api/v1/applications/{id}/audit/items/{item!["id"]}", new { documentId })).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        Assert.That((await client.PostAsync($"/api/v1/applications/{id}/audit/submit", null)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var staff = await StaffAsync();
        Assert.That((await staff.PostAsJsonAsync($"/api/v1/staff/audits/{id}/pass", new { note = "Certificates match." })).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var detail = await GetJsonAsync(staff, $"/api/v1/staff/applications/{id}");
        var payments = detail["payments"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(detail["application"]!["status"]!.GetValue<string>(), Is.EqualTo("approved"));
            Assert.That(detail["application"]!["fees"]!["totalCents"]!.GetValue<long>(), Is.EqualTo(application["fees"]!["totalCents"]!.GetValue<long>()));
            Assert.That(detail["holderName"]!.GetValue<string>(), Does.EndWith("Rivera"));
            Assert.That(payments.Select(p => p!["state"]!.GetValue<string>()), Is.EqualTo(new[] { "declined", "succeeded" }));
            Assert.That(payments.Select(p => p!["paidThisApplication"]!.GetValue<bool>()), Is.EqualTo(new[] { false, true }));
            Assert.That(payments[1]!["amountCents"]!.GetValue<long>(), Is.EqualTo(application["fees"]!["totalCents"]!.GetValue<long>()));
            Assert.That(payments[1]!["gatewayReference"]!.GetValue<string>(), Is.Not.Empty);
            Assert.That(detail["auditDraw"]!["drawn"]!.GetValue<bool>(), Is.True);
            Assert.That(detail["auditDraw"]!["rate"]!.GetValue<decimal>(), Is.EqualTo(1m));
            Assert.That(detail["audit"]!["state"]!.GetValue<string>(), Is.EqualTo("passed"));
            Assert.That(detail["audit"]!["items"]!.AsArray().All(i => i!["documentId"] is not null), Is.True);
            Assert.That(detail["decisions"]!.AsArray().Select(d => $"{d!["subjectKind"]}:{d["decision"]}"),
                Is.EqualTo(new[] { "application:drawn-for-audit", "audit:passed", "application:approved" }));
            Assert.That(detail["refunds"]!.AsArray(), Is.Empty);
        });
    }

    [Test]
    public async Task An_unpaid_application_has_no_payments_no_draw_and_no_audit_and_only_staff_may_ask()
    {
        var client = await EligibleHolderAsync("CPT-D2");
        var id = (await SubmitAsync(client, "CPT-D2"))["id"]!.GetValue<Guid>();
        var staff = await StaffAsync();

        var detail = await GetJsonAsync(staff, $"/api/v1/staff/applications/{id}");
        Assert.Multiple(() =>
        {
            Assert.That(detail["application"]!["status"]!.GetValue<string>(), Is.EqualTo("submitted"));
            Assert.That(detail["payments"]!.AsArray(), Is.Empty);
            Assert.That(detail["auditDraw"], Is.Null);
            Assert.That(detail["audit"], Is.Null);
            Assert.That(detail["decisions"]!.AsArray(), Is.Empty);
        });
        await AssertProblemAsync(await client.GetAsync($"/api/v1/staff/applications/{id}"), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await staff.GetAsync($"/api/v1/staff/applications/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
    }
}
