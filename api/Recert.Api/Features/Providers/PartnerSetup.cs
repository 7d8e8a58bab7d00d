using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Polly;
using Recert.Api.Features.Completions;
using Recert.Api.Features.Webhooks;
using Recert.Api.Features.Xapi;

namespace Recert.Api.Features.Providers;

/// <summary>Everything the partner API adds to the host: the ProviderKey scheme, its policy and rate limit, the webhook dispatcher.</summary>
public static class PartnerSetup
{
    public const string RateLimitPolicy = "provider-key";

    public static IServiceCollection AddPartners(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ProviderKeyAuthenticationHandler>(ProviderAuth.Scheme, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(ProviderAuth.Policy, policy => policy
                .AddAuthenticationSchemes(ProviderAuth.Scheme)
                .RequireAuthenticatedUser()
                .RequireClaim(ProviderAuth.ProviderIdClaim));

        var permitsPerMinute = configuration.GetValue("Recert:RateLimits:ProviderPerMinute", 600);
        services.Configure<RateLimiterOptions>(options => options.AddPolicy(RateLimitPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
            PartitionKey(context),
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permitsPerMinute, Window = TimeSpan.FromMinutes(1) })));

        services.Configure<WebhookOptions>(configuration.GetSection("Recert:Webhooks"));
        services.AddScoped<WebhookOutbox>();
        services.AddScoped<CompletionRecorder>();
        services.AddScoped<VerifiedHolderEmails>();
        services.AddSingleton<IdempotencyStore>();
        services.AddSingleton<WebhookDispatcher>();
        services.AddHostedService<WebhookDispatcherService>();
        services.AddHttpClient(WebhookDispatcher.HttpClientName, client =>
            {
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.DefaultRequestHeaders.UserAgent.ParseAdd("Recert-Webhooks/1.0");
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                ConnectTimeout = TimeSpan.FromSeconds(10),
            });
        services.AddResiliencePipeline(WebhookDispatcher.PipelineName, (builder, context) => builder.AddTimeout(
            context.ServiceProvider.GetRequiredService<IOptions<WebhookOptions>>().Value.Timeout));

        services.ConfigureSwaggerGen(options =>
        {
            options.AddSecurityDefinition("providerKey", new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "A provider API key (rcp_...), issued by staff: Authorization: Bearer rcp_... " +
                              "(HTTP Basic works too, as xAPI clients send it: the key as the password, or rcp_<prefix> as the user and the rest as the password).",
            });
            options.OperationFilter<PartnerOpenApiExamples>();
        });
        return services;
    }

    public static void MapPartnerEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapProviderEndpoints();
        app.MapCompletionEndpoints();
        app.MapWebhookEndpoints();
        app.MapXapiEndpoints();
    }

    /// <summary>
    /// The rate limiter runs before authentication, so it partitions on the key's public prefix as sent (an invalid
    /// key still gets 401 afterwards); requests without a key share a partition per IP address.
    /// </summary>
    static string PartitionKey(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && ProviderKeys.TryParsePrefix(header["Bearer ".Length..].Trim(), out var prefix)
            ? "key:" + prefix
            : "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
    }
}
