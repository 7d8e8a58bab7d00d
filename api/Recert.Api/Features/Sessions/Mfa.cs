using System.Security.Cryptography;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Npgsql;
using OtpNet;
using QRCoder;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Sessions;

/// <summary>TOTP (RFC 6238, 30-second steps, 6 digits, SHA-1 as every authenticator app expects) through Otp.NET.</summary>
public sealed class TotpCodes(IDataProtectionProvider dataProtection, TimeProvider time)
{
    public const string Issuer = "Recert";
    public const int RecoveryCodeCount = 10;

    // Purpose-scoped: a value protected for another purpose (or a leaked column) cannot be unprotected here.
    readonly IDataProtector protector = dataProtection.CreateProtector("Recert.Sessions.StaffTotpSecret.v1");

    public (byte[] Secret, string Protected) NewSecret()
    {
        var secret = KeyGeneration.GenerateRandomKey(20);
        return (secret, protector.Protect(Convert.ToBase64String(secret)));
    }

    public byte[] Unprotect(string protectedSecret) => Convert.FromBase64String(protector.Unprotect(protectedSecret));

    public static string ManualKey(byte[] secret) => Base32Encoding.ToString(secret);

    public static string OtpAuthUri(byte[] secret, string email) => new OtpUri(OtpType.Totp, secret, email, Issuer).ToString();

    public static string QrCodePngDataUri(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return "data:image/png;base64," + Convert.ToBase64String(new PngByteQRCode(data).GetGraphic(6));
    }

    /// <summary>The RFC 6238 time step the code matches (the current one, or one either side for clock drift), or null.</summary>
    public long? MatchStep(byte[] secret, string code)
    {
        var digits = code.Replace(" ", string.Empty);
        if (digits.Length != 6 || !digits.All(char.IsAsciiDigit))
        {
            return null;
        }

        var totp = new Totp(secret);
        return totp.VerifyTotp(time.GetUtcNow().UtcDateTime, digits, out var step, VerificationWindow.RfcSpecifiedNetworkDelay) ? step : null;
    }

    /// <summary>Ten codes of 10 base32 characters (50 bits each), shown once; only their SHA-256 is stored.</summary>
    public static IReadOnlyList<string> NewRecoveryCodes()
        => Enumerable.Range(0, RecoveryCodeCount).Select(_ =>
        {
            var code = Base32Encoding.ToString(RandomNumberGenerator.GetBytes(7))[..10].ToLowerInvariant();
            return $"{code[..5]}-{code[5..]}";
        }).ToList();

    public static byte[] HashRecoveryCode(string code)
        => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(code.Trim().Replace("-", string.Empty).Replace(" ", string.Empty).ToLowerInvariant()));
}

/// <summary>Reads about a staff member's MFA enrolment, and records wrong codes outside the failing command's transaction.</summary>
public sealed class MfaState(NpgsqlDataSource dataSource, IOptions<SessionOptions> options)
{
    public async Task<bool> IsEnrolledAsync(Guid userId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select exists (select 1 from staff_mfa where user_id = @UserId and confirmed_at is not null)", new { UserId = userId }, cancellationToken: cancellationToken));
    }

    /// <summary>Counts a wrong code against the pending sign-in; the last allowed one ends it (the person starts again with the password).</summary>
    public async Task<bool> RecordFailureAsync(byte[] sessionHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        const string sql = """
            update sessions
            set mfa_failures = mfa_failures + 1,
                ended_at = case when mfa_failures + 1 >= @Attempts then @Now else ended_at end
            where token_hash = @TokenHash and mfa_pending
            returning ended_at is not null
            """;
        await using var connection = await dataSource.OpenConnectionAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            sql, new { TokenHash = sessionHash, Now = now.UtcDateTime, Attempts = options.Value.MfaAttempts }, cancellationToken: CancellationToken.None));
    }
}

/// <summary>The caller's session, as the cookie names it.</summary>
public sealed class CurrentSession(IHttpContextAccessor accessor)
{
    public byte[] RequireTokenHash()
        => SessionClaims.TokenHash(accessor.HttpContext?.User) ?? throw new ForbiddenException("Sign in first.");

    public byte[]? TokenHash => SessionClaims.TokenHash(accessor.HttpContext?.User);
}
