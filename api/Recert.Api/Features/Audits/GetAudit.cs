using MediatR;
using Npgsql;
using Recert.Api.Features.Applications;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Audits;

public sealed record GetAuditQuery(Guid ApplicationId) : IQuery<AuditResponse>;

internal sealed class GetAuditHandler(NpgsqlDataSource dataSource, ICurrentUser currentUser, OrganisationClock clock) : IRequestHandler<GetAuditQuery, AuditResponse>
{
    public async Task<AuditResponse> Handle(GetAuditQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var application = await ApplicationStore.FindAccessibleAsync(connection, request.ApplicationId, currentUser, cancellationToken);
        return await AuditStore.LoadAsync(connection, application, clock.Today, cancellationToken);
    }
}
