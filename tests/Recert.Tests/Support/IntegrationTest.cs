using Recert.Tests;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Recert.Api.Infrastructure;

namespace Recert.Tests.Support;


/// <summary>Base for tests through HTTP: a fresh database per test, the clock at a known day, helpers to act as users.</summary>
[Category("Integration")]
public abstract class IntegrationTest
{
    protected RecertApp App { get; private set; } = null!;

    protected virtual Dictionary<string, string?> Settings => [];

    /// <summary>Replace services for the whole class (e.g. a fake email transport).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    [OneTimeSetUp]
    public void CreateApp() => App = new RecertApp(Settings, ConfigureServices);

    [OneTimeTearDown]
    public void DisposeApp() => App.Dispose();

    [SetUp]
    public async Task ResetDatabaseAsync()
    {
        await TestDatabase.ResetAsync();
        var services = App.Services;
        var dataSource = services.GetRequiredService<NpgsqlDataSource>();
        await ReferenceData.EnsureAsync(dataSource);
        await ReferenceData.EnsureBootstrapStaffAsync(
            dataSource,
            services.GetRequiredService<IOptions<BootstrapStaffOptions>>().Value,
            services.GetRequiredService<IPasswordHasher<object>>());
        App.SetToday(new DateOnly(2026, 6, 1));
    }

    [TearDown]
    public async Task EligibilityReadModelMatchesTheTablesAsync()
    {
        var mismatches = await EligibilityReadModel.MismatchesAsync(TestDatabase.ConnectionString);
        Assert.That(mismatches, Is.Empty, "certification_eligibility_inputs differs from ce_activities / cpr_aed_cards for these certifications");
    }

    protected static JsonSerializerOptions JsonOptions => Recert.Api.Infrastructure.Json.Options;

    /// <summary>A client that behaves like the SPA: cookies, and the custom header the CSRF check accepts.</summary>
    protected HttpClient Anonymous()
    {
        var client = App.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        client.DefaultRequestHeaders.Add(Recert.Api.Features.Sessions.CsrfProtectionMiddleware.HeaderName, "tests");
        return client;
    }

    /// <summary>The bootstrap staff member, signed in with password and TOTP (enrolling at the first sign-in).</summary>
    protected Task<HttpClient> StaffAsync() => StaffAsync(RecertApp.StaffEmail, RecertApp.StaffPassword);

    protected async Task<HttpClient> StaffAsync(string email, string password)
    {
        var client = Anonymous();
        await StaffTotp.SignInAsync(App, client, email, password);
        return client;
    }

    /// <summary>Registers, follows the verification email (unless <paramref name="verify"/> is false) and signs in.</summary>
    protected async Task<HttpClient> CertificantAsync(string email, string lastName = "Rivera", string password = "a-long-password-1", bool verify = true)
    {
        var client = Anonymous();
        var response = await client.PostAsJsonAsync("/api/v1/auth/register", new { email, password, firstName = "Dana", lastName });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        if (verify)
        {
            var verified = await client.PostAsJsonAsync("/api/v1/auth/verify-email", new { token = await EmailedTokenAsync(email, "verify-email") });
            Assert.That(verified.StatusCode, Is.EqualTo(HttpStatusCode.OK), await verified.Content.ReadAsStringAsync());
        }

        await SignInAgainAsync(client, email, password);
        return client;
    }

    /// <summary>The token of the latest email of <paramref name="kind"/> queued for <paramref name="to"/> (read from the outbox, as a mail reader would).</summary>
    protected static async Task<string> EmailedTokenAsync(string to, string kind)
    {
        var body = await LatestEmailBodyAsync(to, kind);
        Assert.That(body, Is.Not.Null, $"No {kind} email to {to}.");
        var match = System.Text.RegularExpressions.Regex.Match(body!, @"[?&]token=([A-Za-z0-9_-]+)");
        Assert.That(match.Success, Is.True, body);
        return match.Groups[1].Value;
    }

