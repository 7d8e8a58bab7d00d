using Dapper;
using MediatR;
using Npgsql;
using Recert.Api.Features.Certifications;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Credentials;

public sealed record VerificationLookupDay(DateOnly Date, int ByName, int ByLink);

/// <summary>How often a certification was verified publicly (counts only: who looked is never recorded).</summary>
public sealed record VerificationLookupsResponse(string Number, int ByName, int ByLink, bool NameLookup, bool Revoked, IReadOnlyList<VerificationLookupDay> Days);

public sealed record GetVerificationLookupsQuery(string Number) : IQuery<VerificationLookupsResponse>;

internal sealed class GetVerificationLookupsHandler(NpgsqlDataSource dataSource, ICurrentUser currentUser)
    : IRequestHandler<GetVerificationLookupsQuery, VerificationLookupsResponse>
{
    public async Task<VerificationLookupsResponse> Handle(GetVerificationLookupsQuery request, CancellationToken cancellationToken)
    {
        const string sql = """
            select looked_up_on as date,
                   coalesce(sum(lookups) filter (where via = 'name'), 0)::int as by_name,
                   coalesce(sum(lookups) filter (where via = 'link'), 0)::int as by_link
            from verification_lookups where certification_id = @Id
            group by looked_up_on order by looked_up_on desc limit 90;

            select coalesce((select name_lookup from credential_records where certification_id = @Id), true);
            select exists (select 1 from certification_revocations where certification_id = @Id);
            select coalesce(sum(lookups) filter (where via = 'name'), 0)::int, coalesce(sum(lookups) filter (where via = 'link'), 0)::int
            from verification_lookups where certification_id = @Id;
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var certification = await CertificationStore.FindAccessibleAsync(connection, request.Number, currentUser, cancellationToken);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(sql, new { certification.Id }, cancellationToken: cancellationToken));
        var days = (await results.ReadAsync<VerificationLookupDay>()).AsList();
        var nameLookup = await results.ReadSingleAsync<bool>();
        var revoked = await results.ReadSingleAsync<bool>();
        var (byName, byLink) = await results.ReadSingleAsync<(int, int)>();
        return new VerificationLookupsResponse(certification.Number, byName, byLink, nameLookup, revoked, days);
    }
}
