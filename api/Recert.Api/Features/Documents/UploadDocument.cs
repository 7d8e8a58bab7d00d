using System.Security.Cryptography;
using Dapper;
using Microsoft.Extensions.Options;
using MediatR;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Documents;

public sealed record UploadDocumentCommand(string? FileName, byte[] Content) : ICommand<DocumentResponse>;

public sealed record DocumentResponse(Guid Id, string FileName, string ContentType, int SizeBytes, DateTimeOffset UploadedAt);

internal sealed class UploadDocumentHandler(DbSession db, ICurrentUser currentUser, OrganisationClock clock, IOptions<UploadOptions> uploadOptions)
    : IRequestHandler<UploadDocumentCommand, DocumentResponse>
{
    public async Task<DocumentResponse> Handle(UploadDocumentCommand request, CancellationToken cancellationToken)
    {
        if (request.Content.Length == 0)
        {
            throw new FieldException("file", "The file is empty.");
        }

        if (request.Content.Length > DocumentStore.MaxBytes)
        {
            throw new FieldException("file", "The file is larger than 10 MB.", StatusCodes.Status413PayloadTooLarge);
        }

        var sniffed = ContentSniffer.Sniff(request.Content)
            ?? throw new FieldException("file", "Only PDF, PNG and JPEG files are accepted (checked by their content).");

        await UploadLimits.EnsureAllowedAsync(db, currentUser.RequireId(), request.Content.Length, clock, uploadOptions.Value, cancellationToken);
        var uploadedAt = clock.Now;
        var fileName = ContentSniffer.SafeFileName(request.FileName, sniffed.Extension);
        const string sql = """
            insert into documents (owner_user_id, file_name, content_type, size_bytes, sha256, content, created_at)
            values (@OwnerUserId, @FileName, @ContentType, @SizeBytes, @Sha256, @Content, @CreatedAt)
            returning id
            """;
        var id = await db.Connection.ExecuteScalarAsync<Guid>(db.Command(sql, new
        {
            OwnerUserId = currentUser.RequireId(),
            FileName = fileName,
            sniffed.ContentType,
            SizeBytes = request.Content.Length,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(request.Content)),
            request.Content,
            CreatedAt = uploadedAt,
        }, cancellationToken));

        return new DocumentResponse(id, fileName, sniffed.ContentType, request.Content.Length, uploadedAt);
    }
}
