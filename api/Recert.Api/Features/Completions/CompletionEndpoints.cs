using System.Security.Claims;
using System.Text;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Recert.Api.Features.Providers;

namespace Recert.Api.Features.Completions;

public static class CompletionEndpoints
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public static void MapCompletionEndpoints(this IEndpointRouteBuilder app)
    {
        var partner = app.MapGroup("/api/v1").WithTags("Partner API: completions")
            .RequireAuthorization(ProviderAuth.Policy).RequireRateLimiting(PartnerSetup.RateLimitPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        partner.MapPost("/completions", async Task<IResult> (
                HttpContext http,
                [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey,
                ClaimsPrincipal user,
                IdempotencyStore idempotency,
                IMediator mediator,
                CancellationToken ct) =>
            {
                if (!http.Request.HasJsonContentType())
                {
                    throw new BadHttpRequestException("Send the batch as application/json.", StatusCodes.Status415UnsupportedMediaType);
                }

                var body = await CompletionBatchReader.ReadBodyAsync(http.Request, CompletionBatchReader.MaxBodyBytes, ct);
                return await RecordAsync(http, user.ProviderId(), idempotencyKey, body, CompletionBatchReader.ParseJson(body), idempotency, mediator, ct);
            })
            .WithSummary("Push a batch of 1 to 1,000 completions; one result per record (accepted, duplicate, pending-learner or rejected with a code). Idempotency-Key honoured.")
            .WithDescription("A record's problems never fail the batch: each gets its own result. Only a malformed envelope (not JSON, not an array, more than 1,000 records) is a 400. " +
                             "With an Idempotency-Key (kept 24 hours per provider), the same key and body replay the first answer (header Idempotent-Replayed: true), " +
                             "a different body is 422 and a request still in flight with the key is 409.")
            .Accepts<CompletionBatchRequest>("application/json")
            .Produces<CompletionBatchResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        partner.MapPost("/completions/csv", async Task<IResult> (
                HttpContext http,
                [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey,
                ClaimsPrincipal user,
                IdempotencyStore idempotency,
                IMediator mediator,
                CancellationToken ct) =>
            {
                var mediaType = http.Request.ContentType?.Split(';')[0].Trim();
                if (!string.Equals(mediaType, "text/csv", StringComparison.OrdinalIgnoreCase) && !string.Equals(mediaType, "text/plain", StringComparison.OrdinalIgnoreCase))
                {
                    throw new BadHttpRequestException("Send the roster as text/csv (UTF-8).", StatusCodes.Status415UnsupportedMediaType);
                }

                var body = await CompletionBatchReader.ReadBodyAsync(http.Request, CompletionBatchReader.MaxBodyBytes, ct);
                return await RecordAsync(http, user.ProviderId(), idempotencyKey, body, CompletionBatchReader.ParseCsv(body), idempotency, mediator, ct);
            })
            .WithSummary("Upload a CSV roster (header externalId,courseCode,certificationNumber,lastName,completedOn; 1 to 1,000 rows, at most 2 MB); same per-row results")
            .Accepts<string>("text/csv")
            .Produces<CompletionBatchResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        partner.MapGet("/completions", async Task<Ok<CompletionPage>> (DateTimeOffset? since, string? cursor, int? limit, ClaimsPrincipal user, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new ListCompletionsQuery(user.ProviderId(), since, cursor, limit ?? 100), ct)))
            .WithSummary("This provider's completions and their state, oldest change first; follow nextCursor (keyset pagination); since= filters by last change")
            .ProducesValidationProblem();

        partner.MapGet("/completions/{externalId}", async Task<Ok<CompletionResponse>> (string externalId, ClaimsPrincipal user, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new GetCompletionQuery(user.ProviderId(), externalId), ct)))
            .WithSummary("One of this provider's completions by its externalId, with its state")
            .ProducesProblem(StatusCodes.Status404NotFound);

        partner.MapDelete("/completions/{externalId}", async Task<Ok<CompletionResponse>> (string externalId, ClaimsPrincipal user, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new VoidCompletionCommand(user.ProviderId(), externalId), ct)))
            .WithSummary("Void a completion: its CEU ledger entry stops counting (409 once used in an approved renewal)")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        partner.MapGet("/learners/{certificationNumber}", async Task<Ok<LearnerCheckResponse>> (string certificationNumber, string? lastName, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new CheckLearnerQuery(certificationNumber, lastName ?? ""), ct)))
            .WithSummary("At enrolment: whether the certification number and last name match, and the certification's status; nothing more")
            .ProducesValidationProblem();
    }

    static async Task<IResult> RecordAsync(
        HttpContext http,
        Guid providerId,
        string? idempotencyKey,
        byte[] body,
        IReadOnlyList<CompletionRecord> records,
        IdempotencyStore idempotency,
        IMediator mediator,
        CancellationToken ct)
    {
        if (idempotencyKey is null)
        {
            return TypedResults.Ok(await mediator.Send(new RecordCompletionsCommand(providerId, records, null), ct));
        }

        var requestHash = IdempotencyStore.RequestHash(http.Request.Method, http.Request.Path, body);
        var claim = await idempotency.ClaimAsync(providerId, idempotencyKey, requestHash, ct);
        if (!claim.Owner)
        {
            http.Response.Headers["Idempotent-Replayed"] = "true";
            return Results.Content(claim.ReplayBody, "application/json", Encoding.UTF8, claim.ReplayStatus);
        }

        try
        {
            return TypedResults.Ok(await mediator.Send(new RecordCompletionsCommand(providerId, records, idempotencyKey), ct));
        }
        catch
        {
            await idempotency.ReleaseAsync(providerId, idempotencyKey);
            throw;
        }
    }
}
