using Dapper;
using FluentValidation;
using MediatR;
using Npgsql;
using Recert.Api.Domain;
using Recert.Api.Features.Applications;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.BackOffice;

public sealed record StaffApplicationsQuery(ApplicationStatus? Status, int Page, int PageSize) : IQuery<ApplicationPage>, IPagedQuery;

public sealed class StaffApplicationsValidator : AbstractValidator<StaffApplicationsQuery>
{
    public StaffApplicationsValidator()
    {
        RuleFor(q => q.Page).PageNumber();
        RuleFor(q => q.PageSize).PageSize();
    }
}

public sealed record ApplicationPage(IReadOnlyList<ApplicationResponse> Items, int Page, int PageSize, int Total);

// On the primary: the staff screen reloads this list right after rejecting an application.
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
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(sql, new
        {
            Status = request.Status is { } s ? EnumText.Of(s) : null,
            Limit = request.PageSize,
            Offset = request.Offset(),
        }, cancellationToken: cancellationToken));
        var rows = (await results.ReadAsync<ApplicationRow>()).Select(r => r.ToResponse()).ToList();
        var total = await results.ReadSingleAsync<int>();
        return new ApplicationPage(rows, request.Page, request.PageSize, total);
    }
}
