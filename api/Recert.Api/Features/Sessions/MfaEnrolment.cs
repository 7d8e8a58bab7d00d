using Dapper;
using FluentValidation;
using MediatR;
using Recert.Api.Features.Auth;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Sessions;

public sealed record StartMfaEnrolmentCommand : ICommand<MfaEnrolmentResponse>;

/// <param name="ManualKey">The base32 secret, for typing into an authenticator app that cannot scan.</param>
/// <param name="QrCode">A PNG data URI of <paramref name="OtpAuthUri"/>.</param>
public sealed record MfaEnrolmentResponse(string ManualKey, string OtpAuthUri, string QrCode);

internal sealed class StartMfaEnrolmentHandler(DbSession db, ICurrentUser currentUser, TotpCodes totp)
    : IRequestHandler<StartMfaEnrolmentCommand, MfaEnrolmentResponse>
{
    public async Task<MfaEnrolmentResponse> Handle(StartMfaEnrolmentCommand request, CancellationToken cancellationToken)
    {
        const string sql = """
            insert into staff_mfa (user_id, secret_protected)
            select id, @SecretProtected from users where id = @UserId and role = 'staff'
            on conflict (user_id) do update set secret_protected = excluded.secret_protected, last_time_step = 0
                where staff_mfa.confirmed_at is null
            returning (select email from users where id = @UserId)
            """;
        var (secret, protectedSecret) = totp.NewSecret();
        var email = await db.Connection.QuerySingleOrDefaultAsync<string>(db.Command(sql, new { UserId = currentUser.RequireId(), SecretProtected = protectedSecret }, cancellationToken))
            ?? throw new ConflictException("Two-step sign-in is already set up for this account: enter a code instead.", "mfa.enrolled");
        var uri = TotpCodes.OtpAuthUri(secret, email);
        return new MfaEnrolmentResponse(TotpCodes.ManualKey(secret), uri, TotpCodes.QrCodePngDataUri(uri));
    }
}

public sealed record ConfirmMfaEnrolmentCommand(string Code) : ICommand<MfaEnrolledResponse>;

/// <param name="RecoveryCodes">Shown once: each signs in once instead of a TOTP code.</param>
public sealed record MfaEnrolledResponse(UserResponse User, IReadOnlyList<string> RecoveryCodes);

public sealed class ConfirmMfaEnrolmentValidator : AbstractValidator<ConfirmMfaEnrolmentCommand>
{
    public ConfirmMfaEnrolmentValidator() => RuleFor(c => c.Code).NotEmpty().MaximumLength(10);
}

internal sealed class ConfirmMfaEnrolmentHandler(DbSession db, ICurrentUser currentUser, CurrentSession session, TotpCodes totp, MfaState mfa, TimeProvider time)
    : IRequestHandler<ConfirmMfaEnrolmentCommand, MfaEnrolledResponse>
{
    public async Task<MfaEnrolledResponse> Handle(ConfirmMfaEnrolmentCommand request, CancellationToken cancellationToken)
    {
        const string load = "select secret_protected, confirmed_at from staff_mfa where user_id = @UserId for update";
        const string confirm = "update staff_mfa set confirmed_at = @Now, last_time_step = @Step where user_id = @UserId";
        const string replaceCodes = """
            delete from mfa_recovery_codes where user_id = @UserId;
            insert into mfa_recovery_codes (code_hash, user_id) select unnest(@Hashes), @UserId;
            """;
        var userId = currentUser.RequireId();
        var now = time.GetUtcNow();
        var row = await db.Connection.QuerySingleOrDefaultAsync<(string SecretProtected, DateTime? ConfirmedAt)?>(db.Command(load, new { UserId = userId }, cancellationToken))
            ?? throw new ConflictException("Start the set-up first: it shows the QR code to scan.", "mfa.not-started");
        if (row.ConfirmedAt is not null)
        {
            throw new ConflictException("Two-step sign-in is already set up for this account: enter a code instead.", "mfa.enrolled");
        }

        var step = totp.MatchStep(totp.Unprotect(row.SecretProtected), request.Code);
        if (step is null)
        {
            await MfaFailure.ThrowAsync(mfa, session.RequireTokenHash(), now, "code", cancellationToken);
        }

        await db.Connection.ExecuteAsync(db.Command(confirm, new { UserId = userId, Now = now.UtcDateTime, Step = step }, cancellationToken));
        var codes = TotpCodes.NewRecoveryCodes();
        await db.Connection.ExecuteAsync(db.Command(replaceCodes, new { UserId = userId, Hashes = codes.Select(TotpCodes.HashRecoveryCode).ToArray() }, cancellationToken));
        await MfaFailure.EndPendingAsync(db, session.RequireTokenHash(), now, cancellationToken);
        return new MfaEnrolledResponse(await UserResponse.LoadAsync(db.Connection, userId, cancellationToken, db.Transaction), codes);
    }
}

internal static class MfaFailure
{
    public static async Task ThrowAsync(MfaState mfa, byte[] sessionHash, DateTimeOffset now, string field, CancellationToken cancellationToken, string? message = null)
    {
        var ended = await mfa.RecordFailureAsync(sessionHash, now, cancellationToken);
        throw new FieldException(field, ended
            ? "Too many wrong codes: sign in again with your password."
            : message ?? "The code is not correct. Enter the current 6-digit code from your authenticator app.");
    }

    /// <summary>The pending sign-in is spent; the endpoint issues a fresh session.</summary>
    public static Task EndPendingAsync(DbSession db, byte[] sessionHash, DateTimeOffset now, CancellationToken cancellationToken)
        => db.Connection.ExecuteAsync(db.Command(
            "update sessions set ended_at = @Now where token_hash = @TokenHash and mfa_pending",
            new { TokenHash = sessionHash, Now = now.UtcDateTime }, cancellationToken));
}
