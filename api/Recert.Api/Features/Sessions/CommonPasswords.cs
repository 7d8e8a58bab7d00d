using Recert.Api.Domain;

namespace Recert.Api.Features.Sessions;

/// <summary>
/// The shipped list of the most common breached passwords (Resources/common-passwords.txt, 49,233 entries from the
/// zxcvbn-ts common-language package, MIT — see common-passwords.LICENSE.txt), lower-cased, read once.
/// </summary>
public static class CommonPasswords
{
    static readonly Lazy<IReadOnlySet<string>> List = new(Load);

    public static IReadOnlySet<string> All => List.Value;

    public static PasswordPolicy Policy() => new(All);

    static IReadOnlySet<string> Load()
    {
        using var stream = typeof(CommonPasswords).Assembly.GetManifestResourceStream("Recert.Api.Resources.common-passwords.txt")
            ?? throw new InvalidOperationException("The embedded list of common passwords is missing.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                set.Add(line);
            }
        }

        return set;
    }
}
