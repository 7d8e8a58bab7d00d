using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Recert.Api.Infrastructure;

/// <summary>
/// A job that runs once per <see cref="Period"/> across every API instance on one database (through
/// <see cref="JobLeases"/>). <see cref="Lease"/> must exceed the longest run: a holder killed mid-run blocks the job
/// until its lease expires, and the job runs again only when its period has also elapsed since that start.
/// </summary>
/// <param name="Run">Runs the job in its own service scope; returns the outcome shown in the <c>jobs</c> table.</param>
public sealed record ScheduledJob(string Name, TimeSpan Period, TimeSpan Lease, Func<IServiceProvider, CancellationToken, Task<string>> Run);

/// <summary>Every registered <see cref="ScheduledJob"/>, run when due.</summary>
public sealed class ScheduledJobs(IEnumerable<ScheduledJob> jobs, JobLeases leases, IServiceScopeFactory scopes, ILogger<ScheduledJobs> logger)
{
    public IReadOnlyList<ScheduledJob> Jobs { get; } = jobs.ToList();

    /// <summary>One pass: each job that is due and not leased elsewhere runs here. Returns the names of those that ran here.</summary>
    public async Task<IReadOnlyList<string>> RunDueAsync(CancellationToken cancellationToken)
    {
        var ran = new List<string>();
        foreach (var job in Jobs)
        {
            try
            {
                var here = await leases.RunIfDueAsync(job.Name, job.Period, job.Lease, async token =>
                {
                    await using var scope = scopes.CreateAsyncScope();
                    return await job.Run(scope.ServiceProvider, token);
                }, cancellationToken);
                if (here)
                {
                    ran.Add(job.Name);
                }
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogError(exception, "Could not take the lease of {Job}; trying again at the next poll.", job.Name);
            }
        }

        return ran;
    }
}

/// <summary>Polls <see cref="ScheduledJobs"/> every <c>Recert:BackgroundJobs:PollSeconds</c> while the API is up.</summary>
public sealed class ScheduledJobsService(ScheduledJobs jobs, IConfiguration configuration) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("Recert:BackgroundJobs:Enabled", true))
        {
            return;
        }

        var poll = TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Recert:BackgroundJobs:PollSeconds", 15)));
        while (!stoppingToken.IsCancellationRequested)
        {
            await jobs.RunDueAsync(stoppingToken);
            try
            {
                await Task.Delay(poll, TimeProvider.System, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

public static class ScheduledJobsSetup
{
    /// <summary>Registers a job (and, once, the leases and the poller that run every registered job).</summary>
    public static IServiceCollection AddScheduledJob(this IServiceCollection services, ScheduledJob job)
    {
        services.TryAddSingleton<JobLeases>();
        services.TryAddSingleton<ScheduledJobs>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ScheduledJobsService>());
        services.AddSingleton(job);
        return services;
    }
}
