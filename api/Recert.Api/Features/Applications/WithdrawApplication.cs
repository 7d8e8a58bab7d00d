using Dapper;
using MediatR;
using Recert.Api.Domain;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Applications;

public sealed record WithdrawApplicationCommand(Guid Id) : ICommand<ApplicationResponse>;

internal sealed class WithdrawApplicationHandler(DbSession db, ICurrentUser currentUser, OrganisationClock clock)
    : IRequestHandler<WithdrawApplicationCommand, ApplicationResponse>
{
    public async Task<ApplicationResponse> Handle(WithdrawApplicationCommand request, CancellationToken cancellationToken)
    {
        // The holder's row first, the lock BeginCheckout takes: a checkout either committed its pending charge before
        // this (then it is seen below) or starts after the withdrawal and no longer finds the application in the cart.
        const string lockHolder = """
            select u.id from applications a join certifications c on c.id = a.certification_id join users u on u.id = c.user_id
            where a.id = @Id for update of u
            """;
        var holderId = await db.Connection.QuerySingleOrDefaultAsync<Guid?>(db.Command(lockHolder, new { request.Id }, cancellationToken));
        var application = await ApplicationStore.FindAccessibleAsync(db.Connection, request.Id, currentUser, cancellationToken, db.Transaction, forUpdate: true);

        const string pendingSql = """
            select exists (select 1 from checkouts k cross join lateral jsonb_array_elements(k.items) i
                           where k.user_id = @UserId and k.state = 'pending' and i->>'subjectId' = @Id::text)
            """;
        if (holderId is { } userId && await db.Connection.ExecuteScalarAsync<bool>(db.Command(pendingSql, new { UserId = userId, request.Id }, cancellationToken)))
        {
            throw new ConflictException("A payment for this application is in progress; wait for its result before withdrawing.", "application.payment-in-progress");
        }

        if (!ApplicationLifecycle.CanMove(application.StatusValue, ApplicationStatus.Withdrawn))
        {
            throw new ConflictException($"An application that is {application.Status} can no longer be withdrawn.", "application.not-withdrawable");
        }

        const string sql = "update applications set status = 'withdrawn', updated_at = @Now where id = @Id";
        await db.Connection.ExecuteAsync(db.Command(sql, new { request.Id, Now = clock.Now.UtcDateTime }, cancellationToken));
        return (await ApplicationStore.FindAccessibleAsync(db.Connection, request.Id, currentUser, cancellationToken, db.Transaction)).ToResponse();
    }
}
