using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Recert.Api.Infrastructure.Security;

public sealed class ForwardedHeadersSettings
{
    /// <summary>Addresses of the reverse proxies whose X-Forwarded-For/Proto are believed, e.g. 10.0.0.5.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks of such proxies in CIDR form, e.g. 10.0.0.0/24.</summary>
    public string[] KnownNetworks { get; set; } = [];

    public bool Any => KnownProxies.Length > 0 || KnownNetworks.Length > 0;
}

/// <summary>
/// Behind a reverse proxy: X-Forwarded-For and X-Forwarded-Proto are applied only when the connection comes from a
/// configured proxy (ASP.NET Core would otherwise trust loopback by default, and nothing at all is trusted when no
/// proxy is configured). Then the client address is the real one (rate limits), and https is seen as https (Secure
/// cookies, HSTS).
/// </summary>
public static class ReverseProxy
{
    public static void AddReverseProxy(IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection("Recert:ForwardedHeaders").Get<ForwardedHeadersSettings>() ?? new ForwardedHeadersSettings();
        services.AddSingleton(settings);
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in settings.KnownProxies)
            {
                options.KnownProxies.Add(IPAddress.TryParse(proxy, out var address)
                    ? address
                    : throw new InvalidOperationException($"Recert:ForwardedHeaders:KnownProxies: '{proxy}' is not an IP address."));
            }

            foreach (var network in settings.KnownNetworks)
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var parsed)
                    ? parsed
                    : throw new InvalidOperationException($"Recert:ForwardedHeaders:KnownNetworks: '{network}' is not a CIDR such as 10.0.0.0/24."));
            }

            // Walk the chain from the right while each hop is a known proxy; the first unknown hop is the client.
            options.ForwardLimit = null;
        });
    }

    public static void UseReverseProxy(IApplicationBuilder app)
    {
        // With empty lists the middleware would believe every sender: only use it when proxies are configured.
        if (app.ApplicationServices.GetRequiredService<ForwardedHeadersSettings>().Any)
        {
            app.UseForwardedHeaders();
        }
    }
}
