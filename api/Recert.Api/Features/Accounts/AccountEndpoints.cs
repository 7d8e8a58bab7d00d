using System.Text;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using Recert.Api.Features.Certifications;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Accounts;

public static class AccountEndpoints
{
    public static IServiceCollection AddAccounts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AccountOptions>().Bind(configuration.GetSection("Recert:Accounts"))
            .Validate(o => Uri.TryCreate(o.PublicBaseUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https",
                "Recert:Accounts:PublicBaseUrl is the absolute http(s) address of the portal.")
            .ValidateOnStart();
        services.AddSingleton<RateCounters>();
        services.AddSingleton<UnknownAccountHash>();
        services.AddScoped<LoginThrottle>();
        return services;
    }

    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/v1/auth").WithTags("Accounts").RequireRateLimiting("auth");

        auth.MapPost("/verify-email", async Task<Ok<EmailVerified>> (VerifyEmailCommand command, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(command, ct)))
            .WithSummary("Confirm an email address with the link's token; links the certifications issued to it")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status410Gone);

        auth.MapPost("/verify-email/resend", async Task<Accepted<LinkSent>> (ResendVerificationCommand command, IMediator mediator, CancellationToken ct)
                => TypedResults.Accepted((string?)null, await mediator.Send(command, ct)))
            .WithSummary("Send a new verification link to the signed-in account, or to an address (the same answer whether it has an account or not)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        var me = app.MapGroup("/api/v1/me").WithTags("Accounts").RequireRateLimiting("auth");

        me.MapPut("/email", async Task<Accepted<LinkSent>> (ChangeEmailCommand command, IMediator mediator, CancellationToken ct)
                => TypedResults.Accepted((string?)null, await mediator.Send(command, ct)))
            .WithSummary("Change the account's email: takes effect when the link sent to the new address is opened; the old address is told")
            .RequireAuthorization()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        me.MapGet("/data-export", async Task<FileContentHttpResult> (IMediator mediator, CancellationToken ct) =>
            {
                var export = await mediator.Send(new ExportMyDataQuery(), ct);
                return TypedResults.File(Encoding.UTF8.GetBytes(export.Json), "application/json", $"recert-my-data-{export.On:yyyy-MM-dd}.json");
            })
            .WithSummary("Download everything Recert holds about the signed-in account as one JSON file (the documents' files by their ids)")
            .RequireAuthorization()
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        me.MapPost("/certifications/confirm", async Task<Ok<CertificationResponse>> (ConfirmClaimCommand command, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(command, ct)))
            .WithTags("Certifications")
            .WithSummary("Link a claimed certification with the token of the email sent to its address on file (signed in as the claimant)")
            .RequireAuthorization(Policies.Certificant)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status410Gone);

        var staff = app.MapGroup("/api/v1/staff/claims").WithTags("Back office").RequireAuthorization(Policies.Staff);

        staff.MapGet("", async Task<Ok<IReadOnlyList<ClaimRequestEntry>>> (IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new ClaimQueueQuery(), ct)))
            .WithSummary("Claims of certifications with no email on file, waiting for a decision, oldest first (staff)");

        staff.MapPost("/{id:guid}/approve", async Task<Ok<ClaimDecision>> (Guid id, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new DecideClaimCommand(id, true, null), ct)))
            .WithSummary("Approve a claim: the certification joins the claimant's account, who is emailed (staff)")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        staff.MapPost("/{id:guid}/decline", async Task<Ok<ClaimDecision>> (Guid id, DeclineClaimBody body, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new DecideClaimCommand(id, false, body.Reason), ct)))
            .WithSummary("Decline a claim with a reason the claimant is emailed (staff)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }
}

public sealed record DeclineClaimBody(string Reason);
