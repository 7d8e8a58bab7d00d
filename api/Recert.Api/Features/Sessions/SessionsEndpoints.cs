using MediatR;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Recert.Api.Features.Auth;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Sessions;

/// <param name="Step">"enrol": set up an authenticator app first; "verify": enter its current code.</param>
public sealed record MfaChallengeResponse(string Step);

public static class SessionsEndpoints
{
    public static void MapSessionsEndpoints(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/v1/auth").WithTags("Accounts").RequireRateLimiting("auth");

        auth.MapPost("/password/forgot", async Task<Accepted> (ForgotPasswordCommand command, IMediator mediator, CancellationToken ct) =>
            {
                await mediator.Send(command, ct);
                return TypedResults.Accepted((string?)null);
            })
            .WithSummary("Email a single-use password reset link valid one hour (the same answer whether or not the account exists)")
            .ProducesValidationProblem();

        auth.MapPost("/password/reset", async Task<NoContent> (ResetPasswordCommand command, IMediator mediator, CancellationToken ct) =>
            {
                await mediator.Send(command, ct);
                return TypedResults.NoContent();
            })
            .WithSummary("Set a new password with the emailed link's token; every session of the account ends")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status410Gone);

        auth.MapPost("/password/change", async Task<NoContent> (ChangePasswordCommand command, IMediator mediator, CancellationToken ct) =>
            {
                await mediator.Send(command, ct);
                return TypedResults.NoContent();
            })
            .WithSummary("Change the password (the current one is required); every other session ends")
            .RequireAuthorization()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        auth.MapPost("/sign-out-everywhere", async Task<NoContent> (IMediator mediator, HttpContext http, CancellationToken ct) =>
            {
                await mediator.Send(new SignOutEverywhereCommand(), ct);
                await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                return TypedResults.NoContent();
            })
            .WithSummary("End every session of the signed-in account, this one included")
            .RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        var mfa = auth.MapGroup("/mfa").RequireAuthorization(SessionsSetup.MfaPendingPolicy);

        mfa.MapPost("/enrolment", async Task<Ok<MfaEnrolmentResponse>> (IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new StartMfaEnrolmentCommand(), ct)))
            .WithSummary("Staff, first sign-in: a new TOTP secret as a QR code and a manual key (pending sign-in only)")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status409Conflict);

        mfa.MapPost("/enrolment/confirm", async Task<Ok<MfaEnrolledResponse>> (ConfirmMfaEnrolmentCommand command, IMediator mediator, SessionSignIn sessions, HttpContext http, CancellationToken ct) =>
            {
                var enrolled = await mediator.Send(command, ct);
                await sessions.AfterMfaAsync(http, enrolled.User, ct);
                return TypedResults.Ok(enrolled);
            })
            .WithSummary("Staff: confirm the set-up with a first code; signs in and returns ten recovery codes, shown once")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status409Conflict);

        mfa.MapPost("/verify", async Task<Ok<UserResponse>> (VerifyMfaCommand command, IMediator mediator, SessionSignIn sessions, HttpContext http, CancellationToken ct) =>
            {
                var user = await mediator.Send(command, ct);
                await sessions.AfterMfaAsync(http, user, ct);
                return TypedResults.Ok(user);
            })
            .WithSummary("Staff: the second sign-in step, a TOTP code or a recovery code (each accepted once)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status409Conflict);

        var staff = app.MapGroup("/api/v1/staff").WithTags("Back office").RequireAuthorization(Policies.Staff);

        staff.MapGet("/staff-members", async Task<Ok<IReadOnlyList<StaffMember>>> (IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new StaffMembersQuery(), ct)))
            .WithSummary("Staff accounts with their two-step sign-in status and live sessions (staff)");

        staff.MapPost("/staff-members/{id:guid}/mfa/reset", async Task<NoContent> (Guid id, IMediator mediator, CancellationToken ct) =>
            {
                await mediator.Send(new ResetStaffMfaCommand(id), ct);
                return TypedResults.NoContent();
            })
            .WithSummary("Reset another staff member's two-step sign-in and end their sessions (staff)")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        staff.MapPost("/users/{id:guid}/sign-out-everywhere", async Task<NoContent> (Guid id, IMediator mediator, CancellationToken ct) =>
            {
                await mediator.Send(new EndUserSessionsCommand(id), ct);
                return TypedResults.NoContent();
            })
            .WithSummary("End every session of an account (staff)")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
