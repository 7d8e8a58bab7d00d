using Dapper;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Identity;
using Npgsql;
using Recert.Api.Domain;
using Microsoft.Extensions.Options;
using Recert.Api.Features.Email;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Auth;

public sealed record RegisterCommand(string Email, string Password, string FirstName, string LastName) : ICommand<RegistrationAccepted>;

/// <summary>The same answer whether or not the email already had an account: registration must not reveal which emails exist.</summary>
public sealed record RegistrationAccepted(string Message)
{
    public static readonly RegistrationAccepted CheckYourEmail = new(
        "Check your email: we sent a link to confirm the address. Then sign in with your email and password.");
}

public sealed class RegisterValidator : AbstractValidator<RegisterCommand>
{
    public RegisterValidator(PasswordPolicy policy)
    {
        RuleFor(c => c.Email).NotEmpty().MaximumLength(254).EmailAddress();
        RuleFor(c => c.Password).NotEmpty().Custom((password, context) =>
        {
            if (password is not null && policy.Check(password, context.InstanceToValidate.Email ?? string.Empty, staff: false) is { } refusal)
            {
                context.AddFailure(nameof(RegisterCommand.Password), refusal.Message);
            }
        });
        RuleFor(c => c.FirstName).NotEmpty().MaximumLength(100);
        RuleFor(c => c.LastName).NotEmpty().MaximumLength(100);
    }
}

/// <summary>
/// Creates the account unverified and emails it a verification link; certifications issued to the address are linked
/// only when the link is followed (<see cref="Accounts.VerifyEmailHandler"/>). An address that already has an account
/// gets an email saying so, and the caller gets the same answer after the same hashing work.
/// </summary>
internal sealed class RegisterHandler(DbSession db, IPasswordHasher<object> hasher, OrganisationClock clock, IOptions<Accounts.AccountOptions> options)
    : IRequestHandler<RegisterCommand, RegistrationAccepted>
{
    public async Task<RegistrationAccepted> Handle(RegisterCommand request, CancellationToken cancellationToken)
    {
        var email = request.Email.Trim();
        var passwordHash = hasher.HashPassword(new object(), request.Password);
        const string insertUser = """
            insert into users (email, password_hash, first_name, last_name, role)
            values (@Email, @PasswordHash, @FirstName, @LastName, 'certificant')
            on conflict (lower(email)) do nothing
            returning id
            """;
        var id = await db.Connection.QuerySingleOrDefaultAsync<Guid?>(db.Command(insertUser, new
        {
            Email = email,
            PasswordHash = passwordHash,
            FirstName = request.FirstName.Trim(),
            LastName = request.LastName.Trim(),
        }, cancellationToken));

        var now = clock.Now;
        if (id is null)
        {
            const string owner = "select id, email, first_name from users where lower(email) = lower(@Email)";
            var existing = await db.Connection.QuerySingleAsync<(Guid Id, string Email, string FirstName)>(db.Command(owner, new { Email = email }, cancellationToken));
            // One notice a day at most: repeated attempts must not flood the owner's inbox.
            await EmailOutbox.EnqueueAsync(db, Accounts.AccountEmails.AlreadyRegistered(options.Value, existing.Email, existing.FirstName) with
            {
                DedupeKey = $"register-existing:{existing.Id}:{clock.Today:yyyy-MM-dd}",
            }, now, cancellationToken);
            return RegistrationAccepted.CheckYourEmail;
        }

        var token = await Accounts.AccountTokens.IssueAsync(db, id.Value, "verify-email", email, null, now, options.Value.VerificationLifetime, cancellationToken);
        await EmailOutbox.EnqueueAsync(db, Accounts.AccountEmails.VerifyEmail(options.Value, email, request.FirstName.Trim(), token), now, cancellationToken);
        return RegistrationAccepted.CheckYourEmail;
    }
}

/// <param name="ProviderId">The course provider a user of role provider acts for (null for every other role).</param>
public sealed record UserResponse(Guid Id, string Email, bool EmailVerified, string FirstName, string LastName, string Role, IReadOnlyList<string> CertificationNumbers, Guid? ProviderId = null)
{
    public static async Task<UserResponse> LoadAsync(NpgsqlConnection connection, Guid userId, CancellationToken cancellationToken, NpgsqlTransaction? transaction = null)
    {
        const string sql = """
            select u.id, u.email, u.email_verified_at is not null as email_verified, u.first_name, u.last_name, u.role, pu.provider_id
            from users u left join provider_users pu on pu.user_id = u.id where u.id = @UserId;
            select number from certifications where user_id = @UserId order by number;
            """;
        using var results = await connection.QueryMultipleAsync(new CommandDefinition(sql, new { UserId = userId }, transaction, cancellationToken: cancellationToken));
        var user = await results.ReadSingleOrDefaultAsync<UserRow>() ?? throw new NotFoundException("No such user.");
        var numbers = (await results.ReadAsync<string>()).ToList();
        return new UserResponse(user.Id, user.Email, user.EmailVerified, user.FirstName, user.LastName, user.Role, numbers, user.ProviderId);
    }

    sealed record UserRow(Guid Id, string Email, bool EmailVerified, string FirstName, string LastName, string Role, Guid? ProviderId);
}
