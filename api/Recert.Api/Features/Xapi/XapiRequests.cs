using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Recert.Api.Features.Completions;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Xapi;

/// <summary>
/// The statements of a POST: the JSON body, or the first part of a multipart/mixed body (xAPI Communication 1.5.2,
/// statements with attachments). Attachment parts are read through and not stored: Recert needs only the statement.
/// </summary>
public static class XapiRequests
{
    public const int MaxJsonBytes = 512 * 1024;
    public const int MaxMultipartBytes = 4 * 1024 * 1024;

    public static async Task<byte[]> ReadStatementsAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.HasJsonContentType())
        {
            return await CompletionBatchReader.ReadBodyAsync(request, MaxJsonBytes, cancellationToken);
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || !string.Equals(type.MediaType.Value, "multipart/mixed", StringComparison.OrdinalIgnoreCase))
        {
            throw new BadHttpRequestException("Send statements as application/json, or as multipart/mixed with attachments.", StatusCodes.Status415UnsupportedMediaType);
        }

        var boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value;
        if (string.IsNullOrEmpty(boundary) || boundary.Length > 70)
        {
            throw new FieldException("Content-Type", "A multipart/mixed body names its boundary (at most 70 characters).");
        }

        var body = await CompletionBatchReader.ReadBodyAsync(request, MaxMultipartBytes, cancellationToken);
        try
        {
            var reader = new MultipartReader(boundary, new MemoryStream(body, writable: false)) { HeadersCountLimit = 16, HeadersLengthLimit = 8 * 1024 };
            var first = await reader.ReadNextSectionAsync(cancellationToken)
                        ?? throw new FieldException("body", "The multipart/mixed body has no parts.");
            if (!MediaTypeHeaderValue.TryParse(first.ContentType, out var firstType)
                || !string.Equals(firstType.MediaType.Value, "application/json", StringComparison.OrdinalIgnoreCase))
            {
                throw new FieldException("body", "The first part of a multipart/mixed body is the statements, as application/json.");
            }

            using var statements = new MemoryStream();
            await first.Body.CopyToAsync(statements, cancellationToken);
            if (statements.Length > MaxJsonBytes)
            {
                throw new BadHttpRequestException($"The statements are larger than {MaxJsonBytes} bytes.", StatusCodes.Status413PayloadTooLarge);
            }

            while (await reader.ReadNextSectionAsync(cancellationToken) is { } attachment)
            {
                await attachment.Body.CopyToAsync(Stream.Null, cancellationToken);
            }

            return statements.ToArray();
        }
        catch (IOException)
        {
            throw new FieldException("body", "The multipart/mixed body could not be read (check its boundary and parts).");
        }
        catch (InvalidDataException)
        {
            throw new FieldException("body", "The multipart/mixed body could not be read (check its boundary and parts).");
        }
    }
}
