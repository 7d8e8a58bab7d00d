using System.Security.Claims;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using Recert.Api.Features.Providers;

namespace Recert.Api.Features.Webhooks;

public static class WebhookEndpoints
{
    public static void MapWebhookEndpoints(this IEndpointRouteBuilder app)
    {
        var webhooks = app.MapGroup("/api/v1/webhooks").WithTags("Partner API: webhooks")
            .RequireAuthorization(ProviderAuth.KeyOrSessionPolicy).RequireRateLimiting(PartnerSetup.RateLimitPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        webhooks.MapPost("/endpoints", async Task<Created<WebhookEndpointCreatedResponse>> (WebhookEndpointBody body, ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
            {
                var created = await mediator.Send(new CreateWebhookEndpointCommand(user.ProviderId(), body.Url, body.EventTypes, body.Secret, body.Description), ct);
                return TypedResults.Created($"/api/v1/webhooks/endpoints/{created.Id}", created);
            })
            .WithSummary("Register a webhook endpoint (public https URL, event types, optional whsec_ secret; one is generated otherwise and shown once)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        webhooks.MapGet("/endpoints", async Task<Ok<IReadOnlyList<WebhookEndpointResponse>>> (ClaimsPrincipal user, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new ListWebhookEndpointsQuery(user.ProviderId()), ct)))
            .WithSummary("This provider's webhook endpoints");

        webhooks.MapDelete("/endpoints/{id:guid}", async Task<NoContent> (Guid id, ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
            {
                await mediator.Send(new DisableWebhookEndpointCommand(user.ProviderId(), id), ct);
                return TypedResults.NoContent();
            })
            .WithSummary("Disable a webhook endpoint: nothing more is sent to it")
            .ProducesProblem(StatusCodes.Status404NotFound);

        webhooks.MapPost("/endpoints/{id:guid}/rotate-secret", async Task<Ok<WebhookEndpointCreatedResponse>> (Guid id, RotateSecretBody? body, ClaimsPrincipal user, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new RotateWebhookSecretCommand(user.ProviderId(), id, body?.Secret), ct)))
            .WithSummary("Replace the signing secret; the previous one keeps signing too (two signatures) for 24 hours")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        webhooks.MapGet("/endpoints/{id:guid}/deliveries", async Task<Ok<IReadOnlyList<WebhookDeliveryResponse>>> (Guid id, int? limit, ClaimsPrincipal user, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new ListWebhookDeliveriesQuery(user.ProviderId(), id, limit ?? 50), ct)))
            .WithSummary("The delivery log of an endpoint, newest first, with every attempt")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        webhooks.MapPost("/deliveries/{id:guid}/redeliver", async Task<Accepted<WebhookDeliveryResponse>> (Guid id, ClaimsPrincipal user, IMediator mediator, CancellationToken ct)
                => TypedResults.Accepted((string?)null, await mediator.Send(new RedeliverWebhookCommand(user.ProviderId(), id), ct)))
            .WithSummary("Send a delivery again now (whatever its state); the retry schedule starts over")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}

public sealed record WebhookEndpointBody(string Url, IReadOnlyList<string> EventTypes, string? Secret, string? Description);

public sealed record RotateSecretBody(string? Secret);
