using Dapper;
using MediatR;
using Npgsql;
using Recert.Api.Domain;
using Recert.Api.Features.Applications;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.BackOffice;

public sealed record StaffApplicationsQuery(ApplicationStatus? Status, int Page, int PageSize) : IQuery<ApplicationPage>;

public sealed record ApplicationPage(IReadOnlyList<ApplicationResponse> Items, int Page, int PageSize, int Total);

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
