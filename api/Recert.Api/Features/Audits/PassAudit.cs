using Dapper;
using MediatR;
using Recert.Api.Domain;
using Recert.Api.Features.Applications;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Audits;

public sealed record PassAuditCommand(Guid ApplicationId, string? Note) : ICommand<ApplicationResponse>;

internal sealed class PassAuditHandler(DbSession db, ICurrentUser currentUser, OrganisationClock clock) : IRequestHandler<PassAuditCommand, ApplicationResponse>
{
    public async Task<ApplicationResponse> Handle(PassAuditCommand request, CancellationToken cancellationToken)
    {
        var application = await RenewalStore.LockApplicationAsync(db, request.ApplicationId, cancellationToken);
        if (application.StatusValue != ApplicationStatus.DocumentationSubmitted)
        {
            throw new ConflictException($"An audit passes once its documentation is submitted; this application is {application.Status}.", "audit.not-submitted");
        }

        var now = clock.Now;
        var staffId = currentUser.RequireId();
        await db.Connection.ExecuteAsync(db.Command("update audits set state = 'passed', decided_at = @Now, decided_by = @StaffId where application_id = @Id",
            new { application.Id, Now = now.UtcDateTime, StaffId = staffId }, cancellationToken));
        await RenewalStore.RecordDecisionAsync(db, application.CertificationId, "audit", application.Id, "passed", request.Note, null, staffId, now, cancellationToken);
        await RenewalStore.ApproveAsync(db, application, staffId, now, cancellationToken);
        return (await ApplicationStore.FindAccessibleAsync(db.Connection, application.Id, currentUser, cancellationToken, db.Transaction)).ToResponse();
    }
}
