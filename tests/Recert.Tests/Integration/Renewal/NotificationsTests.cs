using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Recert.Tests.Support;

namespace Recert.Tests.Integration.Renewal;

/// <summary>Issue 12: what the holder is emailed about is listed in the portal too, and every email links to its page.</summary>
public sealed class NotificationsTests : RenewalTest
{
    protected override string AuditRate => "1";

    [Test]
    public async Task Audit_selection_and_a_decided_petition_are_listed_unread_with_their_page_and_marked_read()
    {
        var client = await EligibleHolderAsync("CPT-N1");
        var other = await HolderAsync("CPT-N2", Expiry);
        var documentId = await UploadPdfAsync(client);
        var petition = await client.PostAsJsonAsync("/api/v1/certifications/CPT-N1/petitions", new
        {
            title = "Mobility for runners", providerName = "Iron Academy", area = "exercise-technique", contactHours = 8, completedOn = "2026-03-01", documentId,
        });
        Assert.That(petition.StatusCode, Is.EqualTo(HttpStatusCode.Created), await petition.Content.ReadAsStringAsync());
        await SubmitAsync(client, "CPT-N1");
        Assert.That((await GetJsonAsync(client, "/api/v1/me/notifications"))["unreadCount"]!.GetValue<int>(), Is.Zero);
        await PayAsync(client);
        var staff = await StaffAsync();
        var denied = await staff.PostAsJsonAsync($"/api/v1/staff/petitions/{(await ReadJsonAsync(petition))["id"]}/deny", new { reason = "Not fitness related." });
        Assert.That(denied.StatusCode, Is.EqualTo(HttpStatusCode.OK), await denied.Content.ReadAsStringAsync());

        var list = await GetJsonAsync(client, "/api/v1/me/notifications");
        var items = list["items"]!.AsArray();
        Assert.Multiple(async () =>
        {
            Assert.That(list["unreadCount"]!.GetValue<int>(), Is.EqualTo(2));
            Assert.That(items.Select(i => i!["kind"]!.GetValue<string>()), Is.EquivalentTo(new[] { "audit-requested", "decision-petition-denied" }));
            Assert.That(items.Select(i => i!["linkPath"]!.GetValue<string>()), Is.EquivalentTo(new[] { "/certifications/CPT-N1/audit", "/certifications/CPT-N1/petitions" }));
            Assert.That(items.All(i => i!["number"]!.GetValue<string>() == "CPT-N1" && !i["read"]!.GetValue<bool>()), Is.True);
            Assert.That((await GetJsonAsync(other, "/api/v1/me/notifications"))["items"]!.AsArray(), Is.Empty, "another account sees none of them");
        });

        var first = items[0]!["id"]!.GetValue<Guid>();
        await AssertProblemAsync(await other.PostAsync($"/api/v1/me/notifications/{first}/read", null), HttpStatusCode.NotFound);
        Assert.That((await client.PostAsync($"/api/v1/me/notifications/{first}/read", null)).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        var afterOne = await GetJsonAsync(client, "/api/v1/me/notifications");
        Assert.Multiple(() =>
        {
            Assert.That(afterOne["unreadCount"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(afterOne["items"]!.AsArray().Single(i => i!["id"]!.GetValue<Guid>() == first)!["read"]!.GetValue<bool>(), Is.True);
        });
        Assert.That((await client.PostAsync("/api/v1/me/notifications/read", null)).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await GetJsonAsync(client, "/api/v1/me/notifications"))["unreadCount"]!.GetValue<int>(), Is.Zero);
    }

    [Test]
    public async Task The_emails_link_to_the_page_they_are_about()
    {
        var client = await EligibleHolderAsync("CPT-N3");
        await SubmitAsync(client, "CPT-N3");
        await PayAsync(client);
        await RunAsync(services => services.GetRequiredService<Recert.Api.Features.Email.EmailOutboxSender>().SendPendingAsync());

        var bodies = Mail.Sent.ToDictionary(m => m.Subject ?? "", m => m.TextBody ?? "");
        Assert.Multiple(() =>
        {
            Assert.That(bodies.Single(b => b.Key.Contains("selected for audit")).Value,
                Does.Match(@"See it in Recert: \S*/certifications/CPT-N3/audit\n\nThe Recertification Department"));
            Assert.That(bodies.Single(b => b.Key.Contains("We received")).Value, Does.Contain("/certifications/CPT-N3/receipts"));
        });
    }

    [Test]
    public async Task A_notification_is_written_only_if_its_event_commits()
    {
        var client = await EligibleHolderAsync("CPT-N4");
        await SubmitAsync(client, "CPT-N4");
        // The charge is declined: no audit draw, no email, no notification.
        var declined = await CheckoutAsync(client, "tok_declined");
        Assert.That((int)declined.StatusCode, Is.LessThan(500), await declined.Content.ReadAsStringAsync());
        Assert.Multiple(async () =>
        {
            Assert.That(await ScalarAsync<long>("select count(*) from notifications"), Is.Zero);
            Assert.That(await ScalarAsync<long>("select count(*) from email_outbox where kind = 'audit-requested'"), Is.Zero);
        });
        await PayAsync(client);
        Assert.That(await ScalarAsync<long>("select count(*) from notifications where kind = 'audit-requested'"), Is.EqualTo(1));
    }
}
