using BenchmarkDotNet.Attributes;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Recert.Api.Infrastructure;

namespace Recert.Benchmarks;

public sealed record PingQuery(string Number) : IQuery<int>;

public sealed class PingHandler : IRequestHandler<PingQuery, int>
{
    public Task<int> Handle(PingQuery request, CancellationToken cancellationToken) => Task.FromResult(request.Number.Length);
}

public sealed record ValidatedPingQuery(string Number) : IQuery<int>;

public sealed class ValidatedPingValidator : AbstractValidator<ValidatedPingQuery>
{
    public ValidatedPingValidator() => RuleFor(q => q.Number).NotEmpty().MaximumLength(32);
}

public sealed class ValidatedPingHandler : IRequestHandler<ValidatedPingQuery, int>
{
    public Task<int> Handle(ValidatedPingQuery request, CancellationToken cancellationToken) => Task.FromResult(request.Number.Length);
}

/// <summary>
/// What the MediatR pipeline (logging → validation → transaction behaviours, as registered by AddRecertMediator) adds to one
/// request, against calling the handler directly. Every variant opens a DI scope, as each HTTP request does.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 10)]
public class MediatorOverhead
{
    ServiceProvider provider = null!;
    readonly PingQuery ping = new("BENCH-000001");
    readonly ValidatedPingQuery validatedPing = new("BENCH-000001");

    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(NpgsqlDataSource.Create("Host=127.0.0.1;Database=unused"));
        services.AddRecertMediator();
        services.AddScoped<IRequestHandler<PingQuery, int>, PingHandler>();
        services.AddScoped<IRequestHandler<ValidatedPingQuery, int>, ValidatedPingHandler>();
        services.AddScoped<IValidator<ValidatedPingQuery>, ValidatedPingValidator>();
        provider = services.BuildServiceProvider();
    }

    [GlobalCleanup]
    public void Cleanup() => provider.Dispose();

    [Benchmark(Baseline = true, Description = "handler called directly")]
    public async Task<int> Direct()
    {
        await using var scope = provider.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IRequestHandler<PingQuery, int>>().Handle(ping, CancellationToken.None);
    }

    [Benchmark(Description = "mediator.Send, no validator")]
    public async Task<int> ThroughPipeline()
    {
        await using var scope = provider.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(ping, CancellationToken.None);
    }

    [Benchmark(Description = "mediator.Send, one FluentValidation validator")]
    public async Task<int> ThroughPipelineWithValidator()
    {
        await using var scope = provider.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(validatedPing, CancellationToken.None);
    }
}
