using System.Security.Claims;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using Recert.Api.Features.Auth;
using Recert.Api.Features.Sessions;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Providers;

/// <summary>
/// The provider portal's own routes: staff invite people to a provider, the invitee accepts, and a signed-in provider user
/// manages the provider's API keys. Everything else the portal shows goes through the partner routes, which accept a
/// provider session as well as a key (<see cref="ProviderAuth.KeyOrSessionPolicy"/>).
/// </summary>
public static class PortalEndpoints
{
    public static void MapProviderPortalEndpoints(this IEndpointRouteBuilder app)
    {
        var staff = app.MapGroup("/api/v1/staff/providers/{id:guid}/users").WithTags("Providers (staff)").RequireAuthorization(Policies.Staff)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        staff.MapPost("/", async Task<Created<ProviderUserResponse>> (Guid id, ProviderUserInvitationBody body, IMediator mediator, CancellationToken ct) =>
            {
                var user = await mediator.Send(new InviteProviderUserCommand(id, body.Email, body.FirstName, body.LastName), ct);
                return TypedResults.Created($"/api/v1/staff/providers/{id}/users", user);
            })
            .WithSummary("Invite a person to the provider portal of this provider: an email with a single-use link valid 7 days (inviting a pending invitee again sends a new link)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        staff.MapGet("/", async Task<Ok<IReadOnlyList<ProviderUserResponse>>> (Guid id, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new ListProviderUsersQuery(id), ct)))
            .WithSummary("The provider's portal users, invited or accepted")
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapPost("/api/v1/auth/accept-invitation", async Task<Ok<UserResponse>> (AcceptInvitationBody body, IMediator mediator, SessionSignIn sessions, HttpContext http, CancellationToken ct) =>
            {
                var user = await mediator.Send(new AcceptProviderInvitationCommand(body.Token, body.Password), ct);
                await sessions.AfterPasswordAsync(http, user, ct);
                return TypedResults.Ok(user);
            })
            .WithTags("Accounts")
            .RequireRateLimiting("auth")
            .WithSummary("Accept a provider portal invitation: choose a password (single-use link from the email); signs in")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status410Gone);

        app.MapGet("/api/v1/provider", async Task<Ok<ProviderResponse>> (ClaimsPrincipal user, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new GetOwnProviderQuery(user.ProviderId()), ct)))
            .WithTags("Partner API: completions")
            .WithSummary("The calling provider: name, approval period, whether it is suspended (provider key or portal session)")
            .RequireAuthorization(ProviderAuth.KeyOrSessionPolicy)
            .RequireRateLimiting(PartnerSetup.RateLimitPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        // Keys are managed by a person signed in, never by a key: a leaked key must not be able to mint more.
        var keys = app.MapGroup("/api/v1/provider/keys").WithTags("Provider portal").RequireAuthorization(ProviderAuth.PortalUserPolicy)
            .RequireRateLimiting(PartnerSetup.RateLimitPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        keys.MapGet("/", async Task<Ok<IReadOnlyList<ApiKeyResponse>>> (ClaimsPrincipal user, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new ListApiKeysQuery(user.ProviderId()), ct)))
            .WithSummary("The provider's API keys (prefixes only)");

        keys.MapPost("/", async Task<Created<IssuedApiKeyResponse>> (IssueKeyBody? body, ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
            {
                var key = await mediator.Send(new IssueOwnApiKeyCommand(user.ProviderId(), body?.Name), ct);
                return TypedResults.Created($"/api/v1/provider/keys/{key.Id}", key);
            })
            .WithSummary("Create an API key; the key is in this answer only (refused while the provider is suspended)")
            .ProducesValidationProblem();

        keys.MapDelete("/{keyId:guid}", async Task<Ok<ApiKeyResponse>> (Guid keyId, ClaimsPrincipal user, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new RevokeApiKeyCommand(user.ProviderId(), keyId), ct)))
            .WithSummary("Revoke one of the provider's API keys at once")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}

public sealed record ProviderUserInvitationBody(string Email, string FirstName, string LastName);

public sealed record AcceptInvitationBody(string Token, string Password);
