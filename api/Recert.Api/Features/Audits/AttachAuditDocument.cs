using Dapper;
using FluentValidation;
using MediatR;
using Recert.Api.Domain;
using Recert.Api.Features.Applications;
using Recert.Api.Features.Certifications;
using Recert.Api.Features.Documents;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Audits;

public sealed record AttachAuditDocumentCommand(Guid ApplicationId, Guid ItemId, Guid DocumentId) : ICommand<AuditResponse>;

public sealed class AttachAuditDocumentValidator : AbstractValidator<AttachAuditDocumentCommand>
{
    public AttachAuditDocumentValidator() => RuleFor(c => c.DocumentId).NotEmpty();
}

internal sealed class AttachAuditDocumentHandler(DbSession db, ICurrentUser currentUser, OrganisationClock clock) : IRequestHandler<AttachAuditDocumentCommand, AuditResponse>
{
    public async Task<AuditResponse> Handle(AttachAuditDocumentCommand request, CancellationToken cancellationToken)
    {
        var application = await ApplicationStore.FindAccessibleAsync(db.Connection, request.ApplicationId, currentUser, cancellationToken, db.Transaction, forUpdate: true);
        if (application.StatusValue != ApplicationStatus.AuditRequested)
        {
            throw new ConflictException("Documentation can be attached only while the audit waits for it.", "audit.not-open");
        }

        var audit = await AuditStore.LoadAsync(db.Connection, application, clock.Today, cancellationToken, db.Transaction);
        AuditStore.EnsureNotOverdue(audit, clock);

        var certification = await CertificationStore.FindAccessibleAsync(db.Connection, application.Number, currentUser, cancellationToken, db.Transaction);
        await DocumentStore.EnsureUsableAsync(db, request.DocumentId, certification, currentUser.Id, "documentId", cancellationToken);
        const string sql = "update audit_items set document_id = @DocumentId where id = @ItemId and application_id = @ApplicationId";
        if (await db.Connection.ExecuteAsync(db.Command(sql, request, cancellationToken)) == 0)
        {
            throw new NotFoundException("No such item in this audit.");
        }

        return await AuditStore.LoadAsync(db.Connection, application, clock.Today, cancellationToken, db.Transaction);
    }
}
