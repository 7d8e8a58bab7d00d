using Dapper;
using FluentValidation;
using MediatR;
using Recert.Api.Features.Auth;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Sessions;

/// <summary>The second sign-in step of a staff member: a TOTP code, or one of the recovery codes.</summary>
public sealed record VerifyMfaCommand(string? Code, string? RecoveryCode) : ICommand<UserResponse>;

public sealed class VerifyMfaValidator : AbstractValidator<VerifyMfaCommand>
{
    public VerifyMfaValidator()
    {
        RuleFor(c => c.Code).MaximumLength(10);
        RuleFor(c => c.RecoveryCode).MaximumLength(20);
        RuleFor(c => c.Code).NotEmpty().When(c => string.IsNullOrWhiteSpace(c.RecoveryCode))
            .WithMessage("Enter the 6-digit code from your authenticator app, or a recovery code.");
    }
}

internal sealed class VerifyMfaHandler(DbSession db, ICurrentUser currentUser, CurrentSession session, TotpCodes totp, MfaState mfa, TimeProvider time)
    : IRequestHandler<VerifyMfaCommand, UserResponse>
{
    public async Task<UserResponse> Handle(VerifyMfaCommand request, CancellationToken cancellationToken)
    {
        const string load = "select secret_protected from staff_mfa where user_id = @UserId and confirmed_at is not null";
        // The step only moves forward, atomically: two requests with the same code cannot both pass.
        const string acceptStep = "update staff_mfa set last_time_step = @Step where user_id = @UserId and last_time_step < @Step";
        const string useRecoveryCode = "update mfa_recovery_codes set used_at = @Now where code_hash = @CodeHash and user_id = @UserId and used_at is null";
        var userId = currentUser.RequireId();
        var sessionHash = session.RequireTokenHash();
        var now = time.GetUtcNow();
        var secretProtected = await db.Connection.QuerySingleOrDefaultAsync<string>(db.Command(load, new { UserId = userId }, cancellationToken))
            ?? throw new ConflictException("Two-step sign-in is not set up yet for this account: set it up first.", "mfa.not-enrolled");

        if (!string.IsNullOrWhiteSpace(request.Code))
        {
            var step = totp.MatchStep(totp.Unprotect(secretProtected), request.Code);
            if (step is null)
            {
                await MfaFailure.ThrowAsync(mfa, sessionHash, now, "code", cancellationToken);
            }

            if (await db.Connection.ExecuteAsync(db.Command(acceptStep, new { UserId = userId, Step = step }, cancellationToken)) == 0)
            {
                await MfaFailure.ThrowAsync(mfa, sessionHash, now, "code", cancellationToken, "This code was already used: wait for the next one.");
            }
        }
        else
        {
            var used = await db.Connection.ExecuteAsync(db.Command(useRecoveryCode, new { UserId = userId, Now = now.UtcDateTime, CodeHash = TotpCodes.HashRecoveryCode(request.RecoveryCode!) }, cancellationToken));
            if (used == 0)
            {
                await MfaFailure.ThrowAsync(mfa, sessionHash, now, "recoveryCode", cancellationToken, "This recovery code is not correct or was already used.");
            }
        }

        await MfaFailure.EndPendingAsync(db, sessionHash, now, cancellationToken);
        return await UserResponse.LoadAsync(db.Connection, userId, cancellationToken, db.Transaction);
    }
}
