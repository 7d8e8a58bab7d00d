using Dapper;
using FluentValidation;
using MediatR;
using Npgsql;
using Recert.Api.Domain;
using Recert.Api.Features.Applications;
using Recert.Api.Features.Certifications;
using Recert.Api.Features.Documents;
using Recert.Api.Features.Email;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Audits;

public enum AuditState
{
    Requested,
    DocumentationSubmitted,
    Passed,
    Failed,
}

public enum AuditItemKind
{
    Activity,
    Card,
}

public sealed record AuditItemResponse(Guid Id, AuditItemKind Kind, Guid SubjectId, string Description, Guid? DocumentId);

public sealed record AuditResponse(
    Guid ApplicationId,
    string Number,
    AuditState State,
    DateOnly SelectedOn,
    DateOnly DueOn,
    int DaysLeft,
    IReadOnlyList<AuditItemResponse> Items,
    DateTimeOffset? SubmittedAt,
    DateTimeOffset? DecidedAt,
    IReadOnlyList<string> Reasons);

public static class AuditStore
{
    sealed record AuditRow(Guid ApplicationId, DateOnly SelectedOn, DateOnly DueOn, string State, DateTime? SubmittedAt, DateTime? DecidedAt, string? Reasons);

    sealed record ItemRow(Guid Id, string Kind, Guid SubjectId, string Description, Guid? DocumentId);

    public static async Task<AuditResponse> LoadAsync(NpgsqlConnection connection, ApplicationRow application, DateOnly today, CancellationToken cancellationToken, NpgsqlTransaction? transaction = null)
    {
        const string auditSql = "select application_id, selected_on, due_on, state, submitted_at, decided_at, reasons::text as reasons from audits where application_id = @Id";
        var audit = await connection.QuerySingleOrDefaultAsync<AuditRow>(new CommandDefinition(auditSql, new { application.Id }, transaction, cancellationToken: cancellationToken))
                    ?? throw new NotFoundException("This application was not selected for audit.");
        const string itemsSql = "select id, kind, subject_id, description, document_id from audit_items where application_id = @Id order by kind, description";
        var items = await connection.QueryAsync<ItemRow>(new CommandDefinition(itemsSql, new { application.Id }, transaction, cancellationToken: cancellationToken));
        return new AuditResponse(
            application.Id,
            application.Number,
            EnumText.Parse<AuditState>(audit.State),
            audit.SelectedOn,
            audit.DueOn,
            Math.Max(0, audit.DueOn.DayNumber - today.DayNumber),
            items.Select(i => new AuditItemResponse(i.Id, EnumText.Parse<AuditItemKind>(i.Kind), i.SubjectId, i.Description, i.DocumentId)).ToList(),
            Utc(audit.SubmittedAt),
            Utc(audit.DecidedAt),
            audit.Reasons is null ? [] : System.Text.Json.JsonSerializer.Deserialize<List<string>>(audit.Reasons)!);
    }

    static DateTimeOffset? Utc(DateTime? value) => value is { } v ? new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)) : null;
}

public sealed record GetAuditQuery(Guid ApplicationId) : IQuery<AuditResponse>;

internal sealed class GetAuditHandler(NpgsqlDataSource dataSource, ICurrentUser currentUser, OrganisationClock clock) : IRequestHandler<GetAuditQuery, AuditResponse>
{
    public async Task<AuditResponse> Handle(GetAuditQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var application = await ApplicationStore.FindAccessibleAsync(connection, request.ApplicationId, currentUser, cancellationToken);
        return await AuditStore.LoadAsync(connection, application, clock.Today, cancellationToken);
    }
}

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

        if (AuditDraw.IsOverdue(audit.DueOn, clock.Today))
        {
            throw new RuleViolationException("audit.overdue", $"The documentation was due on {audit.DueOn:yyyy-MM-dd}.");
        }

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

public sealed record FailAuditCommand(Guid ApplicationId, IReadOnlyList<string> Reasons) : ICommand<ApplicationResponse>;

public sealed class FailAuditValidator : AbstractValidator<FailAuditCommand>
{
    public FailAuditValidator()
    {
        RuleFor(c => c.Reasons).NotEmpty().WithMessage("Give at least one reason.");
        RuleForEach(c => c.Reasons).NotEmpty().MaximumLength(1000);
    }
}

