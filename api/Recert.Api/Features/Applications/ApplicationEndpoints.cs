using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using Recert.Api.Domain;

namespace Recert.Api.Features.Applications;

public static class ApplicationEndpoints
{
    public static void MapApplicationEndpoints(this IEndpointRouteBuilder app)
    {
        var perCertification = app.MapGroup("/api/v1/certifications/{number}/applications").WithTags("Applications").RequireAuthorization();

        perCertification.MapPost("/", async Task<Created<ApplicationResponse>> (string number, SubmitApplicationBody body, IMediator mediator, CancellationToken ct) =>
            {
                var application = await mediator.Send(new SubmitApplicationCommand(number, body.Plan), ct);
                return TypedResults.Created($"/api/v1/applications/{application.Id}", application);
            })
            .WithSummary("Submit a renewal application (Renew or Certify for Life) when eligible today; fees are quoted and kept")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        perCertification.MapGet("/", async Task<Ok<IReadOnlyList<ApplicationResponse>>> (string number, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new ListApplicationsQuery(number), ct)))
            .WithSummary("Applications for a certification, newest first")
            .ProducesProblem(StatusCodes.Status404NotFound);

        var applications = app.MapGroup("/api/v1/applications").WithTags("Applications").RequireAuthorization();

        applications.MapGet("/{id:guid}", async Task<Ok<ApplicationResponse>> (Guid id, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new GetApplicationQuery(id), ct)))
            .WithSummary("One application")
            .ProducesProblem(StatusCodes.Status404NotFound);

        applications.MapPost("/{id:guid}/withdraw", async Task<Ok<ApplicationResponse>> (Guid id, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new WithdrawApplicationCommand(id), ct)))
            .WithSummary("Withdraw an application before it is paid")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }
}

public sealed record SubmitApplicationBody(RenewalPlan Plan);
