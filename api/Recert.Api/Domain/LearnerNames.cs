using System.Globalization;
using System.Text;

namespace Recert.Api.Domain;

/// <summary>
/// Whether the last name a provider sent is the certification's. Providers' systems disagree about how a name is written,
/// not about whose it is: Unicode form (macOS exports NFD), letter case, surrounding and doubled spaces, the kind of
/// hyphen or apostrophe, a hyphen written as a space ("Smith Jones" for "Smith-Jones"), and diacritics an LMS or an ASCII-only
/// export dropped are all insignificant. Letters, their order and the presence of a separator are significant: "Smith" is
/// not "Smith-Jones", "DeLuca" is not "De Luca", "O'Neil" is not "ONeil".
/// </summary>
public static class LearnerNames
{
    public static bool Same(string? a, string? b)
        => a is not null && b is not null && string.Equals(Comparable(a), Comparable(b), StringComparison.Ordinal);

    /// <summary>The form two names are compared in: NFD without combining marks, a run of spaces and hyphens one space, apostrophes one kind, upper case, NFC.</summary>
    public static string Comparable(string name)
    {
        var decomposed = name.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        var pendingSeparator = '\0';
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format)
            {
                continue;
            }

            var separator = category switch
            {
                UnicodeCategory.SpaceSeparator or UnicodeCategory.DashPunctuation => ' ',
                _ when c is '\'' or '\u2019' or '\u2018' or '\u02BC' or '`' or '\u00B4' => '\'',
                _ when char.IsWhiteSpace(c) => ' ',
                _ => '\0',
            };
            if (separator != '\0')
            {
                // A run of separators is one; an apostrophe in the run outranks a space ("O' Neil" is "O'Neil").
                pendingSeparator = pendingSeparator == '\'' ? pendingSeparator : separator;
                continue;
            }

            if (pendingSeparator != '\0' && builder.Length > 0)
            {
                builder.Append(pendingSeparator);
            }

            pendingSeparator = '\0';
            builder.Append(char.ToUpperInvariant(c));
        }

        return builder.ToString().Normalize(NormalizationForm.FormC);
    }
}
