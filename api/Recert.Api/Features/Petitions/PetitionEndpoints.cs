using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using Recert.Api.Domain;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Petitions;

public static class PetitionEndpoints
{
    public static void MapPetitionEndpoints(this IEndpointRouteBuilder app)
    {
        var perCertification = app.MapGroup("/api/v1/certifications/{number}/petitions").WithTags("Petitions").RequireAuthorization();

        perCertification.MapPost("/", async Task<Created<PetitionResponse>> (string number, CreatePetitionBody body, IMediator mediator, CancellationToken ct) =>
            {
                var petition = await mediator.Send(new CreatePetitionCommand(number, body.Title, body.ProviderName, body.Area, body.ContactHours, body.CompletedOn, body.DocumentId), ct);
                return TypedResults.Created($"/api/v1/petitions/{petition.Id}", petition);
            })
            .WithSummary("Petition a course that is not preapproved; its nonrefundable fee goes into the cart and staff review it once paid")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        perCertification.MapGet("/", async Task<Ok<IReadOnlyList<PetitionResponse>>> (string number, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new ListPetitionsQuery(number), ct)))
            .WithSummary("Petitions for a certification, newest first")
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet("/api/v1/petitions/{id:guid}", async Task<Ok<PetitionResponse>> (Guid id, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new GetPetitionQuery(id), ct)))
            .WithTags("Petitions")
            .RequireAuthorization()
            .WithSummary("One petition")
            .ProducesProblem(StatusCodes.Status404NotFound);

        var staff = app.MapGroup("/api/v1/staff/petitions").WithTags("Back office").RequireAuthorization(Policies.Staff);

        staff.MapGet("/", async Task<Ok<IReadOnlyList<PetitionGroup>>> (IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new PetitionQueueQuery(), ct)))
            .WithSummary("Paid petitions to review, grouped by course and provider, oldest first (staff)");

        staff.MapPost("/{id:guid}/approve", async Task<Ok<IReadOnlyList<PetitionResponse>>> (Guid id, ApprovePetitionBody body, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new ApprovePetitionCommand(id, body.Ceus, body.ForEveryone, body.Note), ct)))
            .WithSummary("Approve a paid petition with the CEUs granted; forEveryone approves the course for every paid petition of it, now and later (staff)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        staff.MapPost("/{id:guid}/deny", async Task<Ok<PetitionResponse>> (Guid id, DenyPetitionBody body, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new DenyPetitionCommand(id, body.Reason), ct)))
            .WithSummary("Deny a paid petition with a reason; the fee is not refunded (staff)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }
}

public sealed record CreatePetitionBody(string Title, string ProviderName, CeuArea Area, decimal ContactHours, DateOnly CompletedOn, Guid DocumentId);

public sealed record ApprovePetitionBody(decimal Ceus, bool ForEveryone = false, string? Note = null);

public sealed record DenyPetitionBody(string Reason);
