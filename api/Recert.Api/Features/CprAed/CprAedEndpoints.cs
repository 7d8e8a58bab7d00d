using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Recert.Api.Features.CprAed;

public static class CprAedEndpoints
{
    public static void MapCprAedEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/cpr-aed/issuers", async Task<Ok<IReadOnlyList<string>>> (IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new ListIssuersQuery(), ct)))
            .WithTags("CPR and AED")
            .WithSummary("Accepted CPR/AED issuers ('other' is verified by staff in an audit)");

        var issuers = app.MapGroup("/api/v1/staff/cpr-aed/issuers").WithTags("CPR and AED").RequireAuthorization(Infrastructure.Policies.Staff);

        issuers.MapGet("/", async Task<Ok<IssuerListResponse>> (IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new ListStaffIssuersQuery(), ct)))
            .WithSummary("Every CPR/AED issuer, retired ones too, with the history of changes (staff)");

        issuers.MapPost("/", async Task<Created<IssuerListResponse>> (IssuerNameBody body, IMediator mediator, CancellationToken ct)
                => TypedResults.Created("/api/v1/staff/cpr-aed/issuers", await mediator.Send(new AddIssuerCommand(body.Name), ct)))
            .WithSummary("Add an accepted CPR/AED issuer (staff)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        issuers.MapPut("/{name}", async Task<Ok<IssuerListResponse>> (string name, IssuerNameBody body, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new RenameIssuerCommand(name, body.Name), ct)))
            .WithSummary("Rename an issuer; cards already on file keep the name they were recorded with (staff)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        issuers.MapPut("/{name}/retired", async Task<Ok<IssuerListResponse>> (string name, IssuerRetiredBody body, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new RetireIssuerCommand(name, body.Retired), ct)))
            .WithSummary("Retire an issuer (no longer offered for new cards) or restore it (staff)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        var cards = app.MapGroup("/api/v1/certifications/{number}/cpr-aed").WithTags("CPR and AED").RequireAuthorization();

        cards.MapGet("/", async Task<Ok<IReadOnlyList<CardResponse>>> (string number, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new ListCardsQuery(number), ct)))
            .WithSummary("CPR and AED cards on file")
            .ProducesProblem(StatusCodes.Status404NotFound);

        cards.MapPost("/", async Task<Created<CardResponse>> (string number, AddCardBody body, IMediator mediator, CancellationToken ct) =>
            {
                var card = await mediator.Send(new AddCardCommand(number, body.Kind, body.Provider, body.IssuedOn, body.ExpiresOn, body.HandsOn, body.FrontDocumentId, body.BackDocumentId, body.IssuerName), ct);
                return TypedResults.Created($"/api/v1/certifications/{number}/cpr-aed", card);
            })
            .WithSummary("Record a CPR, AED or combined CPR/AED card with copies of its front and back")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        cards.MapPut("/{id}", async Task<Ok<CardResponse>> (string number, Guid id, AddCardBody body, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(
                    new EditCardCommand(number, id, body.Kind, body.Provider, body.IssuedOn, body.ExpiresOn, body.HandsOn, body.FrontDocumentId, body.BackDocumentId, body.IssuerName), ct)))
            .WithSummary("Correct a card you recorded (holder); 409 once a submitted application or an audit relies on it")
            .RequireAuthorization(Infrastructure.Policies.Certificant)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        cards.MapDelete("/{id}", async Task<NoContent> (string number, Guid id, IMediator mediator, CancellationToken ct) =>
            {
                await mediator.Send(new RemoveCardCommand(number, id), ct);
                return TypedResults.NoContent();
            })
            .WithSummary("Remove a card you recorded (holder); 409 once a submitted application or an audit relies on it")
            .RequireAuthorization(Infrastructure.Policies.Certificant)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }
}

public sealed record AddCardBody(
    Domain.CardKind Kind,
    string Provider,
    DateOnly IssuedOn,
    DateOnly ExpiresOn,
    bool HandsOn,
    Guid? FrontDocumentId,
    Guid? BackDocumentId,
    string? IssuerName = null);

public sealed record IssuerNameBody(string Name);

public sealed record IssuerRetiredBody(bool Retired);
