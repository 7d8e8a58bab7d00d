using Dapper;
using FluentValidation;
using MediatR;
using Npgsql;
using Recert.Api.Domain;
using Recert.Api.Features.Certifications;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.BackOffice;

public sealed record CertificationPage(IReadOnlyList<CertificationSummary> Items, int Page, int PageSize, int Total);

public sealed record CertificationSummary(string Number, string Credential, string FirstName, string LastName, string? Email, DateOnly CycleStart, DateOnly ExpiresOn, bool ForLife, CertificationStatus Status);

public sealed record SearchCertificationsQuery(string? Search, int Page, int PageSize) : IQuery<CertificationPage>, IPagedQuery;

public sealed class SearchCertificationsValidator : AbstractValidator<SearchCertificationsQuery>
{
    public SearchCertificationsValidator()
    {
        RuleFor(q => q.Page).PageNumber();
        RuleFor(q => q.PageSize).PageSize();
    }
}

internal sealed class SearchCertificationsHandler(ReadReplicaDataSource replica, OrganisationClock clock) : IRequestHandler<SearchCertificationsQuery, CertificationPage>
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
        var (rows, total) = await replica.ReadAsync(async connection =>
        {
            await using var results = await connection.QueryMultipleAsync(new CommandDefinition(sql, new { Search = search, Like = like, Limit = request.PageSize, Offset = request.Offset() }, cancellationToken: cancellationToken));
            return ((await results.ReadAsync<CertificationRow>()).AsList(), await results.ReadSingleAsync<int>());
        }, cancellationToken);
        var today = clock.Today;
        var items = rows
            .Select(c => new CertificationSummary(c.Number, c.Credential, c.FirstName, c.LastName, c.Email, c.CycleStart, c.ExpiresOn, c.ForLife, CertificationRules.StatusOn(c.ExpiresOn, today)))
            .ToList();
        return new CertificationPage(items, request.Page, request.PageSize, total);
    }
}
