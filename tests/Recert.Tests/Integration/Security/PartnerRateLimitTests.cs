using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Recert.Tests.Support;

namespace Recert.Tests.Integration.Security;

/// <summary>The partner rate limit partitions on the provider the key proves; unauthenticated partner traffic on the sender's address.</summary>
public sealed class PartnerRateLimitTests : PartnerTest
{
    const int ProviderLimit = 20;
    const int UnauthenticatedLimit = 10;

    protected override Dictionary<string, string?> Settings => new()
    {
        ["Recert:RateLimits:ProviderPerMinute"] = ProviderLimit.ToString(),
        ["Recert:RateLimits:PartnerUnauthenticatedPerMinute"] = UnauthenticatedLimit.ToString(),
    };

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<IStartupFilter, ClientAddressFromHeader>();

    /// <summary>Each test sends from its own address: the limiter's windows outlive a test.</summary>
    static string NewAddress() => $"198.51.{Random.Shared.Next(0, 255)}.{Random.Shared.Next(1, 255)}";

    static HttpRequestMessage Get(string key, string from)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/completions");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        request.Headers.Add(ClientAddressFromHeader.Header, from);
        return request;
    }

    [Test]
    public async Task Junk_keys_with_a_victims_prefix_do_not_use_up_the_victims_permits()
    {
        var victim = await ProviderAsync();
        var prefix = victim.Key.Split('_')[1];
        var forged = $"rcp_{prefix}_{new string('x', 43)}";
        var client = Anonymous();
        var attacker = NewAddress();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < ProviderLimit + 5; i++)
        {
            statuses.Add((await client.SendAsync(Get(forged, attacker))).StatusCode);
        }

        Assert.That(statuses.Take(UnauthenticatedLimit), Is.All.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(statuses.Skip(UnauthenticatedLimit), Is.All.EqualTo(HttpStatusCode.TooManyRequests), "the attacker's own address is limited");
        var real = await client.SendAsync(Get(victim.Key, NewAddress()));
        Assert.That(real.StatusCode, Is.EqualTo(HttpStatusCode.OK), await real.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Guessing_keys_from_one_address_gets_429_after_the_limit()
    {
        var client = Anonymous();
        var from = NewAddress();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 40; i++)
        {
            var (prefix, _) = Recert.Api.Features.Providers.ProviderKeys.Generate();
            statuses.Add((await client.SendAsync(Get($"rcp_{prefix}_{Guid.NewGuid():N}{i:D4}", from))).StatusCode);
        }

        Assert.That(statuses.Count(s => s == HttpStatusCode.Unauthorized), Is.EqualTo(UnauthenticatedLimit));
        Assert.That(statuses.Count(s => s == HttpStatusCode.TooManyRequests), Is.EqualTo(40 - UnauthenticatedLimit));
        var other = await client.SendAsync(Get("rcp_not-a-key", NewAddress()));
        Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "another address has its own permits");
    }

    [Test]
    public async Task A_valid_key_has_its_providers_permits_from_any_address()
    {
        var provider = await ProviderAsync();
        var client = Anonymous();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < ProviderLimit + 3; i++)
        {
            statuses.Add((await client.SendAsync(Get(provider.Key, NewAddress()))).StatusCode);
        }

        Assert.That(statuses.Take(ProviderLimit), Is.All.EqualTo(HttpStatusCode.OK));
        Assert.That(statuses.Skip(ProviderLimit), Is.All.EqualTo(HttpStatusCode.TooManyRequests));
    }
}
