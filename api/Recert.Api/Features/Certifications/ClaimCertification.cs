using Dapper;
using FluentValidation;
using MediatR;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Certifications;

public sealed record ClaimCertificationCommand(string Number, string LastName) : ICommand<CertificationResponse>;

public sealed class ClaimCertificationValidator : AbstractValidator<ClaimCertificationCommand>
{
    public ClaimCertificationValidator()
    {
        RuleFor(c => c.Number).NotEmpty().MaximumLength(32);
        RuleFor(c => c.LastName).NotEmpty().MaximumLength(100);
    }
}

internal sealed class ClaimCertificationHandler(DbSession db, ICurrentUser currentUser, IMediator mediator, OrganisationClock clock)
    : IRequestHandler<ClaimCertificationCommand, CertificationResponse>
{
    public async Task<CertificationResponse> Handle(ClaimCertificationCommand request, CancellationToken cancellationToken)
    {
        var userId = currentUser.RequireId();
        const string find = """
            select id, number, credential, first_name, last_name, email, user_id, cycle_start, expires_on, for_life
            from certifications
            where upper(number) = upper(@Number) and lower(last_name) = lower(@LastName)
            for update
            """;
        var row = await db.Connection.QuerySingleOrDefaultAsync<CertificationRow>(
            db.Command(find, new { Number = request.Number.Trim(), LastName = request.LastName.Trim() }, cancellationToken));

        // Held by someone else looks the same as unknown: a claim must not reveal whose numbers exist.
        if (row is null || (row.UserId is not null && row.UserId != userId))
        {
            throw new NotFoundException("No unclaimed certification matches this number and last name.");
        }

        if (row.UserId is null)
        {
            const string claim = "update certifications set user_id = @UserId where id = @Id";
            await db.Connection.ExecuteAsync(db.Command(claim, new { UserId = userId, row.Id }, cancellationToken));
            await mediator.Publish(new CertificationAppeared(row.Id), cancellationToken);
            row = row with { UserId = userId };
        }

        return CertificationResponse.From(row, clock);
    }
}
