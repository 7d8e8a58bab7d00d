using Dapper;
using Recert.Api.Domain;
using Recert.Api.Features.Applications;
using Recert.Api.Features.Email;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Audits;

public sealed class AuditDeadlines(DbSession db, OrganisationClock clock)
{
    public const string JobName = "overdue-audits";

    public async Task<int> MarkOverdueAsync(CancellationToken cancellationToken = default)
    {
        await db.BeginAsync(cancellationToken);
        try
        {
            const string sql = """
                select a.application_id from audits a join applications ap on ap.id = a.application_id
                where a.state = 'requested' and ap.status = 'audit-requested' and a.due_on < @Today
                order by a.due_on
                for update of a skip locked
                """;
            var ids = (await db.Connection.QueryAsync<Guid>(db.Command(sql, new { clock.Today }, cancellationToken))).AsList();
            foreach (var id in ids)
            {
                var application = await RenewalStore.LockApplicationAsync(db, id, cancellationToken);
                await FailAsync(db, application, ["The audit documentation was not submitted by its due date."], null, clock.Now, cancellationToken);
            }

            await db.CommitAsync(cancellationToken);
            return ids.Count;
        }
        finally
        {
            await db.CloseAsync();
        }
    }

    internal static async Task FailAsync(DbSession db, ApplicationRow application, IReadOnlyList<string> reasons, Guid? decidedBy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await RenewalStore.MoveAsync(db, application, ApplicationStatus.AuditFailed, now, cancellationToken, string.Join(" ", reasons));
        await db.Connection.ExecuteAsync(db.Command("update audits set state = 'failed', decided_at = @Now, decided_by = @DecidedBy, reasons = @Reasons::jsonb where application_id = @Id",
            new { application.Id, Now = now.UtcDateTime, DecidedBy = decidedBy, Reasons = System.Text.Json.JsonSerializer.Serialize(reasons) }, cancellationToken));
        await RenewalStore.RecordDecisionAsync(db, application.CertificationId, "audit", application.Id, "failed", string.Join(" ", reasons), null, decidedBy, now, cancellationToken);
        var holder = await RenewalStore.HolderAsync(db, application.CertificationId, cancellationToken);
        await EmailOutbox.EnqueueAsync(db, EmailTemplates.AuditFailed(holder.CertificationId, holder.Email, holder.FirstName, holder.Number, reasons), now, cancellationToken);
    }
}
