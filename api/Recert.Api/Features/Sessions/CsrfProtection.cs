using Microsoft.Extensions.Options;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Sessions;

public sealed class CsrfOptions
{
    /// <summary>The app's own origin (scheme://host[:port]) when it is served behind a proxy that rewrites Host; else the request's.</summary>
    public string? PublicOrigin { get; set; }
}

/// <summary>
/// Cross-site request forgery defence in depth next to SameSite=Strict: an unsafe request that carries the session
/// cookie must prove it comes from the app — an Origin equal to the app's, Sec-Fetch-Site: same-origin, or the custom
/// header the SPA sends on every call (a cross-site form cannot set a custom header). Sign-in requests (no cookie yet)
/// with a foreign Origin are refused too (login CSRF). Partner calls carry an API key and no cookie: untouched.
/// </summary>
public sealed class CsrfProtectionMiddleware(RequestDelegate next, IOptions<CsrfOptions> options)
{
    public const string HeaderName = "X-Recert-Client";

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method))
        {
            await next(context);
            return;
        }

        var hasCookie = request.Cookies.ContainsKey(SessionClaims.CookieName);
        var isSignIn = request.Path.StartsWithSegments("/api/v1/auth", StringComparison.OrdinalIgnoreCase);
        var origin = request.Headers.Origin.ToString();
        var refused = hasCookie
            ? !ProvesSameOrigin(request, origin)
            : isSignIn && origin.Length > 0 && !IsOwnOrigin(request, origin);
        if (refused)
        {
            await Problems.WriteAsync(context, StatusCodes.Status403Forbidden, "Cross-site request refused: send it from the Recert web client.");
            return;
        }

        await next(context);
    }

    bool ProvesSameOrigin(HttpRequest request, string origin)
    {
        if (request.Headers.ContainsKey(HeaderName))
        {
            return true;
        }

        if (origin.Length > 0)
        {
            return IsOwnOrigin(request, origin);
        }

        return string.Equals(request.Headers["Sec-Fetch-Site"].ToString(), "same-origin", StringComparison.OrdinalIgnoreCase);
    }

    bool IsOwnOrigin(HttpRequest request, string origin)
    {
        var own = options.Value.PublicOrigin is { Length: > 0 } configured
            ? configured.TrimEnd('/')
            : $"{request.Scheme}://{request.Host.Value}";
        return string.Equals(origin, own, StringComparison.OrdinalIgnoreCase);
    }
}
