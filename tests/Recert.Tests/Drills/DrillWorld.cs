using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Dapper;
using Npgsql;
using Recert.Tests.Support;

namespace Recert.Tests.Drills;

/// <summary>Who calls an endpoint in the drills. Add a caller here when a new kind of client appears.</summary>
public enum Caller
{
    Anonymous,
    Owner,
    OtherCertificant,
    Staff,

    /// <summary>Provider A's API key (provider A owns the world's completion, webhook endpoint and delivery).</summary>
    Provider,

    /// <summary>Provider B's API key: another provider, who must not see or change provider A's records.</summary>
    OtherProvider,

    /// <summary>A person of provider A signed in to the provider portal (issue 14).</summary>
    ProviderUser,

    /// <summary>A person of provider B signed in to the provider portal.</summary>
    OtherProviderUser,
}

/// <summary>How far the owner's renewal has gone when a drill starts.</summary>
public enum Stage
{
    /// <summary>No application yet.</summary>
    NoApplication,

    /// <summary>An application submitted and unpaid; the owner's and the other certificant's petitions unpaid.</summary>
    Submitted,

    /// <summary>The cart paid (application and petitions); the application drawn for audit (the drills' audit rate is 1).</summary>
    AuditRequested,

    /// <summary>Every audit item has a document, not submitted yet.</summary>
    AuditDocumented,

    /// <summary>The audit documentation submitted, waiting for staff.</summary>
    AuditSubmitted,
}

/// <summary>
/// The data every drill starts from: a holder (the owner) with activities, a card, a document, a petition and (by stage) an
/// application; another certificant holding a certification and a petition of their own; a certification nobody has claimed
/// yet; staff; provider A (a course, a completion for the owner, a webhook endpoint with a delivery) and provider B.
/// </summary>
public sealed record DrillWorld(IReadOnlyDictionary<Caller, HttpClient> Clients)
{
    public const string OwnerLastName = "Rivera";
    public const string UnclaimedLastName = "Okafor";
    public const string ProviderCourse = "KB-101";
    public const string ProviderActivityId = "https://lms.drill.test/courses/kb-101";
    /// <summary>A password reset link's token for the owner, as if emailed (issue 9).</summary>
    public const string OwnerResetToken = "drill-owner-reset-token-0123456789abcdef";
    /// <summary>A second staff member (no endpoint creates staff), whose MFA and sessions staff may reset.</summary>
    public static readonly Guid SecondStaffId = Guid.Parse("5ec0d57a-ff00-4000-8000-000000000002");

    public string OwnerNumber { get; init; } = "DRILL-OWNER-1";
    public string OtherNumber { get; init; } = "DRILL-OTHER-2";
    public string UnclaimedNumber { get; init; } = "DRILL-UNCLAIMED-3";
    public Guid OwnerDocumentId { get; init; }
    public Guid? OwnerApplicationId { get; init; }
    public Guid OwnerPetitionId { get; init; }
    /// <summary>The owner's own "other" CE activity and CPR/AED card, which the owner may correct until an application relies on them.</summary>
    public Guid OwnerOtherActivityId { get; init; }
    public Guid OwnerCardId { get; init; }
    /// <summary>The owner's "selected for audit" notification (from <see cref="Stage.AuditRequested"/> on).</summary>
    public Guid? OwnerNotificationId { get; init; }
    public Guid? AuditItemId { get; init; }
    public Guid ProviderId { get; init; }
    public Guid OtherProviderId { get; init; }
    public Guid ProviderKeyId { get; init; }
    public Guid ProviderCourseId { get; init; }
    public string CompletionExternalId { get; init; } = "drill-a-1";
    public Guid WebhookEndpointId { get; init; }
    public Guid WebhookDeliveryId { get; init; }
    public Guid XapiStatementId { get; init; }
    public string OwnerVerificationToken { get; init; } = "";
    public Guid? OwnerReceiptId { get; init; }

    /// <summary>The link token emailed to an account registered but not verified yet.</summary>
    public string VerifyToken { get; init; } = "";

