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

    /// <summary>Only a staff sign-in between its password and TOTP steps; no caller of the matrix is in that state (signed-in callers get 403).</summary>
    MfaPendingOnly,

    /// <summary>Certificants only: staff get 403.</summary>
    CertificantOnly,

    /// <summary>The holder only: another certificant gets 404 (BOLA), staff get 403 (e.g. filing a petition, which the holder pays).</summary>
    OwnerOnly,

    /// <summary>The holder, behind the certificant role: anyone not a certificant (staff, provider users) gets 403, another certificant 404.</summary>
    HolderOnly,

    /// <summary>Any provider, by API key or portal session (each sees only its own data); other people's sessions get 403.</summary>
    AnyProvider,

    /// <summary>Provider A's key or portal user on provider A's records; provider B's gets 404 (BOLA); other people's sessions get 403.</summary>
    ProviderOwner,

    /// <summary>Any provider API key only (xAPI); people's sessions, portal users' included, get 401.</summary>
    AnyProviderKey,

    /// <summary>Provider A's key on provider A's records (xAPI); provider B's key gets 404; every session gets 401.</summary>
    ProviderKeyOwner,

    /// <summary>A provider portal user only (managing API keys): a key gets 401, other people's sessions 403.</summary>
    PortalUser,

    /// <summary>Provider A's portal user on provider A's records; provider B's user gets 404; keys 401; other sessions 403.</summary>
    PortalUserOwner,
}

