using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Recert.Api.Infrastructure;
using Recert.Tests.Support;

namespace Recert.Tests.Security;

/// <summary>An unexpected error is logged with what the request was (its route), not its path, which holds numbers and tokens.</summary>
public sealed class ErrorLogTests
{
    static async Task<LogCapture.Entry> LoggedErrorAsync(string path, Endpoint? endpoint)
    {
        var capture = new LogCapture();
        var services = new ServiceCollection().AddLogging().AddProblemDetails();
        capture.AddTo(services);
        await using var provider = services.BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = provider };
        context.Request.Method = "GET";
        context.Request.Path = path;
        context.SetEndpoint(endpoint);
        var handler = new ProblemDetailsExceptionHandler(provider.GetRequiredService<IProblemDetailsService>(), provider.GetRequiredService<ILogger<ProblemDetailsExceptionHandler>>());

        Assert.That(await handler.TryHandleAsync(context, new InvalidOperationException("boom"), CancellationToken.None), Is.True);
        Assert.That(context.Response.StatusCode, Is.EqualTo(StatusCodes.Status500InternalServerError));
        return capture.Entries.Single(e => e.Level == LogLevel.Error);
    }

    [Test]
    public async Task A_routed_request_is_logged_by_its_route()
    {
        var endpoint = new RouteEndpoint(_ => Task.CompletedTask, RoutePatternFactory.Parse("/api/v1/verify/c/{token}"), 0, null, "verify");
        var entry = await LoggedErrorAsync("/api/v1/verify/c/oGGGH2o3x8rj0-vK4TOwmg", endpoint);
        Assert.Multiple(() =>
        {
            Assert.That(entry.Text, Does.Contain("GET /api/v1/verify/c/{token}"));
            Assert.That(entry.Text, Does.Not.Contain("oGGGH2o3x8rj0-vK4TOwmg"));
        });
    }

    [Test]
    public async Task A_request_that_matched_no_route_is_logged_without_its_path()
    {
        var entry = await LoggedErrorAsync("/certifications/CPT-810001", endpoint: null);
        Assert.Multiple(() =>
        {
            Assert.That(entry.Text, Does.Contain("GET (no route)"));
            Assert.That(entry.Text, Does.Not.Contain("CPT-810001"));
        });
    }
}
