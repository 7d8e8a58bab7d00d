using System.Security.Cryptography;
using Dapper;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Npgsql;
using Recert.Api.Domain;
using Recert.Api.Features.Accounts;
using Recert.Api.Features.Auth;
using Recert.Api.Features.Email;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Providers;

/// <param name="Accepted">The invitee has set a password (which also proves the address: the link went to it).</param>
public sealed record ProviderUserResponse(Guid Id, string Email, string FirstName, string LastName, bool Accepted, DateTimeOffset InvitedAt, DateTimeOffset? AcceptedAt);

public static class ProviderInvitations
{
    public const string Purpose = "provider-invitation";

    /// <summary>Long enough for a small office to get round to it; the link works once.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    public static OutgoingEmail Email(AccountOptions options, string to, string name, string providerName, string token)
        => new("provider-invitation", to, $"You are invited to the Recert provider portal for {providerName}",
            $"Hello {name},\n\nOur staff invited you to the Recert provider portal of {providerName}, where you upload course rosters, " +
            $"see your completions and manage your API keys and webhooks. Open this link within 7 days to choose your password:\n\n" +
            $"{options.PublicBaseUrl.TrimEnd('/')}/accept-invitation?token={token}\n\n" +
            "The link works once. If you did not expect this, ignore this email: no account is usable until the link is opened." + EmailTemplates.Signature);
}

/// <summary>
/// Staff invite a person to a provider: an account of role provider bound to it, with no usable password until the
/// invitee opens the emailed link and chooses one. Inviting again a person who has not accepted yet sends a new link
/// (the old ones stop working); an address that already has any other account is a conflict.
/// </summary>
public sealed record InviteProviderUserCommand(Guid ProviderId, string Email, string FirstName, string LastName) : ICommand<ProviderUserResponse>;

public sealed class InviteProviderUserValidator : AbstractValidator<InviteProviderUserCommand>
{
    public InviteProviderUserValidator()
    {
        RuleFor(c => c.Email).NotEmpty().MaximumLength(254).EmailAddress();
        RuleFor(c => c.FirstName).NotEmpty().MaximumLength(100);
        RuleFor(c => c.LastName).NotEmpty().MaximumLength(100);
    }
}

internal sealed class InviteProviderUserHandler(DbSession db, ICurrentUser currentUser, TimeProvider time, IPasswordHasher<object> hasher, IOptions<AccountOptions> options)
    : IRequestHandler<InviteProviderUserCommand, ProviderUserResponse>
{
    public async Task<ProviderUserResponse> Handle(InviteProviderUserCommand request, CancellationToken cancellationToken)
    {
        var provider = await ProviderStore.FindAsync(db.Connection, request.ProviderId, cancellationToken, db.Transaction);
        var email = request.Email.Trim();
        var now = time.GetUtcNow();
        const string existing = """
            select u.id, u.role, pu.provider_id, u.email_verified_at is not null as accepted
            from users u left join provider_users pu on pu.user_id = u.id
            where lower(u.email) = lower(@Email) for update of u
            """;
        var user = await db.Connection.QuerySingleOrDefaultAsync<(Guid Id, string Role, Guid? ProviderId, bool Accepted)?>(db.Command(existing, new { Email = email }, cancellationToken));
        Guid userId;
        if (user is null)
        {
            // A password nobody knows: the account cannot sign in until the invitation sets one.
            const string insert = """
                with created as (
                    insert into users (email, password_hash, first_name, last_name, role, created_at)
                    values (@Email, @PasswordHash, @FirstName, @LastName, 'provider', @Now)
                    on conflict (lower(email)) do nothing
                    returning id
                )
                insert into provider_users (user_id, provider_id, invited_by, invited_at)
                select id, @ProviderId, @InvitedBy, @Now from created
                returning user_id
                """;
            userId = await db.Connection.QuerySingleOrDefaultAsync<Guid?>(db.Command(insert, new
            {
                Email = email,
                PasswordHash = hasher.HashPassword(new object(), Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))),
                FirstName = request.FirstName.Trim(),
                LastName = request.LastName.Trim(),
                request.ProviderId,
                InvitedBy = currentUser.Id,
                Now = now.UtcDateTime,
            }, cancellationToken)) ?? throw EmailInUse();
        }
        else if (user.Value.Role == Roles.Provider && user.Value.ProviderId == request.ProviderId && !user.Value.Accepted)
        {
            userId = user.Value.Id;
            const string renew = """
                update users set first_name = @FirstName, last_name = @LastName where id = @UserId;
                update provider_users set invited_at = @Now where user_id = @UserId;
                update account_tokens set used_at = @Now where user_id = @UserId and purpose = 'provider-invitation' and used_at is null;
                """;
            await db.Connection.ExecuteAsync(db.Command(renew, new { UserId = userId, FirstName = request.FirstName.Trim(), LastName = request.LastName.Trim(), Now = now.UtcDateTime }, cancellationToken));
        }
        else
        {
            throw EmailInUse();
        }

        var token = await AccountTokens.IssueAsync(db, userId, ProviderInvitations.Purpose, email, null, now, ProviderInvitations.Lifetime, cancellationToken);
        await EmailOutbox.EnqueueAsync(db, ProviderInvitations.Email(options.Value, email, request.FirstName.Trim(), provider.Name, token), now, cancellationToken);
        return (await ProviderUserStore.ListAsync(db.Connection, request.ProviderId, cancellationToken, db.Transaction)).Single(u => u.Id == userId);
    }

    static ConflictException EmailInUse()
        => new("This email address already has a Recert account; invite another address (one account has one role).", "provider-user.email-in-use");
}

