using Microsoft.Net.Http.Headers;

namespace Recert.Api.Infrastructure.Security;

/// <summary>
/// Response headers for every answer. The SPA's build has no inline script or style element (checked by
/// SecurityHeadersTests), so its policy allows scripts and styles from the origin only; Swagger UI writes inline
/// styles and data: images, and gets its own policy under /swagger.
/// </summary>
public static class SecurityHeaders
{
    const string PermissionsPolicy = "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), interest-cohort=()";

    public static readonly string AppPolicy = string.Join("; ",
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'");

    public static readonly string SwaggerPolicy = string.Join("; ",
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'");

    public static void UseRecertSecurityHeaders(IApplicationBuilder app)
    {
        var swagger = Policies(SwaggerPolicy);
        var application = Policies(AppPolicy);
        // A document shown in the SPA's viewer sets its own stricter policy and may be framed by Recert's pages only.
        var documentView = new HeaderPolicyCollection().AddContentTypeOptionsNoSniff().AddFrameOptionsSameOrigin().AddReferrerPolicySameOrigin()
            .AddCustomHeader("Permissions-Policy", PermissionsPolicy).RemoveServerHeader();
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/swagger"), branch => branch.UseSecurityHeaders(swagger));
        app.UseWhen(context => Features.Documents.DocumentViewing.IsViewPath(context.Request.Path), branch => branch.UseSecurityHeaders(documentView));
        app.UseWhen(context => !context.Request.Path.StartsWithSegments("/swagger") && !Features.Documents.DocumentViewing.IsViewPath(context.Request.Path),
            branch => branch.UseSecurityHeaders(application));
        // API answers hold personal data: neither the browser nor a proxy keeps one unless its endpoint says so (the
        // public status list does).
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/api"), branch => branch.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                if (!context.Response.Headers.ContainsKey(HeaderNames.CacheControl))
                {
                    context.Response.Headers.CacheControl = "no-store";
                }

                return Task.CompletedTask;
            });
            return next(context);
        }));
    }

    static HeaderPolicyCollection Policies(string contentSecurityPolicy) => new HeaderPolicyCollection()
        .AddContentTypeOptionsNoSniff()
        .AddFrameOptionsDeny()
        .AddReferrerPolicySameOrigin()
        .AddCustomHeader("Content-Security-Policy", contentSecurityPolicy)
        .AddCustomHeader("Permissions-Policy", PermissionsPolicy)
        .AddCustomHeader("Cross-Origin-Opener-Policy", "same-origin")
        .RemoveServerHeader();
}
