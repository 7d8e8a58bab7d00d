using System.Text.Json;
using Dapper;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Webhooks;

public static class WebhookEventTypes
{
    public const string CompletionAccepted = "completion.accepted";
    public const string CompletionRejected = "completion.rejected";
    public const string CompletionAttached = "completion.attached";
    public const string CompletionVoided = "completion.voided";

    public static readonly string[] All = [CompletionAccepted, CompletionRejected, CompletionAttached, CompletionVoided];
}

/// <summary>The body of every webhook (Standard Webhooks payload shape).</summary>
public sealed record WebhookPayload(string Type, DateTimeOffset Timestamp, object Data);

/// <summary>
/// Writes an event and one pending delivery per subscribed endpoint in the caller's transaction (transactional
/// outbox): the event exists exactly when the change it reports was committed.
/// </summary>
public sealed class WebhookOutbox(OrganisationClock clock)
{
    public async Task EnqueueAsync(DbSession db, Guid providerId, string eventType, object data, CancellationToken cancellationToken)
    {
        var now = clock.Now;
        var id = Guid.CreateVersion7(now);
        var payload = JsonSerializer.Serialize(new WebhookPayload(eventType, now, data), Json.Options);
        const string sql = """
            insert into webhook_events (id, provider_id, event_type, payload, created_at)
            values (@Id, @ProviderId, @EventType, @Payload, @Now);

            insert into webhook_deliveries (event_id, endpoint_id, state, next_attempt_at, created_at, updated_at)
            select @Id, e.id, 'pending', @Now, @Now, @Now
            from webhook_endpoints e
            where e.provider_id = @ProviderId and e.disabled_at is null and @EventType = any (e.event_types);
            """;
        await db.Connection.ExecuteAsync(db.Command(sql, new
        {
            Id = id,
            ProviderId = providerId,
            EventType = eventType,
            Payload = payload,
            Now = now.UtcDateTime,
        }, cancellationToken));
    }

    /// <summary>Many events of one provider (e.g. one per record of a batch) and their deliveries in one statement, in the order given.</summary>
    public async Task EnqueueManyAsync(DbSession db, Guid providerId, IReadOnlyList<(string EventType, object Data)> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return;
        }

        var now = clock.Now;
        const string sql = """
            with events as (
                insert into webhook_events (id, provider_id, event_type, payload, created_at)
                select e.id, @ProviderId, e.event_type, e.payload, @Now
                from unnest(@Ids::uuid[], @EventTypes::text[], @Payloads::text[]) with ordinality as e(id, event_type, payload, ord)
                order by e.ord
                returning id, event_type)
            insert into webhook_deliveries (event_id, endpoint_id, state, next_attempt_at, created_at, updated_at)
            select ev.id, e.id, 'pending', @Now, @Now, @Now
            from events ev
            join webhook_endpoints e on e.provider_id = @ProviderId and e.disabled_at is null and ev.event_type = any (e.event_types)
            """;
        await db.Connection.ExecuteAsync(db.Command(sql, new
        {
            ProviderId = providerId,
            Ids = events.Select(_ => Guid.CreateVersion7(now)).ToArray(),
            EventTypes = events.Select(e => e.EventType).ToArray(),
            Payloads = events.Select(e => JsonSerializer.Serialize(new WebhookPayload(e.EventType, now, e.Data), Json.Options)).ToArray(),
            Now = now.UtcDateTime,
        }, cancellationToken));
    }
}
