namespace Recert.Api.Domain;

/// <summary>Why a password is refused; the code is machine-readable, the message is shown to the person.</summary>
public sealed record PasswordRefusal(string Code, string Message);

/// <summary>
/// NIST SP 800-63B §5.1.1.2 memorized secrets: a length floor (higher for staff, whose accounts see every trainer's
/// documents), a 128-character ceiling, no composition rules, and refusal of passwords known from breaches or derived
/// from the account's own email. Length counts Unicode code points, so an accented letter or an emoji is one character.
/// </summary>
public sealed class PasswordPolicy(IReadOnlySet<string> commonPasswords)
{
    public const int MinimumLength = 12;
    public const int StaffMinimumLength = 15;
    public const int MaximumLength = 128;

    // A local part of one or two characters ("jo@…") would refuse most passwords without making any of them safer.
    const int ShortestLocalPartChecked = 3;

    public PasswordRefusal? Check(string password, string email, bool staff)
    {
        var length = password.EnumerateRunes().Count();
        var minimum = staff ? StaffMinimumLength : MinimumLength;
        if (length < minimum || length > MaximumLength)
        {
            return new PasswordRefusal("password.length", $"Use a password of {minimum} to {MaximumLength} characters{(staff ? " (staff accounts)" : string.Empty)}.");
        }

        if (commonPasswords.Contains(password.Trim().ToLowerInvariant()))
        {
            return new PasswordRefusal("password.common", "This password is one of the most common passwords found in breaches: choose another.");
        }

        var localPart = email.Trim().Split('@')[0];
        if (localPart.Length >= ShortestLocalPartChecked && password.Contains(localPart, StringComparison.OrdinalIgnoreCase))
        {
            return new PasswordRefusal("password.contains-email", "The password must not contain your email address.");
        }

        return null;
    }
}
