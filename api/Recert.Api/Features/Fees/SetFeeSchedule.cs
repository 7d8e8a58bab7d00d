using Dapper;
using FluentValidation;
using MediatR;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Fees;

/// <summary>Announces the fees in force from <see cref="EffectiveFrom"/> (today or later; history is not rewritten).</summary>
public sealed record SetFeeScheduleCommand(
    DateOnly? EffectiveFrom,
    string Currency,
    long RenewalCents,
    long LateCents,
    long AdditionalLateCents,
    long ForLifeCents,
    long PetitionCents) : ICommand<FeeScheduleResponse>;

public sealed class SetFeeScheduleValidator : AbstractValidator<SetFeeScheduleCommand>
{
    const long MaxCents = 1_000_000;

    public SetFeeScheduleValidator(OrganisationClock clock)
    {
        RuleFor(c => c.EffectiveFrom).SaneDate();
        RuleFor(c => c.EffectiveFrom).GreaterThanOrEqualTo(_ => clock.Today).When(c => c.EffectiveFrom.HasValue)
            .WithMessage("A fee schedule takes effect today or later; past applications keep the fees they were quoted.");
        RuleFor(c => c.Currency).NotEmpty().Matches("^[A-Z]{3}$").WithMessage("Use an ISO 4217 code such as USD.");
        RuleFor(c => c.RenewalCents).InclusiveBetween(0, MaxCents);
        RuleFor(c => c.LateCents).InclusiveBetween(0, MaxCents);
        RuleFor(c => c.AdditionalLateCents).InclusiveBetween(0, MaxCents);
        RuleFor(c => c.ForLifeCents).InclusiveBetween(0, MaxCents);
        RuleFor(c => c.PetitionCents).InclusiveBetween(0, MaxCents);
    }
}

internal sealed class SetFeeScheduleHandler(DbSession db, ICurrentUser currentUser, OrganisationClock clock)
    : IRequestHandler<SetFeeScheduleCommand, FeeScheduleResponse>
{
    public async Task<FeeScheduleResponse> Handle(SetFeeScheduleCommand request, CancellationToken cancellationToken)
    {
        const string sql = """
            insert into fee_schedules (effective_from, currency, renewal_cents, late_cents, additional_late_cents, for_life_cents, petition_cents, created_by)
            values (@EffectiveFrom, @Currency, @RenewalCents, @LateCents, @AdditionalLateCents, @ForLifeCents, @PetitionCents, @CreatedBy)
            on conflict (effective_from) do update set
                currency = excluded.currency,
                renewal_cents = excluded.renewal_cents,
                late_cents = excluded.late_cents,
                additional_late_cents = excluded.additional_late_cents,
                for_life_cents = excluded.for_life_cents,
                petition_cents = excluded.petition_cents,
                created_by = excluded.created_by,
                created_at = now()
            """;
        await db.Connection.ExecuteAsync(db.Command(sql, new
        {
            EffectiveFrom = request.EffectiveFrom ?? clock.Today,
            request.Currency,
            request.RenewalCents,
            request.LateCents,
            request.AdditionalLateCents,
            request.ForLifeCents,
            request.PetitionCents,
            CreatedBy = currentUser.Id,
        }, cancellationToken));

        return await GetFeeScheduleInTransactionAsync(cancellationToken);
    }

    async Task<FeeScheduleResponse> GetFeeScheduleInTransactionAsync(CancellationToken cancellationToken)
    {
        const string sql = """
            select effective_from, currency, renewal_cents, late_cents, additional_late_cents, for_life_cents, petition_cents
            from fee_schedules order by effective_from
            """;
        var schedules = (await db.Connection.QueryAsync<FeeScheduleEntry>(db.Command(sql, null, cancellationToken))).AsList();
        var today = clock.Today;
        return new FeeScheduleResponse(today, schedules.Last(s => s.EffectiveFrom <= today), schedules);
    }
}
