using System.Net;
using Dapper;
using Npgsql;
using Recert.Tests.Support;

namespace Recert.Tests.Integration.Partners;

/// <summary>
/// Who owns an in-flight Idempotency-Key is what PostgreSQL knows, not a timestamp: a live owner holds the key's
/// transaction lock (409 for everyone else, on any instance); an owner that died holds nothing, so the key is free at once.
/// </summary>
public sealed class IdempotencyOwnerTests : PartnerTest
{
    const string OwnerLock = "select pg_advisory_xact_lock(hashtextextended('recert.idempotency:' || @ProviderId::text || ':' || @Key, 0))";

    [Test]
    public async Task A_live_owner_gets_409s_and_once_its_connection_dies_the_retry_runs_at_once()
    {
        await HolderAsync("CPT-500", Expiry);
        var provider = await ProviderAsync();

        // The owner: a command of another API instance, inside its transaction, that has claimed the key and written its row.
        await using var owner = new NpgsqlConnection(TestDatabase.ConnectionString);
        await owner.OpenAsync();
        await using var ownerTransaction = await owner.BeginTransactionAsync();
        await owner.ExecuteAsync(OwnerLock, new { ProviderId = provider.Id, Key = "owned-key" }, ownerTransaction);
        await owner.ExecuteAsync(
            """
            insert into idempotency_keys (provider_id, key, request_hash, response_status, response_body, created_at, locked_at)
            values (@ProviderId, 'owned-key', 'not-finished', null, null, now(), now())
            """, new { ProviderId = provider.Id }, ownerTransaction);
        var ownerPid = await owner.ExecuteScalarAsync<int>("select pg_backend_pid()", transaction: ownerTransaction);

        var whileAlive = await provider.Client.SendAsync(Batch([Record("own-1")], "owned-key"));
        var problem = await AssertProblemAsync(whileAlive, HttpStatusCode.Conflict);
        Assert.That(problem["code"]!.GetValue<string>(), Is.EqualTo("idempotency.in-flight"));

        // The owner's process dies: PostgreSQL ends its session (waiting up to 5 s for it to be gone).
        await using (var admin = new NpgsqlConnection(TestDatabase.ConnectionString))
        {
            Assert.That(await admin.ExecuteScalarAsync<bool>("select pg_terminate_backend(@Pid, 5000)", new { Pid = ownerPid }), Is.True);
        }

        var retry = await provider.Client.SendAsync(Batch([Record("own-1")], "owned-key"));
        Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.OK), await retry.Content.ReadAsStringAsync());
        Assert.That(Outcome((await ReadJsonAsync(retry))["results"]![0]), Is.EqualTo("accepted"));
        Assert.That(retry.Headers.Contains("Idempotent-Replayed"), Is.False, "the dead owner committed nothing to replay");

        var replay = await provider.Client.SendAsync(Batch([Record("own-1")], "owned-key"));
        Assert.That(replay.Headers.Contains("Idempotent-Replayed"), Is.True);
        Assert.That(await ProviderLedgerAsync("CPT-500"), Has.Count.EqualTo(1));
        Assert.That(await CompletionCountAsync("own-1"), Is.EqualTo(1));
    }

    [Test]
    public async Task A_key_row_left_without_an_answer_by_a_dead_owner_does_not_block_the_key()
    {
        await HolderAsync("CPT-500", Expiry);
        var provider = await ProviderAsync();
        var request = Batch([Record("own-2")], "orphaned-key");
        // What an owner that died after committing its claim (the scheme before this one) left: a row with no answer, just now.
        await using (var connection = new NpgsqlConnection(TestDatabase.ConnectionString))
        {
            await connection.ExecuteAsync(
                """
                insert into idempotency_keys (provider_id, key, request_hash, response_status, response_body, created_at, locked_at)
                values (@ProviderId, 'orphaned-key', @Hash, null, null, @Now, @Now)
                """, new { ProviderId = provider.Id, Hash = Recert.Api.Features.Completions.IdempotencyStore.RequestHash("POST", "/api/v1/completions", await request.Content!.ReadAsByteArrayAsync()), Now = App.Time.GetUtcNow().UtcDateTime });
        }

        var retry = await provider.Client.SendAsync(request);
        Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.OK), await retry.Content.ReadAsStringAsync());
        Assert.That(Outcome((await ReadJsonAsync(retry))["results"]![0]), Is.EqualTo("accepted"));
        Assert.That(await CompletionCountAsync("own-2"), Is.EqualTo(1));

        await using var check = new NpgsqlConnection(TestDatabase.ConnectionString);
        Assert.That(await check.ExecuteScalarAsync<int?>("select response_status from idempotency_keys where key = 'orphaned-key'"), Is.EqualTo(200),
            "the answer is stored under the key for replays");
    }

    static async Task<long> CompletionCountAsync(string externalId)
    {
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        return await connection.ExecuteScalarAsync<long>("select count(*) from completions where external_id = @ExternalId", new { ExternalId = externalId });
    }
}
