using System.Security.Cryptography;
using Dapper;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Recert.Api.Domain;
using Recert.Api.Features.Email;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Sessions;

public sealed class PortalOptions
{
    /// <summary>Where people open the web client; links in emails start with it.</summary>
    public string PublicUrl { get; set; } = "http://127.0.0.1:5080";
}

/// <summary>A link token that is unknown (400), or was used or expired (410).</summary>
public sealed class LinkTokenException(int status, string code, string message) : Exception(message)
{
    public int Status { get; } = status;
    public string Code { get; } = code;
}

public sealed record ForgotPasswordCommand(string Email) : ICommand<Unit>;

public sealed class ForgotPasswordValidator : AbstractValidator<ForgotPasswordCommand>
{
    public ForgotPasswordValidator() => RuleFor(c => c.Email).NotEmpty().MaximumLength(254);
}

/// <summary>Always the same answer; when the account exists, a single-use link valid one hour goes to its email.</summary>
internal sealed class ForgotPasswordHandler(DbSession db, TimeProvider time, IOptions<PortalOptions> portal) : IRequestHandler<ForgotPasswordCommand, Unit>
{
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromHours(1);

    // Enough for a lost email or two; more would let anyone flood a victim's inbox.
    const int LinksPerHour = 3;

    public async Task<Unit> Handle(ForgotPasswordCommand request, CancellationToken cancellationToken)
    {
        const string load = """
            select u.id, u.email, u.first_name,
                   (select count(*)::int from password_reset_tokens t where t.user_id = u.id and t.created_at > @Since) as recent
            from users u where lower(u.email) = lower(@Email)
            """;
        const string insert = """
            insert into password_reset_tokens (token_hash, user_id, created_at, expires_at)
            values (@TokenHash, @UserId, @Now, @ExpiresAt)
            """;
        var now = time.GetUtcNow();
        var user = await db.Connection.QuerySingleOrDefaultAsync<(Guid Id, string Email, string FirstName, int Recent)?>(db.Command(
            load, new { Email = request.Email.Trim(), Since = (now - TimeSpan.FromHours(1)).UtcDateTime }, cancellationToken));
        if (user is not { } account || account.Recent >= LinksPerHour)
        {
            return Unit.Value;
        }

        var token = SessionClaims.Base64Url(RandomNumberGenerator.GetBytes(32));
        await db.Connection.ExecuteAsync(db.Command(insert, new
        {
            TokenHash = SessionClaims.Hash(token),
            UserId = account.Id,
            Now = now.UtcDateTime,
            ExpiresAt = (now + LinkLifetime).UtcDateTime,
        }, cancellationToken));
        var link = $"{portal.Value.PublicUrl.TrimEnd('/')}/reset-password?token={token}";
        await EmailOutbox.EnqueueAsync(db, AccountEmails.PasswordReset(account.Email, account.FirstName, link), now, cancellationToken);
        return Unit.Value;
    }
}

public sealed record ResetPasswordCommand(string Token, string Password) : ICommand<Unit>;

public sealed class ResetPasswordValidator : AbstractValidator<ResetPasswordCommand>
{
    public ResetPasswordValidator()
    {
        RuleFor(c => c.Token).NotEmpty().MaximumLength(100);
        RuleFor(c => c.Password).NotEmpty().MaximumLength(PasswordPolicy.MaximumLength * 4);
    }
}

internal sealed class ResetPasswordHandler(DbSession db, TimeProvider time, PasswordPolicy policy, IPasswordHasher<object> hasher)
    : IRequestHandler<ResetPasswordCommand, Unit>
{
    public async Task<Unit> Handle(ResetPasswordCommand request, CancellationToken cancellationToken)
    {
        const string load = """
            select t.user_id, t.expires_at, t.used_at, u.email, u.first_name, u.role
            from password_reset_tokens t join users u on u.id = t.user_id
            where t.token_hash = @TokenHash
            for update of t
            """;
        const string update = """
            update users set password_hash = @PasswordHash where id = @UserId;
            update password_reset_tokens set used_at = @Now where user_id = @UserId and used_at is null;
            """;
        var now = time.GetUtcNow();
        var token = await db.Connection.QuerySingleOrDefaultAsync<TokenRow>(db.Command(load, new { TokenHash = SessionClaims.Hash(request.Token.Trim()) }, cancellationToken))
            ?? throw new LinkTokenException(StatusCodes.Status400BadRequest, "token.invalid", "This reset link is not valid. Ask for a new one.");
        if (token.UsedAt is not null)
        {
            throw new LinkTokenException(StatusCodes.Status410Gone, "token.used", "This reset link was already used. Ask for a new one if you still need it.");
        }

        if (DateTime.SpecifyKind(token.ExpiresAt, DateTimeKind.Utc) <= now.UtcDateTime)
        {
            throw new LinkTokenException(StatusCodes.Status410Gone, "token.expired", "This reset link has expired (links are valid for one hour). Ask for a new one.");
        }

        if (policy.Check(request.Password, token.Email, token.Role == Roles.Staff) is { } refusal)
        {
            throw new FieldException("password", refusal.Message);
        }

        await db.Connection.ExecuteAsync(db.Command(update, new { token.UserId, PasswordHash = hasher.HashPassword(new object(), request.Password), Now = now.UtcDateTime }, cancellationToken));
        await SessionRevocation.EndAllAsync(db, token.UserId, keep: null, now, cancellationToken);
        await EmailOutbox.EnqueueAsync(db, AccountEmails.PasswordChanged(token.Email, token.FirstName), now, cancellationToken);
        return Unit.Value;
    }

    sealed record TokenRow(Guid UserId, DateTime ExpiresAt, DateTime? UsedAt, string Email, string FirstName, string Role);
}

