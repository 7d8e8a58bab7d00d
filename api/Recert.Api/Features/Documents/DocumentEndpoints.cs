using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Recert.Api.Features.Documents;

public static class DocumentEndpoints
{
    public static void MapDocumentEndpoints(this IEndpointRouteBuilder app)
    {
        var documents = app.MapGroup("/api/v1/documents").WithTags("Documents").RequireAuthorization();

        documents.MapPost("/", async Task<Created<DocumentResponse>> (IFormFile file, IMediator mediator, CancellationToken ct) =>
            {
                var content = await FormFiles.ReadAsync(file, DocumentStore.MaxBytes, ct);
                var document = await mediator.Send(new UploadDocumentCommand(file.FileName, content), ct);
                return TypedResults.Created($"/api/v1/documents/{document.Id}", document);
            })
            .WithSummary("Upload a certificate or card copy (multipart field 'file'; PDF, PNG or JPEG; at most 10 MB; per account at most Recert:Uploads:MaxPerDay documents and MaxBytesPerDay bytes a day and MaxPerMinute a minute)")
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(DocumentStore.MaxBytes + 64 * 1024))
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        documents.MapGet("/{id:guid}", async Task<FileContentHttpResult> (Guid id, IMediator mediator, HttpContext http, CancellationToken ct) =>
            {
                var document = await mediator.Send(new GetDocumentQuery(id), ct);
                http.Response.Headers.XContentTypeOptions = "nosniff";
                return TypedResults.File(document.Content, document.ContentType, document.FileName);
            })
            .WithSummary("Download a document (its owner and staff only)")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream")
            .ProducesProblem(StatusCodes.Status404NotFound);

        documents.MapGet("/{id:guid}/info", async Task<Ok<DocumentResponse>> (Guid id, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new GetDocumentInfoQuery(id), ct)))
            .WithSummary("A document's name, type and size, without its content (its owner and staff only)")
            .ProducesProblem(StatusCodes.Status404NotFound);

        documents.MapGet(DocumentViewing.Route, async Task<FileContentHttpResult> (Guid id, IMediator mediator, HttpContext http, CancellationToken ct) =>
            {
                var document = await mediator.Send(new GetDocumentQuery(id), ct);
                DocumentViewing.SetHeaders(http.Response, document);
                return TypedResults.File(document.Content, document.ContentType);
            })
            .WithSummary("Show a document inline in Recert's sandboxed viewer (its owner and staff only; strict per-response CSP, never cached)")
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}

public static class FormFiles
{
    public static async Task<byte[]> ReadAsync(IFormFile file, int maxBytes, CancellationToken cancellationToken)
    {
        if (file.Length > maxBytes)
        {
            throw new Infrastructure.FieldException("file", $"The file is larger than {maxBytes / (1024 * 1024)} MB.", StatusCodes.Status413PayloadTooLarge);
        }

        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }
}
