using Dapper;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Recert.Api.Features.Email;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Accounts;

/// <summary>
/// Asks to move the signed-in account to another address. The account keeps its address until the link sent to the
/// new one is followed (<see cref="VerifyEmailHandler"/>); the old address is told at once. An address that already has
/// an account gets a notice instead of a link, and the caller the same answer.
/// </summary>
public sealed record ChangeEmailCommand(string NewEmail, string CurrentPassword) : ICommand<LinkSent>;

public sealed class ChangeEmailValidator : AbstractValidator<ChangeEmailCommand>
{
    public ChangeEmailValidator()
    {
        RuleFor(c => c.NewEmail).NotEmpty().MaximumLength(254).EmailAddress();
        RuleFor(c => c.CurrentPassword).NotEmpty().MaximumLength(128);
    }
}

internal sealed class ChangeEmailHandler(DbSession db, RateCounters counters, ICurrentUser currentUser, IPasswordHasher<object> hasher, OrganisationClock clock, IOptions<AccountOptions> options)
    : IRequestHandler<ChangeEmailCommand, LinkSent>
{
    public static readonly LinkSent Sent = new("We sent a link to the new address. Your account keeps its current address until you open it.");

    public async Task<LinkSent> Handle(ChangeEmailCommand request, CancellationToken cancellationToken)
    {
        var userId = currentUser.RequireId();
        var now = clock.Now;
        var settings = options.Value;
        await counters.HitAsync(AccountTokens.Key("link-account", userId.ToString()), settings.LinksPerAccountPerHour, TimeSpan.FromHours(1), now, cancellationToken);

        const string find = "select id, email, first_name, password_hash from users where id = @UserId";
        var user = await db.Connection.QuerySingleAsync<(Guid Id, string Email, string FirstName, string PasswordHash)>(db.Command(find, new { UserId = userId }, cancellationToken));
        if (hasher.VerifyHashedPassword(new object(), user.PasswordHash, request.CurrentPassword) == PasswordVerificationResult.Failed)
        {
            throw new FieldException(nameof(request.CurrentPassword), "The current password is not correct.");
        }

        var newEmail = request.NewEmail.Trim();
        if (string.Equals(newEmail, user.Email, StringComparison.OrdinalIgnoreCase))
        {
            throw new FieldException(nameof(request.NewEmail), "This is already the address of your account.");
        }

        const string taken = "select exists (select 1 from users where lower(email) = lower(@Email))";
        if (await db.Connection.ExecuteScalarAsync<bool>(db.Command(taken, new { Email = newEmail }, cancellationToken)))
        {
            await EmailOutbox.EnqueueAsync(db, AccountEmails.EmailInUse(settings, newEmail), now, cancellationToken);
            return Sent;
        }

        var token = await AccountTokens.IssueAsync(db, userId, "change-email", newEmail, null, now, settings.VerificationLifetime, cancellationToken);
        await EmailOutbox.EnqueueAsync(db, AccountEmails.ChangeEmail(settings, newEmail, user.FirstName, token), now, cancellationToken);
        await EmailOutbox.EnqueueAsync(db, AccountEmails.EmailChangeRequested(settings, user.Email, user.FirstName, newEmail), now, cancellationToken);
        return Sent;
    }
}
