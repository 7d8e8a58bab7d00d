using System.Security.Claims;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using Recert.Api.Domain;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Providers;

public static class ProviderEndpoints
{
    public static void MapProviderEndpoints(this IEndpointRouteBuilder app)
    {
        var publicProviders = app.MapGroup("/api/v1/providers").WithTags("Providers");

        publicProviders.MapGet("/", async Task<Ok<PublicProviderPage>> (string? search, int? page, int? pageSize, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new ListApprovedProvidersQuery(search, page ?? 1, pageSize ?? 20), ct)))
            .WithSummary("Approved providers today, searchable by provider name or course title/code (public, paged)")
            .ProducesValidationProblem();

        publicProviders.MapGet("/{id:guid}/courses", async Task<Ok<IReadOnlyList<CourseResponse>>> (Guid id, string? search, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new ListApprovedCoursesQuery(id, search), ct)))
            .WithSummary("The courses of an approved provider that are approved today (public)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        var staff = app.MapGroup("/api/v1/staff/providers").WithTags("Providers (staff)").RequireAuthorization(Policies.Staff)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        staff.MapPost("/", async Task<Created<ProviderResponse>> (CreateProviderCommand command, IMediator mediator, CancellationToken ct) =>
            {
                var provider = await mediator.Send(command, ct);
                return TypedResults.Created($"/api/v1/staff/providers/{provider.Id}", provider);
            })
            .WithSummary("Create a provider approved for a period")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        staff.MapGet("/", async Task<Ok<ProviderPage>> (string? search, int? page, int? pageSize, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new ListProvidersQuery(search, page ?? 1, pageSize ?? 50), ct)))
            .WithSummary("Every provider, suspended or not (paged, searchable by name or contact email)")
            .ProducesValidationProblem();

        staff.MapGet("/{id:guid}", async Task<Ok<ProviderResponse>> (Guid id, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new GetProviderQuery(id), ct)))
            .WithSummary("One provider, suspended or not")
            .ProducesProblem(StatusCodes.Status404NotFound);

        staff.MapPut("/{id:guid}", async Task<Ok<ProviderResponse>> (Guid id, ProviderBody body, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new UpdateProviderCommand(id, body.Name, body.ContactName, body.ContactEmail, body.ApprovedFrom, body.ApprovedUntil), ct)))
            .WithSummary("Edit a provider's name, contact and approval period (each change is kept in its history)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        staff.MapGet("/{id:guid}/history", async Task<Ok<IReadOnlyList<ProviderChangeResponse>>> (Guid id, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new ProviderHistoryQuery(id), ct)))
            .WithSummary("Staff edits of the provider and its courses, newest first: who, when, each field before and after")
            .ProducesProblem(StatusCodes.Status404NotFound);

        staff.MapPut("/{id:guid}/courses/{courseId:guid}", async Task<Ok<CourseResponse>> (Guid id, Guid courseId, CourseUpdateBody body, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new UpdateCourseCommand(id, courseId, body.Title, body.Ceus, body.Area, body.ApprovedFrom, body.ApprovedUntil, body.ActivityId), ct)))
            .WithSummary("Edit a course's title, CEUs, area, approval period or xAPI activity id (the code stays); completions already recorded keep their values")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        staff.MapPost("/{id:guid}/suspend", async Task<Ok<ProviderResponse>> (Guid id, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new SetProviderSuspendedCommand(id, true), ct)))
            .WithSummary("Suspend a provider: its completions are rejected (provider.suspended) until reinstated")
            .ProducesProblem(StatusCodes.Status404NotFound);

        staff.MapPost("/{id:guid}/reinstate", async Task<Ok<ProviderResponse>> (Guid id, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new SetProviderSuspendedCommand(id, false), ct)))
            .WithSummary("Lift a provider's suspension")
            .ProducesProblem(StatusCodes.Status404NotFound);

        staff.MapGet("/{id:guid}/courses", async Task<Ok<IReadOnlyList<CourseResponse>>> (Guid id, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new ListCoursesQuery(id), ct)))
            .WithSummary("Every course of a provider, approved or not")
            .ProducesProblem(StatusCodes.Status404NotFound);

        staff.MapPost("/{id:guid}/courses", async Task<Created<CourseResponse>> (Guid id, CourseBody body, IMediator mediator, CancellationToken ct) =>
            {
                var course = await mediator.Send(new CreateCourseCommand(id, body.Code, body.Title, body.Ceus, body.Area, body.ApprovedFrom, body.ApprovedUntil, body.ActivityId), ct);
                return TypedResults.Created($"/api/v1/providers/{id}/courses", course);
            })
            .WithSummary("Add a course (code unique per provider, CEU value, area, approval period, optional xAPI activity id)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        staff.MapPost("/{id:guid}/keys", async Task<Created<IssuedApiKeyResponse>> (Guid id, IssueKeyBody? body, IMediator mediator, CancellationToken ct) =>
            {
                var key = await mediator.Send(new IssueApiKeyCommand(id, body?.Name), ct);
                return TypedResults.Created($"/api/v1/staff/providers/{id}/keys/{key.Id}", key);
            })
            .WithSummary("Issue an API key for the provider; the key is shown in this answer only (several may be active to rotate)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        staff.MapGet("/{id:guid}/keys", async Task<Ok<IReadOnlyList<ApiKeyResponse>>> (Guid id, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new ListApiKeysQuery(id), ct)))
            .WithSummary("The provider's API keys (prefixes only)")
            .ProducesProblem(StatusCodes.Status404NotFound);

        staff.MapDelete("/{id:guid}/keys/{keyId:guid}", async Task<Ok<ApiKeyResponse>> (Guid id, Guid keyId, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new RevokeApiKeyCommand(id, keyId), ct)))
            .WithSummary("Revoke an API key at once")
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet("/api/v1/provider/courses", async Task<Ok<IReadOnlyList<CourseResponse>>> (ClaimsPrincipal user, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new ListCoursesQuery(user.ProviderId()), ct)))
            .WithTags("Partner API: completions")
            .WithSummary("The calling provider's courses and their approval periods (provider key or portal session)")
            .RequireAuthorization(ProviderAuth.KeyOrSessionPolicy)
            .RequireRateLimiting(PartnerSetup.RateLimitPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        app.MapProviderPortalEndpoints();
    }
}

public sealed record CourseBody(string Code, string Title, decimal Ceus, CeuArea Area, DateOnly ApprovedFrom, DateOnly ApprovedUntil, string? ActivityId);

public sealed record IssueKeyBody(string? Name);

public sealed record ProviderBody(string Name, string? ContactName, string ContactEmail, DateOnly ApprovedFrom, DateOnly ApprovedUntil);

public sealed record CourseUpdateBody(string Title, decimal Ceus, CeuArea Area, DateOnly ApprovedFrom, DateOnly ApprovedUntil, string? ActivityId);