    protected static async Task<string?> LatestEmailBodyAsync(string to, string kind)
    {
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select body from email_outbox where lower(to_address) = lower(@to) and kind = @kind order by seq desc limit 1", connection);
        command.Parameters.AddWithValue("to", to);
        command.Parameters.AddWithValue("kind", kind);
        return (string?)await command.ExecuteScalarAsync();
    }

    /// <summary>Sessions expire with the (fake) clock: after moving time by days, sign in again.</summary>
    protected static async Task SignInAgainAsync(HttpClient client, string email, string password = "a-long-password-1")
    {
        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    protected static string HolderEmail(string number) => $"{number.ToLowerInvariant()}@example.test";

    protected async Task CreateCertificationAsync(HttpClient staff, string number, string email, DateOnly cycleStart, DateOnly expiresOn, string lastName = "Rivera")
    {
        var response = await staff.PostAsJsonAsync("/api/v1/certifications", new
        {
            number,
            credential = "CPT",
            firstName = "Dana",
            lastName,
            email,
            cycleStart,
            expiresOn,
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
    }

    /// <summary>A certificant holding <paramref name="number"/> whose cycle ends on <paramref name="expiresOn"/>.</summary>
    protected async Task<HttpClient> HolderAsync(string number, DateOnly expiresOn, string? email = null)
    {
        email ??= HolderEmail(number);
        var staff = await StaffAsync();
        await CreateCertificationAsync(staff, number, email, expiresOn.AddYears(-2).AddDays(1), expiresOn);
        return await CertificantAsync(email);
    }

    protected static readonly byte[] PdfBytes = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"u8.ToArray();
    protected static readonly byte[] PngBytes = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];

    protected static async Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] content, string fileName = "certificate.pdf", string contentType = "application/pdf")
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(file, "file", fileName);
        return await client.PostAsync("/api/v1/documents", form);
    }

    protected static async Task<Guid> UploadPdfAsync(HttpClient client)
    {
        var response = await UploadAsync(client, PdfBytes);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
    }

    protected static async Task AddOtherCeuAsync(HttpClient client, string number, decimal ceus, DateOnly completedOn, bool withDocument = true, string title = "Kettlebell workshop")
    {
        Guid? documentId = withDocument ? await UploadPdfAsync(client) : null;
        var response = await client.PostAsJsonAsync($"/api/v1/certifications/{number}/ceus", new
        {
            title,
            area = "exercise-technique",
            ceus,
            completedOn,
            documentId,
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
    }

    protected static async Task AddCardAsync(HttpClient client, string number, DateOnly expiresOn, string kind = "cpr-aed", bool handsOn = true)
    {
        var front = await UploadPdfAsync(client);
        var back = await UploadPdfAsync(client);
        var response = await client.PostAsJsonAsync($"/api/v1/certifications/{number}/cpr-aed", new
        {
            kind,
            provider = "American Red Cross",
            issuedOn = expiresOn < new DateOnly(2026, 1, 2) ? expiresOn.AddYears(-2) : new DateOnly(2026, 1, 2),
            expiresOn,
            handsOn,
            frontDocumentId = front,
            backDocumentId = back,
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
    }

    /// <summary>Everything needed to be eligible on any day up to <paramref name="until"/>.</summary>
    protected static async Task MakeEligibleAsync(HttpClient client, string number, DateOnly completedOn, DateOnly until)
    {
        await AddOtherCeuAsync(client, number, 2.0m, completedOn);
        await AddCardAsync(client, number, until);
    }

    protected static async Task<JsonObject> ReadJsonAsync(HttpResponseMessage response)
        => (await response.Content.ReadFromJsonAsync<JsonObject>())!;

    protected static async Task<JsonObject> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(status), body);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), body);
        var problem = JsonNode.Parse(body)!.AsObject();
        Assert.That(problem["status"]!.GetValue<int>(), Is.EqualTo((int)status));
        Assert.That(problem["title"]?.GetValue<string>(), Is.Not.Empty);
        return problem;
    }
}
