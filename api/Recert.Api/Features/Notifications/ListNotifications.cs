using Dapper;
using MediatR;
using Npgsql;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Notifications;

public sealed record NotificationResponse(Guid Id, string Kind, string Title, string LinkPath, string? Number, DateTimeOffset CreatedAt, bool Read);

public sealed record NotificationListResponse(int UnreadCount, IReadOnlyList<NotificationResponse> Items);

/// <summary>The newest notifications of the signed-in account and how many are unread (the count in the nav).</summary>
public sealed record ListNotificationsQuery : IQuery<NotificationListResponse>;

internal sealed class ListNotificationsHandler(NpgsqlDataSource dataSource, ICurrentUser currentUser)
    : IRequestHandler<ListNotificationsQuery, NotificationListResponse>
{
    public const int Newest = 50;

    sealed record Row(Guid Id, string Kind, string Title, string LinkPath, string? Number, DateTime CreatedAt, DateTime? ReadAt);

    public async Task<NotificationListResponse> Handle(ListNotificationsQuery request, CancellationToken cancellationToken)
    {
        const string sql = """
            select count(*)::int from notifications where user_id = @UserId and read_at is null;

            select n.id, n.kind, n.title, n.link_path, c.number, n.created_at, n.read_at
            from notifications n left join certifications c on c.id = n.certification_id
            where n.user_id = @UserId
            order by n.created_at desc, n.id
            limit @Newest;
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(sql, new { UserId = currentUser.RequireId(), Newest }, cancellationToken: cancellationToken));
        var unread = await results.ReadSingleAsync<int>();
        var rows = await results.ReadAsync<Row>();
        return new NotificationListResponse(unread, rows.Select(r => new NotificationResponse(
            r.Id, r.Kind, r.Title, r.LinkPath, r.Number, new DateTimeOffset(DateTime.SpecifyKind(r.CreatedAt, DateTimeKind.Utc)), r.ReadAt is not null)).ToList());
    }
}

/// <summary>Marks one notification read (another account's id is 404), or all of them when <see cref="Id"/> is null.</summary>
public sealed record MarkNotificationsReadCommand(Guid? Id) : ICommand<Unit>;

internal sealed class MarkNotificationsReadHandler(DbSession db, ICurrentUser currentUser, OrganisationClock clock)
    : IRequestHandler<MarkNotificationsReadCommand, Unit>
{
    public async Task<Unit> Handle(MarkNotificationsReadCommand request, CancellationToken cancellationToken)
    {
        var userId = currentUser.RequireId();
        if (request.Id is { } id)
        {
            const string one = "update notifications set read_at = coalesce(read_at, @Now) where id = @Id and user_id = @UserId";
            if (await db.Connection.ExecuteAsync(db.Command(one, new { Id = id, UserId = userId, Now = clock.Now.UtcDateTime }, cancellationToken)) == 0)
            {
                throw new NotFoundException($"No notification {id} was found for this account.");
            }
        }
        else
        {
            const string all = "update notifications set read_at = @Now where user_id = @UserId and read_at is null";
            await db.Connection.ExecuteAsync(db.Command(all, new { UserId = userId, Now = clock.Now.UtcDateTime }, cancellationToken));
        }

        return Unit.Value;
    }
}
