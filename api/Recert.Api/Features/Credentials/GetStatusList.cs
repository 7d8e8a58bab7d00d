using Dapper;
using MediatR;
using Npgsql;
using Recert.Api.Domain;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Credentials;

/// <summary>The signed status list credential, computed from current data: revoked and lapsed certifications have their bit set.</summary>
public sealed record GetStatusListQuery(int List) : IQuery<string>;

internal sealed class GetStatusListHandler(NpgsqlDataSource dataSource, OrganisationClock clock, SigningKeys keys, PublicUrls urls)
    : IRequestHandler<GetStatusListQuery, string>
{
    sealed record Entry(int StatusIndex, DateOnly CycleStart, DateOnly ExpiresOn, bool Revoked, DateOnly? LatestFailedAuditCycleStart);

    public async Task<string> Handle(GetStatusListQuery request, CancellationToken cancellationToken)
    {
        const string sql = """
            select r.status_index, c.cycle_start, c.expires_on,
                   exists (select 1 from certification_revocations v where v.certification_id = c.id) as revoked,
                   (select max(a.cycle_start) from applications a where a.certification_id = c.id and a.status = 'audit-failed') as latest_failed_audit_cycle_start
            from credential_records r join certifications c on c.id = r.certification_id
            where r.status_index >= @From and r.status_index < @To;

            select coalesce(max(status_index), 0) from credential_records;
            """;
        var from = (long)request.List * VerificationRules.StatusListSize;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(
            sql, new { From = from, To = from + VerificationRules.StatusListSize }, cancellationToken: cancellationToken));
        var entries = await results.ReadAsync<Entry>();
        var highest = await results.ReadSingleAsync<int>();
        if (request.List < 0 || request.List > VerificationRules.StatusListPosition(highest).List)
        {
            throw new NotFoundException($"There is no status list {request.List}.");
        }

        var today = clock.Today;
        var set = entries
            .Where(e => VerificationRules.RevocationBit(VerificationRules.StatusOn(e.CycleStart, e.ExpiresOn, today, e.Revoked, e.LatestFailedAuditCycleStart)))
            .Select(e => VerificationRules.StatusListPosition(e.StatusIndex).Index);
        var credential = OpenBadgeCredentials.StatusList(request.List, set, urls, clock.Now);
        return OpenBadgeCredentials.Sign(credential, await keys.CurrentAsync(cancellationToken), clock.Now);
    }
}
