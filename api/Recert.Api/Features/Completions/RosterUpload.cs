using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using Recert.Api.Domain;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Completions;

/// <summary>A roster file as it arrived: its bytes and the upload's options, whether sent as the raw body or as a form's file.</summary>
public sealed record RosterUploadContent(byte[] Content, RosterOptions Options)
{
    /// <summary>What an Idempotency-Key is bound to: the file and its options, not a form's random boundary.</summary>
    public string RequestHash(string method, string path)
        => IdempotencyStore.RequestHash(method, $"{path}?dateFormat={Options.DateFormat}", Content);
}

/// <summary>
/// Reads a roster upload: the raw body (text/csv, application/csv, application/vnd.ms-excel, text/plain, the .xlsx type
/// or application/octet-stream) or a multipart/form-data form with one file (field "file") and an optional dateFormat
/// field. The declared type only admits the request; <see cref="RosterParser"/> decides the format from the content.
/// </summary>
public static class RosterUpload
{
    public const string XlsxMediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static readonly string[] RawMediaTypes =
        ["text/csv", "application/csv", "application/vnd.ms-excel", "text/plain", XlsxMediaType, "application/octet-stream"];

    const string FormMediaType = "multipart/form-data";
    const int FormOverheadBytes = 64 * 1024;

    public static async Task<RosterUploadContent> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var mediaType = MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed) ? parsed.MediaType.Value : null;
        if (string.Equals(mediaType, FormMediaType, StringComparison.OrdinalIgnoreCase))
        {
            return await ReadFormAsync(request, cancellationToken);
        }

        if (mediaType is null || !RawMediaTypes.Contains(mediaType, StringComparer.OrdinalIgnoreCase))
        {
            throw new BadHttpRequestException(
                $"Send the roster as a file in multipart/form-data, or as the body with one of {string.Join(", ", RawMediaTypes)}.",
                StatusCodes.Status415UnsupportedMediaType);
        }

        var body = await CompletionBatchReader.ReadBodyAsync(request, RosterParser.MaxBytes, cancellationToken);
        return new RosterUploadContent(body, new RosterOptions(DateFormat(request.Query["dateFormat"].ToString(), "dateFormat")));
    }

    static async Task<RosterUploadContent> ReadFormAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > RosterParser.MaxBytes + FormOverheadBytes)
        {
            throw new BadHttpRequestException($"The upload is larger than {RosterParser.MaxBytes} bytes.", StatusCodes.Status413PayloadTooLarge);
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(new FormOptions
            {
                MultipartBodyLengthLimit = RosterParser.MaxBytes + FormOverheadBytes,
                ValueCountLimit = 16,
                ValueLengthLimit = 1024,
                MemoryBufferThreshold = RosterParser.MaxBytes + FormOverheadBytes,
            }, cancellationToken);
        }
        catch (InvalidDataException e) when (e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
        {
            throw new BadHttpRequestException($"The upload is larger than {RosterParser.MaxBytes} bytes.", StatusCodes.Status413PayloadTooLarge);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            throw new FieldException("file", "The multipart/form-data body could not be read.");
        }

        if (form.Files.Count != 1)
        {
            throw new FieldException("file", $"Send exactly one roster file in the form field \"file\" ({form.Files.Count} sent).");
        }

        var file = form.Files[0];
        if (file.Length > RosterParser.MaxBytes)
        {
            throw new BadHttpRequestException($"The roster is larger than {RosterParser.MaxBytes} bytes.", StatusCodes.Status413PayloadTooLarge);
        }

        using var buffer = new MemoryStream((int)file.Length);
        await using (var stream = file.OpenReadStream())
        {
            await stream.CopyToAsync(buffer, cancellationToken);
        }

        var dateFormat = form.TryGetValue("dateFormat", out var field) ? field.ToString() : request.Query["dateFormat"].ToString();
        return new RosterUploadContent(buffer.ToArray(), new RosterOptions(DateFormat(dateFormat, "dateFormat")));
    }

    static RosterDateFormat DateFormat(string? name, string field)
        => RosterDates.TryParseFormat(name, out var format)
            ? format
            : throw new FieldException(field, $"dateFormat is one of {string.Join(", ", RosterDates.Names.Keys)} (text dates only; ISO 8601 is always understood).");
}
