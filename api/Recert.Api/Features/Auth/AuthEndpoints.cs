using System.Security.Claims;
using MediatR;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;

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

        auth.MapPost("/login", async Task<Ok<UserResponse>> (LoginQuery query, IMediator mediator, HttpContext http, CancellationToken ct) =>
            {
                var user = await mediator.Send(query, ct);
                await SignInAsync(http, user);
                return TypedResults.Ok(user);
            })
            .WithSummary("Sign in with email and password (sets the session cookie)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        auth.MapPost("/logout", async Task<NoContent> (HttpContext http) =>
            {
                await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                return TypedResults.NoContent();
            })
            .WithSummary("Sign out (clears the session cookie)");

        app.MapGet("/api/v1/me", async Task<Ok<UserResponse>> (IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new GetMeQuery(), ct)))
            .WithTags("Accounts")
            .WithSummary("The signed-in user and the certifications they hold")
            .RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
    }

    static Task SignInAsync(HttpContext http, UserResponse user)
    {
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, user.Id.ToString()),
                new Claim(ClaimTypes.Email, user.Email),
                new Claim(ClaimTypes.Role, user.Role),
            ],
            CookieAuthenticationDefaults.AuthenticationScheme);
        return http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
    }
}
