using Dapper;
using MediatR;
using Npgsql;
using Recert.Api.Features.Email;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Sessions;

public sealed record StaffMembersQuery : IQuery<IReadOnlyList<StaffMember>>;

public sealed record StaffMember(Guid Id, string Email, string FirstName, string LastName, bool MfaEnrolled, int LiveSessions);

internal sealed class StaffMembersHandler(NpgsqlDataSource dataSource, TimeProvider time) : IRequestHandler<StaffMembersQuery, IReadOnlyList<StaffMember>>
{
    public async Task<IReadOnlyList<StaffMember>> Handle(StaffMembersQuery request, CancellationToken cancellationToken)
    {
        const string sql = """
            select u.id, u.email, u.first_name, u.last_name, m.confirmed_at is not null as mfa_enrolled,
                   (select count(*)::int from sessions s where s.user_id = u.id and s.ended_at is null and not s.mfa_pending and s.expires_at > @Now) as live_sessions
            from users u left join staff_mfa m on m.user_id = u.id
            where u.role = 'staff'
            order by lower(u.email)
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<StaffMember>(new CommandDefinition(sql, new { Now = time.GetUtcNow().UtcDateTime }, cancellationToken: cancellationToken))).ToList();
    }
}

/// <summary>Staff end every session of any account (a lost laptop, a departing colleague, a compromised certificant).</summary>
public sealed record EndUserSessionsCommand(Guid UserId) : ICommand<Unit>;

internal sealed class EndUserSessionsHandler(DbSession db, TimeProvider time) : IRequestHandler<EndUserSessionsCommand, Unit>
{
    public async Task<Unit> Handle(EndUserSessionsCommand request, CancellationToken cancellationToken)
    {
        var exists = await db.Connection.ExecuteScalarAsync<bool>(db.Command("select exists (select 1 from users where id = @UserId)", new { request.UserId }, cancellationToken));
        if (!exists)
        {
            throw new NotFoundException("No such account.");
        }

        await SessionRevocation.EndAllAsync(db, request.UserId, keep: null, time.GetUtcNow(), cancellationToken);
        return Unit.Value;
    }
}

/// <summary>A staff member who lost their authenticator sets it up again at the next sign-in; another staff member resets it.</summary>
public sealed record ResetStaffMfaCommand(Guid UserId) : ICommand<Unit>;

internal sealed class ResetStaffMfaHandler(DbSession db, ICurrentUser currentUser, TimeProvider time) : IRequestHandler<ResetStaffMfaCommand, Unit>
{
    public async Task<Unit> Handle(ResetStaffMfaCommand request, CancellationToken cancellationToken)
    {
        const string reset = """
            delete from mfa_recovery_codes where user_id = @UserId;
            delete from staff_mfa where user_id = @UserId;
            """;
        var target = await db.Connection.QuerySingleOrDefaultAsync<(string Email, string FirstName)?>(db.Command(
            "select email, first_name from users where id = @UserId and role = 'staff'", new { request.UserId }, cancellationToken))
            ?? throw new NotFoundException("No such staff member.");
        if (request.UserId == currentUser.RequireId())
        {
            throw new ConflictException("Another staff member must reset your two-step sign-in.", "mfa.reset-self");
        }

        var now = time.GetUtcNow();
        await db.Connection.ExecuteAsync(db.Command(reset, new { request.UserId }, cancellationToken));
        await SessionRevocation.EndAllAsync(db, request.UserId, keep: null, now, cancellationToken);
        await EmailOutbox.EnqueueAsync(db, Accounts.AccountEmails.MfaReset(target.Email, target.FirstName), now, cancellationToken);
        return Unit.Value;
    }
}

/// <summary>"Sign out everywhere": every session of the caller ends, this one included.</summary>
public sealed record SignOutEverywhereCommand : ICommand<Unit>;

internal sealed class SignOutEverywhereHandler(DbSession db, ICurrentUser currentUser, TimeProvider time) : IRequestHandler<SignOutEverywhereCommand, Unit>
{
    public async Task<Unit> Handle(SignOutEverywhereCommand request, CancellationToken cancellationToken)
    {
        await SessionRevocation.EndAllAsync(db, currentUser.RequireId(), keep: null, time.GetUtcNow(), cancellationToken);
        return Unit.Value;
    }
}
