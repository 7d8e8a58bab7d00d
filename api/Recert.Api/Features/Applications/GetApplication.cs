using MediatR;
using Npgsql;
using Recert.Api.Features.Certifications;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Applications;

public sealed record GetApplicationQuery(Guid Id) : IQuery<ApplicationResponse>;

internal sealed class GetApplicationHandler(NpgsqlDataSource dataSource, ICurrentUser currentUser)
    : IRequestHandler<GetApplicationQuery, ApplicationResponse>
{
    public async Task<ApplicationResponse> Handle(GetApplicationQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await ApplicationStore.FindAccessibleAsync(connection, request.Id, currentUser, cancellationToken)).ToResponse();
    }
}

public sealed record ListApplicationsQuery(string Number) : IQuery<IReadOnlyList<ApplicationResponse>>;

internal sealed class ListApplicationsHandler(NpgsqlDataSource dataSource, ICurrentUser currentUser)
    : IRequestHandler<ListApplicationsQuery, IReadOnlyList<ApplicationResponse>>
{
    public async Task<IReadOnlyList<ApplicationResponse>> Handle(ListApplicationsQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var certification = await CertificationStore.FindAccessibleAsync(connection, request.Number, currentUser, cancellationToken);
        var rows = await ApplicationStore.ListForCertificationAsync(connection, certification.Id, cancellationToken);
        return rows.Select(r => r.ToResponse()).ToList();
    }
}
