using Dapper;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Recert.Api.Domain;
using Recert.Api.Features.Email;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Sessions;

public sealed record ForgotPasswordCommand(string Email) : ICommand<Unit>;

public sealed class ForgotPasswordValidator : AbstractValidator<ForgotPasswordCommand>
{
    public ForgotPasswordValidator() => RuleFor(c => c.Email).NotEmpty().MaximumLength(254);
}

/// <summary>Always the same answer; when the account exists, a single-use link valid one hour goes to its email.</summary>
internal sealed class ForgotPasswordHandler(DbSession db, TimeProvider time, IOptions<Accounts.AccountOptions> options) : IRequestHandler<ForgotPasswordCommand, Unit>
{
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromHours(1);

    // Enough for a lost email or two; more would let anyone flood a victim's inbox.
    const int LinksPerHour = 3;

    public async Task<Unit> Handle(ForgotPasswordCommand request, CancellationToken cancellationToken)
    {
        const string load = """
            select u.id, u.email, u.first_name,
                   (select count(*)::int from account_tokens t where t.user_id = u.id and t.purpose = 'password-reset' and t.created_at > @Since) as recent
            from users u where lower(u.email) = lower(@Email)
            """;
        var now = time.GetUtcNow();
        var user = await db.Connection.QuerySingleOrDefaultAsync<(Guid Id, string Email, string FirstName, int Recent)?>(db.Command(
            load, new { Email = request.Email.Trim(), Since = (now - TimeSpan.FromHours(1)).UtcDateTime }, cancellationToken));
        if (user is not { } account || account.Recent >= LinksPerHour)
        {
            return Unit.Value;
        }

        var token = await Accounts.AccountTokens.IssueAsync(db, account.Id, Accounts.AccountTokens.PasswordReset, account.Email, null, now, LinkLifetime, cancellationToken);
        await EmailOutbox.EnqueueAsync(db, Accounts.AccountEmails.PasswordReset(options.Value, account.Email, account.FirstName, token), now, cancellationToken);
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
        const string load = "select email, first_name, role from users where id = @UserId";
        const string update = """
            update users set password_hash = @PasswordHash where id = @UserId;
            update account_tokens set used_at = @Now where user_id = @UserId and purpose = 'password-reset' and used_at is null;
            """;
        var now = time.GetUtcNow();
        var link = await Accounts.AccountTokens.ConsumeAsync(db, request.Token, [Accounts.AccountTokens.PasswordReset], now, cancellationToken);
        var account = await db.Connection.QuerySingleAsync<(string Email, string FirstName, string Role)>(db.Command(load, new { link.UserId }, cancellationToken));
        if (policy.Check(request.Password, account.Email, account.Role == Roles.Staff) is { } refusal)
        {
            throw new FieldException("password", refusal.Message);
        }

        await db.Connection.ExecuteAsync(db.Command(update, new { link.UserId, PasswordHash = hasher.HashPassword(new object(), request.Password), Now = now.UtcDateTime }, cancellationToken));
        await SessionRevocation.EndAllAsync(db, link.UserId, keep: null, now, cancellationToken);
        await EmailOutbox.EnqueueAsync(db, Accounts.AccountEmails.PasswordChanged(account.Email, account.FirstName), now, cancellationToken);
        return Unit.Value;
    }
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
        await EmailOutbox.EnqueueAsync(db, Accounts.AccountEmails.PasswordChanged(user.Email, user.FirstName), now, cancellationToken);
        return Unit.Value;
    }
}
