using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using MiniExcelLibs;
using Recert.Tests.Support;

namespace Recert.Tests.Integration.Partners;

/// <summary>The provider portal (issue 14): invited provider users, their scoping, and the same use cases as the partner API.</summary>
public sealed class ProviderPortalTests : PartnerTest
{
    const string Header = "externalId,courseCode,certificationNumber,lastName,completedOn";

    static HttpRequestMessage RosterForm(byte[] content, string fileName, string route = "/api/v1/completions/roster", string? idempotencyKey = null)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(fileName.EndsWith(".xlsx") ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv");
        form.Add(file, "file", fileName);
        var request = new HttpRequestMessage(HttpMethod.Post, route) { Content = form };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return request;
    }

    static byte[] Csv(params string[] rows) => Encoding.UTF8.GetBytes(Header + "\n" + string.Join("\n", rows) + "\n");

    static async Task<JsonArray> CompletionsAsync(HttpClient client, string query = "")
        => (await client.GetFromJsonAsync<JsonObject>("/api/v1/completions?limit=500" + query))!["items"]!.AsArray();

    [Test]
    public async Task An_invitation_sets_the_password_once_signs_in_and_binds_the_user_to_the_provider()
    {
        var provider = await ProviderAsync();
        var staff = await StaffAsync();
        var invited = await staff.PostAsJsonAsync($"/api/v1/staff/providers/{provider.Id}/users", new { email = "office@acme.test", firstName = "Sam", lastName = "Okoro" });
        Assert.That(invited.StatusCode, Is.EqualTo(HttpStatusCode.Created), await invited.Content.ReadAsStringAsync());
        Assert.That((await ReadJsonAsync(invited))["accepted"]!.GetValue<bool>(), Is.False);
        var body = await LatestEmailBodyAsync("office@acme.test", "provider-invitation");
        Assert.That(body, Does.Contain("/accept-invitation?token=").And.Contain("Acme Fitness Academy"));
        var token = await EmailedTokenAsync("office@acme.test", "provider-invitation");

        // Until accepted, no password signs the account in.
        var client = Anonymous();
        await AssertProblemAsync(await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "office@acme.test", password = "a-long-password-1" }), HttpStatusCode.Unauthorized);

        // A password the policy refuses leaves the link usable.
        var weak = await AssertProblemAsync(await client.PostAsJsonAsync("/api/v1/auth/accept-invitation", new { token, password = "short" }), HttpStatusCode.BadRequest);
        Assert.That(weak.ToJsonString(), Does.Contain("password"));

        var accepted = await client.PostAsJsonAsync("/api/v1/auth/accept-invitation", new { token, password = "a-long-password-1" });
        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.OK), await accepted.Content.ReadAsStringAsync());
        var me = await client.GetFromJsonAsync<JsonObject>("/api/v1/me");
        Assert.That(me!["role"]!.GetValue<string>(), Is.EqualTo("provider"));
        Assert.That(me["providerId"]!.GetValue<Guid>(), Is.EqualTo(provider.Id));
        Assert.That(me["emailVerified"]!.GetValue<bool>(), Is.True);
        var own = await client.GetFromJsonAsync<JsonObject>("/api/v1/provider");
        Assert.That(own!["name"]!.GetValue<string>(), Is.EqualTo("Acme Fitness Academy"));

        var again = await AssertProblemAsync(await Anonymous().PostAsJsonAsync("/api/v1/auth/accept-invitation", new { token, password = "another-long-password-2" }), HttpStatusCode.Gone);
        Assert.That(again["code"]!.GetValue<string>(), Is.EqualTo("token.used"));
        await SignInAgainAsync(Anonymous(), "office@acme.test");

        var users = await staff.GetFromJsonAsync<JsonArray>($"/api/v1/staff/providers/{provider.Id}/users");
        Assert.That(users!.Single()!["accepted"]!.GetValue<bool>(), Is.True);
        // Accepted: inviting the address again is a conflict, as is any address that has another account.
        await AssertProblemAsync(await staff.PostAsJsonAsync($"/api/v1/staff/providers/{provider.Id}/users", new { email = "OFFICE@acme.test", firstName = "Sam", lastName = "Okoro" }), HttpStatusCode.Conflict);
        await AssertProblemAsync(await staff.PostAsJsonAsync($"/api/v1/staff/providers/{provider.Id}/users", new { email = RecertApp.StaffEmail, firstName = "A", lastName = "B" }), HttpStatusCode.Conflict);
        await AssertProblemAsync(await staff.PostAsJsonAsync($"/api/v1/staff/providers/{Guid.NewGuid()}/users", new { email = "x@acme.test", firstName = "A", lastName = "B" }), HttpStatusCode.NotFound);
    }

    [Test]
    public async Task An_invitation_expires_after_seven_days_and_a_new_one_replaces_the_old()
    {
        var provider = await ProviderAsync();
        var staff = await StaffAsync();
        Assert.That((await staff.PostAsJsonAsync($"/api/v1/staff/providers/{provider.Id}/users", new { email = "late@acme.test", firstName = "Lee", lastName = "Late" })).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var first = await EmailedTokenAsync("late@acme.test", "provider-invitation");

        App.Time.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        var expired = await AssertProblemAsync(await Anonymous().PostAsJsonAsync("/api/v1/auth/accept-invitation", new { token = first, password = "a-long-password-1" }), HttpStatusCode.Gone);
        Assert.That(expired["code"]!.GetValue<string>(), Is.EqualTo("token.expired"));

        staff = await StaffAsync();
        var second = await staff.PostAsJsonAsync($"/api/v1/staff/providers/{provider.Id}/users", new { email = "late@acme.test", firstName = "Lee", lastName = "Late" });
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Created), await second.Content.ReadAsStringAsync());
        var fresh = await EmailedTokenAsync("late@acme.test", "provider-invitation");
        Assert.That(fresh, Is.Not.EqualTo(first));
        var accepted = await Anonymous().PostAsJsonAsync("/api/v1/auth/accept-invitation", new { token = fresh, password = "a-long-password-1" });
        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.OK), await accepted.Content.ReadAsStringAsync());
        await AssertProblemAsync(await Anonymous().PostAsJsonAsync("/api/v1/auth/accept-invitation", new { token = "not-a-token", password = "a-long-password-1" }), HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task A_provider_user_sees_only_its_provider_and_another_providers_records_are_not_found()
    {
        await HolderAsync("CPT-500", Expiry);
        var a = await ProviderAsync("Acme Fitness Academy");
        var b = await ProviderAsync("Bolt Training");
        var staff = await StaffAsync();
        var userA = await ProviderUserAsync(staff, a.Id, "office@acme.test");
        Assert.That(Outcome((await PushAsync(a.Client, Record("a-1")))[0]), Is.EqualTo("accepted"));
        Assert.That(Outcome((await PushAsync(b.Client, Record("b-1")))[0]), Is.EqualTo("accepted"));
        var endpointB = await b.Client.PostAsJsonAsync("/api/v1/webhooks/endpoints", new { url = "https://hooks.bolt.test/recert", eventTypes = new[] { "completion.voided" } });
        var endpointBId = (await ReadJsonAsync(endpointB))["id"]!.GetValue<Guid>();

        Assert.That((await CompletionsAsync(userA)).Select(c => c!["externalId"]!.GetValue<string>()), Is.EqualTo(new[] { "a-1" }));
        await AssertProblemAsync(await userA.GetAsync("/api/v1/completions/b-1"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await userA.DeleteAsync("/api/v1/completions/b-1"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await userA.GetAsync($"/api/v1/webhooks/endpoints/{endpointBId}/deliveries"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await userA.PostAsync($"/api/v1/webhooks/endpoints/{endpointBId}/rotate-secret", null), HttpStatusCode.NotFound);
        Assert.That((await userA.GetFromJsonAsync<JsonArray>("/api/v1/webhooks/endpoints"))!, Is.Empty);
        var bKeys = await staff.GetFromJsonAsync<JsonArray>($"/api/v1/staff/providers/{b.Id}/keys");
        await AssertProblemAsync(await userA.DeleteAsync($"/api/v1/provider/keys/{bKeys!.Single()!["id"]}"), HttpStatusCode.NotFound);
        Assert.That((await b.Client.GetAsync("/api/v1/completions/b-1")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "B's key still works");

        // The portal user is no staff member and no certificant.
        await AssertProblemAsync(await userA.GetAsync("/api/v1/staff/providers"), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await userA.GetAsync("/api/v1/certifications/CPT-500"), HttpStatusCode.NotFound);

        // Voiding through the portal is the API's void.
        var voided = await userA.DeleteAsync("/api/v1/completions/a-1");
        Assert.That(voided.StatusCode, Is.EqualTo(HttpStatusCode.OK), await voided.Content.ReadAsStringAsync());
        Assert.That((await a.Client.GetFromJsonAsync<JsonObject>("/api/v1/completions/a-1"))!["state"]!.GetValue<string>(), Is.EqualTo("voided"));
        Assert.That((await CompletionsAsync(userA, "&state=voided&search=A-")).Count, Is.EqualTo(1));
        Assert.That((await CompletionsAsync(userA, "&state=accepted")).Count, Is.EqualTo(0));
        await AssertProblemAsync(await userA.GetAsync("/api/v1/completions?state=lost"), HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task A_provider_user_creates_a_key_shown_once_and_revokes_it_but_a_key_cannot_manage_keys()
    {
        var provider = await ProviderAsync();
        var user = await ProviderUserAsync(await StaffAsync(), provider.Id, "office@acme.test");
        var created = await user.PostAsJsonAsync("/api/v1/provider/keys", new { name = "Spreadsheet macro" });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var issued = await ReadJsonAsync(created);
        var key = issued["key"]!.GetValue<string>();
        var listed = await user.GetFromJsonAsync<JsonArray>("/api/v1/provider/keys");
        Assert.That(listed!.Select(k => k!["name"]!.GetValue<string>()), Is.EquivalentTo(new[] { "test", "Spreadsheet macro" }));
        Assert.That(listed!.ToJsonString(), Does.Not.Contain(key));

        var byKey = KeyClient(key);
        Assert.That((await byKey.GetAsync("/api/v1/provider/courses")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await AssertProblemAsync(await byKey.PostAsJsonAsync("/api/v1/provider/keys", new { name = "minted by a key" }), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await byKey.GetAsync("/api/v1/provider/keys"), HttpStatusCode.Unauthorized);

        var revoked = await user.DeleteAsync($"/api/v1/provider/keys/{issued["id"]}");
        Assert.That(revoked.StatusCode, Is.EqualTo(HttpStatusCode.OK), await revoked.Content.ReadAsStringAsync());
        await AssertProblemAsync(await byKey.GetAsync("/api/v1/provider/courses"), HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task A_suspended_providers_user_reads_and_previews_but_cannot_upload_void_or_create_keys()
    {
        await HolderAsync("CPT-500", Expiry);
        var provider = await ProviderAsync();
        var staff = await StaffAsync();
        var user = await ProviderUserAsync(staff, provider.Id, "office@acme.test");
        await PushAsync(provider.Client, Record("r-1"));
        Assert.That((await staff.PostAsync($"/api/v1/staff/providers/{provider.Id}/suspend", null)).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        Assert.That((await user.GetFromJsonAsync<JsonObject>("/api/v1/provider"))!["suspended"]!.GetValue<bool>(), Is.True);
        Assert.That(await CompletionsAsync(user), Has.Count.EqualTo(1));
        var preview = await user.SendAsync(RosterForm(Csv("r-2,KB-101,CPT-500,Rivera,2026-03-02"), "roster.csv", "/api/v1/completions/roster/preview"));
        Assert.That(preview.StatusCode, Is.EqualTo(HttpStatusCode.OK), await preview.Content.ReadAsStringAsync());
        Assert.That((await ReadJsonAsync(preview))["rows"]![0]!["code"]!.GetValue<string>(), Is.EqualTo("provider.suspended"));

        foreach (var refused in new[]
                 {
                     await user.SendAsync(RosterForm(Csv("r-2,KB-101,CPT-500,Rivera,2026-03-02"), "roster.csv")),
                     await user.DeleteAsync("/api/v1/completions/r-1"),
                     await user.PostAsJsonAsync("/api/v1/provider/keys", new { name = "while suspended" }),
                     await user.PostAsJsonAsync("/api/v1/webhooks/endpoints", new { url = "https://hooks.acme.test/x", eventTypes = new[] { "completion.voided" } }),
                 })
        {
            var problem = await AssertProblemAsync(refused, HttpStatusCode.Forbidden);
            Assert.That(problem["code"]!.GetValue<string>(), Is.EqualTo("provider.suspended"));
        }

        Assert.That(await CompletionsAsync(user), Has.Count.EqualTo(1));
        Assert.That((await provider.Client.GetFromJsonAsync<JsonObject>("/api/v1/completions/r-1"))!["state"]!.GetValue<string>(), Is.EqualTo("accepted"));
    }

    [Test]
    public async Task The_preview_predicts_every_rows_result_and_records_nothing()
    {
        await HolderAsync("CPT-500", Expiry);
        var provider = await ProviderAsync();
        var user = await ProviderUserAsync(await StaffAsync(), provider.Id, "office@acme.test");
        await PushAsync(provider.Client, Record("already"));
        var csv = Csv(
            "p-ok,KB-101,CPT-500,Rivera,2026-03-02",
            "already,KB-101,CPT-500,Rivera,2026-03-01",
            "p-pending,KB-101,CPT-999,Nobody,2026-03-02",
            "p-course,ZZ-1,CPT-500,Rivera,2026-03-02",
            "p-date,KB-101,CPT-500,Rivera,02/03/2026",
            "p-name,KB-101,CPT-500,Smith,2026-03-02",
            "p-ok,KB-101,CPT-500,Rivera,2026-03-02");

        var preview = await user.SendAsync(RosterForm(csv, "roster.csv", "/api/v1/completions/roster/preview"));
        Assert.That(preview.StatusCode, Is.EqualTo(HttpStatusCode.OK), await preview.Content.ReadAsStringAsync());
        var json = await ReadJsonAsync(preview);
        var rows = json["rows"]!.AsArray();
        Assert.That(rows.Select(r => r!["expected"]!.GetValue<string>()),
            Is.EqualTo(new[] { "accepted", "duplicate", "pending-learner", "rejected", "rejected", "rejected", "duplicate" }));
        Assert.That(rows.Select(r => r!["code"]?.GetValue<string>()),
            Is.EqualTo(new[] { null, "completion.duplicate", "learner.pending", "course.unknown", "record.invalid", "learner.name-mismatch", "completion.duplicate" }));
        Assert.That(rows[4]!["message"]!.GetValue<string>(), Does.Contain("completedOn"));
        Assert.That(rows.Select(r => r!["row"]!.GetValue<int>()), Is.EqualTo(Enumerable.Range(1, 7)));
        Assert.That(json["format"]!.GetValue<string>(), Is.EqualTo("csv"));
        Assert.That(await CompletionsAsync(user), Has.Count.EqualTo(1), "a preview records nothing");

        var sent = await user.SendAsync(RosterForm(csv, "roster.csv"));
        Assert.That(sent.StatusCode, Is.EqualTo(HttpStatusCode.OK), await sent.Content.ReadAsStringAsync());
        var results = (await ReadJsonAsync(sent))["results"]!.AsArray();
        Assert.That(results.Select(r => Outcome(r)), Is.EqualTo(rows.Select(r => r!["expected"]!.GetValue<string>())));
        Assert.That(results.Select(r => Code(r)), Is.EqualTo(rows.Select(r => r!["code"]?.GetValue<string>())));

        var missingColumn = await AssertProblemAsync(await user.SendAsync(RosterForm(Encoding.UTF8.GetBytes("externalId,courseCode\nx,KB-101\n"), "roster.csv", "/api/v1/completions/roster/preview")), HttpStatusCode.BadRequest);
        Assert.That(missingColumn.ToJsonString(), Does.Contain("certificationNumber"));
        await AssertProblemAsync(await user.SendAsync(RosterForm([0x25, 0x50, 0x44, 0x46, 0x00, 0x01], "roster.pdf", "/api/v1/completions/roster/preview")), HttpStatusCode.UnsupportedMediaType);
    }

    [Test]
    public async Task A_roster_uploaded_in_the_portal_and_the_same_rows_sent_as_a_batch_give_identical_records_through_one_idempotency_store()
    {
        await HolderAsync("CPT-500", Expiry);
        var portal = await ProviderAsync("Acme Fitness Academy");
        var api = await ProviderAsync("Bolt Training");
        var user = await ProviderUserAsync(await StaffAsync(), portal.Id, "office@acme.test");
        string[] rows = ["x-1,KB-101,CPT-500,Rivera,2026-03-02", "x-2,KB-101,CPT-777,Stone,2026-03-03", "x-3,NOPE,CPT-500,Rivera,2026-03-04"];
        object[] records =
        [
            Record("x-1", completedOn: "2026-03-02"), Record("x-2", "CPT-777", "Stone", completedOn: "2026-03-03"), Record("x-3", courseCode: "NOPE", completedOn: "2026-03-04"),
        ];

        using var workbook = new MemoryStream();
        MiniExcel.SaveAs(workbook, rows.Select(r => r.Split(',')).Select(c => new Dictionary<string, object>
        {
            ["externalId"] = c[0], ["courseCode"] = c[1], ["certificationNumber"] = c[2], ["lastName"] = c[3], ["completedOn"] = c[4],
        }), excelType: ExcelType.XLSX);
        var uploaded = await user.SendAsync(RosterForm(workbook.ToArray(), "roster.xlsx", idempotencyKey: "portal-upload-1"));
        Assert.That(uploaded.StatusCode, Is.EqualTo(HttpStatusCode.OK), await uploaded.Content.ReadAsStringAsync());
        var batch = await api.Client.SendAsync(Batch(records));
        Assert.That(batch.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        static IEnumerable<string> Outcomes(JsonObject response) => response["results"]!.AsArray().Select(r => $"{r!["externalId"]}:{r["result"]}:{r["code"]}:{r["message"]}");
        Assert.That(Outcomes(await ReadJsonAsync(uploaded)), Is.EqualTo(Outcomes(await ReadJsonAsync(batch))));

        static IEnumerable<string> Records(JsonArray items) => items.Select(c =>
            $"{c!["externalId"]}|{c["courseCode"]}|{c["certificationNumber"]}|{c["completedOn"]}|{c["state"]}|{c["code"]}|{c["message"]}|{c["ceus"]}").Order();
        Assert.That(Records(await CompletionsAsync(user)), Is.EqualTo(Records(await CompletionsAsync(api.Client))));
        Assert.That(await ProviderLedgerAsync("CPT-500"), Has.Count.EqualTo(2), "one ledger entry per provider for x-1");

        // One idempotency store: the key used in the browser replays for the provider's API key, and the rows never duplicate.
        var replay = await portal.Client.SendAsync(RosterForm(workbook.ToArray(), "roster.xlsx", idempotencyKey: "portal-upload-1"));
        Assert.That(replay.Headers.TryGetValues("Idempotent-Replayed", out var replayed) && replayed.Single() == "true", Is.True, await replay.Content.ReadAsStringAsync());
        var sameRowsByKey = await PushAsync(portal.Client, records);
        Assert.That(sameRowsByKey.Take(2).Select(Outcome), Is.EqualTo(new[] { "duplicate", "duplicate" }));
        Assert.That(await CompletionsAsync(user), Has.Count.EqualTo(2), "the rejected row is not kept");
    }

    [Test]
    public async Task The_demo_provider_user_signs_in_with_the_documented_password_which_the_policy_accepts()
    {
        var dataSource = Service<Npgsql.NpgsqlDataSource>();
        var hasher = Service<Microsoft.AspNetCore.Identity.IPasswordHasher<object>>();
        await Recert.Api.Features.Providers.PartnerDemoData.EnsureAsync(dataSource, new DateOnly(2026, 6, 1), hasher);
        await Recert.Api.Features.Providers.PartnerDemoData.EnsureAsync(dataSource, new DateOnly(2026, 6, 1), hasher);
        Assert.That(Service<Recert.Api.Domain.PasswordPolicy>().Check(Recert.Api.Features.Providers.PartnerDemoData.PortalPassword,
            Recert.Api.Features.Providers.PartnerDemoData.PortalEmail, staff: false), Is.Null);

        var client = Anonymous();
        await SignInAgainAsync(client, Recert.Api.Features.Providers.PartnerDemoData.PortalEmail, Recert.Api.Features.Providers.PartnerDemoData.PortalPassword);
        Assert.That((await client.GetFromJsonAsync<JsonObject>("/api/v1/provider"))!["name"]!.GetValue<string>(), Is.EqualTo("Demo Fitness Academy"));
        Assert.That((await client.GetFromJsonAsync<JsonArray>("/api/v1/provider/courses"))!, Has.Count.EqualTo(2));
    }
}
