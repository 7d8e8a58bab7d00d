using Polly;
using Polly.Retry;
using Recert.Api.Features.Audits;
using Recert.Api.Features.BackOffice;
using Recert.Api.Features.Email;
using Recert.Api.Features.Petitions;

namespace Recert.Api.Features.Checkout;

/// <summary>Services and routes of the renewal after submission: petitions, checkout, audit, email, back office.</summary>
public static class RenewalSetup
{
    public static IServiceCollection AddRenewal(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuditOptions>().Bind(configuration.GetSection("Recert:Audit"))
            .Validate(o => o.Rate is >= 0 and <= 1, "Recert:Audit:Rate is a probability between 0 and 1.").ValidateOnStart();
        services.Configure<PaymentOptions>(configuration.GetSection("Recert:Payments"));
        services.Configure<EmailOptions>(configuration.GetSection("Recert:Email"));

        services.AddSingleton<IPaymentGateway, SandboxPaymentGateway>();
        services.AddSingleton<PaymentService>();
        PaymentService.AddPipeline(services);

        services.AddSingleton<IEmailTransport>(provider =>
            string.IsNullOrWhiteSpace(configuration["Recert:Email:Smtp:Host"])
                ? ActivatorUtilities.CreateInstance<PickupDirectoryEmailTransport>(provider)
                : ActivatorUtilities.CreateInstance<SmtpEmailTransport>(provider));
        services.AddSingleton<EmailOutboxSender>();
        services.AddResiliencePipeline(EmailOutboxSender.Pipeline, builder =>
        {
            builder.TimeProvider = TimeProvider.System;
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not OperationCanceledException),
                MaxRetryAttempts = 2,
                BackoffType = DelayBackoffType.Exponential,
                Delay = TimeSpan.FromMilliseconds(200),
            });
        });
        services.AddScoped<ReminderScheduler>();
        services.AddScoped<AuditDeadlines>();
        services.AddHostedService<RenewalBackgroundService>();
        services.AddSingleton<Infrastructure.JobLeases>();
        services.AddSingleton<PendingCheckoutReconciler>();
        services.AddHostedService<PendingCheckoutReconciliationService>();
        return services;
    }

    public static void MapRenewalEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPetitionEndpoints();
        app.MapCheckoutEndpoints();
        app.MapAuditEndpoints();
        app.MapBackOfficeEndpoints();
        app.MapRefundEndpoints();
    }
}
