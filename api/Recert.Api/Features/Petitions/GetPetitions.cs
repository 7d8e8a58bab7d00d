using Dapper;
using MediatR;
using Npgsql;
using Recert.Api.Features.Certifications;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Petitions;

public sealed record GetPetitionQuery(Guid Id) : IQuery<PetitionResponse>;

internal sealed class GetPetitionHandler(NpgsqlDataSource dataSource, ICurrentUser currentUser) : IRequestHandler<GetPetitionQuery, PetitionResponse>
{
    public async Task<PetitionResponse> Handle(GetPetitionQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await PetitionStore.FindAccessibleAsync(connection, request.Id, currentUser, cancellationToken)).ToResponse();
    }
}

public sealed record ListPetitionsQuery(string Number) : IQuery<IReadOnlyList<PetitionResponse>>;

internal sealed class ListPetitionsHandler(NpgsqlDataSource dataSource, ICurrentUser currentUser) : IRequestHandler<ListPetitionsQuery, IReadOnlyList<PetitionResponse>>
{
    public async Task<IReadOnlyList<PetitionResponse>> Handle(ListPetitionsQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var certification = await CertificationStore.FindAccessibleAsync(connection, request.Number, currentUser, cancellationToken);
        var rows = await connection.QueryAsync<PetitionRow>(new CommandDefinition(
            PetitionStore.Select + " where p.certification_id = @Id order by p.created_at desc", new { certification.Id }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToResponse()).ToList();
    }
}
