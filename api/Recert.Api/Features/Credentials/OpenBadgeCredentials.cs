using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Recert.Api.Domain;

namespace Recert.Api.Features.Credentials;

/// <summary>
/// Open Badges 3.0 credentials (VC Data Model 2.0) secured as VC-JWT per OB 3.0 §8.2: the credential's members are the JWT
/// payload, with iss, jti, nbf and exp mirroring issuer, id, validFrom and validUntil; ES256 with the key's kid.
/// </summary>
public static class OpenBadgeCredentials
{
    public const string VcContext = "https://www.w3.org/ns/credentials/v2";
    public const string ObContext = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";

    public static JsonObject IssuerProfile(PublicUrls urls, CredentialOptions options) => new()
    {
        ["@context"] = new JsonArray(VcContext, ObContext),
        ["id"] = urls.Issuer,
        ["type"] = new JsonArray("Profile"),
        ["name"] = options.OrganisationName,
        ["url"] = string.IsNullOrWhiteSpace(options.OrganisationUrl) ? urls.Base : options.OrganisationUrl,
        ["publicKey"] = urls.Jwks,
    };

    public static JsonObject Achievement(PublicUrls urls, string credential) => new()
    {
        ["id"] = urls.Achievement(credential),
        ["type"] = new JsonArray("Achievement"),
        ["achievementType"] = "Certification",
        ["name"] = CredentialStore.CredentialTitle(credential),
        ["description"] = $"{CredentialStore.CredentialTitle(credential)} ({credential}), held for a two-year cycle and renewed with 2.0 CEUs and a current adult CPR and AED card.",
        ["criteria"] = new JsonObject
        {
            ["narrative"] = "Passed the certification exam; each two-year cycle, at least 2.0 CEUs earned in the cycle and a current adult CPR and AED certification with a hands-on skills component.",
        },
    };

    /// <remarks>
    /// Renewed early, the next cycle starts in the future while the holder is certified today (the current cycle runs on):
    /// the credential is then valid from today, through the end of the new cycle.
    /// </remarks>
    public static JsonObject Certification(CertificationFacts facts, CredentialRecord record, PublicUrls urls, CredentialOptions options, TimeZoneInfo zone, DateOnly today)
    {
        var (list, index) = VerificationRules.StatusListPosition(record.StatusIndex);
        var statusList = urls.StatusList(list);
        return new JsonObject
        {
            ["@context"] = new JsonArray(VcContext, ObContext),
            ["id"] = CredentialId(facts),
            ["type"] = new JsonArray("VerifiableCredential", "OpenBadgeCredential"),
            ["issuer"] = IssuerProfile(urls, options).Let(profile => profile.Remove("@context")),
            ["validFrom"] = Instant(facts.CycleStart < today ? facts.CycleStart : today, TimeOnly.MinValue, zone),
            ["validUntil"] = Instant(facts.ExpiresOn, new TimeOnly(23, 59, 59), zone),
            ["name"] = $"{CredentialStore.CredentialTitle(facts.Credential)} ({facts.Credential}) {facts.Number}",
            ["credentialSubject"] = new JsonObject
            {
                ["type"] = new JsonArray("AchievementSubject"),
                ["identifier"] = new JsonArray(
                    new JsonObject { ["type"] = "IdentityObject", ["identityType"] = "name", ["hashed"] = false, ["identityHash"] = facts.HolderName },
                    new JsonObject { ["type"] = "IdentityObject", ["identityType"] = "identifier", ["hashed"] = false, ["identityHash"] = facts.Number.ToUpperInvariant() }),
                ["achievement"] = Achievement(urls, facts.Credential),
            },
            ["credentialStatus"] = new JsonObject
            {
                ["id"] = $"{statusList}#{index}",
                ["type"] = "BitstringStatusListEntry",
                ["statusPurpose"] = "revocation",
                ["statusListIndex"] = index.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["statusListCredential"] = statusList,
            },
            ["credentialSchema"] = new JsonArray(new JsonObject
            {
                ["id"] = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json",
                ["type"] = "1EdTechJsonSchemaValidator2019",
            }),
        };
    }

    public static JsonObject StatusList(int list, IEnumerable<int> revokedIndices, PublicUrls urls, DateTimeOffset now)
    {
        var url = urls.StatusList(list);
        return new JsonObject
        {
            ["@context"] = new JsonArray(VcContext),
            ["id"] = url,
            ["type"] = new JsonArray("VerifiableCredential", "BitstringStatusListCredential"),
            ["issuer"] = urls.Issuer,
            ["validFrom"] = now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ"),
            ["credentialSubject"] = new JsonObject
            {
                ["id"] = $"{url}#list",
                ["type"] = "BitstringStatusList",
                ["statusPurpose"] = "revocation",
                ["encodedList"] = EncodeList(revokedIndices),
            },
        };
    }

    /// <summary>Bitstring Status List §3.2: bit 0 is the most significant bit of the first byte; GZIP; multibase base64url ('u').</summary>
    public static string EncodeList(IEnumerable<int> setIndices)
    {
        var bits = new byte[VerificationRules.StatusListSize / 8];
        foreach (var index in setIndices)
        {
            bits[index / 8] |= (byte)(0x80 >> (index % 8));
        }

        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(bits);
        }

        return "u" + Base64UrlEncoder.Encode(compressed.ToArray());
    }

    /// <summary>The JWT: the credential's members plus the registered claims that mirror them.</summary>
    public static string Sign(JsonObject credential, SigningCredentials signingCredentials, DateTimeOffset issuedAt)
    {
        var payload = (JsonObject)credential.DeepClone();
        payload["iss"] = credential["issuer"] is JsonObject issuer ? issuer["id"]!.GetValue<string>() : credential["issuer"]!.GetValue<string>();
        payload["jti"] = credential["id"]!.GetValue<string>();
        payload["iat"] = issuedAt.ToUnixTimeSeconds();
        payload["nbf"] = DateTimeOffset.Parse(credential["validFrom"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeSeconds();
        if (credential["validUntil"] is { } validUntil)
        {
            payload["exp"] = DateTimeOffset.Parse(validUntil.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeSeconds();
        }

        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(payload.ToJsonString(), signingCredentials);
    }

    static string CredentialId(CertificationFacts facts)
    {
        // One id per certification and cycle: re-issuing the same cycle's credential gives the same id.
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{facts.Id:N}/{facts.CycleStart:yyyy-MM-dd}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return $"urn:uuid:{new Guid(hash.AsSpan(0, 16), bigEndian: true)}";
    }

    static string Instant(DateOnly date, TimeOnly time, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(time);
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ");
    }

    static JsonObject Let(this JsonObject node, Action<JsonObject> change)
    {
        change(node);
        return node;
    }
}
