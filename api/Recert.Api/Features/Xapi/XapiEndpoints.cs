using System.Security.Claims;
using MediatR;
using Recert.Api.Features.Completions;
using Recert.Api.Features.Providers;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Xapi;

public static class XapiEndpoints
{
    public const string VersionHeader = "X-Experience-API-Version";

    public static void MapXapiEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/xapi/statements", async Task<IResult> (HttpContext http, ClaimsPrincipal user, OrganisationClock clock, IMediator mediator, CancellationToken ct) =>
            {
                http.Response.Headers[VersionHeader] = "1.0.3";
                var version = http.Request.Headers[VersionHeader].ToString();
                if (!version.StartsWith("1.0.", StringComparison.Ordinal) && version != "1.0")
                {
                    throw new FieldException(VersionHeader, "Send the header X-Experience-API-Version: 1.0.3 (any 1.0.x).");
                }

                if (!http.Request.HasJsonContentType())
                {
                    throw new BadHttpRequestException("Send statements as application/json.", StatusCodes.Status415UnsupportedMediaType);
                }

                var body = await CompletionBatchReader.ReadBodyAsync(http.Request, 512 * 1024, ct);
                var zone = TimeZoneInfo.FindSystemTimeZoneById(clock.TimeZoneId);
                var statements = XapiStatementReader.Parse(body, zone, clock.Now);
                var handled = await mediator.Send(new RecordStatementsCommand(user.ProviderId(), statements), ct);
                return handled.Count == 0 ? Results.NoContent() : Results.Ok(handled);
            })
            .WithTags("Partner API: xAPI")
            .WithSummary("Record xAPI statements (one or an array): completed/passed record a completion, voided (StatementRef) voids one; other verbs are not stored (204)")
            .WithDescription("The actor is an account whose name is the certification number; the last name comes from context.extensions[\"" + XapiVerbs.LastNameExtension +
                             "\"] or the last word of actor.name; object.id is the course's activityId; the completion date is the statement's timestamp in the organisation's time zone. " +
                             "Answers the ids of the statements handled. A statement id already recorded is 409 and nothing of the request is kept.")
            .RequireAuthorization(ProviderAuth.Policy)
            .RequireRateLimiting(PartnerSetup.RateLimitPolicy)
            .Accepts<object>("application/json")
            .Produces<IReadOnlyList<Guid>>()
            .Produces(StatusCodes.Status204NoContent)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
    }
}
