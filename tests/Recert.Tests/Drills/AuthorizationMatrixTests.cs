using System.Net;
using System.Net.Http.Json;
using Recert.Tests.Support;

namespace Recert.Tests.Drills;

/// <summary>Who may use an endpoint. The expected answer for every caller follows from it (see <see cref="Expected"/>).</summary>
public enum Access
{
    /// <summary>Anyone, signed in or not.</summary>
    Public,

    /// <summary>Any signed-in user; nothing belongs to anyone else.</summary>
    SignedIn,

    /// <summary>The holder of the resource and staff; another certificant gets 404 (BOLA), not 403, so ids do not leak.</summary>
    OwnerOrStaff,

    /// <summary>Staff only: certificants get 403.</summary>
    StaffOnly,

    /// <summary>Certificants only: staff get 403.</summary>
    CertificantOnly,
}

/// <param name="Once">The call changes state so that a second allowed caller may get one of these instead of 2xx (e.g. 409 after a withdrawal).</param>
public sealed record MatrixRow(
    string Method,
    string Route,
    Access Access,
    Func<DrillWorld, Caller, HttpRequestMessage> Request,
    bool WorldWithApplication = true,
    HttpStatusCode[]? Once = null)
{
    public override string ToString() => $"{Method} {Route} ({Access})";
}

/// <summary>
/// Every endpoint called as anonymous, as another certificant, as the owner and as staff: only the intended callers get through.
/// A new endpoint makes <see cref="Every_mapped_endpoint_is_in_the_matrix"/> fail until a row is added here.
/// </summary>
public sealed class AuthorizationMatrixTests : DrillTest
{
    const string Today = "2026-06-01";

    public static readonly MatrixRow[] Rows =
    [
        new("*", "/health", Access.Public, (_, _) => Get("/health")),
        new("POST", "/api/v1/auth/register", Access.Public, (_, caller) => Post("/api/v1/auth/register",
            new { email = $"new-{caller}@example.test", password = "a-long-password-1", firstName = "New", lastName = "Person" })),
        new("POST", "/api/v1/auth/login", Access.Public, (_, _) => Post("/api/v1/auth/login", new { email = RecertApp.StaffEmail, password = RecertApp.StaffPassword })),
        new("POST", "/api/v1/auth/logout", Access.Public, (_, _) => Post("/api/v1/auth/logout", null)),
        new("GET", "/api/v1/me", Access.SignedIn, (_, _) => Get("/api/v1/me")),
        new("POST", "/api/v1/me/certifications", Access.CertificantOnly,
            (w, _) => Post("/api/v1/me/certifications", new { number = w.UnclaimedNumber, lastName = DrillWorld.UnclaimedLastName }),
            Once: [HttpStatusCode.NotFound]),

        new("POST", "/api/v1/certifications", Access.StaffOnly, (_, caller) => Post("/api/v1/certifications", new
        {
            number = $"NEW-{(int)caller}", credential = "CPT", firstName = "New", lastName = "Holder", email = $"holder-{caller}@example.test",
            cycleStart = "2025-01-01", expiresOn = "2026-12-31",
        })),
        new("GET", "/api/v1/certifications/{number}", Access.OwnerOrStaff, (w, _) => Get($"/api/v1/certifications/{w.OwnerNumber}")),
        new("GET", "/api/v1/certifications/{number}/ceus", Access.OwnerOrStaff, (w, _) => Get($"/api/v1/certifications/{w.OwnerNumber}/ceus")),
        new("POST", "/api/v1/certifications/{number}/ceus", Access.OwnerOrStaff, (w, caller) => Post($"/api/v1/certifications/{w.OwnerNumber}/ceus",
            new { title = $"Workshop by {caller}", area = "nutrition", ceus = 0.3m, completedOn = "2026-04-01" })),
        new("GET", "/api/v1/certifications/{number}/eligibility", Access.OwnerOrStaff, (w, _) => Get($"/api/v1/certifications/{w.OwnerNumber}/eligibility?on={Today}")),

        new("GET", "/api/v1/cpr-aed/issuers", Access.Public, (_, _) => Get("/api/v1/cpr-aed/issuers")),
        new("GET", "/api/v1/certifications/{number}/cpr-aed", Access.OwnerOrStaff, (w, _) => Get($"/api/v1/certifications/{w.OwnerNumber}/cpr-aed")),
        new("POST", "/api/v1/certifications/{number}/cpr-aed", Access.OwnerOrStaff, (w, _) => Post($"/api/v1/certifications/{w.OwnerNumber}/cpr-aed",
            new { kind = "cpr", provider = "ASHI", issuedOn = "2026-01-10", expiresOn = "2028-01-10", handsOn = true })),

        new("POST", "/api/v1/documents", Access.SignedIn, (_, _) => Upload()),
        new("GET", "/api/v1/documents/{id}", Access.OwnerOrStaff, (w, _) => Get($"/api/v1/documents/{w.OwnerDocumentId}")),

        new("GET", "/api/v1/fee-schedule", Access.Public, (_, _) => Get("/api/v1/fee-schedule")),
        new("PUT", "/api/v1/fee-schedule", Access.StaffOnly, (_, _) => Put("/api/v1/fee-schedule", new
        {
            effectiveFrom = "2026-07-01", currency = "USD", renewalCents = 10900, lateCents = 3000, additionalLateCents = 5000, forLifeCents = 29900, petitionCents = 2500,
        })),

        new("POST", "/api/v1/certifications/{number}/applications", Access.OwnerOrStaff,
            (w, _) => Post($"/api/v1/certifications/{w.OwnerNumber}/applications", new { plan = "renew" }),
            WorldWithApplication: false, Once: [HttpStatusCode.Conflict]),
        new("GET", "/api/v1/certifications/{number}/applications", Access.OwnerOrStaff, (w, _) => Get($"/api/v1/certifications/{w.OwnerNumber}/applications")),
        new("GET", "/api/v1/applications/{id}", Access.OwnerOrStaff, (w, _) => Get($"/api/v1/applications/{w.OwnerApplicationId}")),
        new("POST", "/api/v1/applications/{id}/withdraw", Access.OwnerOrStaff, (w, _) => Post($"/api/v1/applications/{w.OwnerApplicationId}/withdraw", null),
            Once: [HttpStatusCode.Conflict]),
    ];

