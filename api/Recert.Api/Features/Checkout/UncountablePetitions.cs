using Dapper;
using MediatR;
using Recert.Api.Domain;
using Recert.Api.Features.Certifications;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Checkout;

public sealed record CancelledPetition(Guid PetitionId, string Number, string Title, ActivityCycle Cycle);

/// <summary>
/// Before a checkout charges anything: unpaid petitions whose activity can no longer count toward any open or future
/// cycle (an early renewal moved the certification past it after the petition was filed) are cancelled, so their
/// nonrefundable fee is never taken. Committed on its own so the cart stays payable without them (issue 12).
/// </summary>
public sealed record CancelUncountablePetitionsCommand : ICommand<IReadOnlyList<CancelledPetition>>;

internal sealed class CancelUncountablePetitionsHandler(DbSession db, ICurrentUser currentUser, OrganisationClock clock)
    : IRequestHandler<CancelUncountablePetitionsCommand, IReadOnlyList<CancelledPetition>>
{
    sealed record UnpaidPetition(Guid Id, Guid ActivityId, string Number, string Title, DateOnly CompletedOn);

    public async Task<IReadOnlyList<CancelledPetition>> Handle(CancelUncountablePetitionsCommand request, CancellationToken cancellationToken)
    {
        var userId = currentUser.RequireId();
        await db.Connection.ExecuteAsync(db.Command("select 1 from users where id = @UserId for update", new { UserId = userId }, cancellationToken));
        // A pending checkout may already hold these petitions: it is settled first and decides what was paid.
        const string pendingSql = "select exists (select 1 from checkouts where user_id = @UserId and state = 'pending')";
        if (await db.Connection.ExecuteScalarAsync<bool>(db.Command(pendingSql, new { UserId = userId }, cancellationToken)))
        {
            return [];
        }

        const string unpaidSql = """
            select p.id, p.activity_id, c.number, p.title, p.completed_on
            from petitions p join certifications c on c.id = p.certification_id
            where c.user_id = @UserId and p.status = 'awaiting-payment'
            order by p.created_at
            for update of p
            """;
        var unpaid = (await db.Connection.QueryAsync<UnpaidPetition>(db.Command(unpaidSql, new { UserId = userId }, cancellationToken))).AsList();
        var cancelled = new List<CancelledPetition>();
        foreach (var number in unpaid.Select(p => p.Number).Distinct())
        {
            var certification = await CertificationStore.FindAccessibleAsync(db.Connection, number, currentUser, cancellationToken, db.Transaction, forUpdate: true);
            foreach (var petition in unpaid.Where(p => p.Number == number))
            {
                var cycle = await CertificationStore.CycleForAsync(db.Connection, certification, petition.CompletedOn, clock, cancellationToken, db.Transaction);
                if (!cycle.CanCount)
                {
                    cancelled.Add(new CancelledPetition(petition.Id, number, petition.Title, cycle));
                }
            }
        }

        if (cancelled.Count == 0)
        {
            return [];
        }

        var now = clock.Now;
        const string cancel = """
            update petitions set status = 'cancelled', decision_reason = @Reason, decided_at = @Now where id = @Id and status = 'awaiting-payment';
            update ce_activities set state = 'voided' where id = (select activity_id from petitions where id = @Id);
            """;
        foreach (var petition in cancelled)
        {
            await db.Connection.ExecuteAsync(db.Command(cancel, new { Id = petition.PetitionId, Reason = petition.Cycle.Message, Now = now.UtcDateTime }, cancellationToken));
            await Audits.RenewalStore.RecordDecisionAsync(db, await CertificationIdAsync(petition.Number, cancellationToken), "petition", petition.PetitionId,
                "cancelled-uncountable", petition.Cycle.Message, new { code = petition.Cycle.Code, petition.Cycle.Cycle }, null, now, cancellationToken);
        }

        return cancelled;
    }

    async Task<Guid> CertificationIdAsync(string number, CancellationToken cancellationToken)
        => await db.Connection.ExecuteScalarAsync<Guid>(db.Command("select id from certifications where upper(number) = upper(@Number)", new { Number = number }, cancellationToken));
}
