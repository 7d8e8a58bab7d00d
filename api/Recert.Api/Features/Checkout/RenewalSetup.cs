using Polly;
using Polly.Retry;
using Recert.Api.Features.Audits;
using Recert.Api.Features.BackOffice;
using Recert.Api.Features.Email;
using Recert.Api.Features.Petitions;
using Recert.Api.Infrastructure;

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
        services.AddSingleton<PendingCheckoutReconciler>();

        // Reminders and deadlines are judged by the calendar day: once an hour is plenty (mail goes out every email poll).
        var scheduledEvery = TimeSpan.FromMinutes(Math.Max(1, configuration.GetValue("Recert:BackgroundJobs:ScheduledMinutes", 60)));
        services.AddScheduledJob(new ScheduledJob(AuditDeadlines.JobName, scheduledEvery, TimeSpan.FromMinutes(15),
            async (scope, token) => $"{await scope.GetRequiredService<AuditDeadlines>().MarkOverdueAsync(token)} overdue audits failed"));
        services.AddScheduledJob(new ScheduledJob(ReminderScheduler.JobName, scheduledEvery, TimeSpan.FromMinutes(15),
            async (scope, token) => $"{await scope.GetRequiredService<ReminderScheduler>().QueueDueRemindersAsync(token)} reminders queued"));
        services.AddScheduledJob(new ScheduledJob(PendingCheckoutReconciler.JobName,
            TimeSpan.FromSeconds(Math.Max(5, configuration.GetValue("Recert:Payments:ReconcileEverySeconds", 60))), TimeSpan.FromMinutes(5),
            (scope, token) => scope.GetRequiredService<PendingCheckoutReconciler>().ReconcileOnceAsync(token)));
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
