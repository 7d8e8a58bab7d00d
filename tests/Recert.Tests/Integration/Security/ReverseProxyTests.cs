using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Recert.Tests.Support;

namespace Recert.Tests.Integration.Security;

/// <summary>X-Forwarded-For/Proto count only when the connection comes from a configured proxy.</summary>
public sealed class ReverseProxyTests : IntegrationTest
{
    const string Proxy = "10.0.0.5";
    const int Limit = 5;

    protected override Dictionary<string, string?> Settings => new()
    {
        ["Recert:ForwardedHeaders:KnownProxies:0"] = Proxy,
        ["Recert:ForwardedHeaders:KnownNetworks:0"] = "10.9.0.0/16",
        ["Recert:RateLimits:PartnerUnauthenticatedPerMinute"] = Limit.ToString(),
    };

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<IStartupFilter, ClientAddressFromHeader>();

    static string NewAddress() => $"203.0.{Random.Shared.Next(0, 255)}.{Random.Shared.Next(1, 255)}";

    static HttpRequestMessage Request(HttpMethod method, string path, string from, string? forwardedFor = null, string? forwardedProto = null, object? body = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add(ClientAddressFromHeader.Header, from);
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        if (forwardedProto is not null)
        {
            request.Headers.Add("X-Forwarded-Proto", forwardedProto);
        }

        return request;
    }

    async Task<List<HttpStatusCode>> UnauthenticatedPartnerCallsAsync(int count, string from, Func<int, string?> forwardedFor)
    {
        var client = Anonymous();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < count; i++)
        {
            statuses.Add((await client.SendAsync(Request(HttpMethod.Get, "/api/v1/completions", from, forwardedFor(i)))).StatusCode);
        }

        return statuses;
    }

    [Test]
    public async Task A_spoofed_X_Forwarded_For_from_an_unknown_sender_does_not_change_the_partition()
    {
        var statuses = await UnauthenticatedPartnerCallsAsync(Limit + 3, NewAddress(), _ => NewAddress());
        Assert.That(statuses.Skip(Limit), Is.All.EqualTo(HttpStatusCode.TooManyRequests), string.Join(",", statuses));
    }

    [TestCase(Proxy)]
    [TestCase("10.9.3.4")]
    public async Task From_a_known_proxy_the_forwarded_client_is_the_partition(string proxy)
    {
        var distinct = await UnauthenticatedPartnerCallsAsync(Limit + 3, proxy, _ => NewAddress());
        Assert.That(distinct, Is.All.EqualTo(HttpStatusCode.Unauthorized), "each forwarded client has its own permits");

        var client = NewAddress();
        var same = await UnauthenticatedPartnerCallsAsync(Limit + 3, proxy, _ => $"{NewAddress()}, {client}");
        Assert.That(same.Skip(Limit), Is.All.EqualTo(HttpStatusCode.TooManyRequests), "the right-most address before the proxy is the client");
    }

    [Test]
    public async Task Behind_a_known_proxy_on_https_cookies_are_Secure_and_HSTS_is_sent()
    {
        const string email = "proxied@example.test";
        await CertificantAsync(email);
        var client = Anonymous();
        var viaProxy = Request(HttpMethod.Post, "/api/v1/auth/login", Proxy, NewAddress(), "https",
            new { email, password = "a-long-password-1" });
        viaProxy.Headers.Host = "recert.example.org";
        var response = await client.SendAsync(viaProxy);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var session = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("recert.session=", StringComparison.Ordinal));
        Assert.That(session, Does.Contain("secure").IgnoreCase);
        Assert.That(response.Headers.TryGetValues("Strict-Transport-Security", out var hsts), Is.True);
        Assert.That(hsts!.Single(), Does.StartWith("max-age=31536000"));

        var spoofed = Request(HttpMethod.Post, "/api/v1/auth/login", NewAddress(), NewAddress(), "https",
            new { email, password = "a-long-password-1" });
        spoofed.Headers.Host = "recert.example.org";
        var direct = await Anonymous().SendAsync(spoofed);
        Assert.That(direct.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(direct.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("recert.session=", StringComparison.Ordinal)), Does.Not.Contain("secure").IgnoreCase,
            "X-Forwarded-Proto from an unknown sender is ignored: the request was http");
        Assert.That(direct.Headers.Contains("Strict-Transport-Security"), Is.False);
    }
}
