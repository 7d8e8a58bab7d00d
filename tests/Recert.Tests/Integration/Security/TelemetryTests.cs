using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Recert.Api.Features.Webhooks;
using Recert.Tests.Support;

namespace Recert.Tests.Integration.Security;

/// <summary>
/// OpenTelemetry (issue 16): with an OTLP endpoint set, traces, metrics and logs reach the collector; what they carry
/// names routes and hosts, never the certification numbers, verification tokens, names or webhook paths in the URLs.
/// </summary>
public sealed class TelemetryTests : PartnerTest
{
    const string Number = "CPT-810001";
    const string LastName = "Quennell";
    const string Email = "traced.person@example.test";
    OtlpCollector? collector;

    OtlpCollector Collector => collector ??= OtlpCollector.StartAsync().GetAwaiter().GetResult();

    protected override Dictionary<string, string?> Settings => new()
    {
        ["Recert:Webhooks:AllowedNetworks:0"] = "127.0.0.0/8",
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Collector.Url,
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
    };

    [OneTimeTearDown]
    public async Task StopCollectorAsync()
    {
        if (collector is not null)
        {
            await collector.DisposeAsync();
        }
    }

    void Flush()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Service<TracerProvider>().ForceFlush(10_000), Is.True, "traces exported");
            Assert.That(Service<MeterProvider>().ForceFlush(10_000), Is.True, "metrics exported");
            Assert.That(Service<LoggerProvider>().ForceFlush(10_000), Is.True, "logs exported");
        });
    }

    [Test]
    public async Task Traces_and_metrics_reach_the_collector_naming_routes_not_the_numbers_tokens_or_webhook_paths_in_urls()
    {
        var staff = await StaffAsync();
        await CreateCertificationAsync(staff, Number, Email, Expiry.AddYears(-2).AddDays(1), Expiry, LastName);
        var holder = await CertificantAsync(Email, LastName);
        Assert.That((await holder.GetAsync($"/api/v1/certifications/{Number}/eligibility")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var link = (await ReadJsonAsync(await holder.GetAsync($"/api/v1/certifications/{Number}/verification-link")))["url"]!.GetValue<string>();
        var token = link[(link.LastIndexOf('/') + 1)..];
        var anonymous = Anonymous();
        Assert.That((await anonymous.GetAsync($"/api/v1/verify/c/{token}")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await anonymous.GetAsync($"/api/v1/verify?number={Number}&lastName={LastName}")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await anonymous.GetAsync($"/certifications/{Number}")).StatusCode, Is.Not.EqualTo(HttpStatusCode.InternalServerError));

        var provider = await ProviderAsync();
        // The collector answers any /v1/... with 200, so it stands in for the provider's receiver; the path is the secret kind.
        var hookPath = $"/v1/hook-{Guid.NewGuid():N}";
        var subscribed = await provider.Client.PostAsJsonAsync("/api/v1/webhooks/endpoints", new { url = Collector.Url + hookPath, eventTypes = WebhookEventTypes.All });
        Assert.That(subscribed.StatusCode, Is.EqualTo(HttpStatusCode.Created), await subscribed.Content.ReadAsStringAsync());
        Assert.That(Outcome((await PushAsync(provider.Client, Record("otel-1", Number, LastName)))[0]), Is.EqualTo("accepted"));
        Assert.That(await Service<WebhookDispatcher>().DispatchOnceAsync(), Is.EqualTo(1));
        Assert.That(Collector.Received(hookPath[4..]), Does.Contain("completion.accepted"), "the webhook was delivered");

        Flush();

        var traces = Collector.Received("traces");
        var metrics = Collector.Received("metrics");
        var logs = Collector.Received("logs");
        var collectorUri = new Uri(Collector.Url);
        // The payloads are protobuf: a failure names what was (not) found instead of printing them.
        static bool Carries(string payload, string text) => payload.Contains(text, StringComparison.OrdinalIgnoreCase);
        Assert.Multiple(() =>
        {
            Assert.That(Carries(traces, "/api/v1/certifications/{number}/eligibility"), Is.True, "a request's span names its route");
            Assert.That(Carries(traces, "/api/v1/verify/c/{token}"), Is.True, "the verification link's span names its route");
            Assert.That(Carries(traces, "from certifications"), Is.True, "Npgsql's commands are traced");
            Assert.That(Carries(traces, $"http://{collectorUri.Host}:{collectorUri.Port}/"), Is.True, "the webhook call's span names the host it went to");
            foreach (var metric in new[] { "http.server.request.duration", "recert.completions", "recert.webhook.deliveries", "recert.outbox.backlog" })
            {
                Assert.That(Carries(metrics, metric), Is.True, $"metrics carry {metric}");
            }

            foreach (var (signal, payload) in new[] { ("traces", traces), ("metrics", metrics), ("logs", logs) })
            {
                foreach (var personal in new[] { Number, token, LastName, Email, hookPath })
                {
                    Assert.That(Carries(payload, personal), Is.False, $"{signal} carry {personal}");
                }
            }
        });
    }

    [Test]
    public void Nothing_is_collected_without_an_OTLP_endpoint()
    {
        using var app = new RecertApp();
        Assert.Multiple(() =>
        {
            Assert.That(app.Services.GetService<TracerProvider>(), Is.Null);
            Assert.That(app.Services.GetService<MeterProvider>(), Is.Null);
            Assert.That(app.Services.GetService<LoggerProvider>(), Is.Null);
        });
    }
}
