using Dapper;
using FluentValidation;
using MediatR;
using Npgsql;
using Recert.Api.Features.Providers;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Webhooks;

public sealed record WebhookAttemptResponse(DateTimeOffset AttemptedAt, int? StatusCode, string? Error, int DurationMs);

public sealed record WebhookDeliveryResponse(
    Guid Id,
    Guid EventId,
    string EventType,
    string State,
    int Attempts,
    DateTimeOffset? NextAttemptAt,
    int? LastStatus,
    string? LastError,
    DateTimeOffset CreatedAt,
    IReadOnlyList<WebhookAttemptResponse> Log);

public sealed record ListWebhookDeliveriesQuery(Guid ProviderId, Guid EndpointId, int Limit) : IQuery<IReadOnlyList<WebhookDeliveryResponse>>;

public sealed class ListWebhookDeliveriesValidator : AbstractValidator<ListWebhookDeliveriesQuery>
{
    public ListWebhookDeliveriesValidator() => RuleFor(q => q.Limit).InclusiveBetween(1, 200);
}

internal sealed class ListWebhookDeliveriesHandler(NpgsqlDataSource dataSource)
    : IRequestHandler<ListWebhookDeliveriesQuery, IReadOnlyList<WebhookDeliveryResponse>>
{
    public async Task<IReadOnlyList<WebhookDeliveryResponse>> Handle(ListWebhookDeliveriesQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        const string endpoint = "select count(*) from webhook_endpoints where id = @EndpointId and provider_id = @ProviderId";
        if (await connection.ExecuteScalarAsync<long>(new CommandDefinition(endpoint, new { request.EndpointId, request.ProviderId }, cancellationToken: cancellationToken)) == 0)
        {
            throw new NotFoundException($"No webhook endpoint {request.EndpointId}.");
        }

        const string sql = """
            select d.id from webhook_deliveries d where d.endpoint_id = @EndpointId
            order by d.created_at desc, d.id desc limit @Limit
            """;
        var ids = (await connection.QueryAsync<Guid>(new CommandDefinition(sql, new { request.EndpointId, request.Limit }, cancellationToken: cancellationToken))).ToArray();
        return await WebhookDeliveryStore.LoadAsync(connection, ids, cancellationToken);
    }
}

public sealed record RedeliverWebhookCommand(Guid ProviderId, Guid DeliveryId) : ICommand<WebhookDeliveryResponse>, IProviderWrite;

internal sealed class RedeliverWebhookHandler(DbSession db, OrganisationClock clock) : IRequestHandler<RedeliverWebhookCommand, WebhookDeliveryResponse>
{
    public async Task<WebhookDeliveryResponse> Handle(RedeliverWebhookCommand request, CancellationToken cancellationToken)
    {
        const string sql = """
            update webhook_deliveries d
            set state = 'pending', attempts = 0, next_attempt_at = @Now, locked_until = null, updated_at = @Now
            from webhook_endpoints e
            where d.id = @DeliveryId and e.id = d.endpoint_id and e.provider_id = @ProviderId and e.disabled_at is null
            returning d.id
            """;
        var id = await db.Connection.QuerySingleOrDefaultAsync<Guid?>(db.Command(sql, new { request.DeliveryId, request.ProviderId, Now = clock.Now.UtcDateTime }, cancellationToken))
                 ?? throw new NotFoundException($"No delivery {request.DeliveryId} to an active endpoint of this provider.");
        return (await WebhookDeliveryStore.LoadAsync(db.Connection, [id], cancellationToken, db.Transaction)).Single();
    }
}

static class WebhookDeliveryStore
{
    public static async Task<IReadOnlyList<WebhookDeliveryResponse>> LoadAsync(NpgsqlConnection connection, Guid[] ids, CancellationToken cancellationToken, NpgsqlTransaction? transaction = null)
    {
        const string sql = """
            select d.id, d.event_id, ev.event_type, d.state, d.attempts, d.next_attempt_at, d.last_status, d.last_error, d.created_at
            from webhook_deliveries d join webhook_events ev on ev.id = d.event_id
            where d.id = any (@Ids)
            order by d.created_at desc, d.id desc;

            select delivery_id, attempted_at, status_code, error, duration_ms
            from webhook_attempts where delivery_id = any (@Ids) order by attempted_at, id;
            """;
        using var results = await connection.QueryMultipleAsync(new CommandDefinition(sql, new { Ids = ids }, transaction, cancellationToken: cancellationToken));
        var deliveries = (await results.ReadAsync<DeliveryRow>()).AsList();
        var attempts = (await results.ReadAsync<AttemptRow>()).ToLookup(a => a.DeliveryId);
        return deliveries.Select(d => new WebhookDeliveryResponse(
                d.Id, d.EventId, d.EventType, d.State, d.Attempts,
                d.State == "pending" ? Utc(d.NextAttemptAt) : null,
                d.LastStatus, d.LastError, Utc(d.CreatedAt),
                attempts[d.Id].Select(a => new WebhookAttemptResponse(Utc(a.AttemptedAt), a.StatusCode, a.Error, a.DurationMs)).ToList()))
            .ToList();
    }

    static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    sealed record DeliveryRow(Guid Id, Guid EventId, string EventType, string State, int Attempts, DateTime NextAttemptAt, int? LastStatus, string? LastError, DateTime CreatedAt);

    sealed record AttemptRow(Guid DeliveryId, DateTime AttemptedAt, int? StatusCode, string? Error, int DurationMs);
}
