using System.Security.Claims;
using System.Text;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Recert.Api.Features.Providers;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Completions;

public static class CompletionEndpoints
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public static void MapCompletionEndpoints(this IEndpointRouteBuilder app)
    {
        var partner = app.MapGroup("/api/v1").WithTags("Partner API: completions")
            .RequireAuthorization(ProviderAuth.KeyOrSessionPolicy).RequireRateLimiting(PartnerSetup.RateLimitPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        partner.MapPost("/completions", async Task<IResult> (
                HttpContext http,
                [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey,
                ClaimsPrincipal user,
                IdempotentReplay replay,
                IMediator mediator,
                CancellationToken ct) =>
            {
                if (!http.Request.HasJsonContentType())
                {
                    throw new BadHttpRequestException("Send the batch as application/json.", StatusCodes.Status415UnsupportedMediaType);
                }

                var body = await CompletionBatchReader.ReadBodyAsync(http.Request, CompletionBatchReader.MaxBodyBytes, ct);
                var records = CompletionBatchReader.ParseJson(body);
                return await RecordAsync(http, user.ProviderId(), idempotencyKey, IdempotencyStore.RequestHash(http.Request.Method, http.Request.Path, body), records, replay, mediator, ct);
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

        partner.MapPost("/completions/roster/preview", async Task<Ok<RosterPreviewResponse>> (HttpContext http, ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
            {
                var upload = await RosterUpload.ReadAsync(http.Request, ct);
                var roster = RosterParser.Parse(upload.Content, upload.Options);
                return TypedResults.Ok(await mediator.Send(new PreviewRosterCommand(user.ProviderId(), roster), ct));
            })
            .WithSummary("Read a roster file exactly as /completions/roster does and say, per row, what sending it now would give; nothing is recorded")
            .WithDescription("The same file rules and errors as /completions/roster (400 for a missing column, 413, 415). Each row comes back with its fields as read " +
                             "and the expected result (accepted, duplicate, pending-learner or rejected with code and message).")
            .Accepts<string>("text/csv", "application/csv", "application/vnd.ms-excel", "text/plain", RosterUpload.XlsxMediaType, "application/octet-stream", "multipart/form-data")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        foreach (var (route, summary) in new[]
                 {
                     ("/completions/roster", "Upload a roster file, CSV or Excel .xlsx (decided by its content), as the body or as a multipart/form-data file; same per-row results"),
                     ("/completions/csv", "Upload a CSV roster (the same as /completions/roster, which takes .xlsx too)"),
                 })
        {
            partner.MapPost(route, async Task<IResult> (
                    HttpContext http,
                    [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey,
                    ClaimsPrincipal user,
                    IdempotentReplay replay,
                    IMediator mediator,
                    CancellationToken ct) =>
                {
                    var upload = await RosterUpload.ReadAsync(http.Request, ct);
                    var roster = RosterParser.Parse(upload.Content, upload.Options);
                    return await RecordAsync(http, user.ProviderId(), idempotencyKey, upload.RequestHash(http.Request.Method, http.Request.Path), roster.Records, replay, mediator, ct);
                })
                .WithSummary(summary)
                .WithDescription("Header row externalId,courseCode,certificationNumber,lastName,completedOn in any order; 1 to 1,000 rows; at most 2 MB. " +
                                 "CSV: UTF-8 (BOM or not), separator ',' ';' or tab detected, quoted fields, CRLF or LF. Excel: the first sheet; completedOn a date cell or text. " +
                                 "Text dates are YYYY-MM-DD, or the format named by dateFormat (query or form field: MM/dd/yyyy or dd/MM/yyyy). " +
                                 "Form uploads send the file in the field \"file\". Content that is neither CSV text nor .xlsx is 415.")
                // One Accepts: routing answers 415 for any content type it does not list.
                .Accepts<string>("text/csv", "application/csv", "application/vnd.ms-excel", "text/plain", RosterUpload.XlsxMediaType, "application/octet-stream", "multipart/form-data")
                .Produces<CompletionBatchResponse>()
                .ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status409Conflict)
                .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
                .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
                .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        }

        partner.MapGet("/completions", async Task<Ok<CompletionPage>> (DateTimeOffset? since, string? cursor, int? limit, string? state, string? search, ClaimsPrincipal user, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new ListCompletionsQuery(user.ProviderId(), since, cursor, limit ?? 100, state, search), ct)))
            .RequireIsoDates()
            .WithSummary("This provider's completions and their state, oldest change first; follow nextCursor (keyset pagination); since= filters by last change, state= by state, search= by externalId or certification number")
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
        string requestHash,
        IReadOnlyList<CompletionRecord> records,
        IdempotentReplay replay,
        IMediator mediator,
        CancellationToken ct)
    {
        idempotencyKey = IdempotencyStore.Normalize(idempotencyKey);
        if (idempotencyKey is not null)
        {
            IdempotencyStore.Validate(idempotencyKey);
        }

        var response = await mediator.Send(new RecordCompletionsCommand(providerId, records, idempotencyKey, requestHash), ct);
        if (replay.Answer is { } answer)
        {
            http.Response.Headers["Idempotent-Replayed"] = "true";
            return Results.Content(answer.Body, "application/json", Encoding.UTF8, answer.Status);
        }

        return TypedResults.Ok(response);
    }
}
