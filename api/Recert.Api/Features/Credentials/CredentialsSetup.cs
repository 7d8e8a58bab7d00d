using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PdfSharp.Fonts;
using Recert.Api.Infrastructure.Security;

namespace Recert.Api.Features.Credentials;

public sealed class CredentialOptions
{
    /// <summary>The public origin of the SPA and API (e.g. https://recert.example.org); verification links and the issuer id use it.
    /// Empty: the origin of the current request.</summary>
    public string PublicBaseUrl { get; set; } = string.Empty;

    public string OrganisationName { get; set; } = "Recert Certification Board";

    /// <summary>Printed on receipts; lines separated by newlines.</summary>
    public string OrganisationAddress { get; set; } = string.Empty;

    public string OrganisationUrl { get; set; } = string.Empty;

    /// <summary>Public verification look-ups allowed per client address and minute.</summary>
    public int VerifyPerMinute { get; set; } = 30;
}

/// <summary>Services and routes of proof of certification: verification, PDFs, the Open Badges credential and its status list.</summary>
public static class CredentialsSetup
{
    public const string VerifyRateLimit = "verify";

    public static IServiceCollection AddCredentials(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<CredentialOptions>(configuration.GetSection("Recert:Credentials"));
        services.AddScoped<PublicUrls>();
        services.AddSingleton<SigningKeys>();
        services.TryAddSingleton<PostgresRateLimitCounter>();
        services.AddSingleton<VerificationTokens>();
        services.AddOptions<RateLimiterOptions>().Configure<PostgresRateLimitCounter, Microsoft.Extensions.Options.IOptions<CredentialOptions>>(
            (options, counter, credentialOptions) => options.AddPolicy(VerifyRateLimit, context => PostgresRateLimitCounter.PerClientAddress(
                counter, "verify", context, credentialOptions.Value.VerifyPerMinute, TimeSpan.FromMinutes(1))));
        if (GlobalFontSettings.FontResolver is not EmbeddedFontResolver)
        {
            GlobalFontSettings.FontResolver = new EmbeddedFontResolver();
        }

        return services;
    }
}