    /// <summary>The claim-confirmation tokens of the owner and the other certificant, both for the unclaimed certification.</summary>
    public IReadOnlyDictionary<Caller, string> ClaimTokens { get; init; } = new Dictionary<Caller, string>();

    /// <summary>The owner's claim of a certification with no email on file, waiting in the staff queue.</summary>
    public Guid ClaimRequestId { get; init; }
    public Guid RefundId { get; init; }

    /// <summary>A pending provider portal invitation (provider A) as if emailed (issue 14).</summary>
    public string InvitationToken { get; init; } = "";

    public HttpClient Client(Caller caller) => Clients[caller];
}

/// <summary>Endpoints as the app really maps them, so that the drills cover endpoints added later without a hand-written list.</summary>
public static partial class AppEndpoints
{
    public sealed record Mapped(string Method, string Route, RouteEndpoint Endpoint)
    {
        public override string ToString() => $"{Method} {Route}";
    }

    public static IReadOnlyList<Mapped> All(IServiceProvider services)
        => services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(endpoint => (endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"])
                .Select(method => new Mapped(method, Normalize(endpoint.RoutePattern.RawText ?? ""), endpoint)))
            .OrderBy(m => m.Route, StringComparer.Ordinal).ThenBy(m => m.Method, StringComparer.Ordinal)
            .ToList();

    /// <summary>"/api/v1/applications/{id:guid}/" → "/api/v1/applications/{id}".</summary>
    public static string Normalize(string route)
    {
        var withoutConstraints = RouteParameter().Replace(route, match => "{" + match.Groups[1].Value + "}");
        var trimmed = "/" + withoutConstraints.Trim('/');
        return trimmed;
    }

    [GeneratedRegex(@"\{\*?(\w+)(?:[:=?][^}]*)?\}")]
    private static partial Regex RouteParameter();
}

public abstract class DrillTest : PartnerTest
{
    /// <summary>Every paid application is drawn for audit, so that the audit endpoints have something to act on.</summary>
    protected override Dictionary<string, string?> Settings => new() { ["Recert:Audit:Rate"] = "1" };

