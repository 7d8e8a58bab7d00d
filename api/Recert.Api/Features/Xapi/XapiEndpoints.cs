using System.Globalization;
using System.Security.Claims;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using Recert.Api.Features.Providers;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Xapi;

/// <summary>The versions of the xAPI About resource.</summary>
public sealed record XapiAbout(IReadOnlyList<string> Version);

public static class XapiEndpoints
{
    public const string VersionHeader = "X-Experience-API-Version";
    public const string ConsistentThroughHeader = "X-Experience-API-Consistent-Through";

    /// <summary>1.0.0 to 1.0.3 and IEEE 9274.1.1 (xAPI 2.0); the statements Recert reads have the same shape in both.</summary>
    public static readonly string[] Versions = ["2.0.0", "1.0.3", "1.0.2", "1.0.1", "1.0.0"];

    public static void MapXapiEndpoints(this IEndpointRouteBuilder app)
    {
        var xapi = app.MapGroup("/api/v1/xapi").WithTags("Partner API: xAPI");

        xapi.MapGet("/about", (HttpContext http) =>
            {
                http.Response.Headers[VersionHeader] = "1.0.3";
                return TypedResults.Ok(new XapiAbout(Versions));
            })
            .WithSummary("The xAPI versions this LRS endpoint accepts (xAPI About resource); no credentials needed")
            .AllowAnonymous();

        var statements = xapi.MapGroup("/statements")
            .RequireAuthorization(ProviderAuth.Policy)
            .RequireRateLimiting(PartnerSetup.RateLimitPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        statements.MapPost("", async Task<IResult> (HttpContext http, ClaimsPrincipal user, OrganisationClock clock, IMediator mediator, CancellationToken ct) =>
            {
                Negotiate(http, clock);
                var body = await XapiRequests.ReadStatementsAsync(http.Request, ct);
                var parsed = XapiStatementReader.Parse(body, clock.Zone, clock.Now);
                var result = await mediator.Send(new RecordStatementsCommand(user.ProviderId(), parsed), ct);
                return result.Handled.Count == 0 || !result.Changed ? Results.NoContent() : Results.Ok(result.Handled);
            })
            .WithSummary("Record xAPI statements (one or an array, JSON or multipart/mixed with attachments): completed/passed record a completion, voided (StatementRef) voids one; other verbs are not stored (204)")
            .WithDescription("The actor is an account whose name is the certification number, or an mbox / mbox_sha1sum that a certification's holder has verified " +
                             "(otherwise the completion is kept pending for that email); the last name comes from context.extensions[\"" + XapiVerbs.LastNameExtension +
                             "\"] or the last word of actor.name; object.id is the course's activityId; the completion date is the statement's timestamp in the organisation's time zone. " +
                             "Credentials: Bearer, or HTTP Basic (the key as password, or rcp_<prefix> as user and the rest as password). " +
                             "Answers the ids of the statements handled. A statement id already stored with the same content (xAPI comparison rules) is 204, no change; " +
                             "with other content 409 and nothing of the request is kept. Attachments (multipart/mixed parts after the statements) are accepted and not stored.")
            .Accepts<object>("application/json", "multipart/mixed")
            .Produces<IReadOnlyList<Guid>>()
            .Produces(StatusCodes.Status204NoContent)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        statements.MapGet("", async Task<ContentHttpResult> (HttpContext http, string? statementId, ClaimsPrincipal user, OrganisationClock clock, IMediator mediator, CancellationToken ct) =>
            {
                Negotiate(http, clock);
                if (http.Request.Query.Keys.Any(k => k != "statementId"))
                {
                    throw new FieldException("statementId", "Only ?statementId=<uuid> is supported: one statement this provider sent.");
                }

                if (!Guid.TryParse(statementId, out var id))
                {
                    throw new FieldException("statementId", "statementId is a statement's UUID.");
                }

                return TypedResults.Text(await mediator.Send(new GetStatementQuery(user.ProviderId(), id), ct), "application/json");
            })
            .WithSummary("One statement this provider sent (completed, passed or voided), as sent, so an LMS can confirm delivery; another provider's id is 404")
            .Produces<object>(contentType: "application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    /// <summary>The version header is required (xAPI Communication 3.3); the answer names the version the client speaks.</summary>
    static void Negotiate(HttpContext http, OrganisationClock clock)
    {
        var version = http.Request.Headers[VersionHeader].ToString().Trim();
        var speaks2 = version is "2.0" or "2.0.0";
        http.Response.Headers[VersionHeader] = speaks2 ? "2.0.0" : "1.0.3";
        http.Response.Headers[ConsistentThroughHeader] = clock.Now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        if (!speaks2 && version is not ("1.0" or "1.0.0" or "1.0.1" or "1.0.2" or "1.0.3"))
        {
            throw new FieldException(VersionHeader, $"Send the header {VersionHeader}: one of {string.Join(", ", Versions)}.");
        }
    }
}
