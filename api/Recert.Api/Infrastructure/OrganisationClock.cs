namespace Recert.Api.Infrastructure;

public sealed class OrganisationOptions
{
    public string TimeZone { get; set; } = "America/Los_Angeles";

    /// <summary>How people name the zone ("Pacific Time"); derived from the zone when not set.</summary>
    public string? TimeZoneLabel { get; set; }

    /// <summary>Where a certificant reaches the certification department (shown when only staff can help).</summary>
    public string ContactPhone { get; set; } = "800-460-6276";

    public string ContactEmail { get; set; } = "recertification@recert.local";
}

/// <summary>Calendar dates as the organisation sees them: every "received by" is judged in its time zone.</summary>
public sealed class OrganisationClock(TimeProvider timeProvider, Microsoft.Extensions.Options.IOptions<OrganisationOptions> options)
{
    readonly TimeZoneInfo zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);

    public string TimeZoneId => zone.Id;

    public TimeZoneInfo Zone => zone;

    /// <summary>"Pacific Time" for America/Los_Angeles: the generic name, neither standard nor daylight.</summary>
    public string TimeZoneLabel { get; } = options.Value.TimeZoneLabel
        ?? (TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone).StandardName is var name && name.Contains(" Standard ", StringComparison.Ordinal)
            ? name.Replace(" Standard ", " ", StringComparison.Ordinal)
            : name);

    public DateTimeOffset Now => timeProvider.GetUtcNow().ToUniversalTime();

    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(timeProvider.GetUtcNow(), zone).DateTime);

    public DateTime LocalNow => TimeZoneInfo.ConvertTime(timeProvider.GetUtcNow(), zone).DateTime;
}
