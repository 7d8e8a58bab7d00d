using Dapper;
using MediatR;
using Microsoft.Extensions.Options;
using Npgsql;
using Recert.Api.Domain;
using Recert.Api.Features.Audits;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.BackOffice;

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
