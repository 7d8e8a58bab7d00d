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
}
