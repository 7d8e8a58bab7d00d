using Dapper;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Email;

/// <summary>
/// Queues the reminders that are due today: expiry at 90, 30 and 7 days before expires_on, and an audit's last
/// 7 days. Each has a dedupe key, so running the job any number of times a day (or on several instances) queues one.
/// A missed day is caught up: a reminder is due while the days left are within its threshold and above the next one.
/// </summary>
public sealed class ReminderScheduler(DbSession db, OrganisationClock clock)
{
    public const string JobName = "reminders";

    public static readonly int[] ExpiryThresholds = [90, 30, 7];

    sealed record Due(Guid Id, Guid? ApplicationId, string Number, string FirstName, string Email, DateOnly Date);

    public async Task<int> QueueDueRemindersAsync(CancellationToken cancellationToken = default)
    {
        var today = clock.Today;
        var queued = 0;
        await db.BeginAsync(cancellationToken);
        try
        {
            for (var i = 0; i < ExpiryThresholds.Length; i++)
            {
                var threshold = ExpiryThresholds[i];
                var below = i + 1 < ExpiryThresholds.Length ? ExpiryThresholds[i + 1] : -1;
                const string sql = """
                    select c.id, null::uuid as application_id, c.number, c.first_name, coalesce(u.email, c.email) as email, c.expires_on as date
                    from certifications c left join users u on u.id = c.user_id
                    where c.expires_on between @From and @To
                      and coalesce(u.email, c.email) is not null
                      and not exists (
                          select 1 from applications a
                          where a.certification_id = c.id and a.expires_on = c.expires_on
                            and a.status in ('paid', 'approved', 'audit-requested', 'documentation-submitted'))
                    """;
                var due = await db.Connection.QueryAsync<Due>(db.Command(sql, new { From = today.AddDays(below + 1), To = today.AddDays(threshold) }, cancellationToken));
                foreach (var d in due)
                {
                    if (await EmailOutbox.EnqueueAsync(db, EmailTemplates.ExpiryReminder(d.Id, d.Email, d.FirstName, d.Number, d.Date, threshold, clock.TimeZoneLabel), clock.Now, cancellationToken))
                    {
                        queued++;
                    }
                }
            }

            const string audits = """
                select c.id, a.application_id, c.number, c.first_name, coalesce(u.email, c.email) as email, a.due_on as date
                from audits a
                join applications ap on ap.id = a.application_id
                join certifications c on c.id = ap.certification_id
                left join users u on u.id = c.user_id
                where a.state = 'requested' and a.due_on between @Today and @Until
                """;
            var auditsDue = await db.Connection.QueryAsync<Due>(db.Command(audits, new { Today = today, Until = today.AddDays(7) }, cancellationToken));
            foreach (var d in auditsDue)
            {
                if (await EmailOutbox.EnqueueAsync(db, EmailTemplates.AuditReminder(d.Id, d.ApplicationId!.Value, d.Email, d.FirstName, d.Number, d.Date, clock.TimeZoneLabel), clock.Now, cancellationToken))
                {
                    queued++;
                }
            }

            await db.CommitAsync(cancellationToken);
            return queued;
        }
        finally
        {
            await db.CloseAsync();
        }
    }
}
