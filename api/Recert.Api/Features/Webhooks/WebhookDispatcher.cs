using System.Diagnostics;
using System.Net;
using System.Text;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using Polly;
using Polly.Registry;
using Polly.Timeout;

namespace Recert.Api.Features.Webhooks;

public sealed class WebhookOptions
{
    /// <summary>Whether this instance runs the background dispatcher (tests call <see cref="WebhookDispatcher.DispatchOnceAsync"/> instead).</summary>
    public bool DispatcherEnabled { get; set; } = true;
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
    public int BatchSize { get; set; } = 20;
    public int Parallelism { get; set; } = 4;
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
    public int MaxAttempts { get; set; } = 8;
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Allow http:// destinations (only https:// otherwise). Development and tests only.</summary>
    public bool AllowHttp { get; set; }

    /// <summary>Allow every loopback, private, link-local, CGNAT and ULA address (an on-premise LMS next to the API).</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>CIDRs allowed although not public, e.g. 10.20.0.0/16 for one LMS on the internal network.</summary>
    public string[] AllowedNetworks { get; set; } = [];
}

/// <summary>
/// Sends due webhook deliveries. Claims them with FOR UPDATE SKIP LOCKED and a lease, so several API instances never
/// send the same delivery at once; the retry schedule lives in the table (next_attempt_at), not in sleeping threads.
/// </summary>
public sealed class WebhookDispatcher(
    NpgsqlDataSource dataSource,
    Infrastructure.RecertMetrics metrics,
    IHttpClientFactory httpClientFactory,
    ResiliencePipelineProvider<string> pipelines,
    TimeProvider timeProvider,
    IOptions<WebhookOptions> options,
    WebhookDestinations destinations,
    WebhookSecrets secrets,
    ILogger<WebhookDispatcher> logger)
{
    public const string HttpClientName = "webhooks";
    public const string PipelineName = "webhooks";

    WebhookOptions Options => options.Value;

    /// <summary>One pass: sends every delivery due now (by the injected TimeProvider), up to the batch size. Returns how many were attempted.</summary>
    public async Task<int> DispatchOnceAsync(CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow();
        var due = await ClaimAsync(now, cancellationToken);
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Options.Parallelism), CancellationToken = cancellationToken },
            async (delivery, token) => await SendAsync(delivery, token));
        return due.Count;
    }

    async Task<IReadOnlyList<DueDelivery>> ClaimAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        const string sql = """
            with due as (
                select d.id from webhook_deliveries d
                where d.state = 'pending' and d.next_attempt_at <= @Now and (d.locked_until is null or d.locked_until < @Now)
                order by d.next_attempt_at
                limit @BatchSize
                for update skip locked),
            claimed as (
                update webhook_deliveries d set locked_until = @LeaseUntil, attempts = d.attempts + 1, updated_at = @Now
                from due where d.id = due.id
                returning d.id, d.attempts, d.event_id, d.endpoint_id)
            select c.id, c.attempts, ev.id as event_id, ev.payload, e.url, e.secret,
                   case when e.previous_secret_expires_at > @Now then e.previous_secret end as previous_secret
            from claimed c
            join webhook_events ev on ev.id = c.event_id
            join webhook_endpoints e on e.id = c.endpoint_id
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<DueDelivery>(new CommandDefinition(sql, new
        {
            Now = now.UtcDateTime,
            LeaseUntil = (now + Options.Timeout * 2 + TimeSpan.FromSeconds(30)).UtcDateTime,
            Options.BatchSize,
        }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    async Task SendAsync(DueDelivery delivery, CancellationToken cancellationToken)
    {
        var attemptedAt = timeProvider.GetUtcNow();
        var messageId = MessageId(delivery.EventId);
        var timestamp = attemptedAt.ToUnixTimeSeconds();
        var secret = secrets.Reveal(delivery.Secret);
        var previous = delivery.PreviousSecret is null ? null : secrets.Reveal(delivery.PreviousSecret);

        int? status = null;
        string? error = null;
        var refused = false;
        TimeSpan? retryAfter = null;
        var started = Stopwatch.GetTimestamp();
        if (secret is null)
        {
            refused = true;
            error = "The signing secret cannot be read: rotate it.";
            logger.LogWarning("Webhook delivery {DeliveryId}: the endpoint's signing secret cannot be decrypted", delivery.Id);
        }
        else if (!destinations.IsSchemeAllowed(new Uri(delivery.Url)))
        {
            refused = true;
            error = WebhookDestinations.RefusedLogText;
        }
        else
        {
            var signatures = StandardWebhooks.Sign(secret, messageId, timestamp, delivery.Payload);
            if (previous is not null && StandardWebhooks.TryGetKey(previous, out _))
            {
                signatures += " " + StandardWebhooks.Sign(previous, messageId, timestamp, delivery.Payload);
            }

            // Only fixed texts reach the provider's delivery log: exception messages of outbound calls can tell what
            // is listening where inside our network.
            try
            {
                var client = httpClientFactory.CreateClient(HttpClientName);
                var pipeline = pipelines.GetPipeline(PipelineName);
                using var response = await pipeline.ExecuteAsync(async token =>
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url)
                    {
                        Content = new StringContent(delivery.Payload, Encoding.UTF8, "application/json"),
                    };
                    request.Headers.Add("webhook-id", messageId);
                    request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    request.Headers.Add("webhook-signature", signatures);
                    return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token);
                }, cancellationToken);
                status = (int)response.StatusCode;
                retryAfter = response.Headers.RetryAfter?.Delta
                             ?? (response.Headers.RetryAfter?.Date is { } date ? date - timeProvider.GetUtcNow() : null);
            }
            catch (Exception exception) when (IsRefusal(exception))
            {
                refused = true;
                error = WebhookDestinations.RefusedLogText;
            }
            catch (TimeoutRejectedException)
            {
                error = $"No answer within {Options.Timeout.TotalSeconds:0} s.";
            }
            catch (HttpRequestException exception)
            {
                error = exception.HttpRequestError switch
                {
                    HttpRequestError.NameResolutionError => "The host name could not be resolved.",
                    HttpRequestError.ConnectionError => "The connection could not be made.",
                    HttpRequestError.SecureConnectionError => "The TLS handshake failed.",
                    _ => "The request failed.",
                };
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("Webhook delivery {DeliveryId} failed with {Exception}", delivery.Id, exception.GetType().Name);
                error = "The request failed.";
            }
        }

        // A refusal is final (a new attempt would be refused again) and records no duration, which could time internal ports.
        var elapsed = refused ? TimeSpan.Zero : Stopwatch.GetElapsedTime(started);
        var now = timeProvider.GetUtcNow();
        var (state, next) = refused ? ("failed", now) : Outcome(status, delivery.Attempts, now, retryAfter);
        metrics.WebhookDelivery(refused ? "refused" : state == "pending" ? "retrying" : state);
        if (state != "succeeded")
        {
            logger.LogInformation("Webhook delivery {DeliveryId} attempt {Attempt} failed ({Status} {Error}); now {State}",
                delivery.Id, delivery.Attempts, status, error, state);
        }

        const string sql = """
            update webhook_deliveries
            set state = @State, next_attempt_at = @Next, locked_until = null, last_status = @Status, last_error = @Error, updated_at = @Now
            where id = @Id;
            insert into webhook_attempts (delivery_id, attempted_at, status_code, error, duration_ms)
            values (@Id, @AttemptedAt, @Status, @Error, @DurationMs);
            """;
        await using var connection = await dataSource.OpenConnectionAsync(CancellationToken.None);
        await connection.ExecuteAsync(new CommandDefinition(sql, new
        {
            delivery.Id,
            State = state,
            Next = next.UtcDateTime,
            Status = status,
            Error = error ?? (status is >= 200 and < 300 ? null : $"HTTP {status}"),
            Now = now.UtcDateTime,
            AttemptedAt = attemptedAt.UtcDateTime,
            DurationMs = (int)Math.Min(int.MaxValue, elapsed.TotalMilliseconds),
        }, cancellationToken: CancellationToken.None));
    }

    /// <summary>2xx: done. 4xx other than 429: the receiver refuses it, no retry. Anything else: retry with backoff until MaxAttempts.</summary>
    (string State, DateTimeOffset Next) Outcome(int? status, int attempts, DateTimeOffset now, TimeSpan? retryAfter)
    {
        if (status is >= 200 and < 300)
        {
            return ("succeeded", now);
        }

        if (status is >= 400 and < 500 && status != (int)HttpStatusCode.TooManyRequests)
        {
            return ("failed", now);
        }

        if (attempts >= Options.MaxAttempts)
        {
            return ("failed", now);
        }

        var delay = RetryDelay(attempts);
        if (retryAfter is { } wait && wait > delay)
        {
            delay = wait < Options.MaxRetryDelay ? wait : Options.MaxRetryDelay;
        }

        return ("pending", now + delay);
    }

    /// <summary>Exponential (×4 per attempt) from FirstRetryDelay up to MaxRetryDelay, with ±20 % jitter: 30 s, 2 min, 8 min, 32 min, 2 h, 6 h...</summary>
    public TimeSpan RetryDelay(int attempts)
    {
        var exponential = Options.FirstRetryDelay.TotalSeconds * Math.Pow(4, Math.Max(0, attempts - 1));
        var capped = Math.Min(exponential, Options.MaxRetryDelay.TotalSeconds);
        var jitter = 0.8 + Random.Shared.NextDouble() * 0.4;
        return TimeSpan.FromSeconds(capped * jitter);
    }

    static bool IsRefusal(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is WebhookDestinationRefusedException)
            {
                return true;
            }
        }

        return false;
    }

    public static string MessageId(Guid eventId) => "msg_" + eventId.ToString("N");

    sealed record DueDelivery(Guid Id, int Attempts, Guid EventId, string Payload, string Url, string Secret, string? PreviousSecret);
}

/// <summary>Runs <see cref="WebhookDispatcher.DispatchOnceAsync"/> every PollInterval (and at once again while there is a backlog).</summary>
public sealed class WebhookDispatcherService(
    WebhookDispatcher dispatcher,
    TimeProvider timeProvider,
    IOptions<WebhookOptions> options,
    ILogger<WebhookDispatcherService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.DispatcherEnabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var sent = 0;
            try
            {
                sent = await dispatcher.DispatchOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                logger.LogWarning(exception, "Webhook dispatch pass failed; trying again after the poll interval.");
            }

            if (sent < options.Value.BatchSize)
            {
                try
                {
                    await Task.Delay(options.Value.PollInterval, timeProvider, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
