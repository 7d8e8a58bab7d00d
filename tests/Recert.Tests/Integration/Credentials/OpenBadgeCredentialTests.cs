using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Recert.Tests.Support;

namespace Recert.Tests.Integration.Credentials;

/// <summary>
/// The Open Badges 3.0 credential (issue 11) checked against what the API publishes: the JWKS, the issuer profile and the
/// status list. The jose (npm) check of the same credential is in web-client/e2e/credentials.e2e.mjs.
/// </summary>
public abstract class CredentialTest : RenewalTest
{
    protected const string Number = "CPT-720001";
    protected static readonly DateOnly Expires = new(2027, 3, 31);

    protected static async Task<JsonObject> CredentialAsync(HttpClient client, string number = Number)
        => await GetJsonAsync(client, $"/api/v1/certifications/{number}/credential");

    /// <summary>The credential's revocation bit in the status list it names, after checking the list's signature.</summary>
    protected static async Task<bool> RevocationBitAsync(HttpClient anyone, JsonObject credential)
    {
        var status = credential["credentialStatus"]!.AsObject();
        var listUrl = new Uri(status["statusListCredential"]!.GetValue<string>());
        var response = await anyone.GetAsync(listUrl.AbsolutePath);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/vc+jwt"));
        var jwt = await response.Content.ReadAsStringAsync();
        var validation = await CredentialReading.ValidateAsync(jwt, await anyone.GetStringAsync("/.well-known/jwks.json"), credential["issuer"]!["id"]!.GetValue<string>());
        Assert.That(validation.IsValid, Is.True, validation.Exception?.Message);
        var list = CredentialReading.Payload(jwt);
        Assert.Multiple(() =>
        {
            Assert.That(list["type"]!.AsArray().Select(t => t!.GetValue<string>()), Does.Contain("BitstringStatusListCredential"));
            Assert.That(list["credentialSubject"]!["statusPurpose"]!.GetValue<string>(), Is.EqualTo("revocation"));
            Assert.That(list["id"]!.GetValue<string>(), Is.EqualTo(listUrl.ToString()));
        });
        return CredentialReading.StatusBit(list["credentialSubject"]!["encodedList"]!.GetValue<string>(), int.Parse(status["statusListIndex"]!.GetValue<string>()));
    }
}

public sealed class OpenBadgeCredentialTests : CredentialTest
{

    [Test]
    public async Task The_credential_is_an_OpenBadgeCredential_signed_ES256_that_verifies_against_the_published_JWKS()
    {
        var holder = await HolderAsync(Number, Expires);
        var anonymous = Anonymous();
        var response = await CredentialAsync(holder);
        var jwt = response["jwt"]!.GetValue<string>();
        var credential = response["credential"]!.AsObject();
        var jwks = await anonymous.GetStringAsync("/.well-known/jwks.json");
        var issuerUrl = credential["issuer"]!["id"]!.GetValue<string>();
        var profile = await GetJsonAsync(anonymous, new Uri(issuerUrl).AbsolutePath);

        var validation = await CredentialReading.ValidateAsync(jwt, jwks, issuerUrl);
        var header = new JsonWebToken(jwt);
        var payload = CredentialReading.Payload(jwt);
        Assert.Multiple(() =>
        {
            Assert.That(validation.IsValid, Is.True, validation.Exception?.Message);
            Assert.That(header.Alg, Is.EqualTo("ES256"));
            Assert.That(JsonNode.Parse(jwks)!["keys"]!.AsArray().Select(k => k!["kid"]!.GetValue<string>()), Does.Contain(header.Kid));
            Assert.That(payload["@context"]!.AsArray().Select(c => c!.GetValue<string>()),
                Is.EqualTo(new[] { "https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json" }));
            Assert.That(payload["type"]!.AsArray().Select(t => t!.GetValue<string>()), Is.EqualTo(new[] { "VerifiableCredential", "OpenBadgeCredential" }));
            Assert.That(payload["issuer"]!["type"]!.AsArray().Select(t => t!.GetValue<string>()), Does.Contain("Profile"));
            Assert.That(profile["type"]!.AsArray().Select(t => t!.GetValue<string>()), Does.Contain("Profile"));
            Assert.That(profile["id"]!.GetValue<string>(), Is.EqualTo(issuerUrl));
            Assert.That(payload["iss"]!.GetValue<string>(), Is.EqualTo(issuerUrl));
            Assert.That(payload["jti"]!.GetValue<string>(), Is.EqualTo(payload["id"]!.GetValue<string>()).And.StartWith("urn:uuid:"));
            // The cycle 2025-04-01..2027-03-31 in Los Angeles (PDT, UTC-7).
            Assert.That(payload["validFrom"]!.GetValue<string>(), Is.EqualTo("2025-04-01T07:00:00Z"));
            Assert.That(payload["validUntil"]!.GetValue<string>(), Is.EqualTo("2027-04-01T06:59:59Z"));
            Assert.That(payload["nbf"]!.GetValue<long>(), Is.EqualTo(DateTimeOffset.Parse("2025-04-01T07:00:00Z").ToUnixTimeSeconds()));
            Assert.That(payload["exp"]!.GetValue<long>(), Is.EqualTo(DateTimeOffset.Parse("2027-04-01T06:59:59Z").ToUnixTimeSeconds()));
            Assert.That(payload["credentialSubject"]!["achievement"]!["achievementType"]!.GetValue<string>(), Is.EqualTo("Certification"));
            Assert.That(payload["credentialSubject"]!.ToJsonString(), Does.Contain("Dana Rivera").And.Not.Contain("@example.test"), "the holder's name, never the email");
            Assert.That(payload["credentialStatus"]!["type"]!.GetValue<string>(), Is.EqualTo("BitstringStatusListEntry"));
            Assert.That(payload["credentialStatus"]!["statusPurpose"]!.GetValue<string>(), Is.EqualTo("revocation"));
            Assert.That(response["addToProfileUrl"]!.GetValue<string>(), Does.StartWith("https://www.linkedin.com/profile/add?").And.Contain("certId=CPT-720001"));
        });
    }

