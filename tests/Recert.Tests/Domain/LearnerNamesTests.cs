using System.Text;
using Recert.Api.Domain;

namespace Recert.Tests.Domain;

public sealed class LearnerNamesTests
{
    static readonly string MunozNfc = "Mu\u00F1oz";
    static readonly string MunozNfd = "Mun\u0303oz";

    [TestCase("Rivera", "Rivera", true)]
    [TestCase("Rivera", "RIVERA", true)]
    [TestCase("  rivera ", "Rivera", true)]
    [TestCase("Mu\u00F1oz", "Mun\u0303oz", true, Description = "NFC against NFD (macOS export)")]
    [TestCase("MU\u00D1OZ", "mun\u0303oz", true)]
    [TestCase("Mu\u00F1oz", "Munoz", true, Description = "diacritics are not significant")]
    [TestCase("M\u00FCller", "Muller", true)]
    [TestCase("\u00C5str\u00F6m", "Astrom", true)]
    [TestCase("Smith-Jones", "Smith Jones", true, Description = "a hyphen and a space are one separator")]
    [TestCase("Smith-Jones", "Smith\u2010Jones", true, Description = "Unicode hyphen")]
    [TestCase("Smith - Jones", "Smith-Jones", true)]
    [TestCase("O' Neil", "O'Neil", true)]
    [TestCase("O'Neil", "O\u2019Neil", true, Description = "typographic apostrophe")]
    [TestCase("Van  der Berg", "van der berg", true)]
    [TestCase("Smith-Jones", "SmithJones", false, Description = "a separator is significant")]
    [TestCase("DeLuca", "De Luca", false)]
    [TestCase("O'Neil", "ONeil", false)]
    [TestCase("Smith", "Smith-Jones", false)]
    [TestCase("Rivera", "Riviera", false)]
    [TestCase("Rivera", "", false)]
    [TestCase("L\u00F8kke", "Lokke", false, Description = "\u00F8 is a letter of its own, not o with a mark")]
    public void Last_names_match_as_documented(string certified, string sent, bool same)
        => Assert.That(LearnerNames.Same(certified, sent), Is.EqualTo(same));

    [Test]
    public void Null_never_matches_and_the_comparable_form_is_NFC()
    {
        Assert.That(LearnerNames.Same(null, "Rivera"), Is.False);
        Assert.That(LearnerNames.Same("Rivera", null), Is.False);
        Assert.That(MunozNfd.IsNormalized(NormalizationForm.FormC), Is.False);
        Assert.That(LearnerNames.Comparable(MunozNfd), Is.EqualTo(LearnerNames.Comparable(MunozNfc)));
        Assert.That(LearnerNames.Comparable(" Smith -  Jones "), Is.EqualTo("SMITH JONES"));
    }
}

public sealed class RosterDatesTests
{
    [TestCase("2026-03-01", RosterDateFormat.Iso, "2026-03-01")]
    [TestCase("2026-03-01", RosterDateFormat.DayMonthYear, "2026-03-01", Description = "ISO is always understood")]
    [TestCase("2026-03-01", RosterDateFormat.MonthDayYear, "2026-03-01")]
    [TestCase("03/01/2026", RosterDateFormat.MonthDayYear, "2026-03-01")]
    [TestCase("3/1/2026", RosterDateFormat.MonthDayYear, "2026-03-01")]
    [TestCase("03/01/2026", RosterDateFormat.DayMonthYear, "2026-01-03")]
    [TestCase("31/12/2026", RosterDateFormat.DayMonthYear, "2026-12-31")]
    [TestCase("29/02/2028", RosterDateFormat.DayMonthYear, "2028-02-29", Description = "leap day")]
    [TestCase(" 12/31/2026 ", RosterDateFormat.MonthDayYear, "2026-12-31")]
    public void Text_dates_read_in_the_declared_format(string text, RosterDateFormat format, string expected)
    {
        Assert.That(RosterDates.TryParse(text, format, out var date), Is.True);
        Assert.That(date, Is.EqualTo(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [TestCase("03/01/2026", RosterDateFormat.Iso, Description = "never guessed")]
    [TestCase("31/12/2026", RosterDateFormat.MonthDayYear)]
    [TestCase("12/31/2026", RosterDateFormat.DayMonthYear)]
    [TestCase("29/02/2026", RosterDateFormat.DayMonthYear, Description = "not a leap year")]
    [TestCase("03/01/26", RosterDateFormat.MonthDayYear, Description = "two-digit years are ambiguous")]
    [TestCase("2026-3-1", RosterDateFormat.Iso)]
    [TestCase("01.03.2026", RosterDateFormat.DayMonthYear)]
    [TestCase("", RosterDateFormat.DayMonthYear)]
    public void Other_text_is_not_a_date(string text, RosterDateFormat format)
        => Assert.That(RosterDates.TryParse(text, format, out _), Is.False);

    [TestCase(null, true, RosterDateFormat.Iso)]
    [TestCase("", true, RosterDateFormat.Iso)]
    [TestCase("MM/dd/yyyy", true, RosterDateFormat.MonthDayYear)]
    [TestCase("dd/MM/yyyy", true, RosterDateFormat.DayMonthYear)]
    [TestCase("yyyy-MM-dd", true, RosterDateFormat.Iso)]
    [TestCase("mm/dd/yyyy", false, RosterDateFormat.Iso)]
    [TestCase("auto", false, RosterDateFormat.Iso)]
    public void Date_format_names(string? name, bool known, RosterDateFormat format)
    {
        Assert.That(RosterDates.TryParseFormat(name, out var parsed), Is.EqualTo(known));
        if (known)
        {
            Assert.That(parsed, Is.EqualTo(format));
        }
    }
}
