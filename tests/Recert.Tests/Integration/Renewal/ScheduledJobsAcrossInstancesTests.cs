using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Recert.Api.Infrastructure;
using Recert.Tests.Support;

namespace Recert.Tests.Integration.Renewal;

/// <summary>Two API hosts on one database, polling the scheduled jobs at the same moment: each job runs once per period.</summary>
public sealed class ScheduledJobsAcrossInstancesTests : RenewalTest
{
    static readonly string[] JobNames = ["overdue-audits", "reminders", "reconcile-pending-checkouts", "idempotency-purge"];

    RecertApp second = null!;

    [OneTimeSetUp]
    public void StartSecondInstance()
    {
        second = new RecertApp(Settings, ConfigureServices);
        _ = second.Services;
    }

    [OneTimeTearDown]
    public void StopSecondInstance() => second.Dispose();

    sealed record JobState(string Name, long Runs, string? LeaseHolder, string? LastOutcome, TimeSpan? Period);

    sealed record RunRow(string JobName, string Holder, DateTime StartedAt, DateTime? FinishedAt);

    [SetUp]
    public void SameClockOnBothInstances() => second.Time.AdjustTime(App.Time.GetUtcNow());

    void Advance(TimeSpan by)
    {
        App.Time.Advance(by);
        second.Time.Advance(by);
    }

    async Task<(IReadOnlyList<string> First, IReadOnlyList<string> Second)> PollBothAsync()
    {
        var first = App.Services.GetRequiredService<ScheduledJobs>();
        var other = second.Services.GetRequiredService<ScheduledJobs>();
        var runs = await Task.WhenAll(Task.Run(() => first.RunDueAsync(CancellationToken.None)), Task.Run(() => other.RunDueAsync(CancellationToken.None)));
        return (runs[0], runs[1]);
    }

    static async Task<List<T>> QueryAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        return (await connection.QueryAsync<T>(sql, parameters)).AsList();
    }

    async Task<long> ReminderEmailsAsync(string number)
        => await ScalarAsync<long>("""
            select count(*) from email_outbox e join certifications c on c.id = e.certification_id
            where c.number = @Number and e.kind = 'expiry-reminder-90'
            """, new { Number = number });

    [Test]
    public async Task Both_instances_polling_together_run_each_job_once_then_not_again_until_the_period_has_passed()
    {
        // 75 days before expiry: the 90-day reminder is due.
        await CreateCertificationAsync(await StaffAsync(), "CPT-JOBS-1", "jobs-1@example.test", new DateOnly(2024, 8, 16), new DateOnly(2026, 8, 15));

        var (first, other) = await PollBothAsync();
        Assert.Multiple(() =>
        {
            Assert.That(first.Concat(other), Is.EquivalentTo(JobNames), "every job ran, on one instance or the other");
            Assert.That(first.Intersect(other), Is.Empty, "no job ran on both");
        });
        var jobs = await QueryAsync<JobState>("select name, runs, lease_holder, last_outcome, period from jobs order by name");
        Assert.Multiple(async () =>
        {
            Assert.That(jobs.Select(j => j.Name), Is.EquivalentTo(JobNames));
            Assert.That(jobs.Select(j => j.Runs), Is.All.EqualTo(1));
            Assert.That(jobs.Select(j => j.LeaseHolder), Is.All.Null, "leases are released after the run");
            Assert.That(jobs.Single(j => j.Name == "reminders").LastOutcome, Is.EqualTo("1 reminders queued"));
            Assert.That(jobs.Single(j => j.Name == "reminders").Period, Is.EqualTo(TimeSpan.FromHours(1)));
            Assert.That(jobs.Single(j => j.Name == "reconcile-pending-checkouts").Period, Is.EqualTo(TimeSpan.FromMinutes(1)));
            Assert.That(await ReminderEmailsAsync("CPT-JOBS-1"), Is.EqualTo(1));
        });

        // Within the hour, only the one-minute reconciliation is due again: once.
        Advance(TimeSpan.FromMinutes(30));
        (first, other) = await PollBothAsync();
        Assert.That(first.Concat(other), Is.EqualTo(new[] { "reconcile-pending-checkouts" }));

        // Past the hour: each job once more; the reminder's dedupe key keeps it one email.
        Advance(TimeSpan.FromMinutes(31));
        (first, other) = await PollBothAsync();
        Assert.That(first.Concat(other), Is.EquivalentTo(JobNames));
        var history = await QueryAsync<RunRow>("select job_name, holder, started_at, finished_at from job_runs order by job_name, started_at");
        Assert.Multiple(async () =>
        {
            Assert.That(history.Count(r => r.JobName == "reminders"), Is.EqualTo(2));
            Assert.That(history.Count(r => r.JobName == "reconcile-pending-checkouts"), Is.EqualTo(3));
            Assert.That(history.Select(r => r.FinishedAt), Is.All.Not.Null);
            Assert.That((await QueryAsync<JobState>("select name, runs, lease_holder, last_outcome, period from jobs")).Select(j => j.Runs).Sum(), Is.EqualTo(history.Count));
            Assert.That(await ReminderEmailsAsync("CPT-JOBS-1"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_lease_left_by_an_instance_that_died_mid_run_keeps_the_job_from_running_twice_until_it_expires()
    {
        await CreateCertificationAsync(await StaffAsync(), "CPT-JOBS-2", "jobs-2@example.test", new DateOnly(2024, 8, 16), new DateOnly(2026, 8, 15));
        var now = App.Time.GetUtcNow().UtcDateTime;
        await QueryAsync<int>("""
            insert into jobs (name, lease_holder, lease_expires_at, last_started_at, runs) values ('reminders', 'killed-instance', @Until, @Started, 1)
            """, new { Until = now.AddMinutes(10), Started = now.AddMinutes(-5) });

        var (first, other) = await PollBothAsync();
        Assert.That(first.Concat(other), Does.Not.Contain("reminders"));
        Assert.That(await ReminderEmailsAsync("CPT-JOBS-2"), Is.EqualTo(0));

        // The lease has expired but the hour since that start has not passed: still not due.
        Advance(TimeSpan.FromMinutes(11));
        (first, other) = await PollBothAsync();
        Assert.That(first.Concat(other), Does.Not.Contain("reminders"));

        Advance(TimeSpan.FromMinutes(50));
        (first, other) = await PollBothAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(first.Concat(other).Count(name => name == "reminders"), Is.EqualTo(1));
            Assert.That(await ReminderEmailsAsync("CPT-JOBS-2"), Is.EqualTo(1));
            Assert.That(await ScalarAsync<long>("select runs from jobs where name = 'reminders'"), Is.EqualTo(2));
        });
    }
}