    [Test]
    public async Task A_tampered_credential_does_not_verify()
    {
        var holder = await HolderAsync(Number, Expires);
        var jwt = (await CredentialAsync(holder))["jwt"]!.GetValue<string>();
        var parts = jwt.Split('.');
        var payload = CredentialReading.Payload(jwt);
        payload["validUntil"] = "2099-12-31T00:00:00Z";
        var forged = $"{parts[0]}.{Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(payload.ToJsonString())}.{parts[2]}";

        var validation = await CredentialReading.ValidateAsync(forged, await Anonymous().GetStringAsync("/.well-known/jwks.json"), payload["iss"]!.GetValue<string>());
        Assert.That(validation.IsValid, Is.False);
    }

    [Test]
    public async Task Each_certification_keeps_its_own_fixed_status_list_index()
    {
        var first = await HolderAsync(Number, Expires);
        var second = await HolderAsync("CPT-720002", Expires);
        string Index(JsonObject c) => c["credential"]!["credentialStatus"]!["statusListIndex"]!.GetValue<string>();

        var a = Index(await CredentialAsync(first));
        var b = Index(await CredentialAsync(second, "CPT-720002"));
        var staff = await StaffAsync();
        await staff.PostAsync($"/api/v1/certifications/{Number}/verification-link/rotate", null);
        Assert.Multiple(async () =>
        {
            Assert.That(a, Is.Not.EqualTo(b));
            Assert.That(Index(await CredentialAsync(first)), Is.EqualTo(a), "rotating the link or re-issuing keeps the index");
        });
    }

    [Test]
    public async Task The_status_bit_flips_when_staff_revoke_the_certification()
    {
        var holder = await HolderAsync(Number, Expires);
        await HolderAsync("CPT-720002", Expires);
        var neighbour = (await CredentialAsync(await StaffAsync(), "CPT-720002"))["credential"]!.AsObject();
        var credential = (await CredentialAsync(holder))["credential"]!.AsObject();
        var anonymous = Anonymous();
        Assert.That(await RevocationBitAsync(anonymous, credential), Is.False);

        var staff = await StaffAsync();
        var revoked = await staff.PostAsJsonAsync($"/api/v1/certifications/{Number}/revocation", new { reason = "Misconduct." });
        Assert.That(revoked.StatusCode, Is.EqualTo(HttpStatusCode.OK), await revoked.Content.ReadAsStringAsync());

        Assert.Multiple(async () =>
        {
            Assert.That(await RevocationBitAsync(anonymous, credential), Is.True, "the credential issued before the revocation is now revoked");
            Assert.That(await RevocationBitAsync(anonymous, neighbour), Is.False, "only that certification's bit");
        });
    }