/// <param name="Once">The call changes state so that a second allowed caller may get one of these instead of 2xx (e.g. 409 after a withdrawal).</param>
public sealed record MatrixRow(
    string Method,
    string Route,
    Access Access,
    Func<DrillWorld, Caller, HttpRequestMessage> Request,
    Stage Stage = Stage.Submitted,
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
        new("*", "/health/live", Access.Public, (_, _) => Get("/health/live")),
        new("*", "/health/ready", Access.Public, (_, _) => Get("/health/ready")),
        new("POST", "/api/v1/auth/register", Access.Public, (_, caller) => Post("/api/v1/auth/register",
            new { email = $"new-{caller}@example.test", password = "a-long-password-1", firstName = "New", lastName = "Person" })),
        new("POST", "/api/v1/auth/login", Access.Public, (_, _) => Post("/api/v1/auth/login", new { email = RecertApp.StaffEmail, password = RecertApp.StaffPassword })),
        new("POST", "/api/v1/auth/logout", Access.Public, (_, _) => Post("/api/v1/auth/logout", null)),
        new("GET", "/api/v1/me", Access.SignedIn, (_, _) => Get("/api/v1/me")),
        new("GET", "/api/v1/me/data-export", Access.SignedIn, (_, _) => Get("/api/v1/me/data-export")),

        // Sessions, passwords and MFA (issue 9)
        new("POST", "/api/v1/auth/password/forgot", Access.Public, (_, _) => Post("/api/v1/auth/password/forgot", new { email = "cpt-nobody@example.test" })),
        new("POST", "/api/v1/auth/password/reset", Access.Public,
            (_, caller) => Post("/api/v1/auth/password/reset", new { token = DrillWorld.OwnerResetToken, password = $"a-fresh-start-for-{caller}" }),
            Once: [HttpStatusCode.Gone]),
        new("POST", "/api/v1/auth/password/change", Access.SignedIn, (_, caller) => Post("/api/v1/auth/password/change", new
        {
            currentPassword = caller == Caller.Staff ? RecertApp.StaffPassword : "a-long-password-1",
            newPassword = $"a-brand-new-password-number-{(int)caller}",
        })),
        new("POST", "/api/v1/auth/sign-out-everywhere", Access.SignedIn, (_, _) => Post("/api/v1/auth/sign-out-everywhere", null)),
        new("POST", "/api/v1/auth/mfa/enrolment", Access.MfaPendingOnly, (_, _) => Post("/api/v1/auth/mfa/enrolment", null)),
        new("POST", "/api/v1/auth/mfa/enrolment/confirm", Access.MfaPendingOnly, (_, _) => Post("/api/v1/auth/mfa/enrolment/confirm", new { code = "123456" })),
        new("POST", "/api/v1/auth/mfa/verify", Access.MfaPendingOnly, (_, _) => Post("/api/v1/auth/mfa/verify", new { code = "123456" })),
        new("GET", "/api/v1/staff/staff-members", Access.StaffOnly, (_, _) => Get("/api/v1/staff/staff-members")),
        new("POST", "/api/v1/staff/staff-members/{id}/mfa/reset", Access.StaffOnly, (_, _) => Post($"/api/v1/staff/staff-members/{DrillWorld.SecondStaffId}/mfa/reset", null)),
        new("POST", "/api/v1/staff/users/{id}/sign-out-everywhere", Access.StaffOnly, (_, _) => Post($"/api/v1/staff/users/{DrillWorld.SecondStaffId}/sign-out-everywhere", null)),
        new("POST", "/api/v1/me/certifications", Access.CertificantOnly,
            (w, _) => Post("/api/v1/me/certifications", new { number = w.UnclaimedNumber, lastName = DrillWorld.UnclaimedLastName })),

        // Accounts: verification, change of address, confirmed claims, the staff claim queue (issue 9)
        new("POST", "/api/v1/auth/verify-email", Access.Public, (w, _) => Post("/api/v1/auth/verify-email", new { token = w.VerifyToken }),
            Once: [HttpStatusCode.Gone]),
        new("POST", "/api/v1/auth/verify-email/resend", Access.Public, (_, _) => Post("/api/v1/auth/verify-email/resend", new { email = "unverified@example.test" })),
        new("PUT", "/api/v1/me/email", Access.SignedIn, (_, caller) => Put("/api/v1/me/email", new
        {
            newEmail = $"moved-{caller}@example.test", currentPassword = caller == Caller.Staff ? RecertApp.StaffPassword : "a-long-password-1",
        })),
        new("POST", "/api/v1/me/certifications/confirm", Access.CertificantOnly,
            (w, caller) => Post("/api/v1/me/certifications/confirm", new { token = w.ClaimTokens.GetValueOrDefault(caller, "not-a-claim-token") }),
            Once: [HttpStatusCode.Conflict]),
        new("GET", "/api/v1/staff/claims", Access.StaffOnly, (_, _) => Get("/api/v1/staff/claims")),
        new("POST", "/api/v1/staff/claims/{id}/approve", Access.StaffOnly, (w, _) => Post($"/api/v1/staff/claims/{w.ClaimRequestId}/approve", null)),
        new("POST", "/api/v1/staff/claims/{id}/decline", Access.StaffOnly, (w, _) => Post($"/api/v1/staff/claims/{w.ClaimRequestId}/decline", new { reason = "The name does not match our records." })),

        new("POST", "/api/v1/certifications", Access.StaffOnly, (_, caller) => Post("/api/v1/certifications", new
        {
            number = $"NEW-{(int)caller}", credential = "CPT", firstName = "New", lastName = "Holder", email = $"holder-{caller}@example.test",
            cycleStart = "2025-01-01", expiresOn = "2026-12-31",
        })),
        new("GET", "/api/v1/certifications/{number}", Access.OwnerOrStaff, (w, _) => Get($"/api/v1/certifications/{w.OwnerNumber}")),
        new("GET", "/api/v1/certifications/{number}/ceus", Access.OwnerOrStaff, (w, _) => Get($"/api/v1/certifications/{w.OwnerNumber}/ceus")),
        new("POST", "/api/v1/certifications/{number}/ceus", Access.OwnerOrStaff, (w, caller) => Post($"/api/v1/certifications/{w.OwnerNumber}/ceus",
            new { title = $"Workshop by {caller}", area = "nutrition", ceus = 0.3m, completedOn = "2026-04-01" })),
        new("PUT", "/api/v1/certifications/{number}/ceus/{id}", Access.HolderOnly, (w, caller) => Put($"/api/v1/certifications/{w.OwnerNumber}/ceus/{w.OwnerOtherActivityId}",
            new { title = $"Corrected by {caller}", area = "nutrition", ceus = 2.0m, completedOn = "2026-03-01" }), Stage.NoApplication),
        new("DELETE", "/api/v1/certifications/{number}/ceus/{id}", Access.HolderOnly, (w, _) => Delete($"/api/v1/certifications/{w.OwnerNumber}/ceus/{w.OwnerOtherActivityId}"),
            Stage.NoApplication),
        new("PUT", "/api/v1/certifications/{number}/cpr-aed/{id}", Access.HolderOnly, (w, _) => Put($"/api/v1/certifications/{w.OwnerNumber}/cpr-aed/{w.OwnerCardId}",
            new { kind = "cpr", provider = "ASHI", issuedOn = "2026-01-10", expiresOn = "2028-01-10", handsOn = true }), Stage.NoApplication),
        new("DELETE", "/api/v1/certifications/{number}/cpr-aed/{id}", Access.HolderOnly, (w, _) => Delete($"/api/v1/certifications/{w.OwnerNumber}/cpr-aed/{w.OwnerCardId}"),
            Stage.NoApplication),
        new("GET", "/api/v1/certifications/{number}/eligibility", Access.OwnerOrStaff, (w, _) => Get($"/api/v1/certifications/{w.OwnerNumber}/eligibility?on={Today}")),
        new("GET", "/api/v1/certifications/{number}/activity-cycle", Access.OwnerOrStaff, (w, _) => Get($"/api/v1/certifications/{w.OwnerNumber}/activity-cycle?completedOn={Today}")),
        new("GET", "/api/v1/organisation", Access.Public, (_, _) => Get("/api/v1/organisation")),

        new("GET", "/api/v1/cpr-aed/issuers", Access.Public, (_, _) => Get("/api/v1/cpr-aed/issuers")),
        new("GET", "/api/v1/certifications/{number}/cpr-aed", Access.OwnerOrStaff, (w, _) => Get($"/api/v1/certifications/{w.OwnerNumber}/cpr-aed")),
        new("POST", "/api/v1/certifications/{number}/cpr-aed", Access.OwnerOrStaff, (w, _) => Post($"/api/v1/certifications/{w.OwnerNumber}/cpr-aed",
            new { kind = "cpr", provider = "ASHI", issuedOn = "2026-01-10", expiresOn = "2028-01-10", handsOn = true })),

        new("POST", "/api/v1/documents", Access.SignedIn, (_, _) => Upload()),
        new("GET", "/api/v1/documents/{id}", Access.OwnerOrStaff, (w, _) => Get($"/api/v1/documents/{w.OwnerDocumentId}")),
        new("GET", "/api/v1/documents/{id}/info", Access.OwnerOrStaff, (w, _) => Get($"/api/v1/documents/{w.OwnerDocumentId}/info")),
        new("GET", "/api/v1/documents/{id}/view", Access.OwnerOrStaff, (w, _) => Get($"/api/v1/documents/{w.OwnerDocumentId}/view")),

        new("GET", "/api/v1/fee-schedule", Access.Public, (_, _) => Get("/api/v1/fee-schedule")),
        new("PUT", "/api/v1/fee-schedule", Access.StaffOnly, (_, _) => Put("/api/v1/fee-schedule", new
        {
            effectiveFrom = "2026-07-01", currency = "USD", renewalCents = 10900, lateCents = 3000, additionalLateCents = 5000, forLifeCents = 29900, petitionCents = 2500,
        })),

        new("POST", "/api/v1/certifications/{number}/applications", Access.OwnerOrStaff,
            (w, _) => Post($"/api/v1/certifications/{w.OwnerNumber}/applications", new { plan = "renew" }),
            Stage: Stage.NoApplication, Once: [HttpStatusCode.Conflict]),
        new("GET", "/api/v1/certifications/{number}/applications", Access.OwnerOrStaff, (w, _) => Get($"/api/v1/certifications/{w.OwnerNumber}/applications")),
        new("GET", "/api/v1/applications/{id}", Access.OwnerOrStaff, (w, _) => Get($"/api/v1/applications/{w.OwnerApplicationId}")),
        new("POST", "/api/v1/applications/{id}/withdraw", Access.OwnerOrStaff, (w, _) => Post($"/api/v1/applications/{w.OwnerApplicationId}/withdraw", null),
            Once: [HttpStatusCode.Conflict]),

        // Petitions, cart and checkout, audits (issue 4)
        new("POST", "/api/v1/certifications/{number}/petitions", Access.OwnerOnly, (w, _) => Post($"/api/v1/certifications/{w.OwnerNumber}/petitions", new
        {
            title = "Kettlebell Level 2", providerName = "Strong Institute", area = "program-design", contactHours = 4, completedOn = "2026-05-01", documentId = w.OwnerDocumentId,
        })),
        new("GET", "/api/v1/certifications/{number}/petitions", Access.OwnerOrStaff, (w, _) => Get($"/api/v1/certifications/{w.OwnerNumber}/petitions")),
        new("GET", "/api/v1/petitions/{id}", Access.OwnerOrStaff, (w, _) => Get($"/api/v1/petitions/{w.OwnerPetitionId}")),
        new("GET", "/api/v1/me/cart", Access.CertificantOnly, (_, _) => Get("/api/v1/me/cart")),
        new("POST", "/api/v1/me/cart/checkout", Access.CertificantOnly, (_, _) => Post("/api/v1/me/cart/checkout", new { paymentToken = "tok_visa" })),
        new("GET", "/api/v1/me/receipts", Access.CertificantOnly, (_, _) => Get("/api/v1/me/receipts")),
        new("GET", "/api/v1/me/notifications", Access.SignedIn, (_, _) => Get("/api/v1/me/notifications")),
        new("POST", "/api/v1/me/notifications/read", Access.SignedIn, (_, _) => Post("/api/v1/me/notifications/read", null)),
        new("POST", "/api/v1/me/notifications/{id}/read", Access.HolderOnly, (w, _) => Post($"/api/v1/me/notifications/{w.OwnerNotificationId}/read", null), Stage.AuditRequested),
        new("GET", "/api/v1/applications/{id}/audit", Access.OwnerOrStaff, (w, _) => Get($"/api/v1/applications/{w.OwnerApplicationId}/audit"), Stage.AuditRequested),
        new("PUT", "/api/v1/applications/{id}/audit/items/{itemId}", Access.OwnerOrStaff,
            (w, _) => Put($"/api/v1/applications/{w.OwnerApplicationId}/audit/items/{w.AuditItemId}", new { documentId = w.OwnerDocumentId }), Stage.AuditRequested),
        new("POST", "/api/v1/applications/{id}/audit/submit", Access.OwnerOrStaff, (w, _) => Post($"/api/v1/applications/{w.OwnerApplicationId}/audit/submit", null),
            Stage.AuditDocumented, Once: [HttpStatusCode.Conflict]),

        // Back office (issue 4)
        new("GET", "/api/v1/staff/queues", Access.StaffOnly, (_, _) => Get("/api/v1/staff/queues")),
        new("GET", "/api/v1/staff/audits", Access.StaffOnly, (_, _) => Get("/api/v1/staff/audits?queue=awaiting-review"), Stage.AuditSubmitted),
        new("GET", "/api/v1/staff/audits/rate", Access.StaffOnly, (_, _) => Get("/api/v1/staff/audits/rate")),
        new("PUT", "/api/v1/staff/audits/rate", Access.StaffOnly, (_, _) => Put("/api/v1/staff/audits/rate", new { rate = 1.0m, reason = "matrix" })),
        new("GET", "/api/v1/staff/cpr-aed/issuers", Access.StaffOnly, (_, _) => Get("/api/v1/staff/cpr-aed/issuers")),
        new("POST", "/api/v1/staff/cpr-aed/issuers", Access.StaffOnly, (_, caller) => Post("/api/v1/staff/cpr-aed/issuers", new { name = $"Matrix Issuer {caller}" })),
        new("PUT", "/api/v1/staff/cpr-aed/issuers/{name}", Access.StaffOnly, (_, _) => Put("/api/v1/staff/cpr-aed/issuers/ASHI", new { name = "ASHI (HSI)" }),
            Once: [HttpStatusCode.NotFound]),
        new("PUT", "/api/v1/staff/cpr-aed/issuers/{name}/retired", Access.StaffOnly, (_, _) => Put("/api/v1/staff/cpr-aed/issuers/ECSI/retired", new { retired = true })),
        new("POST", "/api/v1/staff/audits/{id}/pass", Access.StaffOnly, (w, _) => Post($"/api/v1/staff/audits/{w.OwnerApplicationId}/pass", new { note = "Documents check out." }),
            Stage.AuditSubmitted),
        new("POST", "/api/v1/staff/audits/{id}/fail", Access.StaffOnly, (w, _) => Post($"/api/v1/staff/audits/{w.OwnerApplicationId}/fail", new { reasons = new[] { "The CPR card is illegible." } }),
            Stage.AuditSubmitted),
        new("POST", "/api/v1/staff/applications/{id}/reject", Access.StaffOnly, (w, _) => Post($"/api/v1/staff/applications/{w.OwnerApplicationId}/reject", new { reason = "Duplicate application." })),
        new("GET", "/api/v1/staff/applications/{id}", Access.StaffOnly, (w, _) => Get($"/api/v1/staff/applications/{w.OwnerApplicationId}")),
        new("GET", "/api/v1/staff/applications", Access.StaffOnly, (_, _) => Get("/api/v1/staff/applications?status=submitted&page=1&pageSize=20")),
        new("GET", "/api/v1/staff/certifications", Access.StaffOnly, (_, _) => Get("/api/v1/staff/certifications?search=Rivera&page=1&pageSize=20")),
        new("GET", "/api/v1/staff/certifications/{number}/history", Access.StaffOnly, (w, _) => Get($"/api/v1/staff/certifications/{w.OwnerNumber}/history")),
        new("GET", "/api/v1/staff/refunds", Access.StaffOnly, (_, _) => Get("/api/v1/staff/refunds?state=due"), Stage.AuditRequested),
        new("POST", "/api/v1/staff/refunds/{id}/refund", Access.StaffOnly, (w, _) => Post($"/api/v1/staff/refunds/{w.RefundId}/refund", null), Stage.AuditRequested,
            Once: [HttpStatusCode.Conflict]),
        new("GET", "/api/v1/staff/petitions", Access.StaffOnly, (_, _) => Get("/api/v1/staff/petitions"), Stage.AuditRequested),
        new("POST", "/api/v1/staff/petitions/{id}/approve", Access.StaffOnly, (w, _) => Post($"/api/v1/staff/petitions/{w.OwnerPetitionId}/approve", new { ceus = 0.8m }),
            Stage.AuditRequested),
        new("POST", "/api/v1/staff/petitions/{id}/deny", Access.StaffOnly, (w, _) => Post($"/api/v1/staff/petitions/{w.OwnerPetitionId}/deny", new { reason = "Not fitness related." }),
            Stage.AuditRequested),

        // Proof of certification: verification, PDFs, Open Badges credential (issue 11)
        new("GET", "/api/v1/verify", Access.Public, (w, _) => Get($"/api/v1/verify?number={w.OwnerNumber}&lastName={DrillWorld.OwnerLastName}")),
        new("GET", "/api/v1/verify/c/{token}", Access.Public, (w, _) => Get($"/api/v1/verify/c/{w.OwnerVerificationToken}")),
        new("GET", "/api/v1/credentials/issuer", Access.Public, (_, _) => Get("/api/v1/credentials/issuer")),
        new("GET", "/api/v1/credentials/achievements/{credential}", Access.Public, (_, _) => Get("/api/v1/credentials/achievements/cpt")),
        new("GET", "/api/v1/credentials/status/{list}", Access.Public, (_, _) => Get("/api/v1/credentials/status/0")),
        new("GET", "/.well-known/jwks.json", Access.Public, (_, _) => Get("/.well-known/jwks.json")),
        new("GET", "/api/v1/certifications/{number}/certificate.pdf", Access.OwnerOrStaff, (w, _) => Get($"/api/v1/certifications/{w.OwnerNumber}/certificate.pdf")),
        new("GET", "/api/v1/certifications/{number}/wallet-card.pdf", Access.OwnerOrStaff, (w, _) => Get($"/api/v1/certifications/{w.OwnerNumber}/wallet-card.pdf")),
        new("GET", "/api/v1/certifications/{number}/credential", Access.OwnerOrStaff, (w, _) => Get($"/api/v1/certifications/{w.OwnerNumber}/credential")),
        new("GET", "/api/v1/certifications/{number}/verification-link", Access.OwnerOrStaff, (w, _) => Get($"/api/v1/certifications/{w.OwnerNumber}/verification-link")),
        new("POST", "/api/v1/certifications/{number}/verification-link/rotate", Access.OwnerOrStaff,
            (w, _) => Post($"/api/v1/certifications/{w.OwnerNumber}/verification-link/rotate", null)),
        new("PUT", "/api/v1/certifications/{number}/verification-link/name-lookup", Access.OwnerOrStaff,
            (w, _) => Put($"/api/v1/certifications/{w.OwnerNumber}/verification-link/name-lookup", new { enabled = false })),
        new("GET", "/api/v1/certifications/{number}/verification-lookups", Access.StaffOnly, (w, _) => Get($"/api/v1/certifications/{w.OwnerNumber}/verification-lookups")),
        new("POST", "/api/v1/certifications/{number}/revocation", Access.StaffOnly,
            (w, _) => Post($"/api/v1/certifications/{w.OwnerNumber}/revocation", new { reason = "Misconduct." }), Once: [HttpStatusCode.Conflict]),
        new("GET", "/api/v1/receipts/{id}.pdf", Access.OwnerOrStaff, (w, _) => Get($"/api/v1/receipts/{w.OwnerReceiptId}.pdf"), Stage.AuditRequested),
        new("POST", "/api/v1/staff/signing-keys/rotate", Access.StaffOnly, (_, _) => Post("/api/v1/staff/signing-keys/rotate", null)),

        // Providers: public lists and staff management (issue 3)
        new("GET", "/api/v1/providers", Access.Public, (_, _) => Get("/api/v1/providers?search=drill&page=1&pageSize=20")),
        new("GET", "/api/v1/providers/{id}/courses", Access.Public, (w, _) => Get($"/api/v1/providers/{w.ProviderId}/courses")),
        new("POST", "/api/v1/staff/providers", Access.StaffOnly, (_, caller) => Post("/api/v1/staff/providers", new
        {
            name = $"New Academy {caller}", contactName = "Pat Lee", contactEmail = "partners@new.test", approvedFrom = "2026-01-01", approvedUntil = "2027-12-31",
        })),
        new("GET", "/api/v1/staff/providers", Access.StaffOnly, (_, _) => Get("/api/v1/staff/providers?search=drill")),
        new("POST", "/api/v1/staff/providers/{id}/suspend", Access.StaffOnly, (w, _) => Post($"/api/v1/staff/providers/{w.ProviderId}/suspend", null)),
        new("POST", "/api/v1/staff/providers/{id}/reinstate", Access.StaffOnly, (w, _) => Post($"/api/v1/staff/providers/{w.ProviderId}/reinstate", null)),
        new("GET", "/api/v1/staff/providers/{id}/courses", Access.StaffOnly, (w, _) => Get($"/api/v1/staff/providers/{w.ProviderId}/courses")),
        new("POST", "/api/v1/staff/providers/{id}/courses", Access.StaffOnly, (w, caller) => Post($"/api/v1/staff/providers/{w.ProviderId}/courses", new
        {
            code = $"NEW-{(int)caller}", title = "New course", ceus = 0.4m, area = "nutrition", approvedFrom = "2026-01-01", approvedUntil = "2026-12-31",
        })),
        new("POST", "/api/v1/staff/providers/{id}/keys", Access.StaffOnly, (w, _) => Post($"/api/v1/staff/providers/{w.ProviderId}/keys", new { name = "second" })),
        new("GET", "/api/v1/staff/providers/{id}/keys", Access.StaffOnly, (w, _) => Get($"/api/v1/staff/providers/{w.ProviderId}/keys")),
        new("GET", "/api/v1/staff/providers/{id}", Access.StaffOnly, (w, _) => Get($"/api/v1/staff/providers/{w.ProviderId}")),
        new("PUT", "/api/v1/staff/providers/{id}", Access.StaffOnly, (w, caller) => Put($"/api/v1/staff/providers/{w.ProviderId}", new
        {
            name = "Drill Academy A", contactName = $"Pat Lee {caller}", contactEmail = "partners@drill-a.test", approvedFrom = "2024-01-01", approvedUntil = "2027-12-31",
        })),
        new("GET", "/api/v1/staff/providers/{id}/history", Access.StaffOnly, (w, _) => Get($"/api/v1/staff/providers/{w.ProviderId}/history")),
        new("PUT", "/api/v1/staff/providers/{id}/courses/{courseId}", Access.StaffOnly, (w, caller) => Put($"/api/v1/staff/providers/{w.ProviderId}/courses/{w.ProviderCourseId}", new
        {
            title = $"Course edited by {caller}", ceus = 0.5m, area = "exercise-technique", approvedFrom = "2025-01-01", approvedUntil = "2026-12-31",
            activityId = DrillWorld.ProviderActivityId,
        })),
        new("DELETE", "/api/v1/staff/providers/{id}/keys/{keyId}", Access.StaffOnly, (w, _) => Delete($"/api/v1/staff/providers/{w.ProviderId}/keys/{w.ProviderKeyId}")),

        // Partner API with provider keys (issue 3)
        new("GET", "/api/v1/provider/courses", Access.AnyProvider, (_, _) => Get("/api/v1/provider/courses")),
        new("GET", "/api/v1/learners/{certificationNumber}", Access.AnyProvider, (w, _) => Get($"/api/v1/learners/{w.OwnerNumber}?lastName={DrillWorld.OwnerLastName}")),
        new("POST", "/api/v1/completions", Access.AnyProvider, (w, caller) => Post("/api/v1/completions", new
        {
            completions = new[] { new { externalId = $"m-{caller}", courseCode = DrillWorld.ProviderCourse, certificationNumber = w.OwnerNumber, lastName = DrillWorld.OwnerLastName, completedOn = "2026-05-01" } },
        })),
        new("POST", "/api/v1/completions/csv", Access.AnyProvider, (w, caller) => Csv(
            $"externalId,courseCode,certificationNumber,lastName,completedOn\ncsv-{caller},{DrillWorld.ProviderCourse},{w.OwnerNumber},{DrillWorld.OwnerLastName},2026-05-02\n")),
        new("GET", "/api/v1/completions", Access.AnyProvider, (_, _) => Get("/api/v1/completions?limit=10")),
        new("GET", "/api/v1/completions/{externalId}", Access.ProviderOwner, (w, _) => Get($"/api/v1/completions/{w.CompletionExternalId}")),
        new("DELETE", "/api/v1/completions/{externalId}", Access.ProviderOwner, (w, _) => Delete($"/api/v1/completions/{w.CompletionExternalId}")),
        new("POST", "/api/v1/xapi/statements", Access.AnyProviderKey, (w, _) => Xapi(w)),

        // Partners as they really are (issue 13)
        new("POST", "/api/v1/completions/roster", Access.AnyProvider, (w, caller) => Roster(
            $"externalId;courseCode;certificationNumber;lastName;completedOn\r\nroster-{caller};{DrillWorld.ProviderCourse};{w.OwnerNumber};{DrillWorld.OwnerLastName};05/04/2026\r\n")),
        new("GET", "/api/v1/xapi/about", Access.Public, (_, _) => Get("/api/v1/xapi/about")),
        new("GET", "/api/v1/xapi/statements", Access.ProviderKeyOwner, (w, _) => XapiGet($"/api/v1/xapi/statements?statementId={w.XapiStatementId}")),
        new("POST", "/api/v1/webhooks/endpoints", Access.AnyProvider, (_, _) => Post("/api/v1/webhooks/endpoints",
            new { url = "https://hooks.example.test/recert", eventTypes = new[] { "completion.voided" } })),
        new("GET", "/api/v1/webhooks/endpoints", Access.AnyProvider, (_, _) => Get("/api/v1/webhooks/endpoints")),
        new("DELETE", "/api/v1/webhooks/endpoints/{id}", Access.ProviderOwner, (w, _) => Delete($"/api/v1/webhooks/endpoints/{w.WebhookEndpointId}")),
        new("POST", "/api/v1/webhooks/endpoints/{id}/rotate-secret", Access.ProviderOwner, (w, _) => Post($"/api/v1/webhooks/endpoints/{w.WebhookEndpointId}/rotate-secret", null)),
        new("GET", "/api/v1/webhooks/endpoints/{id}/deliveries", Access.ProviderOwner, (w, _) => Get($"/api/v1/webhooks/endpoints/{w.WebhookEndpointId}/deliveries")),
        new("POST", "/api/v1/webhooks/deliveries/{id}/redeliver", Access.ProviderOwner, (w, _) => Post($"/api/v1/webhooks/deliveries/{w.WebhookDeliveryId}/redeliver", null)),

        // The provider portal (issue 14)
        new("POST", "/api/v1/staff/providers/{id}/users", Access.StaffOnly, (w, caller) => Post($"/api/v1/staff/providers/{w.ProviderId}/users",
            new { email = $"invitee-{caller}@drill-a.test", firstName = "New", lastName = "Colleague" })),
        new("GET", "/api/v1/staff/providers/{id}/users", Access.StaffOnly, (w, _) => Get($"/api/v1/staff/providers/{w.ProviderId}/users")),
        new("POST", "/api/v1/auth/accept-invitation", Access.Public, (w, caller) => Post("/api/v1/auth/accept-invitation",
            new { token = w.InvitationToken, password = $"a-portal-password-for-{caller}" }), Once: [HttpStatusCode.Gone]),
        new("GET", "/api/v1/provider", Access.AnyProvider, (_, _) => Get("/api/v1/provider")),
        new("POST", "/api/v1/completions/roster/preview", Access.AnyProvider, (w, caller) => Roster(
            $"externalId,courseCode,certificationNumber,lastName,completedOn\npreview-{caller},{DrillWorld.ProviderCourse},{w.OwnerNumber},{DrillWorld.OwnerLastName},2026-05-02\n",
            "/api/v1/completions/roster/preview")),
        new("GET", "/api/v1/provider/keys", Access.PortalUser, (_, _) => Get("/api/v1/provider/keys")),
        new("POST", "/api/v1/provider/keys", Access.PortalUser, (_, caller) => Post("/api/v1/provider/keys", new { name = $"key of {caller}" })),
        new("DELETE", "/api/v1/provider/keys/{keyId}", Access.PortalUserOwner, (w, _) => Delete($"/api/v1/provider/keys/{w.ProviderKeyId}")),
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
        var world = await BuildWorldAsync(row.Stage);
        var anyAllowedBefore = false;

        // Callers that must be refused go first, so that nothing they are refused is already changed by an allowed call.
        foreach (var caller in new[] { Caller.Anonymous, Caller.OtherCertificant, Caller.Staff, Caller.Owner, Caller.OtherProvider, Caller.Provider, Caller.OtherProviderUser, Caller.ProviderUser }
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
                await AssertKeepsTheContractAsync(world, row, response, body, $"{what}\nThe refusal breaks the OpenAPI contract:");
            }
            else if (anyAllowedBefore && row.Once is { } later && later.Contains(response.StatusCode))
            {
                Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), what);
            }
            else
            {
                Assert.That((int)response.StatusCode, Is.InRange(200, 299), what);
                await AssertKeepsTheContractAsync(world, row, response, body, $"{what}\nThe answer breaks the OpenAPI contract:");
                anyAllowedBefore = true;
            }
        }
    }

    static ResponseContract? contract;

    static async Task AssertKeepsTheContractAsync(DrillWorld world, MatrixRow row, HttpResponseMessage response, string body, string what)
    {
        if (row.Method == "*")
        {
            return;
        }

        contract ??= await ResponseContract.LoadAsync(world.Client(Caller.Anonymous));
        Assert.That(contract.Violations(row.Method, row.Route, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body), Is.Empty, what);
    }

    /// <summary>The refusal a caller must get, or null when the caller is allowed.</summary>
    static HttpStatusCode? Expected(Access access, Caller caller) => (access, caller) switch
    {
        (Access.Public, _) => null,
        (_, Caller.Anonymous) => HttpStatusCode.Unauthorized,
        (Access.AnyProviderKey, Caller.Provider or Caller.OtherProvider) => null,
        (Access.ProviderKeyOwner, Caller.Provider) => null,
        (Access.ProviderKeyOwner, Caller.OtherProvider) => HttpStatusCode.NotFound,
        // xAPI takes keys only: a session, even a provider user's, is as good as nothing there.
        (Access.AnyProviderKey or Access.ProviderKeyOwner, _) => HttpStatusCode.Unauthorized,
        (Access.AnyProvider, Caller.Provider or Caller.OtherProvider or Caller.ProviderUser or Caller.OtherProviderUser) => null,
        (Access.ProviderOwner, Caller.Provider or Caller.ProviderUser) => null,
        (Access.ProviderOwner, Caller.OtherProvider or Caller.OtherProviderUser) => HttpStatusCode.NotFound,
        // Signed in, but not as a provider.
        (Access.AnyProvider or Access.ProviderOwner, _) => HttpStatusCode.Forbidden,
        (Access.PortalUser, Caller.ProviderUser or Caller.OtherProviderUser) => null,
        (Access.PortalUserOwner, Caller.ProviderUser) => null,
        (Access.PortalUserOwner, Caller.OtherProviderUser) => HttpStatusCode.NotFound,
        // Keys are managed by people: a key is no sign-in here.
        (Access.PortalUser or Access.PortalUserOwner, Caller.Provider or Caller.OtherProvider) => HttpStatusCode.Unauthorized,
        (Access.PortalUser or Access.PortalUserOwner, _) => HttpStatusCode.Forbidden,
        // A provider key is not a session: on people's endpoints it is as good as nothing.
        (_, Caller.Provider or Caller.OtherProvider) => HttpStatusCode.Unauthorized,
        // A provider user is a person with no certification and no staff rights.
        (Access.OwnerOrStaff or Access.OwnerOnly, Caller.ProviderUser or Caller.OtherProviderUser) => HttpStatusCode.NotFound,
        (Access.StaffOnly or Access.CertificantOnly or Access.HolderOnly, Caller.ProviderUser or Caller.OtherProviderUser) => HttpStatusCode.Forbidden,
        (Access.SignedIn, _) => null,
        (Access.MfaPendingOnly, _) => HttpStatusCode.Forbidden,
        (Access.OwnerOrStaff, Caller.OtherCertificant) => HttpStatusCode.NotFound,
        (Access.OwnerOrStaff, _) => null,
        (Access.StaffOnly, Caller.Staff) => null,
        (Access.StaffOnly, _) => HttpStatusCode.Forbidden,
        (Access.CertificantOnly, Caller.Staff) => HttpStatusCode.Forbidden,
        (Access.CertificantOnly, _) => null,
        (Access.OwnerOnly, Caller.OtherCertificant) => HttpStatusCode.NotFound,
        (Access.OwnerOnly, Caller.Staff) => HttpStatusCode.Forbidden,
        (Access.OwnerOnly, _) => null,
        (Access.HolderOnly, Caller.OtherCertificant) => HttpStatusCode.NotFound,
        (Access.HolderOnly, Caller.Staff) => HttpStatusCode.Forbidden,
        (Access.HolderOnly, _) => null,
        _ => throw new ArgumentOutOfRangeException(nameof(access)),
    };

    static HttpRequestMessage Get(string url) => new(HttpMethod.Get, url);

    static HttpRequestMessage Post(string url, object? body) => new(HttpMethod.Post, url) { Content = body is null ? null : JsonContent.Create(body) };

    static HttpRequestMessage Put(string url, object body) => new(HttpMethod.Put, url) { Content = JsonContent.Create(body) };

    static HttpRequestMessage Delete(string url) => new(HttpMethod.Delete, url);

    static HttpRequestMessage Csv(string text) => new(HttpMethod.Post, "/api/v1/completions/csv") { Content = new StringContent(text, System.Text.Encoding.UTF8, "text/csv") };

    /// <summary>A roster as a browser form sends it, with a dateFormat for its text dates.</summary>
    static HttpRequestMessage Roster(string text, string route = "/api/v1/completions/roster")
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(text));
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/vnd.ms-excel");
        form.Add(file, "file", "roster.csv");
        form.Add(new StringContent("MM/dd/yyyy"), "dateFormat");
        return new HttpRequestMessage(HttpMethod.Post, route) { Content = form };
    }

    static HttpRequestMessage XapiGet(string url)
    {
        var request = Get(url);
        request.Headers.Add("X-Experience-API-Version", "1.0.3");
        return request;
    }

    static HttpRequestMessage Xapi(DrillWorld world)
    {
        var request = Post("/api/v1/xapi/statements", new
        {
            id = Guid.NewGuid(),
            actor = new { objectType = "Agent", name = "Dana Rivera", account = new { homePage = "https://recert.example", name = world.OwnerNumber } },
            verb = new { id = "http://adlnet.gov/expapi/verbs/completed" },
            @object = new { objectType = "Activity", id = DrillWorld.ProviderActivityId },
            timestamp = "2026-05-03T18:00:00Z",
        });
        request.Headers.Add("X-Experience-API-Version", "1.0.3");
        return request;
    }

    static HttpRequestMessage Upload()
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"u8.ToArray());
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", "certificate.pdf");
        return new HttpRequestMessage(HttpMethod.Post, "/api/v1/documents") { Content = form };
    }
}
