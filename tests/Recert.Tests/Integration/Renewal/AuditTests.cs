using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Recert.Api.Features.Audits;
using Recert.Api.Features.Email;
using Recert.Tests.Support;

namespace Recert.Tests.Integration.Renewal;

/// <summary>Audit rate 1.0: every paid application is drawn.</summary>
public sealed class AuditTests : RenewalTest
{
    protected override string AuditRate => "1.0";

    async Task<(HttpClient Client, Guid ApplicationId)> AuditedAsync(string number)
    {
        var client = await EligibleHolderAsync(number);
        var application = await SubmitAsync(client, number);
        await PayAsync(client);
        return (client, application["id"]!.GetValue<Guid>());
    }

    [Test]
    public async Task A_drawn_application_is_documented_submitted_and_passed_which_renews_the_certification()
    {
        var (client, id) = await AuditedAsync("CPT-50");
        var application = await GetJsonAsync(client, $"/api/v1/applications/{id}");
        var audit = await GetJsonAsync(client, $"/api/v1/applications/{id}/audit");
        var items = audit["items"]!.AsArray();
        Assert.Multiple(async () =>
        {
            Assert.That(application["status"]!.GetValue<string>(), Is.EqualTo("audit-requested"));
            Assert.That(audit["dueOn"]!.GetValue<string>(), Is.EqualTo("2026-07-01"));
            Assert.That(items.Select(i => i!["kind"]!.GetValue<string>()).Order(), Is.EqualTo(new[] { "activity", "card" }));
            Assert.That(await QueuedEmailKindsAsync("CPT-50"), Is.EqualTo(new[] { "application-received", "audit-requested" }));
            Assert.That(await ScalarAsync<decimal>("select rate from audit_draws"), Is.EqualTo(1.0m));
        });

        var incomplete = await AssertProblemAsync(await client.PostAsync($"/api/v1/applications/{id}/audit/submit", null), HttpStatusCode.UnprocessableEntity);
        Assert.That(incomplete["unmet"]!.AsArray(), Has.Count.EqualTo(2));

        foreach (var item in items)
        {
            var documentId = await UploadPdfAsync(client);
            var attached = await client.PutAsJsonAsync($"/api/v1/applications/{id}/audit/items/{item!["id"]}", new { documentId });
            Assert.That(attached.StatusCode, Is.EqualTo(HttpStatusCode.OK), await attached.Content.ReadAsStringAsync());
        }

        var submitted = await client.PostAsync($"/api/v1/applications/{id}/audit/submit", null);
        Assert.That(submitted.StatusCode, Is.EqualTo(HttpStatusCode.OK), await submitted.Content.ReadAsStringAsync());
        Assert.That((await GetJsonAsync(client, $"/api/v1/applications/{id}"))["status"]!.GetValue<string>(), Is.EqualTo("documentation-submitted"));

        var staff = await StaffAsync();
        var queue = await GetArrayAsync(staff, "/api/v1/staff/audits?queue=awaiting-review");
        Assert.That(queue.Select(e => e!["applicationId"]!.GetValue<Guid>()), Is.EqualTo(new[] { id }));
        var queues = await GetJsonAsync(staff, "/api/v1/staff/queues");
        Assert.That(queues["auditsAwaitingReview"]!["count"]!.GetValue<int>(), Is.EqualTo(1));

        var passed = await staff.PostAsJsonAsync($"/api/v1/staff/audits/{id}/pass", new { note = "Certificates match." });
        Assert.That(passed.StatusCode, Is.EqualTo(HttpStatusCode.OK), await passed.Content.ReadAsStringAsync());
        var certification = await GetJsonAsync(client, "/api/v1/certifications/CPT-50");
        var ledger = await GetJsonAsync(client, "/api/v1/certifications/CPT-50/ceus");
        Assert.Multiple(async () =>
        {
            Assert.That((await ReadJsonAsync(passed))["status"]!.GetValue<string>(), Is.EqualTo("approved"));
            Assert.That(certification["cycleStart"]!.GetValue<string>(), Is.EqualTo("2026-08-01"));
            Assert.That(certification["expiresOn"]!.GetValue<string>(), Is.EqualTo("2028-07-31"));
            Assert.That(ledger["counted"]!.GetValue<decimal>(), Is.EqualTo(0m));
            Assert.That(await QueuedEmailKindsAsync("CPT-50"), Does.Contain("decision-approved"));
        });

        var rate = await GetJsonAsync(staff, "/api/v1/staff/audits/rate");
        Assert.Multiple(() =>
        {
            Assert.That(rate["draws"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(rate["drawn"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(rate["observedRate"]!.GetValue<decimal>(), Is.EqualTo(1m));
        });

        // Passing twice is a conflict, not a second renewal.
        await AssertProblemAsync(await staff.PostAsJsonAsync($"/api/v1/staff/audits/{id}/pass", new { }), HttpStatusCode.Conflict);
    }

    [Test]
    public async Task Staff_fail_a_submitted_audit_with_reasons()
    {
        var (client, id) = await AuditedAsync("CPT-51");
        foreach (var item in (await GetJsonAsync(client, $"/api/v1/applications/{id}/audit"))["items"]!.AsArray())
        {
            var attached = await client.PutAsJsonAsync($"/api/v1/applications/{id}/audit/items/{item!["id"]}", new { documentId = await UploadPdfAsync(client) });
            Assert.That(attached.StatusCode, Is.EqualTo(HttpStatusCode.OK), await attached.Content.ReadAsStringAsync());
        }

        var submitted = await client.PostAsync($"/api/v1/applications/{id}/audit/submit", null);
        Assert.That(submitted.StatusCode, Is.EqualTo(HttpStatusCode.OK), await submitted.Content.ReadAsStringAsync());
        var staff = await StaffAsync();
        await AssertProblemAsync(await staff.PostAsJsonAsync($"/api/v1/staff/audits/{id}/fail", new { reasons = Array.Empty<string>() }), HttpStatusCode.BadRequest);
        var failed = await staff.PostAsJsonAsync($"/api/v1/staff/audits/{id}/fail", new { reasons = new[] { "The certificate is for another person." } });
        Assert.That(failed.StatusCode, Is.EqualTo(HttpStatusCode.OK), await failed.Content.ReadAsStringAsync());
        var audit = await GetJsonAsync(client, $"/api/v1/applications/{id}/audit");
        var certification = await GetJsonAsync(client, "/api/v1/certifications/CPT-51");
        Assert.Multiple(() =>
        {
            Assert.That(audit["state"]!.GetValue<string>(), Is.EqualTo("failed"));
            Assert.That(audit["reasons"]!.AsArray().Single()!.GetValue<string>(), Is.EqualTo("The certificate is for another person."));
            Assert.That(certification["expiresOn"]!.GetValue<string>(), Is.EqualTo("2026-07-31"));
        });
    }

    [Test]
    public async Task An_audit_not_documented_in_30_days_fails_with_a_reminder_seven_days_before()
    {
        var (client, id) = await AuditedAsync("CPT-52");

        App.SetToday(new DateOnly(2026, 6, 24));
        var reminders = await RunAsync(s => s.GetRequiredService<ReminderScheduler>().QueueDueRemindersAsync());
        var again = await RunAsync(s => s.GetRequiredService<ReminderScheduler>().QueueDueRemindersAsync());
        Assert.Multiple(async () =>
        {
            Assert.That(reminders, Is.EqualTo(1), "one reminder is due on 2026-06-24: the audit's, seven days before 2026-07-01");
            Assert.That(again, Is.EqualTo(0), "a second pass the same day queues nothing");
            Assert.That(await QueuedEmailKindsAsync("CPT-52"), Has.Exactly(1).EqualTo("audit-reminder"));
        });

        App.SetToday(new DateOnly(2026, 7, 1));
        Assert.That(await RunAsync(s => s.GetRequiredService<AuditDeadlines>().MarkOverdueAsync()), Is.EqualTo(0), "the due date itself is still in time");

        App.SetToday(new DateOnly(2026, 7, 2));
        Assert.That(await RunAsync(s => s.GetRequiredService<AuditDeadlines>().MarkOverdueAsync()), Is.EqualTo(1));
        await SignInAgainAsync(client, HolderEmail("CPT-52"));
        var application = await GetJsonAsync(client, $"/api/v1/applications/{id}");
        Assert.Multiple(async () =>
        {
            Assert.That(application["status"]!.GetValue<string>(), Is.EqualTo("audit-failed"));
            Assert.That(await QueuedEmailKindsAsync("CPT-52"), Does.Contain("decision-audit-failed"));
            Assert.That(await RunAsync(s => s.GetRequiredService<AuditDeadlines>().MarkOverdueAsync()), Is.EqualTo(0));
        });
        await AssertProblemAsync(await client.PostAsync($"/api/v1/applications/{id}/audit/submit", null), HttpStatusCode.Conflict);
    }

    [Test]
    public async Task Documentation_is_taken_on_day_30_and_refused_on_day_31_before_the_overdue_job_has_run()
    {
        var (client, id) = await AuditedAsync("CPT-55");
        var items = (await GetJsonAsync(client, $"/api/v1/applications/{id}/audit"))["items"]!.AsArray();
        Assert.That(items, Has.Count.EqualTo(2));

        // Selected on 2026-06-01: day 30 is 2026-07-01, the due date.
        App.SetToday(new DateOnly(2026, 7, 1), hourInLosAngeles: 23);
        await SignInAgainAsync(client, HolderEmail("CPT-55"));
        var onDay30 = await client.PutAsJsonAsync($"/api/v1/applications/{id}/audit/items/{items[0]!["id"]}", new { documentId = await UploadPdfAsync(client) });
        Assert.That(onDay30.StatusCode, Is.EqualTo(HttpStatusCode.OK), await onDay30.Content.ReadAsStringAsync());

        App.SetToday(new DateOnly(2026, 7, 2), hourInLosAngeles: 0);
        await SignInAgainAsync(client, HolderEmail("CPT-55"));
        var document = await UploadPdfAsync(client);
        var attached = await AssertProblemAsync(await client.PutAsJsonAsync($"/api/v1/applications/{id}/audit/items/{items[1]!["id"]}", new { documentId = document }), HttpStatusCode.UnprocessableEntity);
        var submitted = await AssertProblemAsync(await client.PostAsync($"/api/v1/applications/{id}/audit/submit", null), HttpStatusCode.UnprocessableEntity);
        var audit = await GetJsonAsync(client, $"/api/v1/applications/{id}/audit");
        Assert.Multiple(() =>
        {
            Assert.That(attached["unmet"]![0]!["code"]!.GetValue<string>(), Is.EqualTo("audit.overdue"));
            Assert.That(attached["unmet"]![0]!["message"]!.GetValue<string>(), Is.EqualTo("The documentation was due by July 1, 2026, end of day Pacific Time."));
            Assert.That(submitted["unmet"]![0]!["code"]!.GetValue<string>(), Is.EqualTo("audit.overdue"));
            Assert.That(audit["items"]!.AsArray().Count(i => i!["documentId"] is not null), Is.EqualTo(1), "the refused document is not attached");
        });
    }

    [Test]
    public async Task A_card_from_an_issuer_outside_the_list_is_flagged_for_staff_to_verify_in_the_audit()
    {
        var client = await HolderAsync("CPT-56", Expiry);
        await AddOtherCeuAsync(client, "CPT-56", 2.0m, new DateOnly(2025, 9, 1));
        var card = await client.PostAsJsonAsync("/api/v1/certifications/CPT-56/cpr-aed", new
        {
            kind = "cpr-aed", provider = "other", issuerName = "Harbor Rescue Academy", issuedOn = new DateOnly(2026, 1, 2), expiresOn = new DateOnly(2028, 1, 2), handsOn = true,
            frontDocumentId = await UploadPdfAsync(client), backDocumentId = await UploadPdfAsync(client),
        });
        Assert.That(card.StatusCode, Is.EqualTo(HttpStatusCode.Created), await card.Content.ReadAsStringAsync());
        var application = await SubmitAsync(client, "CPT-56");
        await PayAsync(client);

        var items = (await GetJsonAsync(client, $"/api/v1/applications/{application["id"]}/audit"))["items"]!.AsArray();
        var cardItem = items.Single(i => i!["kind"]!.GetValue<string>() == "card")!;
        Assert.That(cardItem["description"]!.GetValue<string>(), Is.EqualTo("CPR-AED card, issued by Other: Harbor Rescue Academy, not on the accepted list: staff verify the issuer, expires January 2, 2028"));
    }

    [Test]
    public async Task The_overdue_queue_shows_audits_past_their_due_date()
    {
        var (_, id) = await AuditedAsync("CPT-53");
        App.SetToday(new DateOnly(2026, 7, 2));
        var staff = await StaffAsync();
        var overdue = await GetArrayAsync(staff, "/api/v1/staff/audits?queue=overdue");
        var queues = await GetJsonAsync(staff, "/api/v1/staff/queues");
        Assert.Multiple(() =>
        {
            Assert.That(overdue.Select(e => e!["applicationId"]!.GetValue<Guid>()), Is.EqualTo(new[] { id }));
            Assert.That(queues["overdueAudits"]!["count"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(queues["overdueAudits"]!["oldestAgeDays"]!.GetValue<int>(), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Staff_reject_an_application_with_a_reason()
    {
        var (client, id) = await AuditedAsync("CPT-54");
        var staff = await StaffAsync();
        await AssertProblemAsync(await staff.PostAsJsonAsync($"/api/v1/staff/applications/{id}/reject", new { reason = "" }), HttpStatusCode.BadRequest);
        var rejected = await staff.PostAsJsonAsync($"/api/v1/staff/applications/{id}/reject", new { reason = "The CPR card is forged." });
        Assert.That(rejected.StatusCode, Is.EqualTo(HttpStatusCode.OK), await rejected.Content.ReadAsStringAsync());
        Assert.That((await GetJsonAsync(client, $"/api/v1/applications/{id}"))["status"]!.GetValue<string>(), Is.EqualTo("rejected"));
        await AssertProblemAsync(await staff.PostAsJsonAsync($"/api/v1/staff/applications/{id}/reject", new { reason = "again" }), HttpStatusCode.Conflict);

        var history = await GetJsonAsync(staff, "/api/v1/staff/certifications/CPT-54/history");
        var decisions = history["decisions"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(decisions.Select(d => d!["decision"]!.GetValue<string>()), Is.EqualTo(new[] { "drawn-for-audit", "rejected" }));
            Assert.That(decisions.Last()!["decidedBy"]!.GetValue<string>(), Does.Contain(RecertApp.StaffEmail));
            Assert.That(decisions.Last()!["reason"]!.GetValue<string>(), Is.EqualTo("The CPR card is forged."));
            Assert.That(history["emails"]!.AsArray().Select(e => e!["kind"]!.GetValue<string>()), Does.Contain("decision-rejected"));
            Assert.That(history["applications"]!.AsArray(), Has.Count.EqualTo(1));
        });
    }
}
