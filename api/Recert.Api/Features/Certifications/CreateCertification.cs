using Dapper;
using FluentValidation;
using MediatR;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Certifications;

public sealed record CreateCertificationCommand(
    string Number,
    string Credential,
    string FirstName,
    string LastName,
    string? Email,
    DateOnly CycleStart,
    DateOnly ExpiresOn) : ICommand<CertificationResponse>;

public sealed class CreateCertificationValidator : AbstractValidator<CreateCertificationCommand>
{
    public static readonly string[] Credentials = ["CPT"];

    public CreateCertificationValidator()
    {
        RuleFor(c => c.Number).NotEmpty().MaximumLength(32).Matches("^[A-Za-z0-9-]+$")
            .WithMessage("Use letters, digits and dashes only.");
        RuleFor(c => c.Credential).NotEmpty().Must(c => Credentials.Contains(c))
            .WithMessage($"Credential must be one of: {string.Join(", ", Credentials)}.");
        RuleFor(c => c.FirstName).NotEmpty().MaximumLength(100);
        RuleFor(c => c.LastName).NotEmpty().MaximumLength(100);
        // Optional: a certification without an address on file can only be claimed through the staff queue.
        RuleFor(c => c.Email).MaximumLength(254).EmailAddress().When(c => !string.IsNullOrEmpty(c.Email));
        RuleFor(c => c.CycleStart).NotEmpty().SaneDate();
        RuleFor(c => c.ExpiresOn).SaneDate();
        RuleFor(c => c.ExpiresOn).NotEmpty().GreaterThan(c => c.CycleStart).WithMessage("expiresOn must be after cycleStart.");
    }
}

internal sealed class CreateCertificationHandler(DbSession db, IMediator mediator, OrganisationClock clock)
    : IRequestHandler<CreateCertificationCommand, CertificationResponse>
{
    public async Task<CertificationResponse> Handle(CreateCertificationCommand request, CancellationToken cancellationToken)
    {
        const string sql = """
            insert into certifications (number, credential, first_name, last_name, email, user_id, cycle_start, expires_on)
            values (@Number, @Credential, @FirstName, @LastName, @Email,
                    (select id from users where lower(email) = lower(@Email) and role = 'certificant' and email_verified_at is not null),
                    @CycleStart, @ExpiresOn)
            on conflict (upper(number)) do nothing
            returning id, number, credential, first_name, last_name, email, user_id, cycle_start, expires_on, for_life
            """;
        var row = await db.Connection.QuerySingleOrDefaultAsync<CertificationRow>(db.Command(sql, new
        {
            Number = request.Number.Trim().ToUpperInvariant(),
            request.Credential,
            FirstName = request.FirstName.Trim(),
            LastName = request.LastName.Trim(),
            Email = string.IsNullOrWhiteSpace(request.Email) ? null : request.Email.Trim(),
            request.CycleStart,
            request.ExpiresOn,
        }, cancellationToken)) ?? throw new ConflictException($"Certification {request.Number} already exists.", "certification.exists");

        await mediator.Publish(new CertificationAppeared(row.Id), cancellationToken);
        return CertificationResponse.From(row, clock);
    }
}
