using System.Threading.RateLimiting;

namespace Recert.Api.Infrastructure;

public sealed class CapacityOptions
{
    /// <summary>API requests served at once by one instance. Beyond this and the queue, requests get a fast 503.</summary>
    public int ConcurrentRequests { get; set; } = 32;

    /// <summary>Requests of visits under way that may wait for a slot; kept short so a waiting request still answers well inside a second.</summary>
    public int QueuedRequests { get; set; } = 64;

    /// <summary>What a refused caller is told to wait, in seconds.</summary>
    public int RetryAfterSeconds { get; set; } = 2;

    /// <summary>
    /// After a request of a visit under way had to wait for a slot (or was refused), callers with no request admitted in the
    /// last <see cref="SessionGraceSeconds"/> are refused for this long, and they never queue: while visits already
    /// started need the capacity, a new visit would only get its first requests run and its next ones refused.
    /// </summary>
    public int NewCallerBackoffMilliseconds { get; set; } = 250;

    /// <summary>How long after an admitted request its caller (session cookie or partner key) counts as in the middle of a visit.</summary>
    public int SessionGraceSeconds { get; set; } = 5;
}

/// <summary>
/// Callers (a session cookie or a partner key, kept only as a per-process hash) with an authenticated request served
/// recently, and when a visit under way last had to wait for a slot: so that in a spike the visits already under way are
/// finished before new ones start. Per instance and in memory: it only orders admission, and losing it on a restart
/// costs nothing but that order.
/// </summary>
public sealed class RecentCallers(TimeProvider time, CapacityOptions options)
{
    const int SweepEvery = 4096;
    readonly System.Collections.Concurrent.ConcurrentDictionary<int, long> admittedAt = new();
    readonly long grace = time.TimestampFrequency * Math.Max(0, options.SessionGraceSeconds);
    readonly long backoff = time.TimestampFrequency * Math.Max(0, options.NewCallerBackoffMilliseconds) / 1000;
    long backloggedAt = long.MinValue / 2;
    int marks;

    /// <summary>A request of a visit under way had to wait for a slot, or found none.</summary>
    public void Backlogged() => Volatile.Write(ref backloggedAt, time.GetTimestamp());

    public bool RecentlyBacklogged() => time.GetTimestamp() - Volatile.Read(ref backloggedAt) < backoff;

    public bool InProgress(int caller) => admittedAt.TryGetValue(caller, out var at) && time.GetTimestamp() - at < grace;

    public void Admitted(int caller)
    {
        var now = time.GetTimestamp();
        admittedAt[caller] = now;
        if (Interlocked.Increment(ref marks) % SweepEvery == 0)
        {
            foreach (var (key, at) in admittedAt)
            {
                if (now - at >= grace)
                {
                    admittedAt.TryRemove(KeyValuePair.Create(key, at));
                }
            }
        }
    }

    /// <summary>
    /// The caller's hash, or null for an anonymous request. string.GetHashCode is randomized per process, so a collision
    /// cannot be arranged from outside; one only lends a caller another's place in the queue.
    /// </summary>
    public static int? Of(HttpRequest request)
        => request.Headers.Authorization.Count > 0 ? request.Headers.Authorization.ToString().GetHashCode(StringComparison.Ordinal)
            : request.Cookies.TryGetValue(Features.Sessions.SessionClaims.CookieName, out var session) ? session.GetHashCode(StringComparison.Ordinal)
            : null;
}

/// <summary>
/// Admission control for a deadline spike: a fixed number of API requests run at once and a short queue waits, the rest
/// are refused at once with 503 and Retry-After. Served requests keep their latency instead of every request timing out
/// together (see docs/BENCHMARKS.md, "Dashboard spike"). Admission is by visit (session-based admission control): only
/// callers in the middle of a visit queue, and new callers are turned away while those visits need the slots, because
/// refusing one of a visit's four requests wastes the ones that ran. Health probes and static files are not limited.
/// </summary>
public sealed class AdmissionControlMiddleware(RequestDelegate next, ConcurrencyLimiter limiter, CapacityOptions options, RecentCallers recentCallers)
{
    public const string BusyCode = "capacity.busy";

    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/api"))
        {
            await next(context);
            return;
        }

        var caller = RecentCallers.Of(context.Request);
        RateLimitLease? lease;
        if (caller is { } known && recentCallers.InProgress(known))
        {
            var acquiring = limiter.AcquireAsync(1, context.RequestAborted);
            if (!acquiring.IsCompleted)
            {
                recentCallers.Backlogged();
            }

            lease = await acquiring;
            if (!lease.IsAcquired)
            {
                recentCallers.Backlogged();
            }
        }
        else
        {
            lease = recentCallers.RecentlyBacklogged() ? null : limiter.AttemptAcquire(1);
        }

        using var held = lease;
        if (lease is not { IsAcquired: true })
        {
            await RefuseAsync(context);
            return;
        }

        await next(context);

        // Only a caller that proved who it is gets a visit's priority: a made-up cookie or key never does.
        if (caller is { } admitted && context.User.Identity?.IsAuthenticated == true)
        {
            recentCallers.Admitted(admitted);
        }
    }

    Task RefuseAsync(HttpContext context)
    {
        context.Response.Headers.RetryAfter = options.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // The code tells clients the request never ran, so even a write may be sent again after Retry-After.
        return Problems.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Recert is busy: try again in a few seconds.", BusyCode);
    }
}

public static class CapacitySetup
{
    public static IServiceCollection AddCapacity(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Recert:Capacity").Get<CapacityOptions>() ?? new CapacityOptions();
        services.AddSingleton(options);
        services.AddSingleton<RecentCallers>();
        services.AddSingleton(_ => new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = Math.Max(1, options.ConcurrentRequests),
            QueueLimit = Math.Max(0, options.QueuedRequests),
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        }));
        services.AddResponseCompression(compression =>
        {
            compression.EnableForHttps = true;
            compression.Providers.Add<Microsoft.AspNetCore.ResponseCompression.BrotliCompressionProvider>();
            compression.Providers.Add<Microsoft.AspNetCore.ResponseCompression.GzipCompressionProvider>();
        });
        services.Configure<Microsoft.AspNetCore.ResponseCompression.BrotliCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Fastest);
        services.Configure<Microsoft.AspNetCore.ResponseCompression.GzipCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Fastest);
        return services;
    }

    public static IApplicationBuilder UseAdmissionControl(this IApplicationBuilder app) => app.UseMiddleware<AdmissionControlMiddleware>();

    /// <summary>
    /// Compresses the SPA's files only: API answers carry tokens and personal data next to attacker-influenced text, so
    /// they stay uncompressed (BREACH), and they are small.
    /// </summary>
    public static IApplicationBuilder UseStaticCompression(this IApplicationBuilder app) =>
        app.UseWhen(context => !context.Request.Path.StartsWithSegments("/api"), branch => branch.UseResponseCompression());

    /// <summary>Vite names built assets by content hash, so they never change: cache them for a year; index.html is revalidated.</summary>
    public static void CacheHeaders(Microsoft.AspNetCore.StaticFiles.StaticFileResponseContext context)
    {
        var headers = context.Context.Response.Headers;
        headers.CacheControl = context.Context.Request.Path.StartsWithSegments("/assets")
            ? "public, max-age=31536000, immutable"
            : "no-cache";
    }
}
