using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using Recert.Api.Features.Sessions;

namespace Recert.Api.Features.Auth;

public static class AuthEndpoints
{
    public static void MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/v1/auth").WithTags("Accounts").RequireRateLimiting("auth");

        auth.MapPost("/register", async Task<Accepted<RegistrationAccepted>> (RegisterCommand command, IMediator mediator, CancellationToken ct)
                => TypedResults.Accepted((string?)null, await mediator.Send(command, ct)))
            .WithSummary("Create a certificant account and email it a verification link (the same answer when the email already has an account, whose owner is emailed instead)")
            .ProducesValidationProblem();

        auth.MapPost("/login", async Task<Results<Ok<UserResponse>, Accepted<MfaChallengeResponse>>> (LoginQuery query, IMediator mediator, SessionSignIn sessions, HttpContext http, CancellationToken ct) =>
            {
                var user = await mediator.Send(query, ct);
                return await sessions.AfterPasswordAsync(http, user, ct) switch
                {
                    SignInOutcome.MfaEnrolmentRequired => TypedResults.Accepted((string?)null, new MfaChallengeResponse("enrol")),
                    SignInOutcome.MfaCodeRequired => TypedResults.Accepted((string?)null, new MfaChallengeResponse("verify")),
                    _ => TypedResults.Ok(user),
                };
            })
            .WithSummary("Sign in with email and password (sets the session cookie); staff get 202 and continue at /auth/mfa")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        auth.MapPost("/logout", async Task<NoContent> (SessionSignIn sessions, HttpContext http, CancellationToken ct) =>
            {
                await sessions.SignOutAsync(http, ct);
                return TypedResults.NoContent();
            })
            .WithSummary("Sign out: ends the session on the server, so every copy of the cookie stops working");

        app.MapGet("/api/v1/me", async Task<Ok<UserResponse>> (IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new GetMeQuery(), ct)))
            .WithTags("Accounts")
            .WithSummary("The signed-in user and the certifications they hold")
            .RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
    }
}
