using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Recert.Api.Features.Completions;
using Recert.Tests.Support;

namespace Recert.Tests.Integration;

/// <summary>
/// A COMMIT whose answer is lost is never run again (the first attempt committed: a retry would apply it twice), and an
/// Idempotency-Key whose owner died is free at once while a live owner still makes a second request 409.
/// </summary>
public sealed class ReliabilityTests : PartnerTest
{
    static CuttingProxy? proxy;

    static CuttingProxy Proxy
    {
        get
        {
            if (proxy is null)
            {
                var target = new NpgsqlConnectionStringBuilder(TestDatabase.ConnectionString);
                proxy = new CuttingProxy(target.Host!, target.Port);
            }

            return proxy;
        }
    }

    protected override Dictionary<string, string?> Settings => new()
    {
        ["ConnectionStrings:Recert"] = new NpgsqlConnectionStringBuilder(TestDatabase.ConnectionString)
        {
            Host = "127.0.0.1", Port = Proxy.Port, MaxPoolSize = 30, Timeout = 30, SslMode = SslMode.Disable,
        }.ConnectionString,
    };

    [OneTimeTearDown]
    public void StopProxy()
    {
        proxy?.Dispose();
        proxy = null;
    }

    static async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        return await connection.ExecuteScalarAsync<long>(sql);
    }

    [Test]
    public async Task A_commit_whose_answer_is_lost_is_not_run_again_and_answers_503_outcome_unknown()
    {
        var client = await CertificantAsync("dana@example.test");
        Assert.That(await CountAsync("select count(*) from documents"), Is.Zero);

        Proxy.ArmCutAfterNextCommit();
        var response = await UploadAsync(client, PdfBytes);

        var problem = await AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.That(problem["code"]?.GetValue<string>(), Is.EqualTo("transaction.outcome-unknown"));
        Assert.That(problem["detail"]!.GetValue<string>(), Does.Contain("may or may not have been saved"));
        Assert.That(Proxy.CommitsCut, Is.EqualTo(1));
        Assert.That(await CountAsync("select count(*) from documents"), Is.EqualTo(1), "the first attempt committed; it was not applied a second time");
    }

    [Test]
    public async Task A_keyed_batch_whose_commit_answer_is_lost_is_replayed_from_its_key_with_one_effect()
    {
        await HolderAsync("CPT-500", Expiry);
        var provider = await ProviderAsync();

        Proxy.ArmCutAfterNextCommit();
        var lost = await provider.Client.SendAsync(Batch([Record("r-1")], idempotencyKey: "lost-answer"));
        var problem = await AssertProblemAsync(lost, HttpStatusCode.ServiceUnavailable);
        Assert.That(problem["code"]?.GetValue<string>(), Is.EqualTo("transaction.outcome-unknown"));

        var retried = await provider.Client.SendAsync(Batch([Record("r-1")], idempotencyKey: "lost-answer"));
        Assert.That(retried.StatusCode, Is.EqualTo(HttpStatusCode.OK), await retried.Content.ReadAsStringAsync());
        Assert.That(retried.Headers.GetValues("Idempotent-Replayed").Single(), Is.EqualTo("true"));
        Assert.That(Outcome((await ReadJsonAsync(retried))["results"]![0]), Is.EqualTo("accepted"));
        Assert.That(await ProviderLedgerAsync("CPT-500"), Has.Count.EqualTo(1));
    }

    static readonly byte[] BatchBody = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
    {
        completions = new[] { new { externalId = "k-1", courseCode = "KB-101", certificationNumber = "CPT-500", lastName = "Rivera", completedOn = "2026-03-01" } },
    }));

    static HttpRequestMessage RawBatch(string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/completions") { Content = new ByteArrayContent(BatchBody) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    [Test]
    public async Task A_key_whose_owner_died_is_taken_over_at_once()
    {
        await HolderAsync("CPT-500", Expiry);
        var provider = await ProviderAsync();
        var store = App.Services.GetRequiredService<IdempotencyStore>();
        var hash = IdempotencyStore.RequestHash("POST", "/api/v1/completions", BatchBody);

        // An owner that claimed the key, then its process died: its connections are gone, no answer was stored.
        var claim = await store.ClaimAsync(provider.Id, "dead-owner", hash, CancellationToken.None);
        Assert.That(claim.Owner, Is.True);
        await using (var admin = new NpgsqlConnection(TestDatabase.ConnectionString))
        {
            var killed = await admin.ExecuteScalarAsync<long>("""
                select count(*) from (select pg_terminate_backend(pid) from pg_locks
                where locktype = 'advisory' and database = (select oid from pg_database where datname = current_database()) and granted) t
                """);
            Assert.That(killed, Is.EqualTo(1));
        }

        var retried = await provider.Client.SendAsync(RawBatch("dead-owner"));
        Assert.That(retried.StatusCode, Is.EqualTo(HttpStatusCode.OK), await retried.Content.ReadAsStringAsync());
        Assert.That(Outcome((await ReadJsonAsync(retried))["results"]![0]), Is.EqualTo("accepted"));
        try
        {
            await claim.DisposeAsync();
        }
        catch (NpgsqlException)
        {
            // Its connection was terminated: nothing to release.
        }
    }

    [Test]
    public async Task A_key_whose_owner_is_alive_is_409_until_the_owner_ends()
    {
        await HolderAsync("CPT-500", Expiry);
        var provider = await ProviderAsync();
        var store = App.Services.GetRequiredService<IdempotencyStore>();
        var hash = IdempotencyStore.RequestHash("POST", "/api/v1/completions", BatchBody);

        var claim = await store.ClaimAsync(provider.Id, "live-owner", hash, CancellationToken.None);
        Assert.That(claim.Owner, Is.True);
        var concurrent = await provider.Client.SendAsync(RawBatch("live-owner"));
        var problem = await AssertProblemAsync(concurrent, HttpStatusCode.Conflict);
        Assert.That(problem["code"]!.GetValue<string>(), Is.EqualTo("idempotency.in-flight"));

        await claim.DisposeAsync();
        var after = await provider.Client.SendAsync(RawBatch("live-owner"));
        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.OK), await after.Content.ReadAsStringAsync());
    }
}
