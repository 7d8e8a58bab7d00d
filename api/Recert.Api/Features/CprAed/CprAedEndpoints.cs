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
