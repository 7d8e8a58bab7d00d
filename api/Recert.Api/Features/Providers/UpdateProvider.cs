using Dapper;
using MediatR;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Providers;

/// <summary>Staff correct a provider's name, contact or approval period; every change is kept (who, when, before, after).</summary>
public sealed record UpdateProviderCommand(
    Guid ProviderId,
    string Name,
    string? ContactName,
    string ContactEmail,
    DateOnly ApprovedFrom,
    DateOnly ApprovedUntil) : ICommand<ProviderResponse>, IProviderFields;

public sealed class UpdateProviderValidator : ProviderFieldsValidator<UpdateProviderCommand>;

internal sealed class UpdateProviderHandler(DbSession db, ICurrentUser currentUser, OrganisationClock clock) : IRequestHandler<UpdateProviderCommand, ProviderResponse>
{
    public async Task<ProviderResponse> Handle(UpdateProviderCommand request, CancellationToken cancellationToken)
    {
        var before = await db.Connection.QuerySingleOrDefaultAsync<ProviderRow>(db.Command(
                         $"select {ProviderStore.ProviderColumns} from providers where id = @Id for update", new { Id = request.ProviderId }, cancellationToken))
                     ?? throw new NotFoundException($"No provider {request.ProviderId}.");
        var name = request.Name.Trim();
        var contactName = ProviderFields.ContactNameOf(request);
        var contactEmail = request.ContactEmail.Trim();
        var changes = ProviderChanges.Diff(
            ("name", before.Name, name),
            ("contactName", before.ContactName, contactName),
            ("contactEmail", before.ContactEmail, contactEmail),
            ("approvedFrom", ProviderChanges.Text(before.ApprovedFrom), ProviderChanges.Text(request.ApprovedFrom)),
            ("approvedUntil", ProviderChanges.Text(before.ApprovedUntil), ProviderChanges.Text(request.ApprovedUntil)));
        if (changes.Count == 0)
        {
            return before.ToResponse();
        }

        if (!string.Equals(before.Name, name, StringComparison.OrdinalIgnoreCase))
        {
            var taken = await db.Connection.ExecuteScalarAsync<bool>(db.Command(
                "select exists (select 1 from providers where lower(name) = lower(@Name) and id <> @Id)", new { Name = name, Id = request.ProviderId }, cancellationToken));
            if (taken)
            {
                throw new ConflictException($"A provider named '{name}' already exists.", "provider.exists");
            }
        }

        const string sql = $"""
            update providers set name = @Name, contact_name = @ContactName, contact_email = @ContactEmail,
                approved_from = @ApprovedFrom, approved_until = @ApprovedUntil
            where id = @Id
            returning {ProviderStore.ProviderColumns}
            """;
        ProviderRow row;
        try
        {
            row = await db.Connection.QuerySingleAsync<ProviderRow>(db.Command(sql, new
            {
                Id = request.ProviderId,
                Name = name,
                ContactName = contactName,
                ContactEmail = contactEmail,
                request.ApprovedFrom,
                request.ApprovedUntil,
            }, cancellationToken));
        }
        catch (Npgsql.PostgresException e) when (e.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation)
        {
            // Another edit took the name (or activity id) between the check above and this update.
            throw new ConflictException($"A provider named '{name}' already exists.", "provider.exists");
        }

        await ProviderChanges.RecordAsync(db, request.ProviderId, null, currentUser.RequireId(), clock.Now, changes, cancellationToken);
        return row.ToResponse();
    }
}
