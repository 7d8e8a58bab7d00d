using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Recert.Tests.Support;

namespace Recert.Tests.Integration.Security;

/// <summary>
/// Two API instances on one database enforce one limit: the requests of a burst, split across both hosts and sent at
/// once, get exactly the limit allowed and the rest 429 (with Retry-After), for every policy.
/// </summary>
public sealed class SharedRateLimitTests : PartnerTest
{
    const int ProviderLimit = 12;
    const int UnauthenticatedLimit = 7;
    const int AuthLimit = 9;

    RecertApp second = null!;

    protected override Dictionary<string, string?> Settings => new()
    {
        ["Recert:RateLimits:ProviderPerMinute"] = ProviderLimit.ToString(),
        ["Recert:RateLimits:PartnerUnauthenticatedPerMinute"] = UnauthenticatedLimit.ToString(),
        ["Recert:RateLimits:AuthPerMinute"] = AuthLimit.ToString(),
    };

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<IStartupFilter, ClientAddressFromHeader>();

    [OneTimeSetUp]
    public void CreateSecondInstance() => second = new RecertApp(Settings, ConfigureServices);

    [OneTimeTearDown]
    public void DisposeSecondInstance() => second.Dispose();

    /// <summary>Both instances' clocks at the same instant, so they count in the same window.</summary>
    [SetUp]
    public void AlignClocks() => second.Time.AdjustTime(App.Time.GetUtcNow());

    HttpClient[] Clients()
        => [App.CreateClient(), second.CreateClient(new WebApplicationFactoryClientOptions())];

    static HttpRequestMessage Partner(string key, string from)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/completions");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        request.Headers.Add(ClientAddressFromHeader.Header, from);
        return request;
    }

    static async Task<List<HttpResponseMessage>> SplitAsync(HttpClient[] clients, int count, Func<int, HttpRequestMessage> request)
        => [.. await Task.WhenAll(Enumerable.Range(0, count).Select(i => clients[i % clients.Length].SendAsync(request(i))))];

    static async Task AssertRejectedAsync(IEnumerable<HttpResponseMessage> rejected)
    {
        foreach (var response in rejected)
        {
            await AssertProblemAsync(response, HttpStatusCode.TooManyRequests);
            Assert.That(int.Parse(response.Headers.GetValues("Retry-After").Single()), Is.InRange(1, 60));
        }
    }

    [Test]
    public async Task A_providers_permits_are_one_budget_across_instances()
    {
        var provider = await ProviderAsync();
        var responses = await SplitAsync(Clients(), ProviderLimit * 2 + 4, i => Partner(provider.Key, $"203.0.113.{i + 1}"));

        Assert.That(responses.Count(r => r.StatusCode == HttpStatusCode.OK), Is.EqualTo(ProviderLimit));
        Assert.That(responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests), Is.EqualTo(ProviderLimit + 4));
        await AssertRejectedAsync(responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests));

        App.Time.Advance(TimeSpan.FromMinutes(1));
        second.Time.Advance(TimeSpan.FromMinutes(1));
        var nextWindow = await SplitAsync(Clients(), 2, i => Partner(provider.Key, "203.0.113.200"));
        Assert.That(nextWindow.Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.OK), "the next minute is a new window on both instances");
    }

    [Test]
    public async Task Key_guesses_from_one_address_are_one_budget_across_instances()
    {
        var responses = await SplitAsync(Clients(), UnauthenticatedLimit * 3, i => Partner($"rcp_guess{i:D4}_{Guid.NewGuid():N}", "198.51.100.7"));

        Assert.That(responses.Count(r => r.StatusCode == HttpStatusCode.Unauthorized), Is.EqualTo(UnauthenticatedLimit));
        Assert.That(responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests), Is.EqualTo(UnauthenticatedLimit * 2));
        await AssertRejectedAsync(responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests));

        var elsewhere = await Clients()[1].SendAsync(Partner("rcp_guess_other", "198.51.100.8"));
        Assert.That(elsewhere.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "another address has its own permits");
    }

    [Test]
    public async Task Once_over_the_limit_an_instance_denies_the_rest_of_the_window_without_counting_in_the_database()
    {
        var (first, other) = (Clients()[0], Clients()[1]);
        const string from = "198.51.100.9";
        for (var i = 0; i < UnauthenticatedLimit + 6; i++)
        {
            await first.SendAsync(Partner($"rcp_flood{i:D4}_x", from));
        }

        for (var i = 0; i < 6; i++)
        {
            var response = await other.SendAsync(Partner($"rcp_flood_other{i:D4}_x", from));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests), "the other instance sees the shared count");
        }

        await using var connection = new Npgsql.NpgsqlConnection(TestDatabase.ConnectionString);
        var hits = await Dapper.SqlMapper.ExecuteScalarAsync<int>(connection, "select hits from rate_limit_windows where key = @Key",
            new { Key = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("partner-ip:" + from)) });
        Assert.That(hits, Is.EqualTo(UnauthenticatedLimit + 2), "each instance counted one request over the limit, then stopped asking");
    }

    [Test]
    public async Task Sign_in_attempts_from_one_address_are_one_budget_across_instances()
    {
        var clients = Clients();
        foreach (var client in clients)
        {
            client.DefaultRequestHeaders.Add(Recert.Api.Features.Sessions.CsrfProtectionMiddleware.HeaderName, "tests");
        }

        // A new email each time: the per-account throttle stays out of it, only the per-address limit counts.
        var responses = await SplitAsync(clients, AuthLimit * 2 + 1, i => new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/login")
        {
            Content = JsonContent.Create(new { email = $"nobody-{i}@example.test", password = "a-wrong-password" }),
            Headers = { { ClientAddressFromHeader.Header, "192.0.2.44" } },
        });

        Assert.That(responses.Count(r => r.StatusCode == HttpStatusCode.Unauthorized), Is.EqualTo(AuthLimit));
        Assert.That(responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests), Is.EqualTo(AuthLimit + 1));
        await AssertRejectedAsync(responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests));
    }
}
