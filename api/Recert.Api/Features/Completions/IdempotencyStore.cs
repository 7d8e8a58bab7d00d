using System.Security.Cryptography;
using System.Text;
using Dapper;
using Npgsql;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Completions;

/// <summary>The answer stored under an Idempotency-Key, replayed byte for byte.</summary>
public sealed record IdempotentAnswer(int Status, string Body);

/// <summary>
/// Idempotency-Key as Stripe and draft-ietf-httpapi-idempotency-key-header: keys are per provider and kept 24 hours.
/// A key is claimed inside the command's own transaction, on its own connection: a transaction-scoped advisory lock on
/// the key says "in flight" to every API instance, and the key row is written with the answer in that same
/// transaction. So an owner that dies (process killed, connection lost) leaves nothing behind: PostgreSQL ends its
/// transaction, the lock and the uncommitted row vanish, and the next request with the key runs at once. Same key and
/// body: the answer is replayed; a different body: 422; the owner still running: 409.
/// </summary>
public sealed class IdempotencyStore(NpgsqlDataSource dataSource, TimeProvider timeProvider)
{
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    /// <summary>
    /// The draft names the key as a Structured Field string (<c>"abc"</c>); many clients send it bare (<c>abc</c>). Both name
    /// the same key; an empty header is no key.
    /// </summary>
    public static string? Normalize(string? header)
    {
        if (header is null)
        {
            return null;
        }

        var key = header.Trim();
        if (key.Length >= 2 && key[0] == '"' && key[^1] == '"')
        {
            key = key[1..^1];
            if (key.Contains('"') || key.Contains('\\'))
            {
                throw new FieldException("Idempotency-Key", "A quoted Idempotency-Key may not contain quotes or backslashes.");
            }
        }

        return key;
    }

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

    /// <summary>
    /// Claims the key for the command running in <paramref name="db"/>'s transaction: null when this command is to run
    /// (and store its answer with <see cref="CompleteAsync"/> before it commits), or the stored answer to replay.
    /// </summary>
    public async Task<IdempotentAnswer?> ClaimAsync(DbSession db, Guid providerId, string key, string requestHash, CancellationToken cancellationToken)
    {
        Validate(key);
        var parameters = new { ProviderId = providerId, Key = key, Expired = timeProvider.GetUtcNow().UtcDateTime - Retention };
        // Released with the transaction, also when its connection or process dies. A hash collision between two keys
        // only makes one of them wait its turn.
        const string lockKey = "select pg_try_advisory_xact_lock(hashtextextended('recert.idempotency:' || @ProviderId::text || ':' || @Key, 0))";
        if (!await db.Connection.ExecuteScalarAsync<bool>(db.Command(lockKey, parameters, cancellationToken)))
        {
            throw new ConflictException("A request with this Idempotency-Key is still being processed; retry shortly.", "idempotency.in-flight");
        }

        // A statement of its own, so that its snapshot is taken after the lock: an owner that just committed is seen.
        const string find = """
            select request_hash, response_status, response_body from idempotency_keys
            where provider_id = @ProviderId and key = @Key and created_at >= @Expired
            """;
        var row = await db.Connection.QuerySingleOrDefaultAsync<KeyRow>(db.Command(find, parameters, cancellationToken));
        if (row is null)
        {
            return null;
        }

        if (!string.Equals(row.RequestHash, requestHash, StringComparison.Ordinal))
        {
            throw new RuleViolationException("idempotency.key-reused",
                "This Idempotency-Key was used with a different request body; use a new key for a different request.");
        }

        // No answer: a row committed before the answer by an earlier version of the API, whose owner cannot hold this
        // lock. Completions are idempotent by externalId, so running the command again is safe.
        return row.ResponseStatus is { } status ? new IdempotentAnswer(status, row.ResponseBody ?? "") : null;
    }

    /// <summary>Stores the owner's answer in its transaction (replacing an expired or unanswered row of the key).</summary>
    public async Task CompleteAsync(DbSession db, Guid providerId, string key, string requestHash, IdempotentAnswer answer, CancellationToken cancellationToken)
    {
        const string sql = """
            insert into idempotency_keys (provider_id, key, request_hash, response_status, response_body, created_at, locked_at)
            values (@ProviderId, @Key, @RequestHash, @Status, @Body, @Now, @Now)
            on conflict (provider_id, key) do update
            set request_hash = excluded.request_hash, response_status = excluded.response_status, response_body = excluded.response_body,
                created_at = excluded.created_at, locked_at = excluded.locked_at
            """;
        await db.Connection.ExecuteAsync(db.Command(sql, new
        {
            ProviderId = providerId, Key = key, RequestHash = requestHash, answer.Status, answer.Body, Now = timeProvider.GetUtcNow().UtcDateTime,
        }, cancellationToken));
    }

    public const string PurgeJobName = "idempotency-purge";

    public async Task<int> PurgeExpiredAsync(CancellationToken cancellationToken)
    {
        const string sql = "delete from idempotency_keys where created_at < @Expired";
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(sql, new { Expired = timeProvider.GetUtcNow().UtcDateTime - Retention }, cancellationToken: cancellationToken));
    }

    sealed record KeyRow(string RequestHash, int? ResponseStatus, string? ResponseBody);
}
