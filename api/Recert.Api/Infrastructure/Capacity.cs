using System.Threading.RateLimiting;

namespace Recert.Api.Infrastructure;

public sealed class CapacityOptions
{
    /// <summary>API requests served at once by one instance. Beyond this and the queue, requests get a fast 503.</summary>
    public int ConcurrentRequests { get; set; } = 32;

    /// <summary>Requests that may wait for a slot; kept short so a waiting request still answers well inside a second.</summary>
    public int QueuedRequests { get; set; } = 64;

    /// <summary>What a refused caller is told to wait, in seconds.</summary>
    public int RetryAfterSeconds { get; set; } = 2;
}

/// <summary>
/// Admission control for a deadline spike: a fixed number of API requests run at once and a short queue waits, the rest
/// are refused at once with 503 and Retry-After. Served requests keep their latency instead of every request timing out
/// together (see docs/BENCHMARKS.md, "Dashboard spike"). Health probes and static files are not limited.
/// </summary>
public sealed class AdmissionControlMiddleware(RequestDelegate next, ConcurrencyLimiter limiter, CapacityOptions options)
{
    public const string BusyCode = "capacity.busy";

    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/api"))
        {
            await next(context);
            return;
        }

        using var lease = await limiter.AcquireAsync(1, context.RequestAborted);
        if (!lease.IsAcquired)
        {
            context.Response.Headers.RetryAfter = options.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            // The code tells clients the request never ran, so even a write may be sent again after Retry-After.
            await Problems.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Recert is busy: try again in a few seconds.", BusyCode);
            return;
        }

        await next(context);
    }
}

public static class CapacitySetup
{
    public static IServiceCollection AddCapacity(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Recert:Capacity").Get<CapacityOptions>() ?? new CapacityOptions();
        services.AddSingleton(options);
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
