using System.Security.Cryptography;
using System.Text;
using Dapper;
using Npgsql;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Completions;

/// <summary>
/// The outcome of claiming an Idempotency-Key: run the request (the owner holds <see cref="IdempotencyLease"/> until it
/// has answered), or replay the stored answer.
/// </summary>
public sealed record IdempotencyClaim(bool Owner, int? ReplayStatus, string? ReplayBody, IdempotencyLease? Lease = null) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Lease?.DisposeAsync() ?? ValueTask.CompletedTask;
}

/// <summary>
/// Proof that the owner of a key is alive: a transaction-scoped advisory lock on the key, held on a connection of its
/// own while the request runs. When the owner ends (answer stored, failure, or the process dies and its connection
/// drops) the lock goes with it, so a retry can tell a dead owner from a running one at once, on any API instance.
/// </summary>
public sealed class IdempotencyLease(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        try
        {
            await transaction.DisposeAsync();
        }
        finally
        {
            await connection.DisposeAsync();
        }
    }
}

/// <summary>
/// Idempotency-Key as Stripe and draft-ietf-httpapi-idempotency-key-header: keys are per provider and kept 24 hours.
/// A request first takes the key's advisory lock (<see cref="IdempotencyLease"/>), then inserts the key row
/// (ON CONFLICT DO NOTHING), so exactly one live request owns a key; the owner's command stores the answer in its own
/// transaction. Same key and body: the answer is replayed; a different body: 422; the first request still running
/// (its lock is held): 409; its owner gone without an answer (lock free, no answer): the new request takes over.
/// </summary>
public sealed class IdempotencyStore(NpgsqlDataSource dataSource, TimeProvider timeProvider)
{
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    public static void Validate(string key)
    {
        if (key.Length is 0 or > 255 || key.Any(c => c < 0x21 || c > 0x7e))
        {
            throw new FieldException("Idempotency-Key", "Use 1 to 255 visible ASCII characters (a UUID is a good key).");
        }
    }

    public static string RequestHash(string method, string path, ReadOnlySpan<byte> body)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{method} {path}\n"));
        hash.AppendData(body);
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    public async Task<IdempotencyClaim> ClaimAsync(Guid providerId, string key, string requestHash, CancellationToken cancellationToken)
    {
        Validate(key);
        var now = timeProvider.GetUtcNow().UtcDateTime;
        var parameters = new { ProviderId = providerId, Key = key, RequestHash = requestHash, Now = now, Expired = now - Retention };

        var leaseConnection = await dataSource.OpenConnectionAsync(cancellationToken);
        var handedOver = false;
        NpgsqlTransaction? leaseTransaction = null;
        try
        {
            leaseTransaction = await leaseConnection.BeginTransactionAsync(cancellationToken);
            const string tryLock = "select pg_try_advisory_xact_lock(hashtextextended('recert.idempotency:' || @ProviderId::text || ':' || @Key, 0))";
            var locked = await leaseConnection.ExecuteScalarAsync<bool>(new CommandDefinition(tryLock, parameters, leaseTransaction, cancellationToken: cancellationToken));

            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            if (!locked)
            {
                // Another live request holds the key right now.
                const string peek = "select request_hash, response_status, response_body from idempotency_keys where provider_id = @ProviderId and key = @Key";
                var running = await connection.QuerySingleOrDefaultAsync<KeyRow>(new CommandDefinition(peek, parameters, cancellationToken: cancellationToken));
                EnsureSameRequest(running, requestHash);
                if (running?.ResponseStatus is { } finished)
                {
                    return new IdempotencyClaim(false, finished, running.ResponseBody);
                }

                throw new ConflictException("A request with this Idempotency-Key is still being processed; retry shortly.", "idempotency.in-flight");
            }

            const string claim = """
                delete from idempotency_keys where provider_id = @ProviderId and key = @Key and created_at < @Expired;
                insert into idempotency_keys (provider_id, key, request_hash, created_at, locked_at)
                values (@ProviderId, @Key, @RequestHash, @Now, @Now)
                on conflict do nothing;
                """;
            if (await connection.ExecuteAsync(new CommandDefinition(claim, parameters, cancellationToken: cancellationToken)) > 0)
            {
                return Owned();
            }

            const string find = "select request_hash, response_status, response_body from idempotency_keys where provider_id = @ProviderId and key = @Key";
            var row = await connection.QuerySingleAsync<KeyRow>(new CommandDefinition(find, parameters, cancellationToken: cancellationToken));
            EnsureSameRequest(row, requestHash);
            if (row.ResponseStatus is { } status)
            {
                return new IdempotencyClaim(false, status, row.ResponseBody);
            }

            // No answer and nobody holds the lock: the owner died without committing anything. Take the key over.
            const string takeOver = "update idempotency_keys set locked_at = @Now where provider_id = @ProviderId and key = @Key and response_status is null";
            await connection.ExecuteAsync(new CommandDefinition(takeOver, parameters, cancellationToken: cancellationToken));
            return Owned();
        }
        finally
        {
            if (!handedOver)
            {
                await leaseConnection.DisposeAsync();
            }
        }

        IdempotencyClaim Owned()
        {
            handedOver = true;
            return new IdempotencyClaim(true, null, null, new IdempotencyLease(leaseConnection, leaseTransaction!));
        }
    }

    static void EnsureSameRequest(KeyRow? row, string requestHash)
    {
        if (row is not null && !string.Equals(row.RequestHash, requestHash, StringComparison.Ordinal))
        {
            throw new RuleViolationException("idempotency.key-reused",
                "This Idempotency-Key was used with a different request body; use a new key for a different request.");
        }
    }

    /// <summary>The owner failed before storing an answer: nothing was committed, so the key may be used again.</summary>
    public async Task ReleaseAsync(Guid providerId, string key)
    {
        const string sql = "delete from idempotency_keys where provider_id = @ProviderId and key = @Key and response_status is null";
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(sql, new { ProviderId = providerId, Key = key });
    }

    public static async Task CompleteAsync(DbSession db, Guid providerId, string key, int status, string body, CancellationToken cancellationToken)
    {
        const string sql = "update idempotency_keys set response_status = @Status, response_body = @Body where provider_id = @ProviderId and key = @Key";
        await db.Connection.ExecuteAsync(db.Command(sql, new { ProviderId = providerId, Key = key, Status = status, Body = body }, cancellationToken));
    }

    public async Task<int> PurgeExpiredAsync(CancellationToken cancellationToken)
    {
        const string sql = "delete from idempotency_keys where created_at < @Expired";
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(sql, new { Expired = timeProvider.GetUtcNow().UtcDateTime - Retention }, cancellationToken: cancellationToken));
    }

    sealed record KeyRow(string RequestHash, int? ResponseStatus, string? ResponseBody);
}