    [Test]
    public async Task The_status_bit_flips_on_the_day_the_certification_lapses()
    {
        var holder = await HolderAsync(Number, Expires);
        var credential = (await CredentialAsync(holder))["credential"]!.AsObject();
        var anonymous = Anonymous();

        App.SetToday(Expires.AddYears(1).AddDays(-1));
        Assert.That(await RevocationBitAsync(anonymous, credential), Is.False, "expired but in grace: validUntil says expired, the bit is not set");
        App.SetToday(Expires.AddYears(1));
        Assert.That(await RevocationBitAsync(anonymous, credential), Is.True, "lapsed");
    }

    [Test]
    public async Task Rotating_the_signing_key_keeps_credentials_signed_earlier_verifiable()
    {
        var holder = await HolderAsync(Number, Expires);
        var before = (await CredentialAsync(holder))["jwt"]!.GetValue<string>();
        var staff = await StaffAsync();
        var rotated = await staff.PostAsync("/api/v1/staff/signing-keys/rotate", null);
        Assert.That(rotated.StatusCode, Is.EqualTo(HttpStatusCode.OK), await rotated.Content.ReadAsStringAsync());
        var after = (await CredentialAsync(holder))["jwt"]!.GetValue<string>();
        var jwks = await Anonymous().GetStringAsync("/.well-known/jwks.json");
        var issuer = CredentialReading.Payload(before)["iss"]!.GetValue<string>();

        Assert.Multiple(async () =>
        {
            Assert.That(new JsonWebToken(after).Kid, Is.Not.EqualTo(new JsonWebToken(before).Kid));
            Assert.That(new JsonWebToken(after).Kid, Is.EqualTo((await ReadJsonAsync(rotated))["kid"]!.GetValue<string>()));
            Assert.That(JsonNode.Parse(jwks)!["keys"]!.AsArray(), Has.Count.EqualTo(2));
            Assert.That((await CredentialReading.ValidateAsync(before, jwks, issuer)).IsValid, Is.True);
            Assert.That((await CredentialReading.ValidateAsync(after, jwks, issuer)).IsValid, Is.True);
            Assert.That(JsonNode.Parse(jwks)!.ToJsonString(), Does.Not.Contain("\"d\""), "no private key material in the JWKS");
        });
    }

    [Test]
    public async Task Private_signing_keys_are_stored_encrypted()
    {
        var holder = await HolderAsync(Number, Expires);
        await CredentialAsync(holder);
        var stored = await ScalarAsync<string>("select private_key_protected from credential_signing_keys");
        var bytes = Convert.FromBase64String(stored);
        Assert.That(() => System.Security.Cryptography.ECDsa.Create().ImportPkcs8PrivateKey(bytes, out _), Throws.Exception, "not a bare PKCS#8 key");
    }

    [Test]
    public async Task An_unknown_status_list_is_404()
        => await AssertProblemAsync(await Anonymous().GetAsync("/api/v1/credentials/status/7"), HttpStatusCode.NotFound);
}

/// <summary>A failed audit revokes the certification until a later renewal is approved.</summary>
public sealed class FailedAuditCredentialTests : CredentialTest
{
    protected override string AuditRate => "1.0";

    [Test]
    public async Task A_failed_audit_sets_the_status_bit_and_verification_says_revoked()
    {
        const string number = "CPT-730001";
        var holder = await EligibleHolderAsync(number);
        var application = await SubmitAsync(holder, number);
        await PayAsync(holder);
        var id = application["id"]!.GetValue<Guid>();
        var audit = await GetJsonAsync(holder, $"/api/v1/applications/{id}/audit");
        foreach (var item in audit["items"]!.AsArray())
        {
            await holder.PutAsJsonAsync($"/api/v1/applications/{id}/audit/items/{item!["id"]}", new { documentId = await UploadPdfAsync(holder) });
        }

        Assert.That((await holder.PostAsync($"/api/v1/applications/{id}/audit/submit", null)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var credential = (await CredentialAsync(holder, number))["credential"]!.AsObject();
        var anonymous = Anonymous();
        Assert.That(await RevocationBitAsync(anonymous, credential), Is.False);

        var failed = await (await StaffAsync()).PostAsJsonAsync($"/api/v1/staff/audits/{id}/fail", new { reasons = new[] { "The certificates are not genuine." } });
        Assert.That(failed.StatusCode, Is.EqualTo(HttpStatusCode.OK), await failed.Content.ReadAsStringAsync());

        var answer = await GetJsonAsync(anonymous, $"/api/v1/verify?number={number}&lastName=Rivera");
        Assert.Multiple(async () =>
        {
            Assert.That(await RevocationBitAsync(anonymous, credential), Is.True);
            Assert.That(answer["status"]!.GetValue<string>(), Is.EqualTo("revoked"));
        });
    }
}
