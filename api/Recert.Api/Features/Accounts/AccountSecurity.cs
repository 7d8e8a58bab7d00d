using System.Security.Cryptography;
using System.Text;
using Dapper;
using Npgsql;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Accounts;

public sealed class AccountOptions
{
    /// <summary>Where people open the portal; the links in emails start with it.</summary>
    public string PublicBaseUrl { get; set; } = "http://127.0.0.1:5080";

    public TimeSpan VerificationLifetime { get; set; } = TimeSpan.FromHours(24);
    public TimeSpan ClaimLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Links requested per account (or address) and per IP address in an hour.</summary>
    public int LinksPerAccountPerHour { get; set; } = 5;
    public int LinksPerIpPerHour { get; set; } = 30;

    /// <summary>Claims per account and per IP address in an hour.</summary>
    public int ClaimsPerAccountPerHour { get; set; } = 10;
    public int ClaimsPerIpPerHour { get; set; } = 30;

    /// <summary>Failed sign-ins for one email before each further failure delays the next try.</summary>
    public int FreeLoginFailures { get; set; } = 5;
    public TimeSpan MaxLoginDelay { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>A link from an email that is forged (400), or expired or already used (410).</summary>
public sealed class AccountTokenException(int status, string code, string message) : Exception(message)
{
    public int Status { get; } = status;
    public string Code { get; } = code;

    public static AccountTokenException Invalid() => new(StatusCodes.Status400BadRequest, "token.invalid",
        "This link is not valid. Copy the whole link from the email, or ask for a new one.");

    public static AccountTokenException Expired() => new(StatusCodes.Status410Gone, "token.expired",
        "This link has expired. Ask for a new one.");

    public static AccountTokenException Used() => new(StatusCodes.Status410Gone, "token.used",
        "This link was already used. Ask for a new one if you still need it.");
}


public static class AccountTokens
{
    public const string PasswordReset = "password-reset";

    /// <summary>256 random bits, URL-safe; the email carries the token, the database only its hash.</summary>
    public static string NewToken() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    /// <summary>Counter and throttle keys: a hash, so that the tables hold no addresses.</summary>
    public static string Key(string purpose, string value)
        => purpose + ":" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value.Trim().ToLowerInvariant())));

    public static async Task<string> IssueAsync(DbSession db, Guid userId, string purpose, string email, Guid? certificationId, DateTimeOffset now, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var token = NewToken();
        const string sql = """
            insert into account_tokens (user_id, purpose, token_hash, email, certification_id, created_at, expires_at)
            values (@UserId, @Purpose, @TokenHash, @Email, @CertificationId, @Now, @ExpiresAt)
            """;
        await db.Connection.ExecuteAsync(db.Command(sql, new
        {
            UserId = userId,
            Purpose = purpose,
            TokenHash = Hash(token),
            Email = email,
            CertificationId = certificationId,
            Now = now.UtcDateTime,
            ExpiresAt = (now + lifetime).UtcDateTime,
        }, cancellationToken));
        return token;
    }

    public sealed record TokenRow(Guid Id, Guid UserId, string Purpose, string Email, Guid? CertificationId, DateTime ExpiresAt, DateTime? UsedAt);

    /// <summary>Finds and locks the token; throws the 400/410 problem when it cannot be used.</summary>
    public static async Task<TokenRow> ConsumeAsync(DbSession db, string token, string[] purposes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        const string find = """
            select id, user_id, purpose, email, certification_id, expires_at, used_at
            from account_tokens where token_hash = @TokenHash and purpose = any(@Purposes)
            for update
            """;
        var row = await db.Connection.QuerySingleOrDefaultAsync<TokenRow>(db.Command(find, new { TokenHash = Hash(token.Trim()), Purposes = purposes }, cancellationToken))
            ?? throw AccountTokenException.Invalid();
        if (row.UsedAt is not null)
        {
            throw AccountTokenException.Used();
        }

        if (new DateTimeOffset(DateTime.SpecifyKind(row.ExpiresAt, DateTimeKind.Utc)) <= now)
        {
            throw AccountTokenException.Expired();
        }

        const string use = "update account_tokens set used_at = @Now where id = @Id";
        await db.Connection.ExecuteAsync(db.Command(use, new { row.Id, Now = now.UtcDateTime }, cancellationToken));
        return row;
    }

    static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>
/// Fixed-window counters in PostgreSQL, so that several API instances count as one. A hit commits on its own connection,
/// outside the command's transaction: an attempt that then fails (a wrong password, say) still counts.
/// </summary>
public sealed class RateCounters(NpgsqlDataSource dataSource)
{
    /// <summary>Counts one hit; throws 429 when the window already holds <paramref name="limit"/> hits.</summary>
    public async Task HitAsync(string key, int limit, TimeSpan window, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var windowStart = new DateTimeOffset(now.UtcTicks - now.UtcTicks % window.Ticks, TimeSpan.Zero);
        const string sql = """
            delete from rate_counters where key = @Key and window_start < @WindowStart;
            insert into rate_counters (key, window_start, hits) values (@Key, @WindowStart, 1)
            on conflict (key, window_start) do update set hits = rate_counters.hits + 1
            returning hits;
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var hits = await connection.ExecuteScalarAsync<int>(new CommandDefinition(sql, new { Key = key, WindowStart = windowStart.UtcDateTime }, cancellationToken: cancellationToken));
        if (hits > limit)
        {
            throw new TooManyRequestsException("Too many requests: wait and try again.", "rate.limited", windowStart + window - now);
        }
    }
}

public static class ClientAddress
{
    public static string Of(IHttpContextAccessor accessor) => accessor.HttpContext?.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
