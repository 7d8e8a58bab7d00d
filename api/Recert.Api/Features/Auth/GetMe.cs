using MediatR;
using Npgsql;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Auth;

public sealed record GetMeQuery : IQuery<UserResponse>;

internal sealed class GetMeHandler(NpgsqlDataSource dataSource, ICurrentUser currentUser) : IRequestHandler<GetMeQuery, UserResponse>
{
    public async Task<UserResponse> Handle(GetMeQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await UserResponse.LoadAsync(connection, currentUser.RequireId(), cancellationToken);
    }
}
