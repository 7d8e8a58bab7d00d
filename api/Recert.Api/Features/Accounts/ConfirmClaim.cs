using Dapper;
using FluentValidation;
using MediatR;
using Recert.Api.Features.Certifications;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Accounts;

/// <summary>Follows the link emailed to a certification's address on file; only the account that claimed it may.</summary>
public sealed record ConfirmClaimCommand(string Token) : ICommand<CertificationResponse>;

public sealed class ConfirmClaimValidator : AbstractValidator<ConfirmClaimCommand>
{
    public ConfirmClaimValidator() => RuleFor(c => c.Token).NotEmpty().MaximumLength(200);
}

internal sealed class ConfirmClaimHandler(DbSession db, ICurrentUser currentUser, IMediator mediator, OrganisationClock clock)
    : IRequestHandler<ConfirmClaimCommand, CertificationResponse>
{
    public async Task<CertificationResponse> Handle(ConfirmClaimCommand request, CancellationToken cancellationToken)
    {
        var userId = currentUser.RequireId();
        const string owner = "select user_id from account_tokens where token_hash = @TokenHash and purpose = 'claim'";
        var claimant = await db.Connection.QuerySingleOrDefaultAsync<Guid?>(db.Command(owner, new { TokenHash = AccountTokens.Hash(request.Token.Trim()) }, cancellationToken));
        // Opened by someone else (the holder of the address, signed in as another account or not at all): the link
        // stays usable by the claimant and reveals nothing.
        if (claimant != userId)
        {
            throw AccountTokenException.Invalid();
        }

        var token = await AccountTokens.ConsumeAsync(db, request.Token, ["claim"], clock.Now, cancellationToken);
        const string link = """
            update certifications set user_id = @UserId
            where id = @CertificationId and user_id is null and lower(email) = lower(@Email)
            returning id, number, credential, first_name, last_name, email, user_id, cycle_start, expires_on, for_life
            """;
        var row = await db.Connection.QuerySingleOrDefaultAsync<CertificationRow>(db.Command(link, new { UserId = userId, token.CertificationId, token.Email }, cancellationToken))
            ?? throw new ConflictException("This certification was linked to an account or changed since the link was sent.", "claim.unavailable");
        await mediator.Publish(new CertificationAppeared(row.Id), cancellationToken);
        return CertificationResponse.From(row, clock);
    }
}
