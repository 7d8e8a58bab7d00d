using Dapper;
using MediatR;
using Npgsql;
using Recert.Api.Domain;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.BackOffice;

public enum AuditQueue
{
    AwaitingReview,
    Overdue,
    AwaitingDocumentation,
}

public sealed record AuditQueueEntry(Guid ApplicationId, string Number, string Name, ApplicationStatus Status, DateOnly SelectedOn, DateOnly DueOn, DateTimeOffset? SubmittedAt, int AgeDays);

public sealed record AuditQueueQuery(AuditQueue Queue) : IQuery<IReadOnlyList<AuditQueueEntry>>;

internal sealed class AuditQueueHandler(NpgsqlDataSource dataSource, OrganisationClock clock) : IRequestHandler<AuditQueueQuery, IReadOnlyList<AuditQueueEntry>>
{
    sealed record Row(Guid ApplicationId, string Number, string Name, string Status, DateOnly SelectedOn, DateOnly DueOn, DateTime? SubmittedAt);

    public async Task<IReadOnlyList<AuditQueueEntry>> Handle(AuditQueueQuery request, CancellationToken cancellationToken)
    {
        var filter = request.Queue switch
        {
            AuditQueue.AwaitingReview => "ap.status = 'documentation-submitted'",
            AuditQueue.Overdue => "ap.status = 'audit-requested' and a.due_on < @Today",
            _ => "ap.status = 'audit-requested' and a.due_on >= @Today",
        };
        var sql = $"""
            select a.application_id, c.number, c.first_name || ' ' || c.last_name as name, ap.status, a.selected_on, a.due_on, a.submitted_at
            from audits a join applications ap on ap.id = a.application_id join certifications c on c.id = ap.certification_id
            where {filter}
            order by coalesce(a.submitted_at, a.due_on::timestamp), a.application_id
            limit 500
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var today = clock.Today;
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(sql, new { Today = today }, cancellationToken: cancellationToken));
        return rows.Select(r => new AuditQueueEntry(r.ApplicationId, r.Number, r.Name, EnumText.Parse<ApplicationStatus>(r.Status), r.SelectedOn, r.DueOn,
                r.SubmittedAt is { } s ? new DateTimeOffset(DateTime.SpecifyKind(s, DateTimeKind.Utc)) : null,
                Math.Max(0, today.DayNumber - r.SelectedOn.DayNumber)))
            .ToList();
    }
}
