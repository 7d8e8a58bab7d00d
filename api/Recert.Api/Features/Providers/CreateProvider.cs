using Dapper;
using FluentValidation;
using MediatR;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Providers;

public sealed record CreateProviderCommand(
    string Name,
    string? ContactName,
    string ContactEmail,
    DateOnly ApprovedFrom,
    DateOnly ApprovedUntil) : ICommand<ProviderResponse>;

public sealed class CreateProviderValidator : AbstractValidator<CreateProviderCommand>
{
    public CreateProviderValidator()
    {
        RuleFor(c => c.Name).NotEmpty().MaximumLength(200);
        RuleFor(c => c.ContactName).MaximumLength(200);
        RuleFor(c => c.ContactEmail).NotEmpty().MaximumLength(254).EmailAddress();
        RuleFor(c => c.ApprovedFrom).NotEmpty().SaneDate();
        RuleFor(c => c.ApprovedUntil).SaneDate();
        RuleFor(c => c.ApprovedUntil).NotEmpty().GreaterThanOrEqualTo(c => c.ApprovedFrom)
            .WithMessage("approvedUntil must be on or after approvedFrom.");
    }
}

internal sealed class CreateProviderHandler(DbSession db, ICurrentUser currentUser) : IRequestHandler<CreateProviderCommand, ProviderResponse>
{
    public async Task<ProviderResponse> Handle(CreateProviderCommand request, CancellationToken cancellationToken)
    {
        const string sql = """
            insert into providers (name, contact_name, contact_email, approved_from, approved_until, created_by)
            values (@Name, @ContactName, @ContactEmail, @ApprovedFrom, @ApprovedUntil, @CreatedBy)
            on conflict (lower(name)) do nothing
            returning id, name, contact_name, contact_email, approved_from, approved_until, suspended_at
            """;
        var row = await db.Connection.QuerySingleOrDefaultAsync<ProviderRow>(db.Command(sql, new
        {
            Name = request.Name.Trim(),
            ContactName = request.ContactName?.Trim(),
            ContactEmail = request.ContactEmail.Trim(),
            request.ApprovedFrom,
            request.ApprovedUntil,
            CreatedBy = currentUser.Id,
        }, cancellationToken)) ?? throw new ConflictException($"A provider named '{request.Name.Trim()}' already exists.", "provider.exists");
        return row.ToResponse();
    }
}
