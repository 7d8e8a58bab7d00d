using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using QRCoder;
using Recert.Api.Domain;

namespace Recert.Api.Features.Credentials;

public sealed record PdfFile(byte[] Content, string FileName);

/// <summary>What a certificate or wallet card prints.</summary>
public sealed record CertificateContent(
    string OrganisationName,
    string HolderName,
    string Credential,
    string Number,
    DateOnly CycleStart,
    DateOnly ValidThrough,
    bool ForLife,
    DateOnly IssuedOn,
    VerificationStatus Status,
    string VerificationUrl);

/// <summary>The printable certificate (US Letter, landscape) and the credit-card-size wallet card (ISO/IEC 7810 ID-1).</summary>
public static class CertificateDocuments
{
    static readonly XColor Ink = XColor.FromArgb(0x1f, 0x2a, 0x44);
    static readonly XColor Warning = XColor.FromArgb(0xb0, 0x1c, 0x1c);

    /// <summary>The QR code as a 24-bit bitmap: PDFsharp's core build imports it losslessly (it does not read QRCoder's 1-bit PNGs).</summary>
    public static byte[] QrImage(string url, int pixelsPerModule = 8)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.M);
        return new BitmapByteQRCode(data).GetGraphic(pixelsPerModule);
    }

    /// <summary>Why this certificate no longer proves a current certification, or null while it does.</summary>
    public static string? StatusWarning(VerificationStatus status, DateOnly validThrough) => status switch
    {
        VerificationStatus.ExpiredInGrace => $"EXPIRED on {HumanDates.Date(validThrough)}: in the grace period, not currently certified.",
        VerificationStatus.Lapsed => $"LAPSED: this certification expired on {HumanDates.Date(validThrough)} and can no longer be renewed.",
        VerificationStatus.Revoked => "REVOKED: this certification has been revoked by the certification body.",
        _ => null,
    };

    public static byte[] Certificate(CertificateContent content)
    {
        using var document = NewDocument($"Certificate {content.Number}");
        var page = document.AddPage();
        page.Size = PageSize.Letter;
        page.Orientation = PageOrientation.Landscape;
        using (var gfx = XGraphics.FromPdfPage(page))
        {
            var width = page.Width.Point;
            var height = page.Height.Point;
            var ink = new XSolidBrush(Ink);
            gfx.DrawRectangle(new XPen(Ink, 3), 24, 24, width - 48, height - 48);
            gfx.DrawRectangle(new XPen(Ink, 0.75), 32, 32, width - 64, height - 64);

            Centered(gfx, content.OrganisationName, Font(18, bold: true), ink, width, 70);
            Centered(gfx, "Certificate of Certification", Font(30, bold: true), ink, width, 115);
            Centered(gfx, "This certifies that", Font(13), XBrushes.Black, width, 170);
            Centered(gfx, content.HolderName, Font(32, bold: true), ink, width, 200);
            Centered(gfx, "holds the credential", Font(13), XBrushes.Black, width, 255);
            Centered(gfx, content.Credential, Font(20, bold: true), ink, width, 280);

            var details = new (string Label, string Value)[]
            {
                ("Certification number", content.Number),
                ("Cycle", $"{HumanDates.Date(content.CycleStart)} to {HumanDates.Date(content.ValidThrough)}"),
                ("Valid through", HumanDates.Date(content.ValidThrough) + (content.ForLife ? " (Certify for Life plan)" : string.Empty)),
                ("Date of issue", HumanDates.Date(content.IssuedOn)),
            };
            var y = 335.0;
            foreach (var (label, value) in details)
            {
                gfx.DrawString(label, Font(11), XBrushes.DimGray, new XRect(70, y, 150, 16), XStringFormats.TopLeft);
                gfx.DrawString(value, Font(12, bold: true), XBrushes.Black, new XRect(220, y, 330, 16), XStringFormats.TopLeft);
                y += 24;
            }

            if (StatusWarning(content.Status, content.ValidThrough) is { } warning)
            {
                gfx.DrawRectangle(new XSolidBrush(Warning), 60, y + 8, width - 120, 30);
                Centered(gfx, warning, Font(13, bold: true), XBrushes.White, width, y + 15);
            }

            using var qr = XImage.FromStream(new MemoryStream(QrImage(content.VerificationUrl)));
            const double qrSize = 130;
            gfx.DrawImage(qr, width - 70 - qrSize, 325, qrSize, qrSize);
            gfx.DrawString("Scan to verify", Font(9), XBrushes.DimGray, new XRect(width - 70 - qrSize, 458, qrSize, 12), XStringFormats.TopCenter);
            Centered(gfx, $"Verify at {content.VerificationUrl}", Font(9), XBrushes.DimGray, width, height - 62);
        }

        return Save(document);
    }

    public static byte[] WalletCard(CertificateContent content)
    {
        using var document = NewDocument($"Wallet card {content.Number}");
        var page = document.AddPage();
        page.Width = XUnit.FromMillimeter(85.6);
        page.Height = XUnit.FromMillimeter(53.98);
        using (var gfx = XGraphics.FromPdfPage(page))
        {
            var width = page.Width.Point;
            var height = page.Height.Point;
            var ink = new XSolidBrush(Ink);
            gfx.DrawRectangle(ink, 0, 0, width, 24);
            gfx.DrawString(content.OrganisationName, Font(8, bold: true), XBrushes.White, new XRect(8, 7, width - 16, 12), XStringFormats.TopLeft);
            gfx.DrawString(content.HolderName, Font(10, bold: true), XBrushes.Black, new XRect(8, 32, width - 80, 14), XStringFormats.TopLeft);
            gfx.DrawString(content.Credential, Font(6.5), XBrushes.Black, new XRect(8, 48, width - 80, 10), XStringFormats.TopLeft);
            gfx.DrawString($"No. {content.Number}", Font(7, bold: true), XBrushes.Black, new XRect(8, 64, width - 80, 10), XStringFormats.TopLeft);
            gfx.DrawString($"Valid through {HumanDates.Date(content.ValidThrough)}", Font(7), XBrushes.Black, new XRect(8, 76, width - 80, 10), XStringFormats.TopLeft);
            if (content.ForLife)
            {
                gfx.DrawString("Certify for Life plan", Font(6.5), XBrushes.DimGray, new XRect(8, 88, width - 80, 10), XStringFormats.TopLeft);
            }

            if (content.Status != VerificationStatus.Active)
            {
                gfx.DrawRectangle(new XSolidBrush(Warning), 8, 102, width - 84, 13);
                gfx.DrawString(content.Status.ToString().ToUpperInvariant() switch { "EXPIREDINGRACE" => "EXPIRED (GRACE PERIOD)", var s => s },
                    Font(7, bold: true), XBrushes.White, new XRect(10, 104, width - 88, 10), XStringFormats.TopLeft);
            }

            using var qr = XImage.FromStream(new MemoryStream(QrImage(content.VerificationUrl, 6)));
            const double qrSize = 64;
            gfx.DrawImage(qr, width - qrSize - 6, 30, qrSize, qrSize);
            gfx.DrawString("Scan to verify", Font(5.5), XBrushes.DimGray, new XRect(width - qrSize - 6, 96, qrSize, 8), XStringFormats.TopCenter);
            gfx.DrawString($"Issued {HumanDates.Date(content.IssuedOn)}", Font(5.5), XBrushes.DimGray, new XRect(8, height - 14, width - 16, 8), XStringFormats.TopLeft);
        }

        return Save(document);
    }

    internal static PdfDocument NewDocument(string title)
    {
        var document = new PdfDocument();
        document.Info.Title = title;
        document.Info.Creator = "Recert";
        return document;
    }

    internal static XFont Font(double size, bool bold = false)
        => new(EmbeddedFontResolver.Family, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular);

    internal static byte[] Save(PdfDocument document)
    {
        using var stream = new MemoryStream();
        document.Save(stream, false);
        return stream.ToArray();
    }

    static void Centered(XGraphics gfx, string text, XFont font, XBrush brush, double width, double top)
        => gfx.DrawString(text, font, brush, new XRect(40, top, width - 80, font.Size * 1.3), XStringFormats.TopCenter);
}
