using System.Security.Cryptography;
using System.Text;
using Dapper;
using Npgsql;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Completions;

/// <summary>The outcome of claiming an Idempotency-Key: run the request, or replay the stored answer.</summary>
public sealed record IdempotencyClaim(bool Owner, int? ReplayStatus, string? ReplayBody);

/// <summary>
/// Idempotency-Key as Stripe and draft-ietf-httpapi-idempotency-key-header: keys are per provider and kept 24 hours.
/// The key row is inserted first in its own short statement (ON CONFLICT DO NOTHING), so exactly one request owns it;
/// the owner's command stores the answer in its own transaction. Same key and body: the answer is replayed; a
/// different body: 422; the first request still running: 409.
/// </summary>
public sealed class IdempotencyStore(NpgsqlDataSource dataSource, TimeProvider timeProvider)
{
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    /// <summary>An owner that died without answering gives the key up after this long.</summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(5);

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

    public async Task<IdempotencyClaim> ClaimAsync(Guid providerId, string key, string requestHash, CancellationToken cancellationToken)
    {
        Validate(key);
        var now = timeProvider.GetUtcNow().UtcDateTime;
        var parameters = new { ProviderId = providerId, Key = key, RequestHash = requestHash, Now = now, Expired = now - Retention, Abandoned = now - AbandonedAfter };
        const string claim = """
            delete from idempotency_keys where provider_id = @ProviderId and key = @Key and created_at < @Expired;
            insert into idempotency_keys (provider_id, key, request_hash, created_at, locked_at)
            values (@ProviderId, @Key, @RequestHash, @Now, @Now)
            on conflict do nothing;
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var inserted = await connection.ExecuteAsync(new CommandDefinition(claim, parameters, cancellationToken: cancellationToken));
        if (inserted > 0)
        {
            return new IdempotencyClaim(true, null, null);
        }

        const string find = "select request_hash, response_status, response_body, locked_at from idempotency_keys where provider_id = @ProviderId and key = @Key";
        var row = await connection.QuerySingleOrDefaultAsync<KeyRow>(new CommandDefinition(find, parameters, cancellationToken: cancellationToken));
        if (row is null)
        {
            // Expired and removed between the two statements: try once more.
            return await ClaimAsync(providerId, key, requestHash, cancellationToken);
        }

        if (!string.Equals(row.RequestHash, requestHash, StringComparison.Ordinal))
        {
            throw new RuleViolationException("idempotency.key-reused",
                "This Idempotency-Key was used with a different request body; use a new key for a different request.");
        }

        if (row.ResponseStatus is { } status)
        {
            return new IdempotencyClaim(false, status, row.ResponseBody);
        }

        const string takeOver = """
            update idempotency_keys set locked_at = @Now
            where provider_id = @ProviderId and key = @Key and response_status is null and locked_at < @Abandoned
            """;
        if (await connection.ExecuteAsync(new CommandDefinition(takeOver, parameters, cancellationToken: cancellationToken)) > 0)
        {
            return new IdempotencyClaim(true, null, null);
        }

        throw new ConflictException("A request with this Idempotency-Key is still being processed; retry shortly.", "idempotency.in-flight");
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

    public const string PurgeJobName = "idempotency-purge";

    public async Task<int> PurgeExpiredAsync(CancellationToken cancellationToken)
    {
        const string sql = "delete from idempotency_keys where created_at < @Expired";
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(sql, new { Expired = timeProvider.GetUtcNow().UtcDateTime - Retention }, cancellationToken: cancellationToken));
    }

    sealed record KeyRow(string RequestHash, int? ResponseStatus, string? ResponseBody, DateTime LockedAt);
}
