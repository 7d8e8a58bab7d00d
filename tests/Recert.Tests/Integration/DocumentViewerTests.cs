using System.Net;
using Recert.Tests.Support;

namespace Recert.Tests.Integration;

/// <summary>Uploaded certificates and card copies shown inline in the staff viewer (issue 12): strict headers, owner and staff only.</summary>
public sealed class DocumentViewerTests : IntegrationTest
{
    [Test]
    public async Task A_pdf_is_shown_inline_under_its_own_policy_framable_by_recert_only()
    {
        var owner = await CertificantAsync("viewer-pdf@example.test");
        var id = await UploadPdfAsync(owner);
        var staff = await StaffAsync();

        var view = await staff.GetAsync($"/api/v1/documents/{id}/view");
        Assert.That(view.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var policy = view.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Multiple(async () =>
        {
            Assert.That(view.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/pdf"));
            Assert.That(view.Content.Headers.ContentDisposition!.DispositionType, Is.EqualTo("inline"));
            Assert.That(view.Content.Headers.ContentDisposition!.FileName?.Trim('"'), Is.EqualTo("certificate.pdf"));
            Assert.That(policy, Does.StartWith("default-src 'none'").And.Contain("frame-ancestors 'self'").And.Contain("plugin-types application/pdf"));
            Assert.That(policy, Does.Not.Contain("script-src"));
            Assert.That(view.Headers.GetValues("X-Content-Type-Options").Single(), Is.EqualTo("nosniff"));
            Assert.That(view.Headers.GetValues("X-Frame-Options").Single(), Is.EqualTo("SAMEORIGIN"));
            Assert.That(view.Headers.CacheControl!.NoStore, Is.True);
            Assert.That(await view.Content.ReadAsByteArrayAsync(), Is.EqualTo(PdfBytes));
        });

        // The download is unchanged: an attachment, and the rest of the API keeps frame-ancestors 'none'.
        var download = await staff.GetAsync($"/api/v1/documents/{id}");
        Assert.Multiple(() =>
        {
            Assert.That(download.Content.Headers.ContentDisposition!.DispositionType, Is.EqualTo("attachment"));
            Assert.That(download.Headers.GetValues("X-Frame-Options").Single(), Is.EqualTo("DENY"));
            Assert.That(download.Headers.GetValues("Content-Security-Policy").Single(), Does.Contain("frame-ancestors 'none'"));
        });
    }

    [Test]
    public async Task An_image_is_also_sandboxed_and_its_info_says_what_the_viewer_shows()
    {
        var owner = await CertificantAsync("viewer-png@example.test");
        var upload = await ReadJsonAsync(await UploadAsync(owner, PngBytes, "cpr card.png", "image/png"));
        var id = upload["id"]!.GetValue<Guid>();

        var view = await owner.GetAsync($"/api/v1/documents/{id}/view");
        Assert.That(view.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var policy = view.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Multiple(() =>
        {
            Assert.That(view.Content.Headers.ContentType!.MediaType, Is.EqualTo("image/png"));
            Assert.That(policy, Does.StartWith("default-src 'none'; img-src 'self'").And.EndWith("; sandbox"));
            Assert.That(view.Content.Headers.ContentDisposition!.DispositionType, Is.EqualTo("inline"));
        });

        var info = await ReadJsonAsync(await (await StaffAsync()).GetAsync($"/api/v1/documents/{id}/info"));
        Assert.Multiple(() =>
        {
            Assert.That(info["fileName"]!.GetValue<string>(), Is.EqualTo("cpr card.png"));
            Assert.That(info["contentType"]!.GetValue<string>(), Is.EqualTo("image/png"));
            Assert.That(info["sizeBytes"]!.GetValue<int>(), Is.EqualTo(PngBytes.Length));
            Assert.That(info.ContainsKey("content"), Is.False);
        });
    }

    [Test]
    public async Task Another_certificant_and_anonymous_callers_cannot_view_or_read_info()
    {
        var owner = await CertificantAsync("viewer-owner@example.test");
        var id = await UploadPdfAsync(owner);
        var other = await CertificantAsync("viewer-other@example.test");

        await AssertProblemAsync(await other.GetAsync($"/api/v1/documents/{id}/view"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await other.GetAsync($"/api/v1/documents/{id}/info"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await Anonymous().GetAsync($"/api/v1/documents/{id}/view"), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await owner.GetAsync($"/api/v1/documents/{Guid.NewGuid()}/view"), HttpStatusCode.NotFound);
    }
}
