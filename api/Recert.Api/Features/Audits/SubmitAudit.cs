using Dapper;
using MediatR;
using Recert.Api.Domain;
using Recert.Api.Features.Applications;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Audits;

public sealed record SubmitAuditCommand(Guid ApplicationId) : ICommand<AuditResponse>;

internal sealed class SubmitAuditHandler(DbSession db, ICurrentUser currentUser, OrganisationClock clock) : IRequestHandler<SubmitAuditCommand, AuditResponse>
{
    public async Task<AuditResponse> Handle(SubmitAuditCommand request, CancellationToken cancellationToken)
    {
        var application = await ApplicationStore.FindAccessibleAsync(db.Connection, request.ApplicationId, currentUser, cancellationToken, db.Transaction, forUpdate: true);
        var audit = await AuditStore.LoadAsync(db.Connection, application, clock.Today, cancellationToken, db.Transaction);
        if (application.StatusValue != ApplicationStatus.AuditRequested)
        {
            throw new ConflictException($"An application that is {application.Status} has no audit documentation to submit.", "audit.not-open");
        }

        AuditStore.EnsureNotOverdue(audit, clock);

        var missing = audit.Items.Where(i => i.DocumentId is null).ToList();
        if (missing.Count > 0)
        {
            throw new RuleViolationException("Attach documentation to every item before submitting.",
                missing.Select(i => new UnmetRule("audit.document-missing", $"Attach documentation for: {i.Description}.")).ToList());
        }

        var now = clock.Now;
        await RenewalStore.MoveAsync(db, application, ApplicationStatus.DocumentationSubmitted, now, cancellationToken);
        await db.Connection.ExecuteAsync(db.Command("update audits set state = 'documentation-submitted', submitted_at = @Now where application_id = @Id",
            new { application.Id, Now = now.UtcDateTime }, cancellationToken));
        return await AuditStore.LoadAsync(db.Connection, application, clock.Today, cancellationToken, db.Transaction);
    }
}
