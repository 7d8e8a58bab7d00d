using Dapper;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.Options;
using Recert.Api.Features.Accounts;
using Recert.Api.Features.Email;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Certifications;

public sealed record ClaimCertificationCommand(string Number, string LastName) : ICommand<ClaimAccepted>;

/// <summary>The one answer to every claim, so that a claim tells nothing about which numbers exist or whose they are.</summary>
public sealed record ClaimAccepted(string Message)
{
    public static readonly ClaimAccepted Instance = new(
        "If this number and last name match a certification, we emailed a confirmation link to the address on file for it " +
        "(open it while signed in to this account). When there is no address on file, our staff review the request and email you.");
}

public sealed class ClaimCertificationValidator : AbstractValidator<ClaimCertificationCommand>
{
    public ClaimCertificationValidator()
    {
        RuleFor(c => c.Number).NotEmpty().MaximumLength(32);
        RuleFor(c => c.LastName).NotEmpty().MaximumLength(100);
    }
}

/// <summary>
/// A number and a last name prove nothing (numbers are sequential, names are public): a claim only sends a confirmation
/// link to the address staff recorded for the certification, or queues it for staff when there is none
/// (<see cref="Accounts.ConfirmClaimHandler"/>, <see cref="Accounts.DecideClaimHandler"/>).
/// </summary>
internal sealed class ClaimCertificationHandler(DbSession db, RateCounters counters, ICurrentUser currentUser, IHttpContextAccessor http, OrganisationClock clock, IOptions<AccountOptions> options)
    : IRequestHandler<ClaimCertificationCommand, ClaimAccepted>
{
    sealed record Match(Guid Id, string Number, string FirstName, string? Email, Guid? UserId);

    public async Task<ClaimAccepted> Handle(ClaimCertificationCommand request, CancellationToken cancellationToken)
    {
        var userId = currentUser.RequireId();
        var now = clock.Now;
        var settings = options.Value;
        await counters.HitAsync(AccountTokens.Key("claim-ip", ClientAddress.Of(http)), settings.ClaimsPerIpPerHour, TimeSpan.FromHours(1), now, cancellationToken);
        await counters.HitAsync(AccountTokens.Key("claim-account", userId.ToString()), settings.ClaimsPerAccountPerHour, TimeSpan.FromHours(1), now, cancellationToken);

        const string find = """
            select id, number, first_name, email, user_id
            from certifications
            where upper(number) = upper(@Number) and lower(last_name) = lower(@LastName)
            """;
        var match = await db.Connection.QuerySingleOrDefaultAsync<Match>(
            db.Command(find, new { Number = request.Number.Trim(), LastName = request.LastName.Trim() }, cancellationToken));
        if (match is null || match.UserId is not null)
        {
            return ClaimAccepted.Instance;
        }

        if (string.IsNullOrWhiteSpace(match.Email))
        {
            const string queue = """
                insert into claim_requests (user_id, certification_id, created_at) values (@UserId, @CertificationId, @Now)
                on conflict (user_id, certification_id) where state = 'pending' do nothing
                """;
            await db.Connection.ExecuteAsync(db.Command(queue, new { UserId = userId, CertificationId = match.Id, Now = now.UtcDateTime }, cancellationToken));
            return ClaimAccepted.Instance;
        }

        const string account = "select email from users where id = @UserId";
        var accountEmail = await db.Connection.QuerySingleAsync<string>(db.Command(account, new { UserId = userId }, cancellationToken));
        var token = await AccountTokens.IssueAsync(db, userId, "claim", match.Email, match.Id, now, settings.ClaimLifetime, cancellationToken);
        await EmailOutbox.EnqueueAsync(db, AccountEmails.ConfirmClaim(settings, match.Email, match.FirstName, match.Number, accountEmail, token), now, cancellationToken);
        return ClaimAccepted.Instance;
    }
}
