using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Recert.Api.Infrastructure;

namespace Recert.Tests.Capacity;

public sealed class AdmissionControlTests
{
    static (AdmissionControlMiddleware Middleware, TaskCompletionSource Release, List<string> Served) Build(int permits, int queue)
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var served = new List<string>();
        var options = new CapacityOptions { ConcurrentRequests = permits, QueuedRequests = queue, RetryAfterSeconds = 3 };
        var limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = permits, QueueLimit = queue });
        var middleware = new AdmissionControlMiddleware(
            async context =>
            {
                lock (served)
                {
                    served.Add(context.Request.Path);
                }

                await release.Task;
            },
            limiter,
            options);
        return (middleware, release, served);
    }

    static DefaultHttpContext Request(string path)
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Path = path;
        context.Response.Body = new MemoryStream();
        return context;
    }

    [Test]
    public async Task Beyond_the_running_and_queued_requests_the_next_gets_a_fast_503_with_retry_after()
    {
        var (middleware, release, served) = Build(permits: 1, queue: 1);
        var running = Request("/api/v1/a");
        var queued = Request("/api/v1/b");
        var refused = Request("/api/v1/c");

        var first = middleware.InvokeAsync(running);
        var second = middleware.InvokeAsync(queued);
        await middleware.InvokeAsync(refused);

        Assert.That(refused.Response.StatusCode, Is.EqualTo((int)HttpStatusCode.ServiceUnavailable));
        Assert.That(refused.Response.Headers.RetryAfter.ToString(), Is.EqualTo("3"));
        refused.Response.Body.Position = 0;
        var problem = System.Text.Json.Nodes.JsonNode.Parse(refused.Response.Body)!;
        Assert.That(problem["code"]!.GetValue<string>(), Is.EqualTo(AdmissionControlMiddleware.BusyCode), "tells the SPA the request never ran");
        Assert.That(served, Is.EqualTo(new[] { "/api/v1/a" }), "the queued request waits; the refused one never runs");

        release.SetResult();
        await Task.WhenAll(first, second);
        Assert.That(served, Is.EqualTo(new[] { "/api/v1/a", "/api/v1/b" }));
        Assert.That(queued.Response.StatusCode, Is.EqualTo(200));
    }

    [Test]
    public async Task Static_files_and_health_probes_are_not_limited()
    {
        var (middleware, release, served) = Build(permits: 1, queue: 0);
        var holding = middleware.InvokeAsync(Request("/api/v1/a"));
        var health = Request("/health/live");
        var asset = Request("/assets/index-abc.js");

        var others = Task.WhenAll(middleware.InvokeAsync(health), middleware.InvokeAsync(asset));
        release.SetResult();
        await Task.WhenAll(holding, others);

        Assert.That(served, Is.EquivalentTo(new[] { "/api/v1/a", "/health/live", "/assets/index-abc.js" }));
        Assert.That(health.Response.StatusCode, Is.EqualTo(200));
    }
}
