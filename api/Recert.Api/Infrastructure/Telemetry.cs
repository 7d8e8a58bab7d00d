using System.Diagnostics.Metrics;
using Dapper;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Recert.Api.Infrastructure;

/// <summary>
/// Recert's own instruments. Tags are closed sets (results, outcomes, job names), never ids or personal data, so the
/// series stay few and nothing personal leaves through telemetry.
/// </summary>
public sealed class RecertMetrics
{
    public const string MeterName = "Recert";
    readonly Counter<long> completions;
    readonly Counter<long> webhookDeliveries;
    readonly Counter<long> payments;
    readonly Counter<long> jobRuns;

    public RecertMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        completions = meter.CreateCounter<long>("recert.completions", "{completion}", "Provider completion records by result.");
        webhookDeliveries = meter.CreateCounter<long>("recert.webhook.deliveries", "{attempt}", "Webhook delivery attempts by outcome.");
        payments = meter.CreateCounter<long>("recert.payments", "{payment}", "Checkout payments by outcome.");
        jobRuns = meter.CreateCounter<long>("recert.job.runs", "{run}", "Scheduled job runs by job and outcome.");
        meter.CreateObservableGauge("recert.outbox.backlog", () => Outbox.Backlog(), "{message}", "Messages waiting in the email and webhook outboxes.");
        meter.CreateObservableGauge("recert.outbox.age", () => Outbox.Age(), "s", "Age of the oldest waiting message per outbox.");
    }

    public OutboxSample Outbox { get; } = new();

    public void CompletionRecorded(string result, int count = 1) => completions.Add(count, new KeyValuePair<string, object?>("result", result));

    public void WebhookDelivery(string outcome) => webhookDeliveries.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void Payment(string outcome) => payments.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void JobRun(string job, string outcome) =>
        jobRuns.Add(1, new KeyValuePair<string, object?>("job", job), new KeyValuePair<string, object?>("outcome", outcome));
}

/// <summary>The last sample of the outboxes, read by the gauges; a gauge callback must not query the database itself.</summary>
public sealed class OutboxSample
{
    volatile Measurement<long>[] backlog = [];
    volatile Measurement<double>[] age = [];

    public IEnumerable<Measurement<long>> Backlog() => backlog;

    public IEnumerable<Measurement<double>> Age() => age;

    public void Update(long emails, double emailAgeSeconds, long webhooks, double webhookAgeSeconds)
    {
        backlog = [new(emails, new KeyValuePair<string, object?>("outbox", "email")), new(webhooks, new KeyValuePair<string, object?>("outbox", "webhook"))];
        age = [new(emailAgeSeconds, new KeyValuePair<string, object?>("outbox", "email")), new(webhookAgeSeconds, new KeyValuePair<string, object?>("outbox", "webhook"))];
    }
}

/// <summary>Samples the outboxes every 30 seconds while something exports metrics.</summary>
public sealed class OutboxSampler(NpgsqlDataSource dataSource, RecertMetrics metrics, TimeProvider time, ILogger<OutboxSampler> logger) : BackgroundService
{
    sealed record Sample(long Emails, double EmailAge, long Webhooks, double WebhookAge);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        const string sql = """
            select
                (select count(*) from email_outbox where sent_at is null) as emails,
                coalesce((select extract(epoch from now() - min(created_at)) from email_outbox where sent_at is null), 0)::float8 as email_age,
                (select count(*) from webhook_deliveries where state = 'pending') as webhooks,
                coalesce((select extract(epoch from now() - min(created_at)) from webhook_deliveries where state = 'pending'), 0)::float8 as webhook_age
            """;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                var sample = await connection.QuerySingleAsync<Sample>(new CommandDefinition(sql, cancellationToken: stoppingToken));
                metrics.Outbox.Update(sample.Emails, sample.EmailAge, sample.Webhooks, sample.WebhookAge);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "Outbox sample failed.");
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(30), time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

public static class TelemetrySetup
{
    /// <summary>
    /// Traces, metrics and logs through OpenTelemetry, exported by OTLP when the standard OTEL_EXPORTER_OTLP_ENDPOINT (or
    /// a signal-specific endpoint) is set; with none set nothing is collected or exported.
    /// </summary>
    public static IServiceCollection AddRecertTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<RecertMetrics>();
        var endpoints = new[] { "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT" };
        if (!endpoints.Any(name => !string.IsNullOrWhiteSpace(configuration[name])))
        {
            return services;
        }

        services.AddHostedService<OutboxSampler>();
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(configuration["OTEL_SERVICE_NAME"] ?? "recert-api"))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(options =>
                {
                    options.Filter = context => !context.Request.Path.StartsWithSegments("/health");
                    // A path holds certification numbers and verification-link tokens; its route says the same without them.
                    options.EnrichWithHttpResponse = (activity, response) => activity.SetTag("url.path", RequestRoute.Of(response.HttpContext));
                })
                .AddHttpClientInstrumentation(options =>
                    // A webhook URL's path can itself be the secret (https://hooks.example/services/T0/B0/XXXX): name the host only.
                    options.EnrichWithHttpRequestMessage = (activity, request) =>
                    {
                        if (request.RequestUri is { IsAbsoluteUri: true } uri)
                        {
                            activity.SetTag("url.full", uri.GetLeftPart(UriPartial.Authority) + "/");
                        }
                    })
                .AddNpgsql())
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddMeter(RecertMetrics.MeterName, "Npgsql"))
            .WithLogging()
            .UseOtlpExporter();
        return services;
    }
}
