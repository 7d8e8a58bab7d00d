using Dapper;
using MediatR;
using Npgsql;
using Recert.Api.Domain;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.BackOffice;

public sealed record QueueCount(int Count, int OldestAgeDays);

public sealed record StatusCount(ApplicationStatus Status, int Count, int OldestAgeDays);

public sealed record QueuesResponse(
    QueueCount PetitionsToReview,
    int PetitionCourseGroups,
    QueueCount AuditsAwaitingReview,
    QueueCount OverdueAudits,
    QueueCount AuditsAwaitingDocumentation,
    IReadOnlyList<StatusCount> ApplicationsByStatus);

public sealed record QueuesQuery : IQuery<QueuesResponse>;

internal sealed class QueuesHandler(ReadReplicaDataSource replica, OrganisationClock clock) : IRequestHandler<QueuesQuery, QueuesResponse>
{
    sealed record CountRow(string Key, int Count, DateTime? Oldest);

    public async Task<QueuesResponse> Handle(QueuesQuery request, CancellationToken cancellationToken)
    {
        const string sql = """
            select 'petitions' as key, count(*)::int as count, min(paid_at) as oldest from petitions where status = 'awaiting-review'
            union all
            select 'petition-groups', count(distinct course_key)::int, null from petitions where status = 'awaiting-review'
            union all
            select 'audits-review', count(*)::int, min(a.submitted_at) from audits a join applications ap on ap.id = a.application_id
              where ap.status = 'documentation-submitted'
            union all
            select 'audits-overdue', count(*)::int, min(a.due_on)::timestamp from audits a join applications ap on ap.id = a.application_id
              where ap.status = 'audit-requested' and a.due_on < @Today
            union all
            select 'audits-waiting', count(*)::int, min(a.selected_on)::timestamp from audits a join applications ap on ap.id = a.application_id
              where ap.status = 'audit-requested' and a.due_on >= @Today
            union all
            select 'status:' || status, count(*)::int, min(updated_at) from applications group by status
            """;
        var rows = await replica.ReadAsync(async connection =>
            (await connection.QueryAsync<CountRow>(new CommandDefinition(sql, new { clock.Today }, cancellationToken: cancellationToken))).ToDictionary(r => r.Key), cancellationToken);
        var now = clock.Now.UtcDateTime;
        QueueCount Count(string key) => rows.TryGetValue(key, out var row)
            ? new QueueCount(row.Count, row.Oldest is { } oldest ? Math.Max(0, (int)(now - oldest).TotalDays) : 0)
            : new QueueCount(0, 0);

        var byStatus = Enum.GetValues<ApplicationStatus>()
            .Select(s => (Status: s, Count: Count("status:" + EnumText.Of(s))))
            .Where(s => s.Count.Count > 0)
            .Select(s => new StatusCount(s.Status, s.Count.Count, s.Count.OldestAgeDays))
            .ToList();
        return new QueuesResponse(Count("petitions"), Count("petition-groups").Count, Count("audits-review"), Count("audits-overdue"), Count("audits-waiting"), byStatus);
    }
}