public sealed record ListProviderUsersQuery(Guid ProviderId) : IQuery<IReadOnlyList<ProviderUserResponse>>;

internal sealed class ListProviderUsersHandler(NpgsqlDataSource dataSource) : IRequestHandler<ListProviderUsersQuery, IReadOnlyList<ProviderUserResponse>>
{
    public async Task<IReadOnlyList<ProviderUserResponse>> Handle(ListProviderUsersQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await ProviderStore.FindAsync(connection, request.ProviderId, cancellationToken);
        return await ProviderUserStore.ListAsync(connection, request.ProviderId, cancellationToken);
    }
}

static class ProviderUserStore
{
    public static async Task<IReadOnlyList<ProviderUserResponse>> ListAsync(NpgsqlConnection connection, Guid providerId, CancellationToken cancellationToken, NpgsqlTransaction? transaction = null)
    {
        const string sql = """
            select u.id, u.email, u.first_name, u.last_name, pu.invited_at, u.email_verified_at
            from provider_users pu join users u on u.id = pu.user_id
            where pu.provider_id = @ProviderId and u.role = 'provider' order by lower(u.email)
            """;
        var rows = await connection.QueryAsync<(Guid Id, string Email, string FirstName, string LastName, DateTime InvitedAt, DateTime? AcceptedAt)>(
            new CommandDefinition(sql, new { ProviderId = providerId }, transaction, cancellationToken: cancellationToken));
        return rows.Select(r => new ProviderUserResponse(r.Id, r.Email, r.FirstName, r.LastName, r.AcceptedAt is not null,
            Utc(r.InvitedAt), r.AcceptedAt is { } accepted ? Utc(accepted) : null)).ToList();
    }

    static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}

/// <summary>The invitee opens the link and chooses a password (the policy of every non-staff account); the link works once.</summary>
public sealed record AcceptProviderInvitationCommand(string Token, string Password) : ICommand<UserResponse>;

public sealed class AcceptProviderInvitationValidator : AbstractValidator<AcceptProviderInvitationCommand>
{
    public AcceptProviderInvitationValidator()
    {
        RuleFor(c => c.Token).NotEmpty().MaximumLength(100);
        RuleFor(c => c.Password).NotEmpty().MaximumLength(PasswordPolicy.MaximumLength * 4);
    }
}

internal sealed class AcceptProviderInvitationHandler(DbSession db, TimeProvider time, PasswordPolicy policy, IPasswordHasher<object> hasher)
    : IRequestHandler<AcceptProviderInvitationCommand, UserResponse>
{
    public async Task<UserResponse> Handle(AcceptProviderInvitationCommand request, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var link = await AccountTokens.ConsumeAsync(db, request.Token, [ProviderInvitations.Purpose], now, cancellationToken);
        var email = await db.Connection.QuerySingleAsync<string>(db.Command("select email from users where id = @UserId for update", new { link.UserId }, cancellationToken));
        if (policy.Check(request.Password, email, staff: false) is { } refusal)
        {
            throw new FieldException("password", refusal.Message);
        }

        const string accept = """
            update users set password_hash = @PasswordHash, email_verified_at = coalesce(email_verified_at, @Now) where id = @UserId;
            update account_tokens set used_at = @Now where user_id = @UserId and purpose = 'provider-invitation' and used_at is null;
            """;
        await db.Connection.ExecuteAsync(db.Command(accept, new { link.UserId, PasswordHash = hasher.HashPassword(new object(), request.Password), Now = now.UtcDateTime }, cancellationToken));
        return await UserResponse.LoadAsync(db.Connection, link.UserId, cancellationToken, db.Transaction);
    }
}

public sealed record GetOwnProviderQuery(Guid ProviderId) : IQuery<ProviderResponse>;

internal sealed class GetOwnProviderHandler(NpgsqlDataSource dataSource) : IRequestHandler<GetOwnProviderQuery, ProviderResponse>
{
    public async Task<ProviderResponse> Handle(GetOwnProviderQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await ProviderStore.FindAsync(connection, request.ProviderId, cancellationToken)).ToResponse();
    }
}
