using System.Net;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Recert.Api.Infrastructure;

namespace Recert.Tests.Capacity;

public sealed class AdmissionControlTests
{
    /// <summary>
    /// The middleware in front of an endpoint that authenticates any request with a session cookie (as the authentication
    /// middleware later in the pipeline does) and, for paths ending in /slow, holds its slot until Release.
    /// </summary>
    static (AdmissionControlMiddleware Middleware, TaskCompletionSource Release, List<string> Served) Build(int permits, int queue, FakeTimeProvider? time = null)
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var served = new List<string>();
        var options = new CapacityOptions
        {
            ConcurrentRequests = permits, QueuedRequests = queue, RetryAfterSeconds = 3, SessionGraceSeconds = 5, NewCallerBackoffMilliseconds = 250,
        };
        var limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = permits, QueueLimit = queue });
        var middleware = new AdmissionControlMiddleware(
            async context =>
            {
                lock (served)
                {
                    served.Add(context.Request.Path);
                }

                if (context.Request.Cookies.ContainsKey("recert.session"))
                {
                    context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", "holder")], "cookie"));
                }

                if (context.Request.Path.Value!.EndsWith("/slow", StringComparison.Ordinal))
                {
                    await release.Task;
                }
            },
            limiter,
            options,
            new RecentCallers(time ?? new FakeTimeProvider(), options));
        return (middleware, release, served);
    }

    static DefaultHttpContext Request(string path, string? session = null)
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Path = path;
        if (session is not null)
        {
            context.Request.Headers.Cookie = $"recert.session={session}";
        }

        context.Response.Body = new MemoryStream();
        return context;
    }

    [Test]
    public async Task Beyond_the_running_and_queued_requests_the_next_gets_a_fast_503_with_retry_after()
    {
        var (middleware, release, served) = Build(permits: 1, queue: 1);
        await middleware.InvokeAsync(Request("/api/v1/me", session: "s1"));
        var running = Request("/api/v1/a/slow", session: "s1");
        var queued = Request("/api/v1/b", session: "s1");
        var refused = Request("/api/v1/c", session: "s1");

        var first = middleware.InvokeAsync(running);
        var second = middleware.InvokeAsync(queued);
        await middleware.InvokeAsync(refused);

        Assert.That(refused.Response.StatusCode, Is.EqualTo((int)HttpStatusCode.ServiceUnavailable));
        Assert.That(refused.Response.Headers.RetryAfter.ToString(), Is.EqualTo("3"));
        refused.Response.Body.Position = 0;
        var problem = System.Text.Json.Nodes.JsonNode.Parse(refused.Response.Body)!;
        Assert.That(problem["code"]!.GetValue<string>(), Is.EqualTo(AdmissionControlMiddleware.BusyCode), "tells the SPA the request never ran");
        Assert.That(served, Is.EqualTo(new[] { "/api/v1/me", "/api/v1/a/slow" }), "the queued request waits; the refused one never runs");

        release.SetResult();
        await Task.WhenAll(first, second);
        Assert.That(served, Is.EqualTo(new[] { "/api/v1/me", "/api/v1/a/slow", "/api/v1/b" }));
        Assert.That(queued.Response.StatusCode, Is.EqualTo(200));
    }

    [Test]
    public async Task A_new_caller_never_queues_where_a_visit_under_way_does()
    {
        var (middleware, release, served) = Build(permits: 1, queue: 2);
        await middleware.InvokeAsync(Request("/api/v1/me", session: "visit-under-way"));
        var holding = middleware.InvokeAsync(Request("/api/v1/certifications/X/slow", session: "visit-under-way"));
        var newCaller = Request("/api/v1/me", session: "new-visit");
        var newCallerTask = middleware.InvokeAsync(newCaller);
        var anonymous = Request("/api/v1/auth/login");
        var anonymousTask = middleware.InvokeAsync(anonymous);
        var sameVisit = Request("/api/v1/certifications/X/eligibility", session: "visit-under-way");
        var sameVisitTask = middleware.InvokeAsync(sameVisit);

        Assert.That(newCallerTask.IsCompleted && anonymousTask.IsCompleted, Is.True, "neither waits in the queue");
        Assert.That(newCaller.Response.StatusCode, Is.EqualTo((int)HttpStatusCode.ServiceUnavailable), "no free slot: a new visit is refused, not queued");
        Assert.That(anonymous.Response.StatusCode, Is.EqualTo((int)HttpStatusCode.ServiceUnavailable), "a request without a caller is a new caller");
        Assert.That(sameVisitTask.IsCompleted, Is.False, "the visit under way waits in the queue");

        release.SetResult();
        await Task.WhenAll(holding, sameVisitTask, newCallerTask, anonymousTask);
        Assert.That(sameVisit.Response.StatusCode, Is.EqualTo(200));
        Assert.That(served, Is.EqualTo(new[] { "/api/v1/me", "/api/v1/certifications/X/slow", "/api/v1/certifications/X/eligibility" }));
    }

    [Test]
    public async Task A_caller_whose_requests_did_not_authenticate_gets_no_visit_priority()
    {
        var (middleware, release, _) = Build(permits: 1, queue: 2);
        var partner = Request("/api/v1/completions");
        partner.Request.Headers.Authorization = "Bearer rcp_made_up";
        await middleware.InvokeAsync(partner);
        var holding = middleware.InvokeAsync(Request("/api/v1/x/slow"));
        var again = Request("/api/v1/completions");
        again.Request.Headers.Authorization = "Bearer rcp_made_up";
        var againTask = middleware.InvokeAsync(again);

        Assert.That(againTask.IsCompleted, Is.True, "served before, but never authenticated: still a new caller, who does not queue");
        Assert.That(again.Response.StatusCode, Is.EqualTo((int)HttpStatusCode.ServiceUnavailable));
        release.SetResult();
        await Task.WhenAll(holding, againTask);
    }

    [Test]
    public async Task After_a_visit_under_way_had_to_wait_new_callers_are_refused_for_the_backoff()
    {
        var time = new FakeTimeProvider();
        var (middleware, release, _) = Build(permits: 1, queue: 1, time);
        await middleware.InvokeAsync(Request("/api/v1/me", session: "visit-under-way"));
        var holding = middleware.InvokeAsync(Request("/api/v1/certifications/X/slow", session: "visit-under-way"));
        var waited = middleware.InvokeAsync(Request("/api/v1/certifications/X", session: "visit-under-way"));
        release.SetResult();
        await Task.WhenAll(holding, waited);

        var tooSoon = Request("/api/v1/me", session: "new-visit");
        await middleware.InvokeAsync(tooSoon);
        time.Advance(TimeSpan.FromMilliseconds(250));
        var afterBackoff = Request("/api/v1/me", session: "new-visit");
        await middleware.InvokeAsync(afterBackoff);

        Assert.That(tooSoon.Response.StatusCode, Is.EqualTo((int)HttpStatusCode.ServiceUnavailable), "a slot is free, but a visit under way waited for one a moment ago");
        Assert.That(afterBackoff.Response.StatusCode, Is.EqualTo(200));
    }

    [Test]
    public async Task Static_files_and_health_probes_are_not_limited()
    {
        var (middleware, release, served) = Build(permits: 1, queue: 0);
        var holding = middleware.InvokeAsync(Request("/api/v1/a/slow"));
        var health = Request("/health/live");
        var asset = Request("/assets/index-abc.js");

        var others = Task.WhenAll(middleware.InvokeAsync(health), middleware.InvokeAsync(asset));
        release.SetResult();
        await Task.WhenAll(holding, others);

        Assert.That(served, Is.EquivalentTo(new[] { "/api/v1/a/slow", "/health/live", "/assets/index-abc.js" }));
        Assert.That(health.Response.StatusCode, Is.EqualTo(200));
    }

    [Test]
    public void A_caller_counts_as_in_a_visit_for_the_grace_period_after_its_last_admitted_request()
    {
        var time = new FakeTimeProvider();
        var callers = new RecentCallers(time, new CapacityOptions { SessionGraceSeconds = 5 });
        var caller = RecentCallers.Of(Request("/api/v1/me", session: "abc").Request)!.Value;

        Assert.That(callers.InProgress(caller), Is.False, "never admitted");
        callers.Admitted(caller);
        time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.That(callers.InProgress(caller), Is.True);
        callers.Admitted(caller);
        time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.That(callers.InProgress(caller), Is.True, "each admitted request starts the period again");
        time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.That(callers.InProgress(caller), Is.False);
    }

    [Test]
    public void A_caller_is_its_session_cookie_or_its_partner_key()
    {
        var session = Request("/api/v1/me", session: "abc").Request;
        var sameSession = Request("/api/v1/certifications/X", session: "abc").Request;
        var otherSession = Request("/api/v1/me", session: "abd").Request;
        var partner = Request("/api/v1/completions").Request;
        partner.Headers.Authorization = "Bearer rcp_example";

        Assert.That(RecentCallers.Of(session), Is.EqualTo(RecentCallers.Of(sameSession)));
        Assert.That(RecentCallers.Of(session), Is.Not.EqualTo(RecentCallers.Of(otherSession)));
        Assert.That(RecentCallers.Of(partner), Is.Not.Null.And.Not.EqualTo(RecentCallers.Of(session)));
        Assert.That(RecentCallers.Of(Request("/api/v1/auth/login").Request), Is.Null);
    }
}
