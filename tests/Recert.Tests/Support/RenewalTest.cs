using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MimeKit;
using Npgsql;
using Recert.Api.Features.Email;

namespace Recert.Tests.Support;

/// <summary>Records what would have been sent; <see cref="Failing"/> makes it behave like an SMTP server that is down.</summary>
public sealed class FakeEmailTransport : IEmailTransport
{
    public ConcurrentQueue<MimeMessage> Sent { get; } = new();

    public bool Failing { get; set; }

    public Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        if (Failing)
        {
            throw new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused);
        }

        Sent.Enqueue(message);
        return Task.CompletedTask;
    }
}

/// <summary>Helpers for the renewal journey after submission: submit, pay, audit, and look at what the database holds.</summary>
public abstract class RenewalTest : IntegrationTest
{
    protected virtual string AuditRate => "0";

    protected FakeEmailTransport Mail { get; } = new();

    protected override Dictionary<string, string?> Settings => new() { ["Recert:Audit:Rate"] = AuditRate };

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.RemoveAll<IEmailTransport>();
        services.AddSingleton<IEmailTransport>(Mail);
    }

    [SetUp]
    public void ResetMail()
    {
        Mail.Failing = false;
        Mail.Sent.Clear();
    }

    protected static readonly DateOnly Expiry = new(2026, 7, 31);

    /// <summary>A holder eligible until well after <see cref="Expiry"/>, with 2.0 CEUs completed in the cycle.</summary>
    protected async Task<HttpClient> EligibleHolderAsync(string number, DateOnly? expiresOn = null)
    {
        var client = await HolderAsync(number, expiresOn ?? Expiry);
        await MakeEligibleAsync(client, number, (expiresOn ?? Expiry).AddMonths(-10), (expiresOn ?? Expiry).AddYears(3));
        return client;
    }

    protected static async Task<JsonObject> SubmitAsync(HttpClient client, string number, string plan = "renew")
    {
        var response = await client.PostAsJsonAsync($"/api/v1/certifications/{number}/applications", new { plan });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return await ReadJsonAsync(response);
    }

    protected static Task<HttpResponseMessage> CheckoutAsync(HttpClient client, string token = "tok_visa")
        => client.PostAsJsonAsync("/api/v1/me/cart/checkout", new { paymentToken = token });

    protected static async Task<JsonObject> PayAsync(HttpClient client, string token = "tok_visa")
    {
        var response = await CheckoutAsync(client, token);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await ReadJsonAsync(response);
    }

    protected static async Task<JsonObject> GetJsonAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await ReadJsonAsync(response);
    }

    protected static async Task<JsonArray> GetArrayAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonArray>())!;
    }

    protected async Task<T> ScalarAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = await App.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        return (await connection.ExecuteScalarAsync<T>(sql, parameters))!;
    }

    protected Task<long> SuccessfulChargesAsync() => ScalarAsync<long>("select count(*) from sandbox_charges where outcome = 'succeeded'");

    protected async Task<string[]> QueuedEmailKindsAsync(string number)
        => (await ScalarAsync<string>(
            "select coalesce(string_agg(e.kind, ',' order by e.seq), '') from email_outbox e join certifications c on c.id = e.certification_id where c.number = @Number",
            new { Number = number })).Split(',', StringSplitOptions.RemoveEmptyEntries);

    protected async Task<T> RunAsync<T>(Func<IServiceProvider, Task<T>> job)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await job(scope.ServiceProvider);
    }
}