internal sealed class FailAuditHandler(DbSession db, ICurrentUser currentUser, OrganisationClock clock) : IRequestHandler<FailAuditCommand, ApplicationResponse>
{
    public async Task<ApplicationResponse> Handle(FailAuditCommand request, CancellationToken cancellationToken)
    {
        var application = await RenewalStore.LockApplicationAsync(db, request.ApplicationId, cancellationToken);
        if (application.StatusValue != ApplicationStatus.DocumentationSubmitted)
        {
            throw new ConflictException($"Staff fail an audit once its documentation is submitted; this application is {application.Status}.", "audit.not-submitted");
        }

        await AuditDeadlines.FailAsync(db, application, request.Reasons.Select(r => r.Trim()).ToList(), currentUser.RequireId(), clock.Now, cancellationToken);
        return (await ApplicationStore.FindAccessibleAsync(db.Connection, application.Id, currentUser, cancellationToken, db.Transaction)).ToResponse();
    }
}

public sealed record RejectApplicationCommand(Guid ApplicationId, string Reason) : ICommand<ApplicationResponse>;

public sealed class RejectApplicationValidator : AbstractValidator<RejectApplicationCommand>
{
    public RejectApplicationValidator() => RuleFor(c => c.Reason).NotEmpty().MaximumLength(1000);
}

internal sealed class RejectApplicationHandler(DbSession db, ICurrentUser currentUser, OrganisationClock clock) : IRequestHandler<RejectApplicationCommand, ApplicationResponse>
{
    public async Task<ApplicationResponse> Handle(RejectApplicationCommand request, CancellationToken cancellationToken)
    {
        var application = await RenewalStore.LockApplicationAsync(db, request.ApplicationId, cancellationToken);
        var now = clock.Now;
        var staffId = currentUser.RequireId();
        var reason = request.Reason.Trim();
        await RenewalStore.MoveAsync(db, application, ApplicationStatus.Rejected, now, cancellationToken, reason);
        await RenewalStore.RecordDecisionAsync(db, application.CertificationId, "application", application.Id, "rejected", reason, null, staffId, now, cancellationToken);
        var holder = await RenewalStore.HolderAsync(db, application.CertificationId, cancellationToken);
        await EmailOutbox.EnqueueAsync(db, EmailTemplates.Rejected(holder.CertificationId, holder.Email, holder.FirstName, holder.Number, reason), now, cancellationToken);
        return (await ApplicationStore.FindAccessibleAsync(db.Connection, application.Id, currentUser, cancellationToken, db.Transaction)).ToResponse();
    }
}

/// <summary>The audit deadline: an audit without documentation after its due date fails. Run by the background job.</summary>
public sealed class AuditDeadlines(DbSession db, OrganisationClock clock)
{
    public async Task<int> MarkOverdueAsync(CancellationToken cancellationToken = default)
    {
        await db.BeginAsync(cancellationToken);
        try
        {
            const string sql = """
                select a.application_id from audits a join applications ap on ap.id = a.application_id
                where a.state = 'requested' and ap.status = 'audit-requested' and a.due_on < @Today
                order by a.due_on
                for update of a skip locked
                """;
            var ids = (await db.Connection.QueryAsync<Guid>(db.Command(sql, new { clock.Today }, cancellationToken))).AsList();
            foreach (var id in ids)
            {
                var application = await RenewalStore.LockApplicationAsync(db, id, cancellationToken);
                await FailAsync(db, application, ["The audit documentation was not submitted by its due date."], null, clock.Now, cancellationToken);
            }

            await db.CommitAsync(cancellationToken);
            return ids.Count;
        }
        finally
        {
            await db.CloseAsync();
        }
    }

    internal static async Task FailAsync(DbSession db, ApplicationRow application, IReadOnlyList<string> reasons, Guid? decidedBy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await RenewalStore.MoveAsync(db, application, ApplicationStatus.AuditFailed, now, cancellationToken, string.Join(" ", reasons));
        await db.Connection.ExecuteAsync(db.Command("update audits set state = 'failed', decided_at = @Now, decided_by = @DecidedBy, reasons = @Reasons::jsonb where application_id = @Id",
            new { application.Id, Now = now.UtcDateTime, DecidedBy = decidedBy, Reasons = System.Text.Json.JsonSerializer.Serialize(reasons) }, cancellationToken));
        await RenewalStore.RecordDecisionAsync(db, application.CertificationId, "audit", application.Id, "failed", string.Join(" ", reasons), null, decidedBy, now, cancellationToken);
        var holder = await RenewalStore.HolderAsync(db, application.CertificationId, cancellationToken);
        await EmailOutbox.EnqueueAsync(db, EmailTemplates.AuditFailed(holder.CertificationId, holder.Email, holder.FirstName, holder.Number, reasons), now, cancellationToken);
    }
}
