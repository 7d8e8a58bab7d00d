using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Certifications;

public static class CertificationEndpoints
{
    public static void MapCertificationEndpoints(this IEndpointRouteBuilder app)
    {
        var certifications = app.MapGroup("/api/v1/certifications").WithTags("Certifications").RequireAuthorization().RequireIsoDates();

        certifications.MapPost("/", async Task<Created<CertificationResponse>> (CreateCertificationCommand command, IMediator mediator, CancellationToken ct) =>
            {
                var certification = await mediator.Send(command, ct);
                return TypedResults.Created($"/api/v1/certifications/{certification.Number}", certification);
            })
            .WithSummary("Register a certification (staff)")
            .RequireAuthorization(Policies.Staff)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        certifications.MapGet("/{number}", async Task<Ok<CertificationResponse>> (string number, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new GetCertificationQuery(number), ct)))
            .WithSummary("A certification: holder, cycle, status today")
            .ProducesProblem(StatusCodes.Status404NotFound);

        certifications.MapGet("/{number}/ceus", async Task<Ok<LedgerResponse>> (string number, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new GetLedgerQuery(number), ct)))
            .WithSummary("Every CE activity, and whether and why it counts this cycle")
            .ProducesProblem(StatusCodes.Status404NotFound);

        certifications.MapPost("/{number}/ceus", async Task<Created<LedgerEntry>> (string number, AddActivityBody body, IMediator mediator, CancellationToken ct) =>
            {
                var entry = await mediator.Send(
                    new AddActivityCommand(number, body.Source, body.Title, body.Area, body.Ceus, body.ContactHours, body.CompletedOn, body.DocumentId, body.CourseCode), ct);
                return TypedResults.Created($"/api/v1/certifications/{number}/ceus", entry);
            })
            .WithSummary("Add an 'other' CE activity with its certificate (certificant) or a 'category-a' course (staff); 422 when it could count toward no open or future cycle")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status404NotFound);

        certifications.MapPut("/{number}/ceus/{id}", async Task<Ok<LedgerEntry>> (string number, Guid id, EditActivityBody body, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(
                    new EditActivityCommand(number, id, body.Title, body.Area, body.Ceus, body.ContactHours, body.CompletedOn, body.DocumentId), ct)))
            .WithSummary("Correct an 'other' CE activity you reported (holder); 409 once a submitted application or an audit relies on it, 422 when the new date could count toward no open or future cycle")
            .RequireAuthorization(Policies.Certificant)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        certifications.MapDelete("/{number}/ceus/{id}", async Task<NoContent> (string number, Guid id, IMediator mediator, CancellationToken ct) =>
            {
                await mediator.Send(new RemoveActivityCommand(number, id), ct);
                return TypedResults.NoContent();
            })
            .WithSummary("Remove an 'other' CE activity you reported (holder); 409 once a submitted application or an audit relies on it")
            .RequireAuthorization(Policies.Certificant)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        certifications.MapGet("/{number}/activity-cycle", async Task<Ok<ActivityCycleResponse>> (string number, DateOnly? completedOn, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new GetActivityCycleQuery(number, completedOn), ct)))
            .WithSummary("Which cycle an activity completed on a date would count for (current, next, or none), before a petition fee is paid or an activity saved")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        certifications.MapGet("/{number}/eligibility", async Task<Ok<EligibilityResponse>> (string number, DateOnly? on, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new GetEligibilityQuery(number, on), ct)))
            .WithSummary("Whether an application received on a date (default today, organisation's time zone) can be submitted, every unmet rule, and the fees for both plans")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapPost("/api/v1/me/certifications", async Task<Accepted<ClaimAccepted>> (ClaimCertificationCommand command, IMediator mediator, CancellationToken ct)
                => TypedResults.Accepted((string?)null, await mediator.Send(command, ct)))
            .WithTags("Certifications")
            .WithSummary("Claim a certification by its number and the holder's last name: emails a confirmation link to its address on file, or queues the claim for staff (the same answer in every case)")
            .RequireAuthorization(Policies.Certificant)
            .RequireRateLimiting("auth")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
    }
}

public sealed record AddActivityBody(
    string Title,
    Domain.CeuArea Area,
    decimal? Ceus,
    decimal? ContactHours,
    DateOnly CompletedOn,
    Guid? DocumentId,
    Domain.CeuSource? Source,
    string? CourseCode);

public sealed record EditActivityBody(
    string Title,
    Domain.CeuArea Area,
    decimal? Ceus,
    decimal? ContactHours,
    DateOnly CompletedOn,
    Guid? DocumentId);
