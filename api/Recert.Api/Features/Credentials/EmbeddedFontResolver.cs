using PdfSharp.Fonts;

namespace Recert.Api.Features.Credentials;

/// <summary>
/// PDFsharp on Linux has no system fonts to fall back on: the PDFs use DejaVu Sans (Bitstream Vera licence, see
/// Fonts/LICENSE-DejaVu.txt), shipped inside the assembly so the output does not depend on the machine.
/// </summary>
public sealed class EmbeddedFontResolver : IFontResolver
{
    public const string Family = "DejaVu Sans";

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic)
        => new(bold ? "DejaVuSans-Bold" : "DejaVuSans");

    public byte[]? GetFont(string faceName)
    {
        using var stream = typeof(EmbeddedFontResolver).Assembly.GetManifestResourceStream($"Recert.Api.Fonts.{faceName}.ttf")
            ?? throw new InvalidOperationException($"Font {faceName} is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
