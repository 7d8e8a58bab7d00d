using System.Text.RegularExpressions;
using Microsoft.Net.Http.Headers;

namespace Recert.Api.Features.Documents;

/// <summary>
/// Headers for showing an uploaded file inside the SPA. The bytes were sniffed at upload (PDF, PNG or JPEG only) and are
/// served with that type and nosniff, so a browser never reads them as HTML. The response carries its own policy: nothing
/// may load or run from it, and only Recert's own pages may frame it. Images are also sandboxed (a unique origin without
/// scripts); PDFs are not, because Chromium refuses to run its PDF viewer in a sandboxed document; the SPA shows them in
/// an iframe under <c>default-src 'none'</c>, where a PDF's own scripts cannot reach the application's origin.
/// </summary>
public static partial class DocumentViewing
{
    public const string Route = "/{id:guid}/view";

    public const string ImagePolicy = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'; sandbox";

    public const string PdfPolicy = "default-src 'none'; object-src 'self'; plugin-types application/pdf; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

    /// <summary>The general security headers (X-Frame-Options DENY, frame-ancestors 'none') are replaced on these paths only.</summary>
    public static bool IsViewPath(PathString path) => path.HasValue && ViewPath().IsMatch(path.Value!);

    public static void SetHeaders(HttpResponse response, DocumentContent document)
    {
        response.Headers.ContentSecurityPolicy = document.ContentType == "application/pdf" ? PdfPolicy : ImagePolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.XFrameOptions = "SAMEORIGIN";
        response.Headers.CacheControl = "private, no-store";
        response.Headers["Cross-Origin-Resource-Policy"] = "same-origin";
        var disposition = new ContentDispositionHeaderValue("inline");
        disposition.SetHttpFileName(document.FileName);
        response.Headers.ContentDisposition = disposition.ToString();
    }

    [GeneratedRegex("^/api/v1/documents/[0-9a-fA-F-]{36}/view/?$")]
    private static partial Regex ViewPath();
}
