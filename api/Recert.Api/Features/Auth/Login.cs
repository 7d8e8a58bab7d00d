using Dapper;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Identity;
using Npgsql;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Auth;

public sealed record LoginQuery(string Email, string Password) : IQuery<UserResponse>;

public sealed class LoginValidator : AbstractValidator<LoginQuery>
{
    public LoginValidator()
    {
        RuleFor(c => c.Email).NotEmpty().MaximumLength(254);
        RuleFor(c => c.Password).NotEmpty().MaximumLength(128);
    }
}

public sealed class InvalidCredentialsException() : Exception("The email or password is incorrect.");

internal sealed class LoginHandler(NpgsqlDataSource dataSource, IPasswordHasher<object> hasher, Accounts.LoginThrottle throttle, Accounts.UnknownAccountHash unknownAccountHash)
    : IRequestHandler<LoginQuery, UserResponse>
{
    public async Task<UserResponse> Handle(LoginQuery request, CancellationToken cancellationToken)
    {
        await throttle.EnsureAllowedAsync(request.Email, cancellationToken);
        const string sql = "select id, password_hash from users where lower(email) = lower(@Email)";
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var user = await connection.QuerySingleOrDefaultAsync<(Guid Id, string PasswordHash)?>(
            new CommandDefinition(sql, new { Email = request.Email.Trim() }, cancellationToken: cancellationToken));

        // An unknown email is verified against a hash made by the same hasher (same iterations), so both cost the same.
        var verdict = hasher.VerifyHashedPassword(new object(), user?.PasswordHash ?? unknownAccountHash.Value, request.Password);
        if (user is null || verdict == PasswordVerificationResult.Failed)
        {
            await throttle.RecordFailureAsync(request.Email, cancellationToken);
            throw new InvalidCredentialsException();
        }

        await throttle.ResetAsync(request.Email, cancellationToken);

        return await UserResponse.LoadAsync(connection, user.Value.Id, cancellationToken);
    }
}
