namespace Recert.Api.Infrastructure;

public sealed class OrganisationOptions
{
    public string TimeZone { get; set; } = "America/Los_Angeles";
}

/// <summary>Calendar dates as the organisation sees them: every "received by" is judged in its time zone.</summary>
public sealed class OrganisationClock(TimeProvider timeProvider, Microsoft.Extensions.Options.IOptions<OrganisationOptions> options)
{
    readonly TimeZoneInfo zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);

    public string TimeZoneId => zone.Id;

    public DateTimeOffset Now => timeProvider.GetUtcNow().ToUniversalTime();

    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(timeProvider.GetUtcNow(), zone).DateTime);

    public DateTime LocalNow => TimeZoneInfo.ConvertTime(timeProvider.GetUtcNow(), zone).DateTime;
}
