using Dapper;
using MediatR;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Providers;

/// <summary>Suspends (or reinstates) a provider: while suspended its completions are rejected with provider.suspended.</summary>
public sealed record SetProviderSuspendedCommand(Guid ProviderId, bool Suspended) : ICommand<ProviderResponse>;

internal sealed class SetProviderSuspendedHandler(DbSession db, OrganisationClock clock) : IRequestHandler<SetProviderSuspendedCommand, ProviderResponse>
{
    public async Task<ProviderResponse> Handle(SetProviderSuspendedCommand request, CancellationToken cancellationToken)
    {
        const string sql = """
            update providers
            set suspended_at = case when @Suspended then coalesce(suspended_at, @Now) end
            where id = @ProviderId
            returning id, name, contact_name, contact_email, approved_from, approved_until, suspended_at
            """;
        var row = await db.Connection.QuerySingleOrDefaultAsync<ProviderRow>(db.Command(sql, new
        {
            request.ProviderId,
            request.Suspended,
            Now = clock.Now.UtcDateTime,
        }, cancellationToken)) ?? throw new NotFoundException($"No provider {request.ProviderId}.");
        return row.ToResponse();
    }
}
