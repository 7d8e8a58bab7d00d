using Dapper;
using Recert.Api.Features.Certifications;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Documents;

public static class DocumentStore
{
    public const int MaxBytes = 10 * 1024 * 1024;

    /// <summary>A document may be attached to a certification's records by the one who uploaded it, if that is the holder or staff.</summary>
    public static async Task EnsureUsableAsync(DbSession db, Guid documentId, CertificationRow certification, Guid? currentUserId, string field, CancellationToken cancellationToken)
    {
        const string sql = "select owner_user_id from documents where id = @Id";
        var owner = await db.Connection.QuerySingleOrDefaultAsync<Guid?>(db.Command(sql, new { Id = documentId }, cancellationToken));
        if (owner is null || (owner != certification.UserId && owner != currentUserId))
        {
            throw new FieldException(field, "No such document: upload it first with POST /api/v1/documents.");
        }
    }
}

/// <summary>Trusts the bytes, not the declared type or the file name.</summary>
public static class ContentSniffer
{
    static readonly (string ContentType, string Extension, byte[] Magic)[] Signatures =
    [
        ("application/pdf", ".pdf", "%PDF-"u8.ToArray()),
        ("image/png", ".png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
        ("image/jpeg", ".jpg", [0xFF, 0xD8, 0xFF]),
    ];

    public static (string ContentType, string Extension)? Sniff(ReadOnlySpan<byte> content)
    {
        foreach (var (contentType, extension, magic) in Signatures)
        {
            if (content.StartsWith(magic))
            {
                return (contentType, extension);
            }
        }

        return null;
    }

    /// <summary>
    /// Keeps a display name only: no directories, no control characters, bounded length, and the extension of the
    /// detected type (a PDF sent as invoice.html is stored as invoice.pdf, so no download is ever opened as HTML).
    /// </summary>
    public static string SafeFileName(string? fileName, string extension)
    {
        var name = Path.GetFileName((fileName ?? string.Empty).Replace('\\', '/'));
        name = new string(name.Where(c => !char.IsControl(c) && c is not ('"' or '/' or '\\' or ':' or '<' or '>' or '|' or '*' or '?')).ToArray()).Trim(' ', '.');
        var stem = Path.GetFileNameWithoutExtension(name).Trim(' ', '.');
        if (stem.Length == 0)
        {
            stem = "document";
        }

        return (stem.Length <= 120 - extension.Length ? stem : stem[..(120 - extension.Length)]) + extension;
    }
}
