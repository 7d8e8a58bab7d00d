using Microsoft.AspNetCore.Http.HttpResults;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Organisation;

/// <summary>What the SPA needs to speak the organisation's calendar: its time zone, the zone's name, and how to reach it.</summary>
public sealed record OrganisationResponse(string TimeZone, string TimeZoneLabel, DateOnly Today, string ContactPhone, string ContactEmail);

public static class OrganisationEndpoints
{
    public static void MapOrganisationEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/organisation", Ok<OrganisationResponse> (OrganisationClock clock, Microsoft.Extensions.Options.IOptions<OrganisationOptions> options)
                => TypedResults.Ok(new OrganisationResponse(clock.TimeZoneId, clock.TimeZoneLabel, clock.Today, options.Value.ContactPhone, options.Value.ContactEmail)))
            .WithTags("Organisation")
            .WithSummary("The organisation's time zone (deadlines are end of day there), its label, today's date there, and how to contact the certification department")
            .AllowAnonymous();
    }
}
