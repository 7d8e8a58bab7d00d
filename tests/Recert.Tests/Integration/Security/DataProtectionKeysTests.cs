using System.Net;
using System.Net.Http.Json;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Recert.Tests.Support;

namespace Recert.Tests.Integration.Security;

/// <summary>The Data Protection key ring lives in PostgreSQL: instances share it and it outlives them.</summary>
public sealed class DataProtectionKeysTests : IntegrationTest
{
    const string Email = "shared.session@example.test";

    static async Task<string> SessionCookieAsync(RecertApp app)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        client.DefaultRequestHeaders.Add("X-Recert-Client", "tests");
        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = Email, password = "a-long-password-1" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return string.Join("; ", response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
    }

    static async Task<HttpStatusCode> MeAsync(RecertApp app, string cookie)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
        request.Headers.Add("Cookie", cookie);
        return (await client.SendAsync(request)).StatusCode;
    }

    [Test]
    public async Task Two_instances_on_one_database_read_each_others_cookies_and_protected_data_and_a_restart_keeps_them()
    {
        await CertificantAsync(Email);
        var first = new RecertApp();
        var cookie = await SessionCookieAsync(first);
        var payload = first.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("shared");

        await using var second = new RecertApp();
        Assert.That(await MeAsync(second, cookie), Is.EqualTo(HttpStatusCode.OK), "the second instance reads the first one's session cookie");
        Assert.That(second.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(payload), Is.EqualTo("shared"));
        Assert.That(await MeAsync(second, cookie.Replace("=", "=x")), Is.EqualTo(HttpStatusCode.Unauthorized), "a tampered cookie is refused");

        await first.DisposeAsync();
        await using var restarted = new RecertApp();
        Assert.That(await MeAsync(restarted, cookie), Is.EqualTo(HttpStatusCode.OK), "sessions survive a restart without a keys folder");

        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        var keys = (await connection.QueryAsync<string>("select xml from data_protection_keys")).ToList();
        Assert.That(keys, Is.Not.Empty);
        Assert.That(keys, Has.All.Contain("<key id="));
    }
}
