using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Recert.Api.Features.Webhooks;
using Recert.Tests.Support;

namespace Recert.Tests.Integration.Security;

/// <summary>A whole flow with every log entry captured at Trace: no secret at any level, no email at Information and above.</summary>
public sealed class SecretsInLogsTests : PartnerTest
{
    readonly LogCapture capture = new();

    protected override Dictionary<string, string?> Settings => new() { ["Recert:Webhooks:AllowedNetworks:0"] = "127.0.0.0/8" };

    protected override void ConfigureServices(IServiceCollection services) => capture.AddTo(services);

    static IEnumerable<string> CookieValues(HttpResponseMessage response)
        => response.Headers.TryGetValues("Set-Cookie", out var cookies)
            ? cookies.Select(c => c.Split(';')[0]).Select(pair => pair[(pair.IndexOf('=') + 1)..]).Where(v => v.Length >= 16)
            : [];

    [Test]
    public async Task Keys_secrets_passwords_cookies_and_emails_stay_out_of_the_logs()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        const string email = "logged.person@example.test";
        const string password = "correct-horse-battery-staple-42";
        var secrets = new List<string> { password, RecertApp.StaffPassword, "wrong-password-for-the-log-test" };

        var staff = await StaffAsync();
        await CreateCertificationAsync(staff, "CPT-500", email, Expiry.AddYears(-2).AddDays(1), Expiry);
        var person = Anonymous();
        var registered = await person.PostAsJsonAsync("/api/v1/auth/register", new { email, password, firstName = "Loggy", lastName = "Rivera" });
        Assert.That(registered.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await registered.Content.ReadAsStringAsync());
        var verifyToken = await EmailedTokenAsync(email, "verify-email");
        secrets.Add(verifyToken);
        Assert.That((await person.PostAsJsonAsync("/api/v1/auth/verify-email", new { token = verifyToken })).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await SignInAgainAsync(person, email, password);
        var signedIn = await Anonymous().PostAsJsonAsync("/api/v1/auth/login", new { email, password });
        Assert.That(signedIn.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        secrets.AddRange(CookieValues(signedIn));
        var refused = await Anonymous().PostAsJsonAsync("/api/v1/auth/login", new { email, password = "wrong-password-for-the-log-test" });
        Assert.That(refused.StatusCode, Is.Not.EqualTo(HttpStatusCode.OK));
        var staffLogin = await Anonymous().PostAsJsonAsync("/api/v1/auth/login", new { email = RecertApp.StaffEmail, password = RecertApp.StaffPassword });
        secrets.AddRange(CookieValues(staffLogin));
        Assert.That((await person.GetAsync("/api/v1/certifications/CPT-500/eligibility")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var provider = await ProviderAsync();
        secrets.Add(provider.Key);
        var second = await ReadJsonAsync(await staff.PostAsJsonAsync($"/api/v1/staff/providers/{provider.Id}/keys", new { name = "second" }));
        secrets.Add(second["key"]!.GetValue<string>());
        var endpoint = await provider.Client.PostAsJsonAsync("/api/v1/webhooks/endpoints", new { url = receiver.Url, eventTypes = WebhookEventTypes.All });
        Assert.That(endpoint.StatusCode, Is.EqualTo(HttpStatusCode.Created), await endpoint.Content.ReadAsStringAsync());
        var endpointBody = await ReadJsonAsync(endpoint);
        secrets.Add(endpointBody["secret"]!.GetValue<string>());
        var rotated = await ReadJsonAsync(await provider.Client.PostAsync($"/api/v1/webhooks/endpoints/{endpointBody["id"]}/rotate-secret", null));
        secrets.Add(rotated["secret"]!.GetValue<string>());

        await PushAsync(provider.Client, Record("log-1"), Record("log-2", courseCode: "NOPE"));
        Assert.That((await KeyClient(provider.Key[..^4] + "AAAA").GetAsync("/api/v1/completions")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await Service<WebhookDispatcher>().DispatchOnceAsync(), Is.EqualTo(2));
        Assert.That(receiver.Requests, Has.Count.EqualTo(2));

        var entries = capture.Entries.ToArray();
        Assert.That(entries.Any(e => e.Category.StartsWith("Polly", StringComparison.Ordinal)), Is.True, "the capture sees Polly's telemetry");
        Assert.That(entries.Any(e => e.Level == LogLevel.Trace), Is.True, "the capture sees Trace");
        Assert.Multiple(() =>
        {
            foreach (var secret in secrets.Distinct())
            {
                var leaks = entries.Where(e => e.Text.Contains(secret, StringComparison.Ordinal)).Take(3).ToList();
                Assert.That(leaks, Is.Empty, $"a secret ({secret[..Math.Min(8, secret.Length)]}…) is logged");
            }

            foreach (var personal in new[] { email, "partners@acmefitnessacademy.test", RecertApp.StaffEmail, "Loggy" })
            {
                var leaks = entries.Where(e => e.Level >= LogLevel.Information && e.Text.Contains(personal, StringComparison.OrdinalIgnoreCase)).Take(3).ToList();
                Assert.That(leaks, Is.Empty, $"{personal} is logged at Information or above");
            }
        });
    }
}
