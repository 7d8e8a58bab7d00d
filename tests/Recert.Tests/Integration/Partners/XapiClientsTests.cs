using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Recert.Api.Features.Completions;
using Recert.Api.Infrastructure;
using Recert.Tests.Support;

namespace Recert.Tests.Integration.Partners;

/// <summary>
/// xAPI as LRS clients send it. No .NET xAPI client library is in the package mirror (no TinCan.NET, no xAPI package), so
/// these requests are built exactly as xAPI 1.0.3 Part Three shows them: HTTP Basic credentials, the version header, an
/// mbox actor, statements with attachments as multipart/mixed, and a statement sent again with the same id.
/// </summary>
public sealed class XapiClientsTests : PartnerTest
{
    const string ActivityId = "https://lms.acme.test/courses/kettlebell-101";
    const string Route = "/api/v1/xapi/statements";

    async Task<Provider> ProviderWithActivityAsync(string name = "Acme")
    {
        var provider = await ProviderAsync(name, "OTHER-1");
        await CourseAsync(await StaffAsync(), provider.Id, "KB-101", activityId: ActivityId);
        return provider;
    }

    HttpClient BasicClient(string user, string password)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return client;
    }

    static JsonObject Statement(Guid id, JsonObject actor, string timestamp = "2026-03-01T18:00:00Z") => new()
    {
        ["id"] = id.ToString(),
        ["actor"] = actor.DeepClone(),
        ["verb"] = new JsonObject { ["id"] = "http://adlnet.gov/expapi/verbs/completed", ["display"] = new JsonObject { ["en-US"] = "completed" } },
        ["object"] = new JsonObject { ["objectType"] = "Activity", ["id"] = ActivityId, ["definition"] = new JsonObject { ["name"] = new JsonObject { ["en-US"] = "Kettlebell 101" } } },
        ["timestamp"] = timestamp,
    };

    static JsonObject Account(string number = "CPT-500", string name = "Dana Rivera")
        => new() { ["objectType"] = "Agent", ["name"] = name, ["account"] = new JsonObject { ["homePage"] = "https://lms.acme.test", ["name"] = number } };

    static HttpRequestMessage Post(JsonNode body, string version = "1.0.3")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Route) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Experience-API-Version", version);
        return request;
    }

    [Test]
    public async Task Basic_credentials_work_as_key_as_password_and_as_key_id_and_secret_and_the_about_resource_is_public()
    {
        await HolderAsync("CPT-500", Expiry);
        var provider = await ProviderWithActivityAsync();
        var keyId = provider.Key[..(ProviderKeysMarker.Length + 12)];
        var secret = provider.Key[(keyId.Length + 1)..];

        var asPassword = await BasicClient("lms", provider.Key).SendAsync(Post(Statement(Guid.NewGuid(), Account())));
        Assert.That(asPassword.StatusCode, Is.EqualTo(HttpStatusCode.OK), await asPassword.Content.ReadAsStringAsync());
        Assert.That(DateTimeOffset.Parse(asPassword.Headers.GetValues("X-Experience-API-Consistent-Through").Single()), Is.EqualTo(App.Time.GetUtcNow()).Within(TimeSpan.FromSeconds(1)));
        var asIdAndSecret = await BasicClient(keyId, secret).SendAsync(Post(Statement(Guid.NewGuid(), Account(), "2026-03-02T18:00:00Z"), "2.0.0"));
        Assert.That(asIdAndSecret.StatusCode, Is.EqualTo(HttpStatusCode.OK), await asIdAndSecret.Content.ReadAsStringAsync());
        Assert.That(asIdAndSecret.Headers.GetValues("X-Experience-API-Version").Single(), Is.EqualTo("2.0.0"));
        Assert.That(await ProviderLedgerAsync("CPT-500"), Has.Count.EqualTo(2));

        var wrong = await BasicClient(keyId, secret + "x").SendAsync(Post(Statement(Guid.NewGuid(), Account())));
        await AssertProblemAsync(wrong, HttpStatusCode.Unauthorized);
        Assert.That(wrong.Headers.WwwAuthenticate.Select(h => h.Scheme), Does.Contain("Basic"));
        await AssertProblemAsync(await BasicClient("lms", "not-a-key").SendAsync(Post(Statement(Guid.NewGuid(), Account()))), HttpStatusCode.Unauthorized);
        var garbage = Anonymous();
        garbage.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Basic %%%not-base64");
        await AssertProblemAsync(await garbage.SendAsync(Post(Statement(Guid.NewGuid(), Account()))), HttpStatusCode.Unauthorized);

        var about = await Anonymous().GetAsync("/api/v1/xapi/about");
        Assert.That(about.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await ReadJsonAsync(about))["version"]!.AsArray().Select(v => v!.GetValue<string>()), Is.SupersetOf(new[] { "1.0.0", "1.0.3", "2.0.0" }));

        foreach (var version in new[] { "1.0.0", "1.0.1", "1.0.2" })
        {
            var experienced = new JsonObject { ["actor"] = Account(), ["verb"] = new JsonObject { ["id"] = "http://adlnet.gov/expapi/verbs/experienced" }, ["object"] = new JsonObject { ["id"] = ActivityId } };
            var accepted = await provider.Client.SendAsync(Post(experienced, version));
            Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), version);
            Assert.That(accepted.Headers.GetValues("X-Experience-API-Version").Single(), Is.EqualTo("1.0.3"));
        }

        await AssertProblemAsync(await provider.Client.SendAsync(Post(Statement(Guid.NewGuid(), Account()), "3.0.0")), HttpStatusCode.BadRequest);
    }

    const string ProviderKeysMarker = "rcp_";

    [Test]
    public async Task The_same_statement_sent_again_is_204_even_reserialised_and_other_content_under_its_id_is_409()
    {
        await HolderAsync("CPT-500", Expiry);
        var provider = await ProviderWithActivityAsync();
        var id = Guid.NewGuid();
        var first = Statement(id, Account(), "2026-03-01T18:00:00Z");
        Assert.That((await provider.Client.SendAsync(Post(first))).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        // As a client library retrying would: same content, another property order, upper-case id, the instant with an
        // offset, a language-map key in another case, and the properties an LRS sets.
        var again = new JsonObject
        {
            ["timestamp"] = "2026-03-01T19:00:00+01:00",
            ["object"] = new JsonObject { ["id"] = ActivityId, ["definition"] = new JsonObject { ["name"] = new JsonObject { ["en-us"] = "Kettlebell 101" } } },
            ["verb"] = new JsonObject { ["display"] = new JsonObject { ["en-US"] = "completed" }, ["id"] = "http://adlnet.gov/expapi/verbs/completed" },
            ["actor"] = Account(),
            ["id"] = id.ToString().ToUpperInvariant(),
            ["stored"] = "2026-03-01T18:00:05Z",
            ["version"] = "1.0.0",
            ["authority"] = new JsonObject { ["objectType"] = "Agent", ["account"] = new JsonObject { ["homePage"] = "https://lrs.example", ["name"] = "lrs" } },
        };
        var repeated = await provider.Client.SendAsync(Post(again));
        Assert.That(repeated.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await repeated.Content.ReadAsStringAsync());
        Assert.That(repeated.Headers.Contains("X-Experience-API-Consistent-Through"));

        var other = Statement(id, Account(name: "Dana Q. Rivera"));
        var conflict = await provider.Client.SendAsync(Post(other));
        await AssertProblemAsync(conflict, HttpStatusCode.Conflict);
        var otherDay = await provider.Client.SendAsync(Post(new JsonArray(Statement(Guid.NewGuid(), Account(), "2026-03-05T10:00:00Z"), Statement(id, Account(), "2026-03-02T18:00:00Z"))));
        await AssertProblemAsync(otherDay, HttpStatusCode.Conflict);
        Assert.That(await ProviderLedgerAsync("CPT-500"), Has.Count.EqualTo(1), "nothing of a refused request is kept");

        // A batch with the stored statement and a new one records the new one and answers both ids.
        var newId = Guid.NewGuid();
        var mixed = await provider.Client.SendAsync(Post(new JsonArray(first.DeepClone(), Statement(newId, Account(), "2026-03-06T10:00:00Z"))));
        Assert.That(mixed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await mixed.Content.ReadFromJsonAsync<Guid[]>(), Is.EqualTo(new[] { id, newId }));
        Assert.That(await ProviderLedgerAsync("CPT-500"), Has.Count.EqualTo(2));

        var fetched = await provider.Client.SendAsync(Get($"?statementId={id}"));
        Assert.That(fetched.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(fetched.Headers.Contains("X-Experience-API-Consistent-Through"));
        var body = await ReadJsonAsync(fetched);
        Assert.That(body["id"]!.GetValue<string>(), Is.EqualTo(id.ToString()));
        Assert.That(body["actor"]!["account"]!["name"]!.GetValue<string>(), Is.EqualTo("CPT-500"));

        var stranger = await ProviderWithActivityAsync("Other Academy");
        await AssertProblemAsync(await stranger.Client.SendAsync(Get($"?statementId={id}")), HttpStatusCode.NotFound);
        await AssertProblemAsync(await provider.Client.SendAsync(Get($"?statementId={Guid.NewGuid()}")), HttpStatusCode.NotFound);
        await AssertProblemAsync(await provider.Client.SendAsync(Get("?statementId=nope")), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await provider.Client.SendAsync(Get($"?verb=x")), HttpStatusCode.BadRequest);
    }

    static HttpRequestMessage Get(string query)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, Route + query);
        request.Headers.Add("X-Experience-API-Version", "1.0.3");
        return request;
    }

    [Test]
    public async Task An_mbox_actor_counts_only_through_a_verified_email_and_otherwise_waits_pending_for_it()
    {
        var email = HolderEmail("CPT-500");
        var staff = await StaffAsync();
        await CreateCertificationAsync(staff, "CPT-500", email, Expiry.AddYears(-2).AddDays(1), Expiry);
        var holder = await CertificantAsync(email, verify: false);
        var provider = await ProviderWithActivityAsync();
        var mbox = new JsonObject { ["objectType"] = "Agent", ["name"] = "Dana Rivera", ["mbox"] = "mailto:" + email.ToUpperInvariant() };
        var sha1 = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes("mailto:" + email)));
        var hashed = new JsonObject { ["name"] = "Dana Rivera", ["mbox_sha1sum"] = sha1 };
        var unknown = new JsonObject { ["name"] = "Nobody Known", ["mbox"] = "mailto:nobody@example.test" };

        var response = await provider.Client.SendAsync(Post(new JsonArray(
            Statement(Guid.NewGuid(), mbox, "2026-03-01T10:00:00Z"), Statement(Guid.NewGuid(), hashed, "2026-03-02T10:00:00Z"), Statement(Guid.NewGuid(), unknown, "2026-03-03T10:00:00Z"))));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());

        // The account's email is not verified yet: nothing is credited, all is kept.
        Assert.That(await ProviderLedgerAsync("CPT-500"), Is.Empty);
        var listed = await ReadJsonAsync(await provider.Client.GetAsync("/api/v1/completions"));
        Assert.That(listed["items"]!.AsArray().Select(i => i!["state"]!.GetValue<string>()), Is.EqualTo(new[] { "pending-learner", "pending-learner", "pending-learner" }));

        var verified = await holder.PostAsJsonAsync("/api/v1/auth/verify-email", new { token = await EmailedTokenAsync(email, "verify-email") });
        Assert.That(verified.StatusCode, Is.EqualTo(HttpStatusCode.OK), await verified.Content.ReadAsStringAsync());
        Assert.That((await ProviderLedgerAsync("CPT-500")).Select(e => e.CompletedOn), Is.EqualTo(new[] { new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 2) }),
            "both email actors attached when the holder verified the email; the unknown one still waits");

        var later = await provider.Client.SendAsync(Post(Statement(Guid.NewGuid(), mbox, "2026-03-04T10:00:00Z")));
        Assert.That(later.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await ProviderLedgerAsync("CPT-500"), Has.Count.EqualTo(3), "a verified email is matched at ingest");

        await AssertProblemAsync(await provider.Client.SendAsync(Post(Statement(Guid.NewGuid(), new JsonObject { ["mbox"] = "dana@example.test" }))), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await provider.Client.SendAsync(Post(Statement(Guid.NewGuid(), new JsonObject { ["mbox_sha1sum"] = "abc" }))), HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task Statements_with_attachments_as_multipart_mixed_are_recorded_and_the_attachments_not_kept()
    {
        await HolderAsync("CPT-500", Expiry);
        var provider = await ProviderWithActivityAsync();
        var certificate = "Certificate of completion: Dana Rivera, Kettlebell 101"u8.ToArray();
        var sha2 = Convert.ToHexStringLower(SHA256.HashData(certificate));
        var id = Guid.NewGuid();
        var statement = Statement(id, Account());
        statement["attachments"] = new JsonArray(new JsonObject
        {
            ["usageType"] = "http://id.tincanapi.com/attachment/certificate-of-completion",
            ["display"] = new JsonObject { ["en-US"] = "Certificate" },
            ["contentType"] = "text/plain",
            ["length"] = certificate.Length,
            ["sha2"] = sha2,
        });

        const string boundary = "abcABC0123'()+_,-./:=?";
        var body = new MemoryStream();
        void Write(string text) => body.Write(Encoding.UTF8.GetBytes(text));
        Write($"--{boundary}\r\nContent-Type: application/json\r\n\r\n{new JsonArray(statement).ToJsonString()}\r\n");
        Write($"--{boundary}\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: binary\r\nX-Experience-API-Hash: {sha2}\r\n\r\n");
        body.Write(certificate);
        Write($"\r\n--{boundary}--\r\n");

        var request = new HttpRequestMessage(HttpMethod.Post, Route) { Content = new ByteArrayContent(body.ToArray()) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", $"multipart/mixed; boundary=\"{boundary}\"");
        request.Headers.Add("X-Experience-API-Version", "1.0.3");
        var response = await BasicClient("lms", provider.Key).SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That(await response.Content.ReadFromJsonAsync<Guid[]>(), Is.EqualTo(new[] { id }));
        Assert.That(await ProviderLedgerAsync("CPT-500"), Has.Count.EqualTo(1));

        var notJsonFirst = new HttpRequestMessage(HttpMethod.Post, Route) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes($"--b\r\nContent-Type: text/plain\r\n\r\nhello\r\n--b--\r\n")) };
        notJsonFirst.Content.Headers.TryAddWithoutValidation("Content-Type", "multipart/mixed; boundary=b");
        notJsonFirst.Headers.Add("X-Experience-API-Version", "1.0.3");
        await AssertProblemAsync(await provider.Client.SendAsync(notJsonFirst), HttpStatusCode.BadRequest);
        var broken = new HttpRequestMessage(HttpMethod.Post, Route) { Content = new ByteArrayContent("no parts here"u8.ToArray()) };
        broken.Content.Headers.TryAddWithoutValidation("Content-Type", "multipart/mixed; boundary=b");
        broken.Headers.Add("X-Experience-API-Version", "1.0.3");
        await AssertProblemAsync(await provider.Client.SendAsync(broken), HttpStatusCode.BadRequest);
        var noBoundary = new HttpRequestMessage(HttpMethod.Post, Route) { Content = new ByteArrayContent("x"u8.ToArray()) };
        noBoundary.Content.Headers.TryAddWithoutValidation("Content-Type", "multipart/mixed");
        noBoundary.Headers.Add("X-Experience-API-Version", "1.0.3");
        await AssertProblemAsync(await provider.Client.SendAsync(noBoundary), HttpStatusCode.BadRequest);
        Assert.That(await ProviderLedgerAsync("CPT-500"), Has.Count.EqualTo(1));
    }
}
