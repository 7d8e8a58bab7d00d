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
        var application = await ApplicationStore.FindAccessibleAsync(db.Connection, request.Id, currentUser, cancellationToken, db.Transaction, forUpdate: true);
        if (!ApplicationLifecycle.CanMove(application.StatusValue, ApplicationStatus.Withdrawn))
        {
            throw new ConflictException($"An application that is {application.Status} can no longer be withdrawn.", "application.not-withdrawable");
        }

        const string sql = "update applications set status = 'withdrawn', updated_at = @Now where id = @Id";
        await db.Connection.ExecuteAsync(db.Command(sql, new { request.Id, Now = clock.Now.UtcDateTime }, cancellationToken));
        return (await ApplicationStore.FindAccessibleAsync(db.Connection, request.Id, currentUser, cancellationToken, db.Transaction)).ToResponse();
    }
}
