using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OtpNet;

namespace Recert.Tests.Support;

/// <summary>
/// Staff sign-in as a person with an authenticator app does it: password, then enrolment (first time) or a TOTP code
/// computed from the secret the enrolment showed. The fake clock stands still, and a code is accepted once per
/// 30-second step, so a second sign-in in the same step moves the clock to the next step first.
/// </summary>
public static class StaffTotp
{
    static readonly Dictionary<string, byte[]> Secrets = new(StringComparer.OrdinalIgnoreCase);
    static readonly Dictionary<string, long> LastSteps = new(StringComparer.OrdinalIgnoreCase);

    public static IReadOnlyList<string> LastRecoveryCodes { get; private set; } = [];

    public static byte[] SecretOf(string email) => Secrets[email];

    public static async Task<HttpResponseMessage> PasswordStepAsync(HttpClient client, string email, string password)
        => await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password });

    public static async Task SignInAsync(RecertApp app, HttpClient client, string email, string password)
    {
        var login = await PasswordStepAsync(client, email, password);
        var body = await login.Content.ReadAsStringAsync();
        Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), body);
        var step = JsonNode.Parse(body)!["step"]!.GetValue<string>();
        if (step == "enrol")
        {
            await EnrolAsync(app, client, email);
            return;
        }

        var verify = await client.PostAsJsonAsync("/api/v1/auth/mfa/verify", new { code = NextCode(app, email) });
        Assert.That(verify.StatusCode, Is.EqualTo(HttpStatusCode.OK), await verify.Content.ReadAsStringAsync());
    }

    public static async Task EnrolAsync(RecertApp app, HttpClient client, string email)
    {
        var start = await client.PostAsync("/api/v1/auth/mfa/enrolment", null);
        var started = await start.Content.ReadAsStringAsync();
        Assert.That(start.StatusCode, Is.EqualTo(HttpStatusCode.OK), started);
        Secrets[email] = Base32Encoding.ToBytes(JsonNode.Parse(started)!["manualKey"]!.GetValue<string>());
        LastSteps.Remove(email);
        var confirm = await client.PostAsJsonAsync("/api/v1/auth/mfa/enrolment/confirm", new { code = NextCode(app, email) });
        var confirmed = await confirm.Content.ReadAsStringAsync();
        Assert.That(confirm.StatusCode, Is.EqualTo(HttpStatusCode.OK), confirmed);
        LastRecoveryCodes = JsonNode.Parse(confirmed)!["recoveryCodes"]!.AsArray().Select(c => c!.GetValue<string>()).ToList();
    }

    /// <summary>The code of the current step, after moving the fake clock past the last step used for this account.</summary>
    public static string NextCode(RecertApp app, string email)
    {
        var now = app.Time.GetUtcNow();
        var step = now.ToUnixTimeSeconds() / 30;
        if (LastSteps.TryGetValue(email, out var last) && step <= last)
        {
            app.Time.Advance(TimeSpan.FromSeconds(30 * (last - step + 1)));
            now = app.Time.GetUtcNow();
            step = now.ToUnixTimeSeconds() / 30;
        }

        LastSteps[email] = step;
        return new Totp(Secrets[email]).ComputeTotp(now.UtcDateTime);
    }
}
