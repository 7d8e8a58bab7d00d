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

    public sealed record JobRow(string Name, string? LeaseHolder, DateTime? LeaseExpiresAt, DateTime? LastStartedAt, DateTime? LastFinishedAt, string? LastOutcome, string? LastError, long Runs);

    /// <returns>True when this call ran the job (it was due and nobody else held it).</returns>
    public async Task<bool> RunIfDueAsync(string name, TimeSpan period, TimeSpan lease, Func<CancellationToken, Task<string>> job, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        const string claim = """
            insert into jobs (name) values (@Name) on conflict do nothing;
            update jobs set lease_holder = @Holder, lease_expires_at = @LeaseUntil, last_started_at = @Now, runs = runs + 1
            where name = @Name
              and (lease_expires_at is null or lease_expires_at < @Now)
              and (last_started_at is null or last_started_at <= @DueBefore);
            """;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            var claimed = await connection.ExecuteAsync(new CommandDefinition(claim, new
            {
                Name = name,
                Holder,
                Now = now,
                LeaseUntil = now + lease,
                DueBefore = now - period,
            }, cancellationToken: cancellationToken));
            if (claimed == 0)
            {
                return false;
            }
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

        const string finish = """
            update jobs set lease_holder = null, lease_expires_at = null, last_finished_at = @Now, last_outcome = @Outcome, last_error = @Error
            where name = @Name and lease_holder = @Holder
            """;
        await using (var connection = await dataSource.OpenConnectionAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync(new CommandDefinition(finish, new
            {
                Name = name,
                Holder,
                Now = timeProvider.GetUtcNow().UtcDateTime,
                Outcome = outcome.Length <= 200 ? outcome : outcome[..200],
                Error = error,
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