    /// <summary>Builds the world through the public API, as users, staff and providers would.</summary>
    protected async Task<DrillWorld> BuildWorldAsync(Stage stage = Stage.Submitted)
    {
        var today = new DateOnly(2026, 6, 1);
        App.SetToday(today);
        var staff = await StaffAsync();

        var owner = await HolderAsync("DRILL-OWNER-1", new DateOnly(2026, 12, 31));
        await MakeEligibleAsync(owner, "DRILL-OWNER-1", new DateOnly(2026, 3, 1), new DateOnly(2028, 1, 31));
        // Trainers cannot report an activity outside every open cycle; staff record Category A as completed.
        var early = await staff.PostAsJsonAsync("/api/v1/certifications/DRILL-OWNER-1/ceus",
            new { source = "category-a", title = "Before the cycle", area = "nutrition", ceus = 0.5m, completedOn = new DateOnly(2023, 2, 1) });
        Assert.That(early.StatusCode, Is.EqualTo(HttpStatusCode.Created), await early.Content.ReadAsStringAsync());
        var documentId = await UploadPdfAsync(owner);
        var ownerPetitionId = await PetitionAsync(owner, "DRILL-OWNER-1");

        var other = await HolderAsync("DRILL-OTHER-2", new DateOnly(2027, 3, 31));
        await AddOtherCeuAsync(other, "DRILL-OTHER-2", 1.0m, new DateOnly(2026, 2, 1));
        await PetitionAsync(other, "DRILL-OTHER-2");

        await CreateCertificationAsync(staff, "DRILL-UNCLAIMED-3", "unclaimed@example.test", new DateOnly(2025, 1, 1), new DateOnly(2026, 12, 31), DrillWorld.UnclaimedLastName);
        await CreateCertificationAsync(staff, "DRILL-NOEMAIL-4", "", new DateOnly(2025, 1, 1), new DateOnly(2026, 12, 31), DrillWorld.UnclaimedLastName);

        // Account links: an unverified registration, two claims by email, one claim for the staff queue.
        await CertificantAsync("unverified@example.test", verify: false);
        var verifyToken = await EmailedTokenAsync("unverified@example.test", "verify-email");
        var claimTokens = new Dictionary<Caller, string>();
        foreach (var (caller, client) in new[] { (Caller.Owner, owner), (Caller.OtherCertificant, other) })
        {
            var claimed = await client.PostAsJsonAsync("/api/v1/me/certifications", new { number = "DRILL-UNCLAIMED-3", lastName = DrillWorld.UnclaimedLastName });
            Assert.That(claimed.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await claimed.Content.ReadAsStringAsync());
            claimTokens[caller] = await EmailedTokenAsync("unclaimed@example.test", "claim-confirm");
        }

        var queued = await owner.PostAsJsonAsync("/api/v1/me/certifications", new { number = "DRILL-NOEMAIL-4", lastName = DrillWorld.UnclaimedLastName });
        Assert.That(queued.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await queued.Content.ReadAsStringAsync());
        var claimQueue = await staff.GetFromJsonAsync<JsonArray>("/api/v1/staff/claims");
        var claimRequestId = claimQueue!.Single()!["id"]!.GetValue<Guid>();

        // Provider A: a course, a webhook endpoint, then a completion for the owner (so the endpoint has a delivery).
        var providerA = await ProviderAsync("Drill Academy A", "OTHER-A");
        await CourseAsync(staff, providerA.Id, DrillWorld.ProviderCourse, activityId: DrillWorld.ProviderActivityId);
        var providerB = await ProviderAsync("Drill Academy B", "B-101");
        var keys = await staff.GetFromJsonAsync<JsonArray>($"/api/v1/staff/providers/{providerA.Id}/keys");
        var coursesA = await staff.GetFromJsonAsync<JsonArray>($"/api/v1/staff/providers/{providerA.Id}/courses");
        var providerCourseId = coursesA!.Single(c => c!["code"]!.GetValue<string>() == DrillWorld.ProviderCourse)!["id"]!.GetValue<Guid>();
        var endpoint = await providerA.Client.PostAsJsonAsync("/api/v1/webhooks/endpoints", new { url = "https://hooks.drill-a.test/recert", eventTypes = new[] { "completion.accepted" } });
        Assert.That(endpoint.StatusCode, Is.EqualTo(HttpStatusCode.Created), await endpoint.Content.ReadAsStringAsync());
        var endpointId = (await ReadJsonAsync(endpoint))["id"]!.GetValue<Guid>();
        var pushed = await PushAsync(providerA.Client, Record("drill-a-1", "DRILL-OWNER-1", DrillWorld.OwnerLastName, DrillWorld.ProviderCourse, "2026-04-01"));
        Assert.That(Outcome(pushed[0]), Is.EqualTo("accepted"), pushed.ToJsonString());
        // A statement provider A sent, for a number nobody holds (kept pending, so no ledger changes), to be read back by id.
        var statementId = Guid.NewGuid();
        var statement = new HttpRequestMessage(HttpMethod.Post, "/api/v1/xapi/statements")
        {
            Content = JsonContent.Create(new
            {
                id = statementId,
                actor = new { name = "Nobody Known", account = new { homePage = "https://lms.drill.test", name = "DRILL-NOBODY-9" } },
                verb = new { id = "http://adlnet.gov/expapi/verbs/completed" },
                @object = new { id = DrillWorld.ProviderActivityId },
                timestamp = "2026-04-02T18:00:00Z",
            }),
        };
        statement.Headers.Add("X-Experience-API-Version", "1.0.3");
        var sent = await providerA.Client.SendAsync(statement);
        Assert.That(sent.StatusCode, Is.EqualTo(HttpStatusCode.OK), await sent.Content.ReadAsStringAsync());
        var deliveries = await providerA.Client.GetFromJsonAsync<JsonArray>($"/api/v1/webhooks/endpoints/{endpointId}/deliveries");
        var deliveryId = deliveries!.Single()!["id"]!.GetValue<Guid>();

        Guid? applicationId = null;
        Guid? auditItemId = null;
        var refundId = Guid.Empty;
        if (stage >= Stage.Submitted)
        {
            var response = await owner.PostAsJsonAsync("/api/v1/certifications/DRILL-OWNER-1/applications", new { plan = "renew" });
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
            applicationId = (await ReadJsonAsync(response))["id"]!.GetValue<Guid>();
        }

        if (stage >= Stage.AuditRequested)
        {
            var paid = await owner.PostAsJsonAsync("/api/v1/me/cart/checkout", new { paymentToken = "tok_visa" });
            Assert.That(paid.StatusCode, Is.EqualTo(HttpStatusCode.OK), await paid.Content.ReadAsStringAsync());
            // As if the charge had landed after the application closed: a refund waiting for staff.
            await using (var connection = new Npgsql.NpgsqlConnection(TestDatabase.ConnectionString))
            {
                await connection.OpenAsync();
                await using var insert = new Npgsql.NpgsqlCommand("""
                    insert into refunds (checkout_id, application_id, user_id, amount_cents, currency, reason, state, created_at)
                    select k.id, @ApplicationId, k.user_id, 100, k.currency, 'Drill.', 'due', now() from checkouts k where k.state = 'succeeded' limit 1
                    returning id
                    """, connection);
                insert.Parameters.AddWithValue("ApplicationId", applicationId!.Value);
                refundId = (Guid)(await insert.ExecuteScalarAsync())!;
            }

            var audit = await owner.GetFromJsonAsync<JsonObject>($"/api/v1/applications/{applicationId}/audit");
            var items = audit!["items"]!.AsArray();
            auditItemId = items[0]!["id"]!.GetValue<Guid>();
            if (stage >= Stage.AuditDocumented)
            {
                foreach (var item in items)
                {
                    var attached = await owner.PutAsJsonAsync($"/api/v1/applications/{applicationId}/audit/items/{item!["id"]}", new { documentId });
                    Assert.That(attached.StatusCode, Is.EqualTo(HttpStatusCode.OK), await attached.Content.ReadAsStringAsync());
                }
            }

            if (stage >= Stage.AuditSubmitted)
            {
                var submitted = await owner.PostAsync($"/api/v1/applications/{applicationId}/audit/submit", null);
                Assert.That(submitted.StatusCode, Is.EqualTo(HttpStatusCode.OK), await submitted.Content.ReadAsStringAsync());
            }
        }

        var ownerLedger = await owner.GetFromJsonAsync<JsonObject>("/api/v1/certifications/DRILL-OWNER-1/ceus");
        var ownerCards = await owner.GetFromJsonAsync<JsonArray>("/api/v1/certifications/DRILL-OWNER-1/cpr-aed");
        var notifications = await owner.GetFromJsonAsync<JsonObject>("/api/v1/me/notifications");
        var link = await owner.GetFromJsonAsync<JsonObject>("/api/v1/certifications/DRILL-OWNER-1/verification-link");
        var receipts = await owner.GetFromJsonAsync<JsonArray>("/api/v1/me/receipts");
        const string accounts = """
            insert into users (id, email, password_hash, first_name, last_name, role)
            values (@SecondStaffId, 'second-staff@recert.test', 'not-a-usable-hash', 'Second', 'Staff', 'staff');
            insert into account_tokens (user_id, purpose, token_hash, email, created_at, expires_at)
            select id, 'password-reset', sha256(convert_to(@Token, 'UTF8')), email, now(), now() + interval '10 years' from users where email = @OwnerEmail;
            """;
        await using (var connection = await App.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync())
        {
            await connection.ExecuteAsync(accounts, new { DrillWorld.SecondStaffId, Token = DrillWorld.OwnerResetToken, OwnerEmail = HolderEmail("DRILL-OWNER-1") });
        }

        // The provider portal (issue 14): a person of each provider, and an invitation not yet accepted.
        var providerUser = await ProviderUserAsync(staff, providerA.Id, "portal@drill-a.test");
        var otherProviderUser = await ProviderUserAsync(staff, providerB.Id, "portal@drill-b.test");
        var invited = await staff.PostAsJsonAsync($"/api/v1/staff/providers/{providerA.Id}/users", new { email = "pending@drill-a.test", firstName = "Pending", lastName = "Invitee" });
        Assert.That(invited.StatusCode, Is.EqualTo(HttpStatusCode.Created), await invited.Content.ReadAsStringAsync());
        var invitationToken = await EmailedTokenAsync("pending@drill-a.test", "provider-invitation");

        // Every staff sign-in moves the fake clock to a fresh TOTP step; a request after a minute of that refreshes a
        // session's last_seen_at. Refreshing them here, once, keeps the drills' "nothing stored changed" about their requests.
        foreach (var person in new[] { owner, other, staff, providerUser, otherProviderUser })
        {
            Assert.That((await person.GetAsync("/api/v1/me")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        return new DrillWorld(new Dictionary<Caller, HttpClient>
        {
            [Caller.Anonymous] = Anonymous(),
            [Caller.Owner] = owner,
            [Caller.OtherCertificant] = other,
            [Caller.Staff] = staff,
            [Caller.Provider] = providerA.Client,
            [Caller.OtherProvider] = providerB.Client,
            [Caller.ProviderUser] = providerUser,
            [Caller.OtherProviderUser] = otherProviderUser,
        })
        {
            OwnerDocumentId = documentId,
            OwnerApplicationId = applicationId,
            OwnerPetitionId = ownerPetitionId,
            OwnerOtherActivityId = ownerLedger!["activities"]!.AsArray().First(a => a!["source"]!.GetValue<string>() == "other")!["id"]!.GetValue<Guid>(),
            OwnerCardId = ownerCards!.First()!["id"]!.GetValue<Guid>(),
            OwnerNotificationId = notifications!["items"]!.AsArray().FirstOrDefault()?["id"]?.GetValue<Guid>(),
            AuditItemId = auditItemId,
            ProviderId = providerA.Id,
            OtherProviderId = providerB.Id,
            ProviderKeyId = keys!.Single()!["id"]!.GetValue<Guid>(),
            ProviderCourseId = providerCourseId,
            WebhookEndpointId = endpointId,
            WebhookDeliveryId = deliveryId,
            XapiStatementId = statementId,
            OwnerVerificationToken = link!["url"]!.GetValue<string>().Split('/').Last(),
            OwnerReceiptId = receipts!.FirstOrDefault()?["id"]?.GetValue<Guid>(),
            VerifyToken = verifyToken,
            ClaimTokens = claimTokens,
            ClaimRequestId = claimRequestId,
            RefundId = refundId,
            InvitationToken = invitationToken,
        };
    }

    static async Task<Guid> PetitionAsync(HttpClient holder, string number)
    {
        var certificate = await UploadPdfAsync(holder);
        var response = await holder.PostAsJsonAsync($"/api/v1/certifications/{number}/petitions", new
        {
            title = "Functional Movement Screen Level 1",
            providerName = "FMS Institute",
            area = "assessment",
            contactHours = 8,
            completedOn = "2026-04-15",
            documentId = certificate,
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (await ReadJsonAsync(response))["id"]!.GetValue<Guid>();
    }

    /// <summary>A fingerprint of everything stored, to prove that a drill changed nothing.</summary>
    /// <param name="filters">A where clause per table, for tables whose rows may legitimately grow (compare the rows that existed).</param>
    protected static async Task<IReadOnlyDictionary<string, string>> SnapshotAsync(IReadOnlyDictionary<string, string>? filters = null)
    {
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> 'schemaversions' order by 1",
            connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var fingerprint = new Dictionary<string, string>();
        foreach (var table in tables)
        {
            await using var command = new NpgsqlCommand(
                $"select count(*)::text || ':' || coalesce(md5(string_agg(t::text, '|' order by t::text)), '') from \"{table}\" t where {filters?.GetValueOrDefault(table) ?? "true"}", connection);
            fingerprint[table] = (string)(await command.ExecuteScalarAsync())!;
        }

        return fingerprint;
    }
}
