using Dapper;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Identity;
using Npgsql;
using Recert.Api.Domain;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Auth;

public sealed record RegisterCommand(string Email, string Password, string FirstName, string LastName) : ICommand<UserResponse>;

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

internal sealed class RegisterHandler(DbSession db, IPasswordHasher<object> hasher, IMediator mediator) : IRequestHandler<RegisterCommand, UserResponse>
{
    public async Task<UserResponse> Handle(RegisterCommand request, CancellationToken cancellationToken)
    {
        const string insertUser = """
            insert into users (email, password_hash, first_name, last_name, role)
            values (@Email, @PasswordHash, @FirstName, @LastName, 'certificant')
            on conflict (lower(email)) do nothing
            returning id
            """;
        var id = await db.Connection.QuerySingleOrDefaultAsync<Guid?>(db.Command(insertUser, new
        {
            Email = request.Email.Trim(),
            PasswordHash = hasher.HashPassword(new object(), request.Password),
            FirstName = request.FirstName.Trim(),
            LastName = request.LastName.Trim(),
        }, cancellationToken));

        if (id is null)
        {
            throw new ConflictException("An account with this email already exists. Sign in instead.", "email.taken");
        }

        const string linkCertifications = """
            update certifications set user_id = @UserId
            where lower(email) = lower(@Email) and user_id is null
            returning id
            """;
        var linked = await db.Connection.QueryAsync<Guid>(db.Command(linkCertifications, new { UserId = id, Email = request.Email.Trim() }, cancellationToken));
        foreach (var certificationId in linked)
        {
            await mediator.Publish(new Certifications.CertificationAppeared(certificationId), cancellationToken);
        }

        return await UserResponse.LoadAsync(db.Connection, id.Value, cancellationToken, db.Transaction);
    }
}

public sealed record UserResponse(Guid Id, string Email, string FirstName, string LastName, string Role, IReadOnlyList<string> CertificationNumbers)
{
    public static async Task<UserResponse> LoadAsync(NpgsqlConnection connection, Guid userId, CancellationToken cancellationToken, NpgsqlTransaction? transaction = null)
    {
        const string sql = """
            select id, email, first_name, last_name, role from users where id = @UserId;
            select number from certifications where user_id = @UserId order by number;
            """;
        using var results = await connection.QueryMultipleAsync(new CommandDefinition(sql, new { UserId = userId }, transaction, cancellationToken: cancellationToken));
        var user = await results.ReadSingleOrDefaultAsync<UserRow>() ?? throw new NotFoundException("No such user.");
        var numbers = (await results.ReadAsync<string>()).ToList();
        return new UserResponse(user.Id, user.Email, user.FirstName, user.LastName, user.Role, numbers);
    }

    sealed record UserRow(Guid Id, string Email, string FirstName, string LastName, string Role);
}
