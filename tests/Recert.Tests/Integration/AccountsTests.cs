using Recert.Tests;
using System.Net;
using System.Net.Http.Json;
using Recert.Tests.Support;

namespace Recert.Tests.Integration;

public sealed class AccountsTests : IntegrationTest
{
    [Test]
    public async Task A_registered_and_verified_account_signs_in_and_me_shows_it()
    {
        var client = await CertificantAsync("new@example.test");
        var me = await ReadJsonAsync(await client.GetAsync("/api/v1/me"));
        Assert.Multiple(() =>
        {
            Assert.That(me["email"]!.GetValue<string>(), Is.EqualTo("new@example.test"));
            Assert.That(me["emailVerified"]!.GetValue<bool>(), Is.True);
            Assert.That(me["role"]!.GetValue<string>(), Is.EqualTo("certificant"));
        });
    }

    [Test]
    public async Task Registration_errors_name_the_fields()
    {
        var response = await Anonymous().PostAsJsonAsync("/api/v1/auth/register", new { email = "not-an-email", password = "short", firstName = "", lastName = "B" });
        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = problem["errors"]!.AsObject();
        Assert.That(errors.Select(e => e.Key), Is.EquivalentTo(new[] { "email", "password", "firstName" }));
    }

    [Test]
    public async Task Wrong_password_is_401_and_logout_ends_the_session()
    {
        await CertificantAsync("login@example.test");
        var client = Anonymous();
        await AssertProblemAsync(await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "login@example.test", password = "wrong-password" }), HttpStatusCode.Unauthorized);

        var ok = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "login@example.test", password = "a-long-password-1" });
        Assert.That(ok.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(ok.Headers.GetValues("Set-Cookie").Single(), Does.Contain("httponly").IgnoreCase.And.Contain("samesite=strict").IgnoreCase);

        await client.PostAsync("/api/v1/auth/logout", null);
        await AssertProblemAsync(await client.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task Passwords_are_stored_hashed_with_at_least_210000_iterations()
    {
        await CertificantAsync("hash@example.test");
        await using var connection = new Npgsql.NpgsqlConnection(TestDatabase.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("select password_hash from users where email = 'hash@example.test'", connection);
        var stored = Convert.FromBase64String((string)(await command.ExecuteScalarAsync())!);
        // ASP.NET Core Identity v3 format: 0x01, PRF (4 bytes), iteration count (4 bytes, big-endian), ...
        var iterations = (stored[5] << 24) | (stored[6] << 16) | (stored[7] << 8) | stored[8];
        Assert.Multiple(() =>
        {
            Assert.That(stored[0], Is.EqualTo(0x01));
            Assert.That(iterations, Is.GreaterThanOrEqualTo(210_000));
        });
    }

    [Test]
    public async Task A_certification_registered_with_the_users_email_belongs_to_them()
    {
        var staff = await StaffAsync();
        await CreateCertificationAsync(staff, "CPT-1", "owner@example.test", new DateOnly(2025, 1, 1), new DateOnly(2026, 12, 31));
        var client = await CertificantAsync("owner@example.test");
        var me = await ReadJsonAsync(await client.GetAsync("/api/v1/me"));
        Assert.That(me["certificationNumbers"]!.AsArray().Select(n => n!.GetValue<string>()), Is.EqualTo(new[] { "CPT-1" }));
    }

    [Test]
    public async Task Staff_only_endpoints_refuse_certificants_and_anonymous_callers()
    {
        var certificant = await CertificantAsync("plain@example.test");
        var body = new { number = "CPT-3", credential = "CPT", firstName = "A", lastName = "B", email = "b@example.test", cycleStart = "2025-01-01", expiresOn = "2026-12-31" };
        await AssertProblemAsync(await certificant.PostAsJsonAsync("/api/v1/certifications", body), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await Anonymous().PostAsJsonAsync("/api/v1/certifications", body), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await certificant.PutAsJsonAsync("/api/v1/fee-schedule", new { currency = "USD", renewalCents = 1, lateCents = 1, additionalLateCents = 1, forLifeCents = 1, petitionCents = 1 }), HttpStatusCode.Forbidden);
    }
}
