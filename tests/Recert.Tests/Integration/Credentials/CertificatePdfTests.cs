using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Recert.Tests.Support;

namespace Recert.Tests.Integration.Credentials;

/// <summary>The certificate, wallet card and receipt PDFs (issue 11), read back with a PDF reader and a QR decoder.</summary>
public sealed class CertificatePdfTests : RenewalTest
{
    const string Number = "CPT-710001";
    static readonly DateOnly Expires = new(2027, 3, 31);

    static async Task<byte[]> PdfAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/pdf"));
        return await response.Content.ReadAsByteArrayAsync();
    }

    [Test]
    public async Task The_certificate_is_one_page_naming_holder_number_and_valid_through_with_a_QR_code_to_the_verification_link()
    {
        var holder = await HolderAsync(Number, Expires);
        var pdf = await PdfAsync(holder, $"/api/v1/certifications/{Number}/certificate.pdf");
        var link = (await GetJsonAsync(holder, $"/api/v1/certifications/{Number}/verification-link"))["url"]!.GetValue<string>();
        var text = CredentialReading.PdfText(pdf);

        Assert.Multiple(() =>
        {
            Assert.That(CredentialReading.PageCount(pdf), Is.EqualTo(1));
            Assert.That(text, Does.Contain("Dana Rivera"));
            Assert.That(text, Does.Contain(Number));
            Assert.That(text, Does.Contain("Valid through March 31, 2027"));
            Assert.That(text, Does.Contain("Cycle April 1, 2025 to March 31, 2027"));
            Assert.That(text, Does.Contain("Date of issue June 1, 2026"));
            Assert.That(text, Does.Contain("Recert Certification Board"));
            Assert.That(text, Does.Contain("Certified Personal Trainer (CPT)"));
            Assert.That(text, Does.Not.Contain("LAPSED"));
            Assert.That(CredentialReading.QrCodes(pdf), Is.EqualTo(new[] { link }));
        });
    }

    [Test]
    public async Task The_wallet_card_is_credit_card_size_with_the_same_QR_code()
    {
        var holder = await HolderAsync(Number, Expires);
        var pdf = await PdfAsync(holder, $"/api/v1/certifications/{Number}/wallet-card.pdf");
        var link = (await GetJsonAsync(holder, $"/api/v1/certifications/{Number}/verification-link"))["url"]!.GetValue<string>();

        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        var page = document.GetPage(1);
        Assert.Multiple(() =>
        {
            Assert.That(page.Width, Is.EqualTo(85.6 / 25.4 * 72).Within(0.5), "ISO/IEC 7810 ID-1 width");
            Assert.That(page.Height, Is.EqualTo(53.98 / 25.4 * 72).Within(0.5), "ISO/IEC 7810 ID-1 height");
            Assert.That(CredentialReading.PdfText(pdf), Does.Contain("Dana Rivera").And.Contain(Number).And.Contain("March 31, 2027"));
            Assert.That(CredentialReading.QrCodes(pdf), Is.EqualTo(new[] { link }));
        });
    }

    [Test]
    public async Task Another_certificants_certificate_is_404_and_staff_may_print_any()
    {
        await HolderAsync(Number, Expires);
        var other = await HolderAsync("CPT-710002", Expires);
        var staff = await StaffAsync();

        await AssertProblemAsync(await other.GetAsync($"/api/v1/certifications/{Number}/certificate.pdf"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await other.GetAsync($"/api/v1/certifications/{Number}/wallet-card.pdf"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await other.GetAsync("/api/v1/certifications/NOPE-1/certificate.pdf"), HttpStatusCode.NotFound);
        Assert.That(CredentialReading.PdfText(await PdfAsync(staff, $"/api/v1/certifications/{Number}/certificate.pdf")), Does.Contain(Number));
    }

    [Test]
    public async Task A_lapsed_certifications_certificate_and_card_say_so()
    {
        await HolderAsync(Number, Expires);
        App.SetToday(Expires.AddYears(1));
        var holder = Anonymous();
        await SignInAgainAsync(holder, HolderEmail(Number));

        var certificate = CredentialReading.PdfText(await PdfAsync(holder, $"/api/v1/certifications/{Number}/certificate.pdf"));
        var card = CredentialReading.PdfText(await PdfAsync(holder, $"/api/v1/certifications/{Number}/wallet-card.pdf"));
        Assert.Multiple(() =>
        {
            Assert.That(certificate, Does.Contain("LAPSED: this certification expired on March 31, 2027"));
            Assert.That(card, Does.Contain("LAPSED"));
        });
    }

    [Test]
    public async Task A_receipt_prints_payer_items_amounts_reference_and_the_organisations_address_in_its_time_zone()
    {
        const string number = "CPT-710003";
        var holder = await EligibleHolderAsync(number);
        await SubmitAsync(holder, number);
        await PayAsync(holder);
        var receipt = (await GetArrayAsync(holder, "/api/v1/me/receipts")).Single()!;
        var id = receipt["id"]!.GetValue<Guid>();

        var text = CredentialReading.PdfText(await PdfAsync(holder, $"/api/v1/receipts/{id}.pdf"));
        var paidAt = receipt["paidAt"]!.GetValue<DateTimeOffset>();
        var local = TimeZoneInfo.ConvertTime(paidAt, TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles"));
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain("Dana Rivera"));
            Assert.That(text, Does.Contain(HolderEmail(number)));
            Assert.That(text, Does.Contain(number));
            Assert.That(text, Does.Contain("USD 99.00"));
            Assert.That(text, Does.Contain(receipt["gatewayReference"]!.GetValue<string>()));
            Assert.That(text, Does.Contain("100 Example Street"));
            Assert.That(text, Does.Contain($"Paid: {local.ToString("MMMM d, yyyy, h:mm tt", CultureInfo.InvariantCulture)} Pacific Time (UTC-07:00)"));
            Assert.That(text, Does.Contain("Renewal fee USD 99.00").And.Not.Match(@"(^| )renewal USD"), "fees are named as people read them, not by their codes");
        });

        var other = await HolderAsync("CPT-710004", Expires);
        await AssertProblemAsync(await other.GetAsync($"/api/v1/receipts/{id}.pdf"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await holder.GetAsync($"/api/v1/receipts/{Guid.NewGuid()}.pdf"), HttpStatusCode.NotFound);
        Assert.That(CredentialReading.PdfText(await PdfAsync(await StaffAsync(), $"/api/v1/receipts/{id}.pdf")), Does.Contain("USD 99.00"));
    }
}
