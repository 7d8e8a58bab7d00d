using System.Net;
using Recert.Tests.Support;

namespace Recert.Tests.Integration;

/// <summary>Per-account upload rate and daily quota (count and bytes, organisation's calendar day), and stored names that follow the content.</summary>
public sealed class UploadLimitsTests : IntegrationTest
{
    protected override Dictionary<string, string?> Settings => new()
    {
        ["Recert:Uploads:MaxPerDay"] = "4",
        ["Recert:Uploads:MaxBytesPerDay"] = "1000",
        ["Recert:Uploads:MaxPerMinute"] = "2",
    };

    static byte[] Pdf(int size)
    {
        var bytes = new byte[size];
        PdfBytes.CopyTo(bytes, 0);
        return bytes;
    }

    static async Task<HttpResponseMessage> UploadPdfAsync(HttpClient client, int size = 44) => await UploadAsync(client, Pdf(size));

    static async Task AssertCreatedAsync(HttpResponseMessage response)
        => Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());

    [Test]
    public async Task A_third_upload_within_a_minute_is_429_with_retry_after_and_other_accounts_are_not_affected()
    {
        var client = await CertificantAsync("rate@example.test");
        await AssertCreatedAsync(await UploadPdfAsync(client));
        await AssertCreatedAsync(await UploadPdfAsync(client));

        var limited = await UploadPdfAsync(client);
        var problem = await AssertProblemAsync(limited, HttpStatusCode.TooManyRequests);
        Assert.That(problem["code"]!.GetValue<string>(), Is.EqualTo("upload.rate"));
        Assert.That(problem["detail"]!.GetValue<string>(), Does.Contain("2 a minute"));
        Assert.That(int.Parse(limited.Headers.GetValues("Retry-After").Single()), Is.InRange(1, 60));

        var other = await CertificantAsync("other@example.test");
        await AssertCreatedAsync(await UploadPdfAsync(other));

        App.Time.Advance(TimeSpan.FromSeconds(61));
        await AssertCreatedAsync(await UploadPdfAsync(client));
    }

    [Test]
    public async Task The_daily_count_quota_resets_at_the_organisations_midnight()
    {
        App.SetToday(new DateOnly(2026, 6, 1), hourInLosAngeles: 20);
        var client = await CertificantAsync("count@example.test");
        for (var i = 0; i < 4; i++)
        {
            await AssertCreatedAsync(await UploadPdfAsync(client));
            App.Time.Advance(TimeSpan.FromSeconds(31));
        }

        var problem = await AssertProblemAsync(await UploadPdfAsync(client), HttpStatusCode.TooManyRequests);
        Assert.That(problem["code"]!.GetValue<string>(), Is.EqualTo("upload.quota"));
        Assert.That(problem["detail"]!.GetValue<string>(), Does.Contain("4 documents a day"));

        // 23:59 in Los Angeles is still the same day (06:59 UTC the next day).
        App.SetToday(new DateOnly(2026, 6, 1), hourInLosAngeles: 23);
        await SignInAgainAsync(client, "count@example.test"); // three idle hours end a certificant's session
        App.Time.Advance(TimeSpan.FromMinutes(59));
        await AssertProblemAsync(await UploadPdfAsync(client), HttpStatusCode.TooManyRequests);

        App.Time.Advance(TimeSpan.FromMinutes(2));
        await AssertCreatedAsync(await UploadPdfAsync(client));
    }

    [Test]
    public async Task The_daily_bytes_quota_counts_every_upload_of_the_day()
    {
        var client = await CertificantAsync("bytes@example.test");
        await AssertCreatedAsync(await UploadPdfAsync(client, 900));
        App.Time.Advance(TimeSpan.FromSeconds(61));

        var problem = await AssertProblemAsync(await UploadPdfAsync(client, 101), HttpStatusCode.TooManyRequests);
        Assert.That(problem["code"]!.GetValue<string>(), Is.EqualTo("upload.quota"));
        await AssertCreatedAsync(await UploadPdfAsync(client, 100));
    }

    [TestCase("invoice.html", PdfKind, "invoice.pdf")]
    [TestCase("photo.exe", PngKind, "photo.png")]
    [TestCase("card", PdfKind, "card.pdf")]
    [TestCase(".html", PdfKind, "html.pdf")]
    [TestCase("...", PdfKind, "document.pdf")]
    [TestCase("scan.PDF", PdfKind, "scan.pdf")]
    public async Task The_stored_name_takes_the_extension_of_the_detected_type(string sent, string kind, string stored)
    {
        var client = await CertificantAsync("names@example.test");
        var response = await UploadAsync(client, kind == PdfKind ? PdfBytes : PngBytes, sent, "text/html");
        await AssertCreatedAsync(response);
        var document = await ReadJsonAsync(response);
        Assert.That(document["fileName"]!.GetValue<string>(), Is.EqualTo(stored));
        var download = await client.GetAsync($"/api/v1/documents/{document["id"]}");
        Assert.That(download.Content.Headers.ContentDisposition!.FileNameStar ?? download.Content.Headers.ContentDisposition.FileName, Does.EndWith(stored[^4..]));
    }

    const string PdfKind = "pdf";
    const string PngKind = "png";
}
