using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Polly;
using Recert.Api.Infrastructure;
using Recert.Api.Infrastructure.Security;
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
            .AddScheme<AuthenticationSchemeOptions, ProviderKeyAuthenticationHandler>(ProviderAuth.Scheme, null)
            // One scheme, not two in the policy: two schemes would both challenge (two answers to one request), and a
            // request with a key is judged by the key alone even if the browser also sends a session cookie.
            .AddPolicyScheme(ProviderAuth.KeyOrSessionScheme, null, options => options.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.Count == 0 && context.Request.Cookies.ContainsKey(Sessions.SessionClaims.CookieName)
                    ? CookieAuthenticationDefaults.AuthenticationScheme
                    : ProviderAuth.Scheme);
        services.AddAuthorizationBuilder()
            .AddPolicy(ProviderAuth.Policy, policy => policy
                .AddAuthenticationSchemes(ProviderAuth.Scheme)
                .RequireAuthenticatedUser()
                .RequireClaim(ProviderAuth.ProviderIdClaim))
            .AddPolicy(ProviderAuth.KeyOrSessionPolicy, policy => policy
                .AddAuthenticationSchemes(ProviderAuth.KeyOrSessionScheme)
                .RequireAuthenticatedUser()
                .RequireRole(ProviderAuth.Role)
                .RequireClaim(ProviderAuth.ProviderIdClaim))
            .AddPolicy(ProviderAuth.PortalUserPolicy, policy => policy
                .AddAuthenticationSchemes(CookieAuthenticationDefaults.AuthenticationScheme)
                .RequireAuthenticatedUser()
                .RequireRole(ProviderAuth.Role)
                .RequireClaim(ProviderAuth.ProviderIdClaim));

        var permitsPerMinute = configuration.GetValue("Recert:RateLimits:ProviderPerMinute", 600);
        var anonymousPermitsPerMinute = configuration.GetValue("Recert:RateLimits:PartnerUnauthenticatedPerMinute", 60);
        var window = TimeSpan.FromMinutes(1);
        services.TryAddSingleton<PostgresRateLimitCounter>();
        services.AddOptions<RateLimiterOptions>().Configure<PostgresRateLimitCounter>((options, counter) => options.AddPolicy(RateLimitPolicy,
            context => context.Items[AuthenticatedProviderItem] is Guid providerId
                ? PostgresRateLimitCounter.Partition(counter, "provider", providerId.ToString(), permitsPerMinute, window)
                : PostgresRateLimitCounter.PerClientAddress(counter, "partner-ip", context, anonymousPermitsPerMinute, window)));

        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection("Recert:Webhooks"))
            .Validate(o => o.AllowedNetworks.All(n => System.Net.IPNetwork.TryParse(n, out _)), "Recert:Webhooks:AllowedNetworks holds CIDRs such as 10.20.0.0/16.")
            .ValidateOnStart();
        services.AddSingleton<WebhookDestinations>();
        services.AddSingleton<WebhookSecrets>();
        services.AddHostedService<WebhookSecretsAtRestService>();
        services.AddScoped<WebhookOutbox>();
        services.AddScoped<CompletionRecorder>();
        services.AddScoped<VerifiedHolderEmails>();
        services.AddSingleton<IdempotencyStore>();
        services.AddScheduledJob(new ScheduledJob(IdempotencyStore.PurgeJobName,
            TimeSpan.FromMinutes(Math.Max(1, configuration.GetValue("Recert:BackgroundJobs:IdempotencyPurgeMinutes", 60))), TimeSpan.FromMinutes(15),
            async (scope, token) => $"{await scope.GetRequiredService<IdempotencyStore>().PurgeExpiredAsync(token)} expired keys deleted"));

        services.AddScoped<IdempotentReplay>();
        services.AddSingleton<WebhookDispatcher>();
        services.AddHostedService<WebhookDispatcherService>();
        services.AddHttpClient(WebhookDispatcher.HttpClientName, client =>
            {
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.DefaultRequestHeaders.UserAgent.ParseAdd("Recert-Webhooks/1.0");
            })
            .ConfigurePrimaryHttpMessageHandler(provider => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                // A proxy would be what the connect callback checks, not the destination.
                UseProxy = false,
                ConnectCallback = provider.GetRequiredService<WebhookDestinations>().ConnectAsync,
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

    const string AuthenticatedProviderItem = "recert:rate-limit-provider";

    /// <summary>
    /// Authenticates a request's provider key before the rate limiter runs (call before UseRateLimiter), so the limiter
    /// partitions on the provider the key proves, not on what the caller wrote: a victim's key prefix with a junk secret
    /// lands in the sender's per-address partition (with a lower limit), and cannot use up the victim's permits.
    /// The handler's result is cached for the request, so authorization does not query the key again.
    /// </summary>
    public static IApplicationBuilder UsePartnerKeyRateLimitIdentity(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        // A portal session counts against its provider's permits too (the cookie handler caches its result as well).
        var scheme = context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? ProviderAuth.Scheme
            : context.Request.Headers.Authorization.Count == 0 && context.Request.Cookies.ContainsKey(Sessions.SessionClaims.CookieName)
              && context.Request.Path.StartsWithSegments("/api/v1") ? CookieAuthenticationDefaults.AuthenticationScheme
            : null;
        if (scheme is not null)
        {
            var result = await context.AuthenticateAsync(scheme);
            if (result.Succeeded && Guid.TryParse(result.Principal.FindFirstValue(ProviderAuth.ProviderIdClaim), out var providerId))
            {
                context.Items[AuthenticatedProviderItem] = providerId;
            }
        }

        await next(context);
    });
}
