using System.IO.Compression;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using UglyToad.PdfPig;
using ZXing;
using ZXing.Common;

namespace Recert.Tests.Support;

/// <summary>Reads what the API hands out the way a third party would: PDF text and QR codes, JWTs and status lists.</summary>
public static class CredentialReading
{
    public static string PdfText(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Join("\n", document.GetPages().Select(page => string.Join(" ", page.GetWords().Select(w => w.Text))));
    }

    public static int PageCount(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return document.NumberOfPages;
    }

    /// <summary>Every QR code in the PDF's images, decoded from the image samples as a scanner would read the pixels.</summary>
    public static IReadOnlyList<string> QrCodes(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        var reader = new BarcodeReaderGeneric
        {
            Options = new DecodingOptions { PossibleFormats = [BarcodeFormat.QR_CODE], TryHarder = true, TryInverted = true },
        };
        var found = new List<string>();
        foreach (var image in document.GetPages().SelectMany(page => page.GetImages()))
        {
            if (!image.TryGetBytesAsMemory(out var memory))
            {
                memory = image.RawMemory;
            }

            var gray = ToGray(memory.ToArray(), image.WidthInSamples, image.HeightInSamples, image.BitsPerComponent);
            var result = reader.Decode(new RGBLuminanceSource(gray, image.WidthInSamples, image.HeightInSamples, RGBLuminanceSource.BitmapFormat.Gray8));
            if (result is not null)
            {
                found.Add(result.Text);
            }
        }

        return found;
    }

    static byte[] ToGray(byte[] samples, int width, int height, int bitsPerComponent)
    {
        var gray = new byte[width * height];
        if (bitsPerComponent == 8)
        {
            var components = samples.Length / (width * height);
            for (var i = 0; i < gray.Length; i++)
            {
                gray[i] = components >= 3
                    ? (byte)((samples[i * components] + samples[i * components + 1] + samples[i * components + 2]) / 3)
                    : samples[i * components];
            }

            return gray;
        }

        var rowBytes = (width * bitsPerComponent + 7) / 8;
        var max = (1 << bitsPerComponent) - 1;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var bit = x * bitsPerComponent;
                var value = (samples[y * rowBytes + bit / 8] >> (8 - bitsPerComponent - bit % 8)) & max;
                gray[y * width + x] = (byte)(value * 255 / max);
            }
        }

        return gray;
    }

    public static JsonObject Payload(string jwt) => JsonNode.Parse(Base64UrlEncoder.Decode(new JsonWebToken(jwt).EncodedPayload))!.AsObject();

    public static async Task<TokenValidationResult> ValidateAsync(string jwt, string jwksJson, string issuer)
        => await new JsonWebTokenHandler().ValidateTokenAsync(jwt, new TokenValidationParameters
        {
            IssuerSigningKeys = new JsonWebKeySet(jwksJson).GetSigningKeys(),
            ValidIssuer = issuer,
            ValidateAudience = false,
            // The tests' clock is not the machine's: validity dates are asserted on the claims instead.
            ValidateLifetime = false,
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
        });

    /// <summary>Bitstring Status List: multibase 'u' base64url of the GZIP of the bits, bit 0 the first byte's most significant.</summary>
    public static bool StatusBit(string encodedList, int index)
    {
        Assert.That(encodedList, Does.StartWith("u"));
        using var gzip = new GZipStream(new MemoryStream(Base64UrlEncoder.DecodeBytes(encodedList[1..])), CompressionMode.Decompress);
        using var bits = new MemoryStream();
        gzip.CopyTo(bits);
        var bytes = bits.ToArray();
        Assert.That(bytes, Has.Length.GreaterThanOrEqualTo(16 * 1024), "a status list is at least 16 KB uncompressed");
        return (bytes[index / 8] & (0x80 >> (index % 8))) != 0;
    }
}
