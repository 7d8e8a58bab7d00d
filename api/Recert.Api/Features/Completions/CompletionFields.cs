namespace Recert.Api.Features.Completions;

/// <summary>
/// The length and character rules of a completion's text fields, shared by every way a completion arrives (JSON
/// batch, CSV roster, xAPI statement), so a value refused in a batch is refused in a statement too.
/// </summary>
public static class CompletionFields
{
    public const int ExternalIdMax = 100;
    public const int CourseCodeMax = 50;
    public const int CertificationNumberMax = 32;
    public const int LastNameMax = 100;

    public static bool IsAcceptable(string value, int maxLength) => value.Length <= maxLength && !value.Any(char.IsControl);

    public static string Problem(string field, int maxLength) => $"{field} must be at most {maxLength} characters, without control characters.";
}
