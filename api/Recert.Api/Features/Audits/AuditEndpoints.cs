using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using Recert.Api.Features.Applications;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Audits;

public static class AuditEndpoints
{
    public static void MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        var audit = app.MapGroup("/api/v1/applications/{id:guid}/audit").WithTags("Audits").RequireAuthorization();

        audit.MapGet("/", async Task<Ok<AuditResponse>> (Guid id, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new GetAuditQuery(id), ct)))
            .WithSummary("The audit of an application: what to document and by when")
            .ProducesProblem(StatusCodes.Status404NotFound);

        audit.MapPut("/items/{itemId:guid}", async Task<Ok<AuditResponse>> (Guid id, Guid itemId, AttachAuditDocumentBody body, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new AttachAuditDocumentCommand(id, itemId, body.DocumentId), ct)))
            .WithSummary("Attach the documentation of one CE activity or CPR/AED card")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        audit.MapPost("/submit", async Task<Ok<AuditResponse>> (Guid id, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new SubmitAuditCommand(id), ct)))
            .WithSummary("Submit the audit documentation (every item documented, on or before the due date)")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        var staff = app.MapGroup("/api/v1/staff").WithTags("Back office").RequireAuthorization(Policies.Staff);

        staff.MapPost("/audits/{id:guid}/pass", async Task<Ok<ApplicationResponse>> (Guid id, PassAuditBody? body, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new PassAuditCommand(id, body?.Note), ct)))
            .WithSummary("Pass an audit: the application is approved and the certification renewed (staff)")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        staff.MapPost("/audits/{id:guid}/fail", async Task<Ok<ApplicationResponse>> (Guid id, FailAuditBody body, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new FailAuditCommand(id, body.Reasons ?? []), ct)))
            .WithSummary("Fail an audit with reasons (staff)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        staff.MapPost("/applications/{id:guid}/reject", async Task<Ok<ApplicationResponse>> (Guid id, RejectApplicationBody body, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new RejectApplicationCommand(id, body.Reason), ct)))
            .WithSummary("Reject an application with a reason (staff)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }
}

public sealed record AttachAuditDocumentBody(Guid DocumentId);

public sealed record PassAuditBody(string? Note);

public sealed record FailAuditBody(IReadOnlyList<string>? Reasons);

public sealed record RejectApplicationBody(string Reason);
