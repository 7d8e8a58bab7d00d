using Dapper;
using MediatR;
using Npgsql;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Checkout;

/// <summary>
/// Settles checkouts left pending by an API that died between the charge and recording its outcome: each is looked
/// up at the gateway by its idempotency key and recorded (paid, or nothing charged), without waiting for the
/// certificant's next checkout. A charge that lands for an application closed meanwhile goes to the refunds queue.
/// </summary>
public sealed class PendingCheckoutReconciler(NpgsqlDataSource dataSource, PaymentService payments, IServiceProvider services, OrganisationClock clock)
{
    public const string JobName = "reconcile-pending-checkouts";

    sealed record Pending(Guid Id, string IdempotencyKey);

    public async Task<string> ReconcileOnceAsync(CancellationToken cancellationToken)
    {
        const string sql = "select id, idempotency_key from checkouts where state = 'pending' and created_at < @StaleBefore order by created_at limit 200";
        List<Pending> stale;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            stale = (await connection.QueryAsync<Pending>(new CommandDefinition(sql, new { StaleBefore = clock.Now.UtcDateTime - BeginCheckoutHandler.InFlight }, cancellationToken: cancellationToken))).AsList();
        }

        var settled = 0;
        foreach (var checkout in stale)
        {
            var outcome = await payments.ReconcileAsync(checkout.IdempotencyKey, cancellationToken);
            if (outcome.Kind == PaymentOutcomeKind.Unknown)
            {
                continue;
            }

            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new CompleteCheckoutCommand(checkout.Id, outcome), cancellationToken);
            settled++;
        }

        return $"{settled} of {stale.Count} stale checkouts settled";
    }
}