public sealed record ChangePasswordCommand(string CurrentPassword, string NewPassword) : ICommand<Unit>;

public sealed class ChangePasswordValidator : AbstractValidator<ChangePasswordCommand>
{
    public ChangePasswordValidator()
    {
        RuleFor(c => c.CurrentPassword).NotEmpty().MaximumLength(PasswordPolicy.MaximumLength * 4);
        RuleFor(c => c.NewPassword).NotEmpty().MaximumLength(PasswordPolicy.MaximumLength * 4);
    }
}

/// <summary>Change while signed in: the current password is required; every other session ends, this one stays.</summary>
internal sealed class ChangePasswordHandler(DbSession db, ICurrentUser currentUser, CurrentSession session, TimeProvider time, PasswordPolicy policy, IPasswordHasher<object> hasher)
    : IRequestHandler<ChangePasswordCommand, Unit>
{
    public async Task<Unit> Handle(ChangePasswordCommand request, CancellationToken cancellationToken)
    {
        var userId = currentUser.RequireId();
        var user = await db.Connection.QuerySingleAsync<(string Email, string FirstName, string Role, string PasswordHash)>(db.Command(
            "select email, first_name, role, password_hash from users where id = @UserId for update", new { UserId = userId }, cancellationToken));
        if (hasher.VerifyHashedPassword(new object(), user.PasswordHash, request.CurrentPassword) == PasswordVerificationResult.Failed)
        {
            throw new FieldException("currentPassword", "The current password is not correct.");
        }

        if (policy.Check(request.NewPassword, user.Email, user.Role == Roles.Staff) is { } refusal)
        {
            throw new FieldException("newPassword", refusal.Message);
        }

        var now = time.GetUtcNow();
        await db.Connection.ExecuteAsync(db.Command("update users set password_hash = @PasswordHash where id = @UserId",
            new { UserId = userId, PasswordHash = hasher.HashPassword(new object(), request.NewPassword) }, cancellationToken));
        await SessionRevocation.EndAllAsync(db, userId, keep: session.RequireTokenHash(), now, cancellationToken);
        await EmailOutbox.EnqueueAsync(db, AccountEmails.PasswordChanged(user.Email, user.FirstName), now, cancellationToken);
        return Unit.Value;
    }
}

public static class AccountEmails
{
    public static OutgoingEmail PasswordReset(string to, string name, string link)
        => new("password-reset", to, "Reset your Recert password",
            $"Hello {name},\n\nSomeone (we hope you) asked to reset the password of your Recert account. Open this link within one hour to choose a new one:\n\n{link}\n\n" +
            "The link works once. If you did not ask for it, ignore this email: your password stays as it is." + EmailTemplates.Signature);

    public static OutgoingEmail PasswordChanged(string to, string name)
        => new("password-changed", to, "Your Recert password was changed",
            $"Hello {name},\n\nThe password of your Recert account was just changed, and every other session was signed out. " +
            "If this was not you, reset your password at once and call an advisor." + EmailTemplates.Signature);

    public static OutgoingEmail MfaReset(string to, string name)
        => new("mfa-reset", to, "Your Recert two-step sign-in was reset",
            $"Hello {name},\n\nA colleague reset the two-step sign-in of your staff account and signed out its sessions. " +
            "At your next sign-in you will set up your authenticator app again. If you did not ask for this, tell your manager." + EmailTemplates.Signature);
}
