using Dapper;
using FluentValidation;
using MediatR;
using Recert.Api.Features.Audits;
using Recert.Api.Features.Certifications;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Credentials;

public sealed record RevocationResponse(string Number, string Reason, DateTimeOffset RevokedAt);

public sealed record RevokeCertificationBody(string Reason);

/// <summary>Staff revoke a certification (e.g. misconduct): verification says "revoked" and the credential's status bit is set.</summary>
public sealed record RevokeCertificationCommand(string Number, string Reason) : ICommand<RevocationResponse>;

public sealed class RevokeCertificationValidator : AbstractValidator<RevokeCertificationCommand>
{
    public RevokeCertificationValidator()
    {
        RuleFor(c => c.Reason).NotEmpty().WithMessage("Give the reason for the revocation.").MaximumLength(1000);
    }
}

internal sealed class RevokeCertificationHandler(DbSession db, ICurrentUser currentUser, OrganisationClock clock)
    : IRequestHandler<RevokeCertificationCommand, RevocationResponse>
{
    public async Task<RevocationResponse> Handle(RevokeCertificationCommand request, CancellationToken cancellationToken)
    {
        const string revoke = """
            insert into certification_revocations (certification_id, reason, revoked_by, revoked_at)
            values (@CertificationId, @Reason, @RevokedBy, @Now)
            on conflict (certification_id) do nothing
            returning id
            """;
        var certification = await CertificationStore.FindAccessibleAsync(db.Connection, request.Number, currentUser, cancellationToken, db.Transaction, forUpdate: true);
        var reason = request.Reason.Trim();
        var id = await db.Connection.ExecuteScalarAsync<Guid?>(db.Command(revoke,
            new { CertificationId = certification.Id, Reason = reason, RevokedBy = currentUser.RequireId(), Now = clock.Now.UtcDateTime }, cancellationToken));
        if (id is null)
        {
            throw new ConflictException($"Certification {certification.Number} is already revoked.", "certification.revoked");
        }

        await RenewalStore.RecordDecisionAsync(db, certification.Id, "certification", certification.Id, "revoked", reason, null, currentUser.RequireId(), clock.Now, cancellationToken);
        return new RevocationResponse(certification.Number, reason, clock.Now);
    }
}
