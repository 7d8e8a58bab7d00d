using Dapper;
using MediatR;
using Npgsql;
using Recert.Api.Features.Certifications;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.CprAed;

public sealed record ListCardsQuery(string Number) : IQuery<IReadOnlyList<CardResponse>>;

internal sealed class ListCardsHandler(NpgsqlDataSource dataSource, ICurrentUser currentUser, OrganisationClock clock)
    : IRequestHandler<ListCardsQuery, IReadOnlyList<CardResponse>>
{
    public async Task<IReadOnlyList<CardResponse>> Handle(ListCardsQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var certification = await CertificationStore.FindAccessibleAsync(connection, request.Number, currentUser, cancellationToken);
        var rows = await CertificationStore.LoadCardsAsync(connection, certification.Id, cancellationToken);
        var locks = await EvidenceLocks.CardLocksAsync(connection, certification.Id, cancellationToken);
        var today = clock.Today;
        return rows.Select(r => CardResponse.From(r, today, !currentUser.IsStaff && locks.GetValueOrDefault(r.Id) is null)).ToList();
    }
}

public sealed record ListIssuersQuery : IQuery<IReadOnlyList<string>>;

internal sealed class ListIssuersHandler(NpgsqlDataSource dataSource) : IRequestHandler<ListIssuersQuery, IReadOnlyList<string>>
{
    public async Task<IReadOnlyList<string>> Handle(ListIssuersQuery request, CancellationToken cancellationToken)
    {
        const string sql = "select name from cpr_aed_issuers where retired_at is null order by sort_order, name";
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<string>(new CommandDefinition(sql, cancellationToken: cancellationToken))).AsList();
    }
}
