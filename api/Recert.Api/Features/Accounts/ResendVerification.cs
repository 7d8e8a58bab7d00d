using Dapper;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.Options;
using Recert.Api.Features.Email;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Accounts;

/// <summary>
/// Sends a new verification link: to the signed-in account, or to <see cref="Email"/> when nobody is signed in (the
/// answer is the same whether that address has an unverified account or not).
/// </summary>
public sealed record ResendVerificationCommand(string? Email) : ICommand<LinkSent>;

public sealed record LinkSent(string Message)
{
    public static readonly LinkSent Verification = new("If the address has an account that is not confirmed yet, we sent it a new link. Check your email.");
}

public sealed class ResendVerificationValidator : AbstractValidator<ResendVerificationCommand>
{
    public ResendVerificationValidator()
        => RuleFor(c => c.Email).MaximumLength(254).EmailAddress().When(c => !string.IsNullOrEmpty(c.Email));
}

internal sealed class ResendVerificationHandler(DbSession db, RateCounters counters, ICurrentUser currentUser, IHttpContextAccessor http, OrganisationClock clock, IOptions<AccountOptions> options)
    : IRequestHandler<ResendVerificationCommand, LinkSent>
{
    public async Task<LinkSent> Handle(ResendVerificationCommand request, CancellationToken cancellationToken)
    {
        if (currentUser.Id is null && string.IsNullOrWhiteSpace(request.Email))
        {
            throw new FieldException(nameof(request.Email), "Enter the email address of your account.");
        }

        var now = clock.Now;
        var settings = options.Value;
        await counters.HitAsync(AccountTokens.Key("link-ip", ClientAddress.Of(http)), settings.LinksPerIpPerHour, TimeSpan.FromHours(1), now, cancellationToken);

        const string byId = "select id, email, first_name from users where id = @Id and email_verified_at is null";
        const string byEmail = "select id, email, first_name from users where lower(email) = lower(@Email) and email_verified_at is null";
        var account = currentUser.Id is { } id
            ? await db.Connection.QuerySingleOrDefaultAsync<(Guid Id, string Email, string FirstName)?>(db.Command(byId, new { Id = id }, cancellationToken))
            : await db.Connection.QuerySingleOrDefaultAsync<(Guid Id, string Email, string FirstName)?>(db.Command(byEmail, new { Email = request.Email!.Trim() }, cancellationToken));

        // Counted per account, or per address whether or not it has an account, so that the limit reveals nothing.
        var counted = currentUser.Id?.ToString() ?? request.Email!;
        await counters.HitAsync(AccountTokens.Key("link-account", counted), settings.LinksPerAccountPerHour, TimeSpan.FromHours(1), now, cancellationToken);

        if (account is { } unverified)
        {
            var token = await AccountTokens.IssueAsync(db, unverified.Id, "verify-email", unverified.Email, null, now, settings.VerificationLifetime, cancellationToken);
            await EmailOutbox.EnqueueAsync(db, AccountEmails.VerifyEmail(settings, unverified.Email, unverified.FirstName, token), now, cancellationToken);
        }

        return LinkSent.Verification;
    }
}
