using Dapper;
using Npgsql;
using Recert.Api.Domain;
using Recert.Api.Features.Applications;
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

    /// <summary>
    /// The 30 days end on the due date: from the next day documentation is refused, whether or not the overdue job has
    /// marked the audit failed yet.
    /// </summary>
    public static void EnsureNotOverdue(AuditResponse audit, OrganisationClock clock)
    {
        if (AuditDraw.IsOverdue(audit.DueOn, clock.Today))
        {
            throw new RuleViolationException("audit.overdue", $"The documentation was due by {HumanDates.EndOfDay(audit.DueOn, clock.TimeZoneLabel)}.");
        }
    }

    static DateTimeOffset? Utc(DateTime? value) => value is { } v ? new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)) : null;
}
