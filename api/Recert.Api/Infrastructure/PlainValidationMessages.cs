using System.Text.RegularExpressions;
using FluentValidation.Results;

namespace Recert.Api.Infrastructure;

/// <summary>
/// FluentValidation's default messages ("'Email' must not be empty.") in plain words ("Enter your email."). A rule with
/// its own WithMessage keeps it; only the defaults, which start with the quoted property name (or "The length of '…'"),
/// are rewritten.
/// </summary>
public static partial class PlainValidationMessages
{
    /// <summary>How a field is named in a sentence; others are their words in lower case after "the".</summary>
    static readonly Dictionary<string, string> Phrases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Email"] = "your email",
        ["NewEmail"] = "the new email address",
        ["Password"] = "your password",
        ["CurrentPassword"] = "your current password",
        ["NewPassword"] = "a new password",
        ["FirstName"] = "your first name",
        ["LastName"] = "your last name",
        ["Reason"] = "a reason",
        ["Reasons"] = "a reason",
        ["Note"] = "the note",
        ["Code"] = "the code",
        ["Token"] = "the link's code",
        ["PaymentToken"] = "your card details",
        ["Number"] = "the certification number",
        ["CertificationNumber"] = "the certification number",
        ["Search"] = "the search",
        ["Name"] = "a name",
        ["ContactEmail"] = "the contact's email",
        ["ContactName"] = "the contact's name",
        ["Ceus"] = "the CEUs",
        ["Url"] = "the URL",
        ["ActivityId"] = "the activity id",
    };

    /// <summary>Fields chosen from a list or a file picker: "Choose …" rather than "Enter …".</summary>
    static readonly HashSet<string> Chosen = new(StringComparer.OrdinalIgnoreCase)
    {
        "Area", "Kind", "Plan", "Provider", "Source", "DocumentId", "FrontDocumentId", "BackDocumentId", "State", "Status", "Queue",
    };

    public static ValidationFailure Rewrite(ValidationFailure failure)
    {
        if (!failure.ErrorMessage.StartsWith('\'') && !failure.ErrorMessage.StartsWith("The length of '", StringComparison.Ordinal))
        {
            return failure;
        }

        var property = LastSegment(failure.PropertyName);
        var phrase = Phrase(property);
        var values = failure.FormattedMessagePlaceholderValues ?? new Dictionary<string, object>();
        string Value(string key) => values.TryGetValue(key, out var value) ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "" : "";

        var message = failure.ErrorCode switch
        {
            "NotEmptyValidator" or "NotNullValidator" => $"{(Chosen.Contains(property) ? "Choose" : "Enter")} {phrase}.",
            "MaximumLengthValidator" or "LengthValidator" => $"Keep {phrase} to {Value("MaxLength")} characters or fewer.",
            "MinimumLengthValidator" => $"Make {phrase} at least {Value("MinLength")} characters long.",
            "EmailValidator" => "Enter an email address like name@example.com.",
            "EnumValidator" => $"Choose {phrase} from the options offered.",
            "InclusiveBetweenValidator" => $"Enter {phrase} from {Value("From")} to {Value("To")}.",
            "GreaterThanOrEqualValidator" => $"Enter {phrase} of {Value("ComparisonValue")} or more.",
            "GreaterThanValidator" => $"Enter {phrase} of more than {Value("ComparisonValue")}.",
            "LessThanOrEqualValidator" => $"Enter {phrase} of {Value("ComparisonValue")} or less.",
            "LessThanValidator" => $"Enter {phrase} of less than {Value("ComparisonValue")}.",
            "RegularExpressionValidator" => $"{Capitalise(phrase)} is not in the expected format.",
            _ => $"{Capitalise(phrase)}{QuotedName().Replace(failure.ErrorMessage, "", 1)}",
        };
        return new ValidationFailure(failure.PropertyName, message, failure.AttemptedValue)
        {
            ErrorCode = failure.ErrorCode,
            Severity = failure.Severity,
            CustomState = failure.CustomState,
            FormattedMessagePlaceholderValues = failure.FormattedMessagePlaceholderValues,
        };
    }

    public static string Phrase(string property)
    {
        if (Phrases.TryGetValue(property, out var phrase))
        {
            return phrase;
        }

        var words = Words().Replace(property, " $1").Trim().ToLowerInvariant();
        return "the " + (words.EndsWith(" id", StringComparison.Ordinal) ? words[..^3] : words);
    }

    static string LastSegment(string propertyName)
    {
        var name = propertyName.Split('.').Last();
        var bracket = name.IndexOf('[', StringComparison.Ordinal);
        return bracket < 0 ? name : name[..bracket];
    }

    static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    [GeneratedRegex("(?<=[a-z0-9])([A-Z])")]
    private static partial Regex Words();

    [GeneratedRegex("^'[^']*'")]
    private static partial Regex QuotedName();
}
