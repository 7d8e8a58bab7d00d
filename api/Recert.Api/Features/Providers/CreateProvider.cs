using Dapper;
using MediatR;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Providers;

public sealed record CreateProviderCommand(
    string Name,
    string? ContactName,
    string ContactEmail,
    DateOnly ApprovedFrom,
    DateOnly ApprovedUntil) : ICommand<ProviderResponse>, IProviderFields;

public sealed class CreateProviderValidator : ProviderFieldsValidator<CreateProviderCommand>;

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
            ContactName = ProviderFields.ContactNameOf(request),
            ContactEmail = request.ContactEmail.Trim(),
            request.ApprovedFrom,
            request.ApprovedUntil,
            CreatedBy = currentUser.Id,
        }, cancellationToken)) ?? throw new ConflictException($"A provider named '{request.Name.Trim()}' already exists.", "provider.exists");
        return row.ToResponse();
    }
}
