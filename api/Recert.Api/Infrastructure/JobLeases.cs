using Dapper;
using Npgsql;

namespace Recert.Api.Infrastructure;

/// <summary>
/// Scheduled jobs that run once per period across every API instance on one database. A run takes the job's row in
/// the <c>jobs</c> table with one conditional UPDATE (the period has elapsed since the last start and no live lease is
/// held), so of several instances polling at once exactly one runs; a holder that dies leaves a lease that expires.
/// The row also shows staff and operators the last run, its outcome and error. Reusable by any job: give it a name,
/// a period and a lease longer than one run takes.
/// </summary>
public sealed class JobLeases(NpgsqlDataSource dataSource, TimeProvider timeProvider, RecertMetrics metrics, ILogger<JobLeases> logger)
{
    /// <summary>Who holds a lease: this process (several per machine are fine).</summary>
    public string Holder { get; init; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    public static readonly TimeSpan HistoryKept = TimeSpan.FromDays(90);

    public sealed record JobRow(string Name, string? LeaseHolder, DateTime? LeaseExpiresAt, DateTime? LastStartedAt, DateTime? LastFinishedAt, string? LastOutcome, string? LastError, long Runs);

    /// <returns>True when this call ran the job (it was due and nobody else held it).</returns>
    public async Task<bool> RunIfDueAsync(string name, TimeSpan period, TimeSpan lease, Func<CancellationToken, Task<string>> job, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        const string ensureRow = "insert into jobs (name) values (@Name) on conflict do nothing";
        const string claim = """
            with claimed as (
                update jobs set lease_holder = @Holder, lease_expires_at = @LeaseUntil, last_started_at = @Now, runs = runs + 1, period = @Period
                where name = @Name
                  and (lease_expires_at is null or lease_expires_at < @Now)
                  and (last_started_at is null or last_started_at <= @DueBefore)
                returning name)
            insert into job_runs (job_name, holder, started_at) select name, @Holder, @Now from claimed
            returning id;
            """;
        long runId;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            await connection.ExecuteAsync(new CommandDefinition(ensureRow, new { Name = name }, cancellationToken: cancellationToken));
            var claimed = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(claim, new
            {
                Name = name,
                Holder,
                Now = now,
                LeaseUntil = now + lease,
                DueBefore = now - period,
                Period = period,
            }, cancellationToken: cancellationToken));
            if (claimed is null)
            {
                return false;
            }

            runId = claimed.Value;
        }

        string outcome;
        string? error = null;
        try
        {
            outcome = await job(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogError(exception, "Job {Job} failed; it runs again next period.", name);
            outcome = "failed";
            error = exception.GetType().Name;
        }

        metrics.JobRun(name, outcome == "failed" ? "failed" : "ran");

        // The history keeps a quarter of runs: enough to check "once per period" after an incident, bounded for a job that runs every minute.
        const string finish = """
            update jobs set lease_holder = null, lease_expires_at = null, last_finished_at = @Now, last_outcome = @Outcome, last_error = @Error
            where name = @Name and lease_holder = @Holder;
            update job_runs set finished_at = @Now, outcome = @Outcome, error = @Error where id = @RunId;
            delete from job_runs where job_name = @Name and started_at < @KeepAfter;
            """;
        await using (var connection = await dataSource.OpenConnectionAsync(CancellationToken.None))
        {
            var finishedAt = timeProvider.GetUtcNow().UtcDateTime;
            await connection.ExecuteAsync(new CommandDefinition(finish, new
            {
                Name = name,
                Holder,
                RunId = runId,
                Now = finishedAt,
                Outcome = outcome.Length <= 200 ? outcome : outcome[..200],
                Error = error,
                KeepAfter = finishedAt - HistoryKept,
            }));
        }

        return true;
    }

    public async Task<JobRow?> FindAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<JobRow>(new CommandDefinition(
            "select name, lease_holder, lease_expires_at, last_started_at, last_finished_at, last_outcome, last_error, runs from jobs where name = @Name",
            new { Name = name }, cancellationToken: cancellationToken));
    }
}
