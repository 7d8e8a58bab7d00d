using System.Security.Cryptography;
using System.Text;
using Dapper;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Xapi;

public static class XapiMbox
{
    /// <summary>The mbox_sha1sum of an email (xAPI Data 2.4.2.3): SHA-1 of its mailto IRI, lower-case hex. Emails are compared lower-case.</summary>
    public static string Sha1Sum(string email)
        => Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes("mailto:" + email.Trim().ToLowerInvariant())));

    /// <summary>The email of an mbox IRI ("mailto:dana@example.test"), or null if it is not one.</summary>
    public static string? Email(string? mbox)
    {
        if (mbox is null || !mbox.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var email = mbox["mailto:".Length..].Trim();
        var at = email.IndexOf('@');
        return at > 0 && at < email.Length - 1 && email.Length <= 254 && !email.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) ? email : null;
    }
}

/// <summary>
/// Which certification an email actor is: only a certification whose holder's account has that email verified, and only if
/// exactly one does. Unverified account emails and the email on the certification record are never trusted: anyone can
/// type any address there, and a completion would be credited to whoever typed it.
/// </summary>
public sealed class VerifiedHolderEmails(DbSession db)
{
    public async Task<Dictionary<string, string>> CertificationNumbersBySha1SumAsync(IReadOnlyCollection<string> sha1Sums, CancellationToken cancellationToken)
    {
        if (sha1Sums.Count == 0)
        {
            return [];
        }

        const string findByVerifiedEmail = """
            select m.sha1sum, min(c.number) as number
            from (select encode(digest('mailto:' || lower(u.email), 'sha1'), 'hex') as sha1sum, u.id
                  from users u where u.email_verified_at is not null) m
            join certifications c on c.user_id = m.id
            where m.sha1sum = any (@Sha1Sums)
            group by m.sha1sum
            having count(*) = 1
            """;
        var rows = await db.Connection.QueryAsync<(string Sha1Sum, string Number)>(db.Command(findByVerifiedEmail, new { Sha1Sums = sha1Sums.ToArray() }, cancellationToken));
        return rows.ToDictionary(r => r.Sha1Sum, r => r.Number, StringComparer.Ordinal);
    }
}
