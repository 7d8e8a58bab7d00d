using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.IdentityModel.Tokens;
using Npgsql;

namespace Recert.Api.Features.Credentials;

/// <summary>
/// The organisation's credential signing keys (ECDSA P-256, ES256), generated on first use and stored in PostgreSQL with
/// the private key encrypted by Data Protection. Rotation retires the current key; retired public keys stay in the JWKS
/// so credentials signed earlier still verify.
/// </summary>
public sealed class SigningKeys(NpgsqlDataSource dataSource, IDataProtectionProvider dataProtection, TimeProvider timeProvider)
{
    readonly IDataProtector protector = dataProtection.CreateProtector("Recert.Credentials.SigningKey.v1");

    public async Task<SigningCredentials> CurrentAsync(CancellationToken cancellationToken)
    {
        const string current = "select kid, private_key_protected from credential_signing_keys where retired_at is null";
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(string Kid, string PrivateKeyProtected)?>(new CommandDefinition(current, cancellationToken: cancellationToken));
        if (row is null)
        {
            await InsertNewAsync(connection, null, cancellationToken);
            row = await connection.QuerySingleAsync<(string Kid, string PrivateKeyProtected)>(new CommandDefinition(current, cancellationToken: cancellationToken));
        }

        var ecdsa = ECDsa.Create();
        ecdsa.ImportPkcs8PrivateKey(protector.Unprotect(Convert.FromBase64String(row.Value.PrivateKeyProtected)), out _);
        return new SigningCredentials(new ECDsaSecurityKey(ecdsa) { KeyId = row.Value.Kid }, SecurityAlgorithms.EcdsaSha256);
    }

    /// <summary>Every public key ever used, current first: the JWKS.</summary>
    public async Task<JsonObject> JwksAsync(CancellationToken cancellationToken)
    {
        const string sql = "select public_jwk::text from credential_signing_keys order by retired_at is not null, created_at desc";
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var keys = (await connection.QueryAsync<string>(new CommandDefinition(sql, cancellationToken: cancellationToken)))
            .Select(jwk => (JsonNode?)JsonNode.Parse(jwk)).ToArray();
        return new JsonObject { ["keys"] = new JsonArray(keys) };
    }

    public async Task<string> RotateAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition("lock table credential_signing_keys in exclusive mode", transaction: transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "update credential_signing_keys set retired_at = @Now where retired_at is null",
            new { Now = timeProvider.GetUtcNow().UtcDateTime }, transaction, cancellationToken: cancellationToken));
        return await InsertNewAsync(connection, transaction, cancellationToken);
    }

    async Task<string> InsertNewAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        // Two instances creating the first key at once: the partial unique index keeps one, the other reads it.
        const string insert = """
            insert into credential_signing_keys (kid, public_jwk, private_key_protected, created_at)
            values (@Kid, @PublicJwk::jsonb, @PrivateKeyProtected, @Now)
            on conflict do nothing
            """;
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var parameters = ecdsa.ExportParameters(false);
        var x = Base64UrlEncoder.Encode(parameters.Q.X!);
        var y = Base64UrlEncoder.Encode(parameters.Q.Y!);
        // RFC 7638 thumbprint: the required members in lexicographic order, no whitespace.
        var kid = Base64UrlEncoder.Encode(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"{x}\",\"y\":\"{y}\"}}")));
        var publicJwk = JsonSerializer.Serialize(new { kty = "EC", crv = "P-256", x, y, kid, alg = "ES256", use = "sig" });
        var privateKeyProtected = Convert.ToBase64String(protector.Protect(ecdsa.ExportPkcs8PrivateKey()));
        await connection.ExecuteAsync(new CommandDefinition(insert,
            new { Kid = kid, PublicJwk = publicJwk, PrivateKeyProtected = privateKeyProtected, Now = timeProvider.GetUtcNow().UtcDateTime },
            transaction, cancellationToken: cancellationToken));
        return kid;
    }
}
