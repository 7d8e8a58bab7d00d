using System.Net;
using Recert.Tests.Support;

namespace Recert.Tests.Integration;

public sealed class DocumentsTests : IntegrationTest
{
    [Test]
    public async Task Type_is_checked_by_content_not_by_the_declared_type()
    {
        var client = await CertificantAsync("docs@example.test");
        var fake = await UploadAsync(client, "MZ\u0090 this is an executable"u8.ToArray(), "card.pdf", "application/pdf");
        var problem = await AssertProblemAsync(fake, HttpStatusCode.BadRequest);
        Assert.That(problem["errors"]!.AsObject().ContainsKey("file"), Is.True);

        var png = await UploadAsync(client, PngBytes, "../../etc/passwd", "application/octet-stream");
        Assert.That(png.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var document = await ReadJsonAsync(png);
        Assert.Multiple(() =>
        {
            Assert.That(document["contentType"]!.GetValue<string>(), Is.EqualTo("image/png"));
            Assert.That(document["fileName"]!.GetValue<string>(), Is.EqualTo("passwd.png"));
        });

        var download = await client.GetAsync($"/api/v1/documents/{document["id"]}");
        Assert.Multiple(async () =>
        {
            Assert.That(download.Content.Headers.ContentType!.MediaType, Is.EqualTo("image/png"));
            Assert.That(await download.Content.ReadAsByteArrayAsync(), Is.EqualTo(PngBytes));
            Assert.That(download.Headers.GetValues("X-Content-Type-Options").Single(), Is.EqualTo("nosniff"));
        });
    }

    [Test]
    public async Task Files_over_10_MB_are_refused()
    {
        var client = await CertificantAsync("big@example.test");
        var big = new byte[10 * 1024 * 1024 + 1];
        PdfBytes.CopyTo(big, 0);
        var response = await UploadAsync(client, big);
        // Too large is 413 (whether the server's body limit or the 10 MB document limit stops it), with the field named.
        var problem = await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.That(problem["errors"]!["file"]![0]!.GetValue<string>(), Is.EqualTo("The file is larger than 10 MB."));
    }

    [Test]
    public async Task Empty_uploads_and_anonymous_uploads_are_refused()
    {
        var client = await CertificantAsync("empty@example.test");
        await AssertProblemAsync(await UploadAsync(client, []), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await UploadAsync(Anonymous(), PdfBytes), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await client.PostAsync("/api/v1/documents", new StringContent("{}", System.Text.Encoding.UTF8, "application/json")), HttpStatusCode.UnsupportedMediaType);
        await AssertProblemAsync(await client.GetAsync("/api/v1/no-such-thing"), HttpStatusCode.NotFound);
    }
}
