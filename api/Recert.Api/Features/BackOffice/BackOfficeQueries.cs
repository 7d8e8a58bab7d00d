using Dapper;
using MediatR;
using Microsoft.Extensions.Options;
using Npgsql;
using Recert.Api.Domain;
using Recert.Api.Features.Applications;
using Recert.Api.Features.Audits;
using Recert.Api.Features.Certifications;
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

internal sealed class QueuesHandler(NpgsqlDataSource dataSource, OrganisationClock clock) : IRequestHandler<QueuesQuery, QueuesResponse>
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
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<CountRow>(new CommandDefinition(sql, new { clock.Today }, cancellationToken: cancellationToken))).ToDictionary(r => r.Key);
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

public sealed record AuditRateResponse(decimal ConfiguredRate, int Draws, int Drawn, decimal? ObservedRate);

public sealed record AuditRateQuery : IQuery<AuditRateResponse>;

internal sealed class AuditRateHandler(NpgsqlDataSource dataSource, IOptions<AuditOptions> options) : IRequestHandler<AuditRateQuery, AuditRateResponse>
{
    public async Task<AuditRateResponse> Handle(AuditRateQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var (draws, drawn) = await connection.QuerySingleAsync<(int, int)>(new CommandDefinition(
            "select count(*)::int, count(*) filter (where drawn)::int from audit_draws", cancellationToken: cancellationToken));
        return new AuditRateResponse(options.Value.Rate, draws, drawn, AuditDraw.ObservedRate(draws, drawn));
    }
}

public sealed record StaffApplicationsQuery(ApplicationStatus? Status, int Page, int PageSize) : IQuery<ApplicationPage>;

public sealed record ApplicationPage(IReadOnlyList<ApplicationResponse> Items, int Page, int PageSize, int Total);

public sealed record CertificationPage(IReadOnlyList<CertificationSummary> Items, int Page, int PageSize, int Total);

internal sealed class StaffApplicationsHandler(NpgsqlDataSource dataSource) : IRequestHandler<StaffApplicationsQuery, ApplicationPage>
{
    public async Task<ApplicationPage> Handle(StaffApplicationsQuery request, CancellationToken cancellationToken)
    {
        const string sql = """
            select a.id, a.certification_id, c.number, c.user_id as holder_user_id, a.plan, a.status, a.submission_window,
                   a.received_on, a.cycle_start, a.expires_on, a.fees::text as fees, a.total_cents, a.currency, a.created_at, a.updated_at
            from applications a join certifications c on c.id = a.certification_id
            where @Status::text is null or a.status = @Status
            order by a.updated_at, a.id
            limit @Limit offset @Offset;
            select count(*)::int from applications where @Status::text is null or status = @Status;
            """;
        var (page, size) = Paging.Normalise(request.Page, request.PageSize);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(sql, new
        {
            Status = request.Status is { } s ? EnumText.Of(s) : null,
            Limit = size,
            Offset = (page - 1) * size,
        }, cancellationToken: cancellationToken));
        var rows = (await results.ReadAsync<ApplicationRow>()).Select(r => r.ToResponse()).ToList();
        var total = await results.ReadSingleAsync<int>();
        return new ApplicationPage(rows, page, size, total);
    }
}

public static class Paging
{
    public static (int Page, int Size) Normalise(int page, int pageSize) => (Math.Max(1, page), Math.Clamp(pageSize <= 0 ? 25 : pageSize, 1, 100));
}

public sealed record CertificationSummary(string Number, string Credential, string FirstName, string LastName, string Email, DateOnly CycleStart, DateOnly ExpiresOn, bool ForLife, CertificationStatus Status);

public sealed record SearchCertificationsQuery(string? Search, int Page, int PageSize) : IQuery<CertificationPage>;

internal sealed class SearchCertificationsHandler(NpgsqlDataSource dataSource, OrganisationClock clock) : IRequestHandler<SearchCertificationsQuery, CertificationPage>
{
    public async Task<CertificationPage> Handle(SearchCertificationsQuery request, CancellationToken cancellationToken)
    {
        const string sql = """
            select id, number, credential, first_name, last_name, email, user_id, cycle_start, expires_on, for_life
            from certifications
            where @Search = '' or upper(number) = upper(@Search) or lower(email) like @Like escape '\'
               or lower(first_name || ' ' || last_name) like @Like escape '\' or lower(last_name) like @Like escape '\'
            order by last_name, first_name, number
            limit @Limit offset @Offset;
            select count(*)::int from certifications
            where @Search = '' or upper(number) = upper(@Search) or lower(email) like @Like escape '\'
               or lower(first_name || ' ' || last_name) like @Like escape '\' or lower(last_name) like @Like escape '\';
            """;
        var search = (request.Search ?? string.Empty).Trim();
        var like = "%" + search.ToLowerInvariant().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
        var (page, size) = Paging.Normalise(request.Page, request.PageSize);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(sql, new { Search = search, Like = like, Limit = size, Offset = (page - 1) * size }, cancellationToken: cancellationToken));
        var today = clock.Today;
        var items = (await results.ReadAsync<CertificationRow>())
            .Select(c => new CertificationSummary(c.Number, c.Credential, c.FirstName, c.LastName, c.Email, c.CycleStart, c.ExpiresOn, c.ForLife, CertificationRules.StatusOn(c.ExpiresOn, today)))
            .ToList();
        return new CertificationPage(items, page, size, await results.ReadSingleAsync<int>());
    }
}
