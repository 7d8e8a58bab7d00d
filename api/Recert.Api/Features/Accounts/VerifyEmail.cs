using Dapper;
using FluentValidation;
using MediatR;
using Recert.Api.Features.Certifications;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Accounts;

/// <summary>Follows the link of a verification (or change-of-address) email.</summary>
public sealed record VerifyEmailCommand(string Token) : ICommand<EmailVerified>;

public sealed record EmailVerified(string Email, IReadOnlyList<string> LinkedCertificationNumbers);

public sealed class VerifyEmailValidator : AbstractValidator<VerifyEmailCommand>
{
    public VerifyEmailValidator() => RuleFor(c => c.Token).NotEmpty().MaximumLength(200);
}

internal sealed class VerifyEmailHandler(DbSession db, IMediator mediator, OrganisationClock clock) : IRequestHandler<VerifyEmailCommand, EmailVerified>
{
    public async Task<EmailVerified> Handle(VerifyEmailCommand request, CancellationToken cancellationToken)
    {
        var now = clock.Now;
        var token = await AccountTokens.ConsumeAsync(db, request.Token, ["verify-email", "change-email"], now, cancellationToken);

        const string current = "select email from users where id = @UserId for update";
        var accountEmail = await db.Connection.QuerySingleAsync<string>(db.Command(current, new { token.UserId }, cancellationToken));
        if (token.Purpose == "verify-email" && !string.Equals(accountEmail, token.Email, StringComparison.OrdinalIgnoreCase))
        {
            // The account moved to another address since this link was sent.
            throw AccountTokenException.Expired();
        }

        if (token.Purpose == "change-email")
        {
            const string taken = "select exists (select 1 from users where lower(email) = lower(@Email) and id <> @UserId)";
            if (await db.Connection.ExecuteScalarAsync<bool>(db.Command(taken, new { token.Email, token.UserId }, cancellationToken)))
            {
                throw new ConflictException("This address now belongs to another account; the change cannot be made.", "email.unavailable");
            }
        }

        const string verify = """
            update users set email = @Email, email_verified_at = @Now where id = @UserId;
            update account_tokens set used_at = @Now where user_id = @UserId and purpose in ('verify-email', 'change-email') and used_at is null;
            """;
        await db.Connection.ExecuteAsync(db.Command(verify, new { token.UserId, token.Email, Now = now.UtcDateTime }, cancellationToken));

        const string link = """
            update certifications set user_id = @UserId
            where lower(email) = lower(@Email) and user_id is null
            returning id, number
            """;
        var linked = (await db.Connection.QueryAsync<(Guid Id, string Number)>(db.Command(link, new { token.UserId, token.Email }, cancellationToken))).ToList();
        foreach (var (certificationId, _) in linked)
        {
            await mediator.Publish(new CertificationAppeared(certificationId), cancellationToken);
        }

        return new EmailVerified(token.Email, linked.Select(l => l.Number).Order(StringComparer.Ordinal).ToList());
    }
}
