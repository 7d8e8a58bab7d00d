using FluentValidation;
using MediatR;
using Polly;
using Polly.Retry;
using Recert.Api.Infrastructure.Behaviours;

namespace Recert.Api.Infrastructure;

public static class MediatorSetup
{
    /// <summary>
    /// MediatR 5 has no DI package here, so handlers are found with Scrutor and behaviours are registered
    /// in the order they wrap a request: logging → validation → transaction → provider suspension → idempotency key (both inside the transaction).
    /// </summary>
    public static IServiceCollection AddRecertMediator(this IServiceCollection services)
    {
        services.AddScoped<ServiceFactory>(provider => provider.GetRequiredService);
        services.AddScoped<IMediator, Mediator>();
        services.Scan(scan => scan
            .FromAssemblyOf<Program>()
            .AddClasses(classes => classes.AssignableToAny(typeof(IRequestHandler<,>), typeof(INotificationHandler<>)), publicOnly: false)
            .AsImplementedInterfaces()
            .WithScopedLifetime());

        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(LoggingBehaviour<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(MetricsBehaviour<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(ValidationBehaviour<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(TransactionBehaviour<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(Features.Providers.ProviderSuspensionBehaviour<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(Features.Completions.IdempotencyBehaviour<,>));

        services.AddValidatorsFromAssemblyContaining<Program>(includeInternalTypes: true);
        services.AddScoped<DbSession>();

        services.AddResiliencePipeline(ResiliencePipelines.Postgres, builder => builder.AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(ResiliencePipelines.IsTransient),
            MaxRetryAttempts = 3,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(200),
        }));
        return services;
    }
}
