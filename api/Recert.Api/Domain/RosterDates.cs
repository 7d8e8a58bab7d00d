using System.Globalization;

namespace Recert.Api.Domain;

/// <summary>How the text dates of one upload are written. ISO 8601 (YYYY-MM-DD) is always understood as well; nothing is guessed.</summary>
public enum RosterDateFormat
{
    Iso,
    MonthDayYear,
    DayMonthYear,
}

public static class RosterDates
{
    public static readonly IReadOnlyDictionary<string, RosterDateFormat> Names = new Dictionary<string, RosterDateFormat>(StringComparer.Ordinal)
    {
        ["yyyy-MM-dd"] = RosterDateFormat.Iso,
        ["MM/dd/yyyy"] = RosterDateFormat.MonthDayYear,
        ["dd/MM/yyyy"] = RosterDateFormat.DayMonthYear,
    };

    public static bool TryParseFormat(string? name, out RosterDateFormat format)
    {
        format = RosterDateFormat.Iso;
        return string.IsNullOrEmpty(name) || Names.TryGetValue(name.Trim(), out format);
    }

    /// <summary>A text date: YYYY-MM-DD, or the upload's declared format (one- or two-digit day and month, four-digit year).</summary>
    public static bool TryParse(string text, RosterDateFormat format, out DateOnly date)
    {
        var value = text.Trim();
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            return true;
        }

        string[] patterns = format switch
        {
            RosterDateFormat.MonthDayYear => ["M/d/yyyy"],
            RosterDateFormat.DayMonthYear => ["d/M/yyyy"],
            _ => [],
        };
        return patterns.Length > 0 && DateOnly.TryParseExact(value, patterns, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }

    public static string Describe(RosterDateFormat format) => format switch
    {
        RosterDateFormat.MonthDayYear => "YYYY-MM-DD or MM/DD/YYYY (the upload's dateFormat)",
        RosterDateFormat.DayMonthYear => "YYYY-MM-DD or DD/MM/YYYY (the upload's dateFormat)",
        _ => "YYYY-MM-DD",
    };
}