    [Test]
    public void Every_mapped_endpoint_is_in_the_matrix()
    {
        var mapped = AppEndpoints.All(App.Services).Select(e => $"{e.Method} {e.Route}").ToHashSet();
        var listed = Rows.Select(r => $"{r.Method} {r.Route}").ToHashSet();

        Assert.Multiple(() =>
        {
            Assert.That(mapped.Except(listed), Is.Empty,
                "These endpoints are not in the authorization matrix: add a row to AuthorizationMatrixTests.Rows (and a request to BadInputDrillTests if it needs special data).");
            Assert.That(listed.Except(mapped), Is.Empty, "These matrix rows name endpoints that no longer exist.");
        });
    }

    [TestCaseSource(nameof(Rows))]
    public async Task Only_the_intended_callers_get_through(MatrixRow row)
    {
        var world = await BuildWorldAsync(row.WorldWithApplication);
        var anyAllowedBefore = false;

        // Callers that must be refused go first, so that nothing they are refused is already changed by an allowed call.
        foreach (var caller in new[] { Caller.Anonymous, Caller.OtherCertificant, Caller.Staff, Caller.Owner }
                     .OrderBy(c => Expected(row.Access, c) is null ? 0 : 1))
        {
            using var request = row.Request(world, caller);
            var response = await world.Client(caller).SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            var expected = Expected(row.Access, caller);
            var what = $"{row} as {caller}: {(int)response.StatusCode} {body}";

            if (expected is { } refused)
            {
                Assert.That(response.StatusCode, Is.EqualTo(refused), what);
                Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), what);
            }
            else if (anyAllowedBefore && row.Once is { } later && later.Contains(response.StatusCode))
            {
                Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), what);
            }
            else
            {
                Assert.That((int)response.StatusCode, Is.InRange(200, 299), what);
                anyAllowedBefore = true;
            }
        }
    }

    /// <summary>The refusal a caller must get, or null when the caller is allowed.</summary>
    static HttpStatusCode? Expected(Access access, Caller caller) => (access, caller) switch
    {
        (Access.Public, _) => null,
        (_, Caller.Anonymous) => HttpStatusCode.Unauthorized,
        (Access.SignedIn, _) => null,
        (Access.OwnerOrStaff, Caller.OtherCertificant) => HttpStatusCode.NotFound,
        (Access.OwnerOrStaff, _) => null,
        (Access.StaffOnly, Caller.Staff) => null,
        (Access.StaffOnly, _) => HttpStatusCode.Forbidden,
        (Access.CertificantOnly, Caller.Staff) => HttpStatusCode.Forbidden,
        (Access.CertificantOnly, _) => null,
        _ => throw new ArgumentOutOfRangeException(nameof(access)),
    };

    static HttpRequestMessage Get(string url) => new(HttpMethod.Get, url);

    static HttpRequestMessage Post(string url, object? body) => new(HttpMethod.Post, url) { Content = body is null ? null : JsonContent.Create(body) };

    static HttpRequestMessage Put(string url, object body) => new(HttpMethod.Put, url) { Content = JsonContent.Create(body) };

    static HttpRequestMessage Upload()
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"u8.ToArray());
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", "certificate.pdf");
        return new HttpRequestMessage(HttpMethod.Post, "/api/v1/documents") { Content = form };
    }
}
