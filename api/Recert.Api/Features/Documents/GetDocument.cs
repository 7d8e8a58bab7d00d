using Dapper;
using MediatR;
using Npgsql;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Documents;

public sealed record GetDocumentQuery(Guid Id) : IQuery<DocumentContent>;

public sealed record DocumentContent(string FileName, string ContentType, byte[] Content);

internal sealed class GetDocumentHandler(NpgsqlDataSource dataSource, ICurrentUser currentUser)
    : IRequestHandler<GetDocumentQuery, DocumentContent>
{
    public async Task<DocumentContent> Handle(GetDocumentQuery request, CancellationToken cancellationToken)
    {
        const string sql = """
            select file_name, content_type, content from documents
            where id = @Id and (owner_user_id = @UserId or @IsStaff)
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<DocumentContent>(new CommandDefinition(
                   sql, new { request.Id, UserId = currentUser.RequireId(), currentUser.IsStaff }, cancellationToken: cancellationToken))
               ?? throw new NotFoundException("No such document.");
    }
}

public sealed record GetDocumentInfoQuery(Guid Id) : IQuery<DocumentResponse>;

internal sealed class GetDocumentInfoHandler(NpgsqlDataSource dataSource, ICurrentUser currentUser)
    : IRequestHandler<GetDocumentInfoQuery, DocumentResponse>
{
    sealed record InfoRow(Guid Id, string FileName, string ContentType, int SizeBytes, DateTime CreatedAt);

    public async Task<DocumentResponse> Handle(GetDocumentInfoQuery request, CancellationToken cancellationToken)
    {
        const string sql = """
            select id, file_name, content_type, size_bytes, created_at from documents
            where id = @Id and (owner_user_id = @UserId or @IsStaff)
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<InfoRow>(new CommandDefinition(
                      sql, new { request.Id, UserId = currentUser.RequireId(), currentUser.IsStaff }, cancellationToken: cancellationToken))
                  ?? throw new NotFoundException("No such document.");
        return new DocumentResponse(row.Id, row.FileName, row.ContentType, row.SizeBytes, new DateTimeOffset(DateTime.SpecifyKind(row.CreatedAt, DateTimeKind.Utc)));
    }
}
