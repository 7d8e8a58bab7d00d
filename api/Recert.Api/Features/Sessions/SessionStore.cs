using System.Security.Claims;
using System.Security.Cryptography;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Sessions;

public sealed class SessionOptions
{
    public TimeSpan CertificantIdle { get; set; } = TimeSpan.FromHours(2);
    public TimeSpan CertificantLifetime { get; set; } = TimeSpan.FromHours(12);
    public TimeSpan StaffIdle { get; set; } = TimeSpan.FromMinutes(30);
    public TimeSpan StaffLifetime { get; set; } = TimeSpan.FromHours(8);
    /// <summary>How long a staff member has between the password step and the TOTP step.</summary>
    public TimeSpan MfaPendingLifetime { get; set; } = TimeSpan.FromMinutes(10);
    /// <summary>Wrong TOTP or recovery codes tolerated in one pending sign-in before it ends.</summary>
    public int MfaAttempts { get; set; } = 5;

    public TimeSpan Idle(string role) => role == Roles.Staff ? StaffIdle : CertificantIdle;

    public TimeSpan Lifetime(string role) => role == Roles.Staff ? StaffLifetime : CertificantLifetime;
}

public static class SessionClaims
{
    /// <summary>The session cookie's name: the cookie handler sets it; CSRF, partner routing and admission control look for it.</summary>
    public const string CookieName = "recert.session";

    /// <summary>The random session token inside the (Data Protection-encrypted) cookie; the database keeps its SHA-256.</summary>
    public const string Token = "recert:session";
    public const string MfaPending = "recert:mfa-pending";

    public static byte[]? TokenHash(ClaimsPrincipal? principal)
        => principal?.FindFirstValue(Token) is { } token ? Hash(token) : null;

    public static byte[] Hash(string token) => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token));

    public static string NewToken() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

public sealed record LiveSession(Guid UserId, string Role, bool MfaPending, DateTime LastSeenAt);

/// <summary>The session table: one row per sign-in, read on every cookie-authenticated request.</summary>
public sealed class SessionStore(NpgsqlDataSource dataSource, TimeProvider time, IOptions<SessionOptions> options)
{
    // Writing last_seen_at on every request would turn each read into a write; a minute of slack on the idle timeout is not.
    static readonly TimeSpan TouchEvery = TimeSpan.FromMinutes(1);

    SessionOptions Options => options.Value;

    public async Task<string> CreateAsync(Guid userId, string role, bool mfaPending, CancellationToken cancellationToken)
    {
        const string sql = """
            insert into sessions (token_hash, user_id, created_at, last_seen_at, expires_at, mfa_pending)
            values (@TokenHash, @UserId, @Now, @Now, @ExpiresAt, @MfaPending)
            """;
        var token = SessionClaims.NewToken();
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(sql, new
        {
            TokenHash = SessionClaims.Hash(token),
            UserId = userId,
            Now = now.UtcDateTime,
            ExpiresAt = (now + (mfaPending ? Options.MfaPendingLifetime : Options.Lifetime(role))).UtcDateTime,
            MfaPending = mfaPending,
        }, cancellationToken: cancellationToken));
        return token;
    }

    /// <summary>The live session for the token, or null when it ended, expired or sat idle too long.</summary>
    public async Task<LiveSession?> FindLiveAsync(byte[] tokenHash, CancellationToken cancellationToken)
    {
        const string sql = """
            select s.user_id, u.role, s.mfa_pending, s.last_seen_at
            from sessions s join users u on u.id = s.user_id
            where s.token_hash = @TokenHash and s.ended_at is null and s.expires_at > @Now
            """;
        const string touch = "update sessions set last_seen_at = @Now where token_hash = @TokenHash and ended_at is null";
        var now = time.GetUtcNow().UtcDateTime;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var session = await connection.QuerySingleOrDefaultAsync<LiveSession>(new CommandDefinition(sql, new { TokenHash = tokenHash, Now = now }, cancellationToken: cancellationToken));
        if (session is null)
        {
            return null;
        }

        var lastSeen = DateTime.SpecifyKind(session.LastSeenAt, DateTimeKind.Utc);
        if (now - lastSeen >= Options.Idle(session.Role))
        {
            await EndAsync(connection, tokenHash, now, cancellationToken);
            return null;
        }

        if (now - lastSeen >= TouchEvery)
        {
            await connection.ExecuteAsync(new CommandDefinition(touch, new { TokenHash = tokenHash, Now = now }, cancellationToken: cancellationToken));
        }

        return session;
    }

    public async Task EndAsync(byte[] tokenHash, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await EndAsync(connection, tokenHash, time.GetUtcNow().UtcDateTime, cancellationToken);
    }

    static Task EndAsync(NpgsqlConnection connection, byte[] tokenHash, DateTime now, CancellationToken cancellationToken)
        => connection.ExecuteAsync(new CommandDefinition(
            "update sessions set ended_at = @Now where token_hash = @TokenHash and ended_at is null",
            new { TokenHash = tokenHash, Now = now }, cancellationToken: cancellationToken));
}

/// <summary>Ending sessions inside a command's transaction, so they end if and only if the change that ends them commits.</summary>
public static class SessionRevocation
{
    /// <summary>Ends every live session of the user except <paramref name="keep"/> (the caller's own, when given).</summary>
    public static Task<int> EndAllAsync(DbSession db, Guid userId, byte[]? keep, DateTimeOffset now, CancellationToken cancellationToken)
    {
        const string sql = """
            update sessions set ended_at = @Now
            where user_id = @UserId and ended_at is null and (@Keep::bytea is null or token_hash <> @Keep)
            """;
        return db.Connection.ExecuteAsync(db.Command(sql, new { UserId = userId, Keep = keep, Now = now.UtcDateTime }, cancellationToken));
    }
}
