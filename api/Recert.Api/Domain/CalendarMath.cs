namespace Recert.Api.Domain;

/// <summary>
/// Calendar arithmetic that never throws: a rule asked about a date near the end of the calendar (a certification
/// expiring 9999-12-31 stored before inputs were bounded) answers with the last representable day instead of
/// overflowing. Inputs are bounded to 1900–2200 (Infrastructure/InputRules), so in practice these are plain additions.
/// </summary>
public static class CalendarMath
{
    public static DateOnly PlusDays(this DateOnly date, int days)
    {
        var dayNumber = (long)date.DayNumber + days;
        return dayNumber > DateOnly.MaxValue.DayNumber ? DateOnly.MaxValue
            : dayNumber < DateOnly.MinValue.DayNumber ? DateOnly.MinValue
            : DateOnly.FromDayNumber((int)dayNumber);
    }

    public static DateOnly PlusYears(this DateOnly date, int years)
    {
        var year = date.Year + years;
        return year > DateOnly.MaxValue.Year ? DateOnly.MaxValue
            : year < DateOnly.MinValue.Year ? DateOnly.MinValue
            : date.AddYears(years);
    }

    /// <summary><paramref name="date"/> &lt; <paramref name="start"/> + <paramref name="years"/>, true when that anniversary lies past the calendar's end.</summary>
    public static bool IsBeforeAnniversary(this DateOnly date, DateOnly start, int years)
        => start.Year + years > DateOnly.MaxValue.Year || date < start.AddYears(years);
}
