using Dapper;
using MediatR;
using Npgsql;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Fees;

public sealed record GetFeeScheduleQuery : IQuery<FeeScheduleResponse>;

public sealed record FeeScheduleEntry(
    DateOnly EffectiveFrom,
    string Currency,
    long RenewalCents,
    long LateCents,
    long AdditionalLateCents,
    long ForLifeCents,
    long PetitionCents);

/// <summary>The schedule in force today, and every schedule with its effective date (past and announced).</summary>
public sealed record FeeScheduleResponse(DateOnly Today, FeeScheduleEntry Current, IReadOnlyList<FeeScheduleEntry> Schedules);

internal sealed class GetFeeScheduleHandler(NpgsqlDataSource dataSource, OrganisationClock clock)
    : IRequestHandler<GetFeeScheduleQuery, FeeScheduleResponse>
{
    public async Task<FeeScheduleResponse> Handle(GetFeeScheduleQuery request, CancellationToken cancellationToken)
    {
        const string sql = """
            select effective_from, currency, renewal_cents, late_cents, additional_late_cents, for_life_cents, petition_cents
            from fee_schedules order by effective_from
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var schedules = (await connection.QueryAsync<FeeScheduleEntry>(new CommandDefinition(sql, cancellationToken: cancellationToken))).AsList();
        var today = clock.Today;
        var current = schedules.LastOrDefault(s => s.EffectiveFrom <= today) ?? ToEntry(Domain.FeeSchedule.Defaults);
        return new FeeScheduleResponse(today, current, schedules);
    }

    static FeeScheduleEntry ToEntry(Domain.FeeSchedule s)
        => new(s.EffectiveFrom, s.Currency, s.RenewalCents, s.LateCents, s.AdditionalLateCents, s.ForLifeCents, s.PetitionCents);
}
