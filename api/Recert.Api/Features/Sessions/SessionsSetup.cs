using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using Recert.Api.Domain;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Sessions;

public static class SessionsSetup
{
    public const string MfaPendingPolicy = "mfa-pending";

    public static IServiceCollection AddSessions(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SessionOptions>(configuration.GetSection("Recert:Sessions"));
        services.Configure<CsrfOptions>(configuration.GetSection("Recert:Sessions"));
        services.AddSingleton(_ => CommonPasswords.Policy());
        services.AddSingleton<SessionStore>();
        services.AddSingleton<TotpCodes>();
        services.AddSingleton<MfaState>();
        services.AddScoped<SessionSignIn>();
        services.AddScoped<CurrentSession>();
        services.AddAuthorizationBuilder()
            .AddPolicy(MfaPendingPolicy, policy => policy.RequireClaim(SessionClaims.MfaPending));
        services.PostConfigure<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme,
            options => options.Events.OnValidatePrincipal = SessionCookieValidation.ValidateAsync);

        services.AddSingleton<IValidateOptions<BootstrapStaffOptions>, BootstrapStaffPasswordValidation>();
        services.AddOptions<BootstrapStaffOptions>().ValidateOnStart();
        return services;
    }

    public static IApplicationBuilder UseCsrfProtection(this IApplicationBuilder app) => app.UseMiddleware<CsrfProtectionMiddleware>();
}

/// <summary>The API does not start with a bootstrap staff password the policy would refuse.</summary>
internal sealed class BootstrapStaffPasswordValidation(PasswordPolicy policy) : IValidateOptions<BootstrapStaffOptions>
{
    public ValidateOptionsResult Validate(string? name, BootstrapStaffOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Email) || string.IsNullOrEmpty(options.Password))
        {
            return ValidateOptionsResult.Success;
        }

        return policy.Check(options.Password, options.Email, staff: true) is { } refusal
            ? ValidateOptionsResult.Fail($"Recert:BootstrapStaff:Password (env Recert__BootstrapStaff__Password) is refused: {refusal.Message} " +
                                         $"Staff passwords need {PasswordPolicy.StaffMinimumLength} to {PasswordPolicy.MaximumLength} characters, not a common one, not containing the email.")
            : ValidateOptionsResult.Success;
    }
}
