using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OtpNet;
using Recert.Tests.Support;

namespace Recert.Tests.Integration.Sessions;

/// <summary>Issue 9: server-side sessions, CSRF, password reset and change, staff TOTP.</summary>
public sealed partial class SessionsTests : IntegrationTest
{
    const string Password = "a-long-password-1";

    HttpClient Bare() => App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false });

    static string SessionCookie(HttpResponseMessage login)
        => login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("recert.session=", StringComparison.Ordinal)).Split(';')[0];

    async Task<string> LoginCookieAsync(string email, string password = Password)
    {
        var login = await Anonymous().PostAsJsonAsync("/api/v1/auth/login", new { email, password });
        Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.OK), await login.Content.ReadAsStringAsync());
        return SessionCookie(login);
    }

    async Task<HttpResponseMessage> WithCookieAsync(HttpMethod method, string url, string cookie, object? body = null, bool csrfHeader = true, string? origin = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add("Cookie", cookie);
        if (csrfHeader)
        {
            request.Headers.Add("X-Recert-Client", "tests");
        }

        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return await Bare().SendAsync(request);
    }

    [Test]
    public async Task A_saved_copy_of_the_cookie_gets_401_after_logout()
    {
        await CertificantAsync("copy@example.test");
        var cookie = await LoginCookieAsync("copy@example.test");
        Assert.That((await WithCookieAsync(HttpMethod.Get, "/api/v1/me", cookie)).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        Assert.That((await WithCookieAsync(HttpMethod.Post, "/api/v1/auth/logout", cookie)).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));

        await AssertProblemAsync(await WithCookieAsync(HttpMethod.Get, "/api/v1/me", cookie), HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task Sessions_end_after_the_absolute_lifetime_even_when_active()
    {
        // A browser: it keeps the cookie the sliding expiration renews.
        var client = await CertificantAsync("busy@example.test");
        // Active every 90 minutes (inside the 2-hour idle timeout) until the 12-hour lifetime is over.
        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromHours(12); elapsed += TimeSpan.FromMinutes(90))
        {
            Assert.That((await client.GetAsync("/api/v1/me")).StatusCode, Is.EqualTo(HttpStatusCode.OK), $"after {elapsed}");
            App.Time.Advance(TimeSpan.FromMinutes(90));
        }

        await AssertProblemAsync(await client.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task An_idle_session_ends_and_staff_idle_sooner()
    {
        await CertificantAsync("idle@example.test");
        var certificant = await LoginCookieAsync("idle@example.test");
        var staff = await StaffAsync();
        App.Time.Advance(TimeSpan.FromMinutes(31));
        Assert.That((await WithCookieAsync(HttpMethod.Get, "/api/v1/me", certificant)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await AssertProblemAsync(await staff.GetAsync("/api/v1/staff/queues"), HttpStatusCode.Unauthorized);

        App.Time.Advance(TimeSpan.FromHours(2));
        await AssertProblemAsync(await WithCookieAsync(HttpMethod.Get, "/api/v1/me", certificant), HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task Cross_site_posts_with_the_cookie_get_403_and_same_origin_or_the_spa_header_pass()
    {
        await CertificantAsync("csrf@example.test");
        var cookie = await LoginCookieAsync("csrf@example.test");
        var own = Bare().BaseAddress!.GetLeftPart(UriPartial.Authority);

        var crossSite = await WithCookieAsync(HttpMethod.Post, "/api/v1/auth/sign-out-everywhere", cookie, csrfHeader: false, origin: "https://evil.example");
        await AssertProblemAsync(crossSite, HttpStatusCode.Forbidden);
        var noProof = await WithCookieAsync(HttpMethod.Post, "/api/v1/auth/sign-out-everywhere", cookie, csrfHeader: false);
        await AssertProblemAsync(noProof, HttpStatusCode.Forbidden);
        Assert.That((await WithCookieAsync(HttpMethod.Get, "/api/v1/me", cookie, csrfHeader: false)).StatusCode, Is.EqualTo(HttpStatusCode.OK),
            "the refused posts changed nothing and reads need no proof");

        using (var fetchMetadata = new HttpRequestMessage(HttpMethod.Post, "/api/v1/documents"))
        {
            fetchMetadata.Headers.Add("Cookie", cookie);
            fetchMetadata.Headers.Add("Sec-Fetch-Site", "same-origin");
            fetchMetadata.Content = new MultipartFormDataContent { { new ByteArrayContent(PdfBytes) { Headers = { ContentType = new("application/pdf") } }, "file", "c.pdf" } };
            Assert.That((await Bare().SendAsync(fetchMetadata)).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }

        Assert.That((await WithCookieAsync(HttpMethod.Post, "/api/v1/auth/logout", cookie, csrfHeader: false, origin: own)).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        var again = await LoginCookieAsync("csrf@example.test");
        Assert.That((await WithCookieAsync(HttpMethod.Post, "/api/v1/auth/logout", again, csrfHeader: true)).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));

        var loginCsrf = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/login") { Content = JsonContent.Create(new { email = "csrf@example.test", password = Password }) };
        loginCsrf.Headers.Add("Origin", "https://evil.example");
        await AssertProblemAsync(await Bare().SendAsync(loginCsrf), HttpStatusCode.Forbidden);
    }

    async Task<string> ResetTokenFromEmailAsync(string email)
    {
        await using var connection = await App.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        var body = await connection.QuerySingleAsync<string>(
            "select body from email_outbox where kind = 'password-reset' and to_address = @Email order by seq desc limit 1", new { Email = email });
        return ResetLink().Match(body).Groups[1].Value;
    }

    async Task<int> EmailsAsync(string email, string kind)
    {
        await using var connection = await App.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<int>("select count(*) from email_outbox where kind = @Kind and to_address = @Email", new { Email = email, Kind = kind });
    }

    [Test]
    public async Task Forgot_password_answers_the_same_for_unknown_emails_and_reset_works_once_and_ends_other_sessions()
    {
        var other = await CertificantAsync("forgot@example.test");
        var unknown = await Anonymous().PostAsJsonAsync("/api/v1/auth/password/forgot", new { email = "nobody@example.test" });
        var known = await Anonymous().PostAsJsonAsync("/api/v1/auth/password/forgot", new { email = "FORGOT@example.test" });
        Assert.That((unknown.StatusCode, await unknown.Content.ReadAsStringAsync()), Is.EqualTo((known.StatusCode, await known.Content.ReadAsStringAsync())));
        Assert.That(known.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));

        var token = await ResetTokenFromEmailAsync("forgot@example.test");
        Assert.That(token, Has.Length.GreaterThan(30));
        var weak = await Anonymous().PostAsJsonAsync("/api/v1/auth/password/reset", new { token, password = "password1234" });
        Assert.That((await AssertProblemAsync(weak, HttpStatusCode.BadRequest))["errors"]!["password"], Is.Not.Null);

        var reset = await Anonymous().PostAsJsonAsync("/api/v1/auth/password/reset", new { token, password = "a-new-and-long-one-7" });
        Assert.That(reset.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await reset.Content.ReadAsStringAsync());
        await AssertProblemAsync(await other.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized);
        Assert.That(await EmailsAsync("forgot@example.test", "password-changed"), Is.EqualTo(1));

        var reused = await AssertProblemAsync(await Anonymous().PostAsJsonAsync("/api/v1/auth/password/reset", new { token, password = "yet-another-long-one-8" }), HttpStatusCode.Gone);
        Assert.That(reused["code"]!.GetValue<string>(), Is.EqualTo("token.used"));
        var forged = await AssertProblemAsync(await Anonymous().PostAsJsonAsync("/api/v1/auth/password/reset", new { token = token[..^2] + "xx", password = "yet-another-long-one-8" }), HttpStatusCode.BadRequest);
        Assert.That(forged["code"]!.GetValue<string>(), Is.EqualTo("token.invalid"));

        await AssertProblemAsync(await Anonymous().PostAsJsonAsync("/api/v1/auth/login", new { email = "forgot@example.test", password = Password }), HttpStatusCode.Unauthorized);
        await SignInAgainAsync(Anonymous(), "forgot@example.test", "a-new-and-long-one-7");
    }

    [Test]
    public async Task A_reset_link_expires_after_one_hour()
    {
        await CertificantAsync("late@example.test");
        await Anonymous().PostAsJsonAsync("/api/v1/auth/password/forgot", new { email = "late@example.test" });
        var token = await ResetTokenFromEmailAsync("late@example.test");
        App.Time.Advance(TimeSpan.FromMinutes(61));
        var expired = await AssertProblemAsync(await Anonymous().PostAsJsonAsync("/api/v1/auth/password/reset", new { token, password = "a-new-and-long-one-7" }), HttpStatusCode.Gone);
        Assert.That(expired["code"]!.GetValue<string>(), Is.EqualTo("token.expired"));
    }

    [Test]
    public async Task Changing_the_password_needs_the_current_one_and_ends_the_other_sessions_only()
    {
        var here = await CertificantAsync("change@example.test");
        var elsewhere = Anonymous();
        await SignInAgainAsync(elsewhere, "change@example.test");

        var wrong = await AssertProblemAsync(await here.PostAsJsonAsync("/api/v1/auth/password/change", new { currentPassword = "not-my-password", newPassword = "a-new-and-long-one-7" }), HttpStatusCode.BadRequest);
        Assert.That(wrong["errors"]!["currentPassword"], Is.Not.Null);
        var withEmail = await AssertProblemAsync(await here.PostAsJsonAsync("/api/v1/auth/password/change", new { currentPassword = Password, newPassword = "my-name-is-change-ok" }), HttpStatusCode.BadRequest);
        Assert.That(withEmail["errors"]!["newPassword"], Is.Not.Null);
        Assert.That((await elsewhere.GetAsync("/api/v1/me")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "refused changes end nothing");

        var changed = await here.PostAsJsonAsync("/api/v1/auth/password/change", new { currentPassword = Password, newPassword = "a-new-and-long-one-7" });
        Assert.That(changed.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await changed.Content.ReadAsStringAsync());
        Assert.That((await here.GetAsync("/api/v1/me")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await AssertProblemAsync(await elsewhere.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task Staff_without_a_totp_code_cannot_sign_in_nor_reach_staff_endpoints()
    {
        var client = Anonymous();
        var login = await StaffTotp.PasswordStepAsync(client, RecertApp.StaffEmail, RecertApp.StaffPassword);
        Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That((await ReadJsonAsync(login))["step"]!.GetValue<string>(), Is.EqualTo("enrol"));
        await AssertProblemAsync(await client.GetAsync("/api/v1/staff/queues"), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await client.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await client.PostAsJsonAsync("/api/v1/certifications", new { number = "X" }), HttpStatusCode.Unauthorized);

        await StaffTotp.EnrolAsync(App, client, RecertApp.StaffEmail);
        Assert.That((await client.GetAsync("/api/v1/staff/queues")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var next = Anonymous();
        var second = await StaffTotp.PasswordStepAsync(next, RecertApp.StaffEmail, RecertApp.StaffPassword);
        Assert.That((await ReadJsonAsync(second))["step"]!.GetValue<string>(), Is.EqualTo("verify"));
        await AssertProblemAsync(await next.GetAsync("/api/v1/staff/queues"), HttpStatusCode.Unauthorized);
        var wrong = await next.PostAsJsonAsync("/api/v1/auth/mfa/verify", new { code = "000000" });
        await AssertProblemAsync(wrong, HttpStatusCode.BadRequest);
        await AssertProblemAsync(await next.GetAsync("/api/v1/staff/queues"), HttpStatusCode.Unauthorized);

        var code = StaffTotp.NextCode(App, RecertApp.StaffEmail);
        Assert.That((await next.PostAsJsonAsync("/api/v1/auth/mfa/verify", new { code })).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await next.GetAsync("/api/v1/staff/queues")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        // The same code again, in the same 30 seconds, from another sign-in: a replay.
        var replay = Anonymous();
        await StaffTotp.PasswordStepAsync(replay, RecertApp.StaffEmail, RecertApp.StaffPassword);
        await AssertProblemAsync(await replay.PostAsJsonAsync("/api/v1/auth/mfa/verify", new { code }), HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task Five_wrong_codes_end_the_pending_sign_in()
    {
        await StaffAsync();
        var client = Anonymous();
        await StaffTotp.PasswordStepAsync(client, RecertApp.StaffEmail, RecertApp.StaffPassword);
        for (var i = 0; i < 5; i++)
        {
            await AssertProblemAsync(await client.PostAsJsonAsync("/api/v1/auth/mfa/verify", new { code = "000000" }), HttpStatusCode.BadRequest);
        }

        await AssertProblemAsync(await client.PostAsJsonAsync("/api/v1/auth/mfa/verify", new { code = StaffTotp.NextCode(App, RecertApp.StaffEmail) }), HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task A_recovery_code_works_once()
    {
        await StaffAsync();
        var recovery = StaffTotp.LastRecoveryCodes;
        Assert.That(recovery, Has.Count.EqualTo(10).And.Unique);

        var first = Anonymous();
        await StaffTotp.PasswordStepAsync(first, RecertApp.StaffEmail, RecertApp.StaffPassword);
        Assert.That((await first.PostAsJsonAsync("/api/v1/auth/mfa/verify", new { recoveryCode = recovery[3].ToUpperInvariant() })).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await first.GetAsync("/api/v1/staff/queues")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var second = Anonymous();
        await StaffTotp.PasswordStepAsync(second, RecertApp.StaffEmail, RecertApp.StaffPassword);
        await AssertProblemAsync(await second.PostAsJsonAsync("/api/v1/auth/mfa/verify", new { recoveryCode = recovery[3] }), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await second.GetAsync("/api/v1/staff/queues"), HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task The_totp_secret_is_stored_encrypted()
    {
        await StaffAsync();
        await using var connection = await App.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        var stored = await connection.QuerySingleAsync<string>("select secret_protected from staff_mfa");
        var secret = StaffTotp.SecretOf(RecertApp.StaffEmail);
        Assert.Multiple(() =>
        {
            Assert.That(stored, Does.Not.Contain(Base32Encoding.ToString(secret)));
            Assert.That(stored, Does.Not.Contain(Convert.ToBase64String(secret)));
        });
    }

    [Test]
    public async Task Staff_end_another_accounts_sessions_and_sign_out_everywhere_ends_their_own()
    {
        var holder = await CertificantAsync("victim@example.test");
        var staff = await StaffAsync();
        var holderId = (await ReadJsonAsync(await holder.GetAsync("/api/v1/me")))["id"]!.GetValue<Guid>();

        Assert.That((await staff.PostAsync($"/api/v1/staff/users/{holderId}/sign-out-everywhere", null)).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        await AssertProblemAsync(await holder.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await staff.PostAsync($"/api/v1/staff/users/{Guid.NewGuid()}/sign-out-everywhere", null), HttpStatusCode.NotFound);

        var second = await StaffAsync();
        Assert.That((await staff.PostAsync("/api/v1/auth/sign-out-everywhere", null)).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        await AssertProblemAsync(await staff.GetAsync("/api/v1/staff/queues"), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await second.GetAsync("/api/v1/staff/queues"), HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task Staff_reset_another_staff_members_mfa_and_that_member_enrols_again()
    {
        await using (var connection = await App.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync())
        {
            var hasher = App.Services.GetRequiredService<Microsoft.AspNetCore.Identity.IPasswordHasher<object>>();
            await connection.ExecuteAsync("insert into users (email, password_hash, first_name, last_name, role) values ('colleague@recert.test', @Hash, 'Col', 'League', 'staff')",
                new { Hash = hasher.HashPassword(new object(), "colleagues-own-long-password") });
        }

        var colleague = await StaffAsync("colleague@recert.test", "colleagues-own-long-password");
        var staff = await StaffAsync();
        var members = await staff.GetFromJsonAsync<System.Text.Json.Nodes.JsonArray>("/api/v1/staff/staff-members");
        var colleagueId = members!.Single(m => m!["email"]!.GetValue<string>() == "colleague@recert.test")!["id"]!.GetValue<Guid>();
        var selfId = members!.Single(m => m!["email"]!.GetValue<string>() == RecertApp.StaffEmail)!["id"]!.GetValue<Guid>();
        Assert.That(members!.All(m => m!["mfaEnrolled"]!.GetValue<bool>()));

        await AssertProblemAsync(await staff.PostAsync($"/api/v1/staff/staff-members/{selfId}/mfa/reset", null), HttpStatusCode.Conflict);
        var holder = await CertificantAsync("not-staff@example.test");
        var holderId = (await ReadJsonAsync(await holder.GetAsync("/api/v1/me")))["id"]!.GetValue<Guid>();
        await AssertProblemAsync(await staff.PostAsync($"/api/v1/staff/staff-members/{holderId}/mfa/reset", null), HttpStatusCode.NotFound);

        Assert.That((await staff.PostAsync($"/api/v1/staff/staff-members/{colleagueId}/mfa/reset", null)).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        await AssertProblemAsync(await colleague.GetAsync("/api/v1/staff/queues"), HttpStatusCode.Unauthorized);
        var again = await StaffTotp.PasswordStepAsync(Anonymous(), "colleague@recert.test", "colleagues-own-long-password");
        Assert.That((await ReadJsonAsync(again))["step"]!.GetValue<string>(), Is.EqualTo("enrol"));
    }

    [Test]
    public async Task Register_refuses_weak_passwords()
    {
        foreach (var (password, why) in new[] { ("aaaaaaaaaa", "too short"), ("qwerty123456", "common"), ("weakling-42-is-me", "contains the email") })
        {
            var response = await Anonymous().PostAsJsonAsync("/api/v1/auth/register", new { email = "weakling-42@example.test", password, firstName = "W", lastName = "L" });
            var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
            Assert.That(problem["errors"]!["password"], Is.Not.Null, why);
        }
    }

    [Test]
    public void The_api_does_not_start_with_a_weak_bootstrap_staff_password()
    {
        using var weak = new RecertApp(new Dictionary<string, string?> { ["Recert:BootstrapStaff:Password"] = "staff-password-2026" });
        var failure = Assert.Catch(() => _ = weak.Services);
        var messages = string.Join(" | ", Flatten(failure!).Select(e => e.Message));
        Assert.That(messages, Does.Contain("Recert:BootstrapStaff:Password").And.Contain("must not contain your email"));
    }

    static IEnumerable<Exception> Flatten(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Flatten))
                {
                    yield return inner;
                }
            }
        }
    }

    [GeneratedRegex(@"/reset-password\?token=([A-Za-z0-9_-]+)")]
    private static partial Regex ResetLink();
}
