using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Dapper;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Npgsql;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Providers;

public static class ProviderAuth
{
    public const string Scheme = "ProviderKey";
    public const string Policy = "provider";
    /// <summary>A provider API key, or a provider portal session (cookie) when the request carries no Authorization header.</summary>
    public const string KeyOrSessionScheme = "ProviderKeyOrSession";
    public const string KeyOrSessionPolicy = "provider-key-or-session";
    /// <summary>A person of the provider signed in to the portal; an API key is not enough (e.g. to issue more keys).</summary>
    public const string PortalUserPolicy = "provider-portal-user";
    public const string Role = "provider";
    public const string ProviderIdClaim = "recert:provider_id";
    public const string KeyIdClaim = "recert:api_key_id";

    /// <summary>The provider of the API key or portal session that authenticated the request (endpoints behind a provider policy only).</summary>
    public static Guid ProviderId(this ClaimsPrincipal user)
        => Guid.TryParse(user.FindFirstValue(ProviderIdClaim), out var id) ? id : throw new ForbiddenException("Provider credentials are required.");
}

/// <summary>
/// API keys look like <c>rcp_&lt;12-character prefix&gt;_&lt;secret&gt;</c>. The prefix finds the key; the whole key is
/// compared by its SHA-256 (keys are 256-bit random, so a slow password hash adds nothing) in constant time.
/// </summary>
public static class ProviderKeys
{
    public const string Marker = "rcp_";
    public const int PrefixLength = 12;
    const string PrefixAlphabet = "abcdefghijkmnopqrstuvwxyz23456789";

    public static (string Prefix, string Key) Generate()
    {
        var prefix = RandomNumberGenerator.GetString(PrefixAlphabet, PrefixLength);
        var secret = Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        return (prefix, $"{Marker}{prefix}_{secret}");
    }

    public static bool TryParsePrefix(string? token, out string prefix)
    {
        prefix = "";
        if (token is null || token.Length < Marker.Length + PrefixLength + 21 || token.Length > 200
            || !token.StartsWith(Marker, StringComparison.Ordinal) || token[Marker.Length + PrefixLength] != '_')
        {
            return false;
        }

        prefix = token.Substring(Marker.Length, PrefixLength);
        return true;
    }

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>
    /// The key an Authorization header carries: <c>Bearer &lt;key&gt;</c>, or HTTP Basic as xAPI clients send it (xAPI 1.0.3
    /// Part 3 §4.0): the whole key as the password (any user name), or the key id <c>rcp_&lt;prefix&gt;</c> as the user name and
    /// the secret after it as the password. Null if the header is neither scheme.
    /// </summary>
    public static string? FromAuthorization(string? header)
    {
        if (header is null)
        {
            return null;
        }

        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }

        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        string credentials;
        try
        {
            var encoded = header["Basic ".Length..].Trim();
            credentials = encoded.Length > 400 ? "" : new UTF8Encoding(false, true).GetString(Convert.FromBase64String(encoded));
        }
        catch (Exception e) when (e is FormatException or DecoderFallbackException)
        {
            return "";
        }

        var colon = credentials.IndexOf(':');
        if (colon < 0)
        {
            return "";
        }

        var (user, password) = (credentials[..colon], credentials[(colon + 1)..]);
        return password.StartsWith(Marker, StringComparison.Ordinal) ? password : $"{user}_{password}";
    }

    static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

public sealed class ProviderKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    NpgsqlDataSource dataSource)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = ProviderKeys.FromAuthorization(Request.Headers.Authorization.ToString());
        if (token is null)
        {
            return AuthenticateResult.NoResult();
        }

        if (!ProviderKeys.TryParsePrefix(token, out var prefix))
        {
            return AuthenticateResult.Fail("The API key is malformed.");
        }

        const string sql = """
            select id, provider_id, key_hash from provider_api_keys
            where prefix = @Prefix and revoked_at is null
            """;
        await using var connection = await dataSource.OpenConnectionAsync(Context.RequestAborted);
        var key = await connection.QuerySingleOrDefaultAsync<KeyRow>(new CommandDefinition(sql, new { Prefix = prefix }, cancellationToken: Context.RequestAborted));
        if (key is null || !CryptographicOperations.FixedTimeEquals(ProviderKeys.Hash(token), key.KeyHash))
        {
            return AuthenticateResult.Fail("The API key is unknown or revoked.");
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(ProviderAuth.ProviderIdClaim, key.ProviderId.ToString()),
                new Claim(ProviderAuth.KeyIdClaim, key.Id.ToString()),
                new Claim(ClaimTypes.Role, ProviderAuth.Role),
            ],
            ProviderAuth.Scheme);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), ProviderAuth.Scheme));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = Request.Path.StartsWithSegments("/api/v1/xapi")
            ? new Microsoft.Extensions.Primitives.StringValues(["Basic realm=\"recert-xapi\", charset=\"UTF-8\"", "Bearer realm=\"recert-partners\""])
            : "Bearer realm=\"recert-partners\"";
        return Problems.WriteAsync(Context, StatusCodes.Status401Unauthorized, "Send a valid provider API key: Authorization: Bearer rcp_...");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
        => Problems.WriteAsync(Context, StatusCodes.Status403Forbidden, "This API key may not do this.");

    sealed record KeyRow(Guid Id, Guid ProviderId, byte[] KeyHash);
}
