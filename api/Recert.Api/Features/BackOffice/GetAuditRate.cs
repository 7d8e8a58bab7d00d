using Dapper;
using MediatR;
using Microsoft.Extensions.Options;
using Npgsql;
using Recert.Api.Domain;
using Recert.Api.Features.Audits;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.BackOffice;

/// <param name="ConfiguredRate">The rate in force now (kept under this name for existing clients).</param>
/// <param name="Source">"configuration" until staff first set a rate, then "staff".</param>
public sealed record AuditRateResponse(decimal ConfiguredRate, string Source, int Draws, int Drawn, decimal? ObservedRate, IReadOnlyList<AuditRateChange> History);

public sealed record AuditRateQuery : IQuery<AuditRateResponse>;

internal sealed class AuditRateHandler(NpgsqlDataSource dataSource, IOptions<AuditOptions> options) : IRequestHandler<AuditRateQuery, AuditRateResponse>
{
    public async Task<AuditRateResponse> Handle(AuditRateQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await LoadAsync(connection, options.Value, cancellationToken);
    }

    public static async Task<AuditRateResponse> LoadAsync(NpgsqlConnection connection, AuditOptions options, CancellationToken cancellationToken, NpgsqlTransaction? transaction = null)
    {
        var (draws, drawn) = await connection.QuerySingleAsync<(int, int)>(new CommandDefinition(
            "select count(*)::int, count(*) filter (where drawn)::int from audit_draws", transaction: transaction, cancellationToken: cancellationToken));
        var (rate, source, history) = await AuditRateStore.LoadAsync(connection, options, cancellationToken, transaction);
        return new AuditRateResponse(rate, source, draws, drawn, AuditDraw.ObservedRate(draws, drawn), history);
    }
}
