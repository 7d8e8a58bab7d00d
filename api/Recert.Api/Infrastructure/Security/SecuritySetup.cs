using Microsoft.AspNetCore.Server.Kestrel.Core;
using Polly.Telemetry;

namespace Recert.Api.Infrastructure.Security;

/// <summary>Hardening that is not one feature's: proxy headers, HSTS, response headers, Data Protection keys, health, what Polly may log.</summary>
public static class SecuritySetup
{
    public static IServiceCollection AddRecertSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        ReverseProxy.AddReverseProxy(services, configuration);
        services.Configure<KestrelServerOptions>(options => options.AddServerHeader = false);
        services.AddHsts(options =>
        {
            options.MaxAge = TimeSpan.FromDays(365);
            options.IncludeSubDomains = configuration.GetValue("Recert:Hsts:IncludeSubDomains", false);
        });
        DataProtectionKeys.AddRecertDataProtection(services, configuration);
        HealthEndpoints.AddRecertHealthChecks(services);

        // Polly's telemetry would log each outcome's ToString(): a command's result holds issued API keys, webhook
        // secrets and emails. Only the type is logged (exceptions are still logged, as exceptions, at Warning).
        services.Configure<TelemetryOptions>(options => options.ResultFormatter = (_, result) => result?.GetType().Name);
        return services;
    }

    /// <summary>First in the pipeline: forwarded headers (known proxies only), then HSTS (https only) and the security headers.</summary>
    public static IApplicationBuilder UseRecertSecurity(this IApplicationBuilder app)
    {
        ReverseProxy.UseReverseProxy(app);
        app.UseHsts();
        SecurityHeaders.UseRecertSecurityHeaders(app);
        return app;
    }
}
