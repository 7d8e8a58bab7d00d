using Dapper;
using FluentValidation;
using MediatR;
using Npgsql;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Providers;

/// <summary>Approved providers today (not suspended, inside their approval period), for anyone: certificants look for courses.</summary>
public sealed record ListApprovedProvidersQuery(string? Search, int Page = 1, int PageSize = 20) : IQuery<PublicProviderPage>, IPagedQuery;

public sealed class ListApprovedProvidersValidator : AbstractValidator<ListApprovedProvidersQuery>
{
    public ListApprovedProvidersValidator()
    {
        RuleFor(q => q.Search).MaximumLength(100);
        RuleFor(q => q.Page).PageNumber();
        RuleFor(q => q.PageSize).PageSize();
    }
}

internal sealed class ListApprovedProvidersHandler(ReadReplicaDataSource replica, OrganisationClock clock)
    : IRequestHandler<ListApprovedProvidersQuery, PublicProviderPage>
{
    public async Task<PublicProviderPage> Handle(ListApprovedProvidersQuery request, CancellationToken cancellationToken)
    {
        const string sql = """
            select p.id, p.name, p.approved_from, p.approved_until,
                   (select count(*)::int from provider_courses c
                    where c.provider_id = p.id and c.approved_from <= @Today and @Today <= c.approved_until) as course_count,
                   count(*) over () as total
            from providers p
            where p.suspended_at is null and p.approved_from <= @Today and @Today <= p.approved_until
              and (@Pattern::text is null or p.name ilike @Pattern
                   or exists (select 1 from provider_courses c where c.provider_id = p.id and (c.title ilike @Pattern or c.code ilike @Pattern)))
            order by lower(p.name), p.id
            limit @Limit offset @Offset
            """;
        return await replica.ReadAsync(async connection =>
        {
            var rows = (await connection.QueryAsync<PublicProviderRow>(new CommandDefinition(sql, new
            {
                Today = clock.Today,
                Pattern = ProviderStore.LikePattern(request.Search),
                Limit = request.PageSize,
                Offset = request.Offset(),
            }, cancellationToken: cancellationToken))).AsList();
            var total = rows.Count > 0 ? rows[0].Total : await CountAsync(connection, request, cancellationToken);
            return new PublicProviderPage(
                rows.Select(r => new PublicProviderResponse(r.Id, r.Name, r.ApprovedFrom, r.ApprovedUntil, r.CourseCount)).ToList(),
                request.Page, request.PageSize, total);
        }, cancellationToken);
    }

    async Task<long> CountAsync(NpgsqlConnection connection, ListApprovedProvidersQuery request, CancellationToken cancellationToken)
    {
        if (request.Page == 1)
        {
            return 0;
        }

        const string sql = """
            select count(*) from providers p
            where p.suspended_at is null and p.approved_from <= @Today and @Today <= p.approved_until
              and (@Pattern::text is null or p.name ilike @Pattern
                   or exists (select 1 from provider_courses c where c.provider_id = p.id and (c.title ilike @Pattern or c.code ilike @Pattern)))
            """;
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(sql, new
        {
            Today = clock.Today,
            Pattern = ProviderStore.LikePattern(request.Search),
        }, cancellationToken: cancellationToken));
    }

    sealed record PublicProviderRow(Guid Id, string Name, DateOnly ApprovedFrom, DateOnly ApprovedUntil, int CourseCount, long Total);
}

/// <summary>The courses of an approved provider that are approved today.</summary>
public sealed record ListApprovedCoursesQuery(Guid ProviderId, string? Search) : IQuery<IReadOnlyList<CourseResponse>>;

public sealed class ListApprovedCoursesValidator : AbstractValidator<ListApprovedCoursesQuery>
{
    public ListApprovedCoursesValidator() => RuleFor(q => q.Search).MaximumLength(100);
}

internal sealed class ListApprovedCoursesHandler(ReadReplicaDataSource replica, OrganisationClock clock)
    : IRequestHandler<ListApprovedCoursesQuery, IReadOnlyList<CourseResponse>>
{
    public async Task<IReadOnlyList<CourseResponse>> Handle(ListApprovedCoursesQuery request, CancellationToken cancellationToken)
    {
        var (provider, courses) = await replica.ReadAsync(async connection =>
        {
            var provider = await ProviderStore.FindAsync(connection, request.ProviderId, cancellationToken);
            return (provider, await ProviderStore.CoursesAsync(connection, provider.Id, cancellationToken));
        }, cancellationToken);
        var today = clock.Today;
        if (!provider.ApprovedOn(today))
        {
            throw new NotFoundException($"No approved provider {request.ProviderId}.");
        }

        var pattern = request.Search?.Trim();
        return courses
            .Where(c => c.ApprovedOn(today))
            .Where(c => string.IsNullOrEmpty(pattern)
                        || c.Title.Contains(pattern, StringComparison.OrdinalIgnoreCase)
                        || c.Code.Contains(pattern, StringComparison.OrdinalIgnoreCase))
            .Select(c => c.ToResponse())
            .ToList();
    }
}

/// <summary>Every provider, suspended or not, for staff.</summary>
public sealed record ListProvidersQuery(string? Search, int Page = 1, int PageSize = 50) : IQuery<ProviderPage>, IPagedQuery;

public sealed class ListProvidersValidator : AbstractValidator<ListProvidersQuery>
{
    public ListProvidersValidator()
    {
        RuleFor(q => q.Search).MaximumLength(100);
        RuleFor(q => q.Page).PageNumber();
        RuleFor(q => q.PageSize).PageSize(200);
    }
}

// On the primary: the staff screens reload this list (and find a provider in it) right after creating or suspending one.
internal sealed class ListProvidersHandler(NpgsqlDataSource dataSource) : IRequestHandler<ListProvidersQuery, ProviderPage>
{
    public async Task<ProviderPage> Handle(ListProvidersQuery request, CancellationToken cancellationToken)
    {
        const string sql = """
            select id, name, contact_name, contact_email, approved_from, approved_until, suspended_at
            from providers
            where @Pattern::text is null or name ilike @Pattern or contact_email ilike @Pattern
            order by lower(name), id
            limit @Limit offset @Offset;

            select count(*) from providers where @Pattern::text is null or name ilike @Pattern or contact_email ilike @Pattern;
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        using var results = await connection.QueryMultipleAsync(new CommandDefinition(sql, new
        {
            Pattern = ProviderStore.LikePattern(request.Search),
            Limit = request.PageSize,
            Offset = request.Offset(),
        }, cancellationToken: cancellationToken));
        var rows = (await results.ReadAsync<ProviderRow>()).Select(r => r.ToResponse()).ToList();
        var total = await results.ReadSingleAsync<long>();
        return new ProviderPage(rows, request.Page, request.PageSize, total);
    }
}

/// <summary>Every course of a provider (staff, or the provider itself), approved or not.</summary>
public sealed record ListCoursesQuery(Guid ProviderId) : IQuery<IReadOnlyList<CourseResponse>>;

internal sealed class ListCoursesHandler(NpgsqlDataSource dataSource) : IRequestHandler<ListCoursesQuery, IReadOnlyList<CourseResponse>>
{
    public async Task<IReadOnlyList<CourseResponse>> Handle(ListCoursesQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await ProviderStore.FindAsync(connection, request.ProviderId, cancellationToken);
        return (await ProviderStore.CoursesAsync(connection, request.ProviderId, cancellationToken)).Select(c => c.ToResponse()).ToList();
    }
}
