using Dapper;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Notifications;

public static class NotificationStore
{
    /// <summary>
    /// Written by <see cref="Email.EmailOutbox.EnqueueAsync"/> in the transaction of the event it reports, for the account
    /// that holds the certification (none for a certification nobody has claimed yet).
    /// </summary>
    public static async Task AddAsync(DbSession db, Guid certificationId, string kind, string title, string linkPath, DateTimeOffset now, CancellationToken cancellationToken)
    {
        const string sql = """
            insert into notifications (user_id, certification_id, kind, title, link_path, created_at)
            select user_id, id, @Kind, @Title, @LinkPath, @Now from certifications where id = @CertificationId and user_id is not null
            """;
        await db.Connection.ExecuteAsync(db.Command(sql, new { CertificationId = certificationId, Kind = kind, Title = title, LinkPath = linkPath, Now = now.UtcDateTime }, cancellationToken));
    }
}
