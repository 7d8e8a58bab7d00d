using MediatR;
using Npgsql;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Certifications;

public sealed record GetCertificationQuery(string Number) : IQuery<CertificationResponse>;

internal sealed class GetCertificationHandler(NpgsqlDataSource dataSource, ICurrentUser currentUser, OrganisationClock clock)
    : IRequestHandler<GetCertificationQuery, CertificationResponse>
{
    public async Task<CertificationResponse> Handle(GetCertificationQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await CertificationStore.FindAccessibleAsync(connection, request.Number, currentUser, cancellationToken);
        return CertificationResponse.From(row, clock);
    }
}
