using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.IdentityModel.Tokens;

namespace Recert.Api.Features.Credentials;

/// <summary>
/// Verification link tokens: 128 random bits, base64url (22 characters). Looked up by SHA-256; kept encrypted so the
/// holder can be shown the link again, and a database dump alone does not reveal working links.
/// </summary>
public sealed class VerificationTokens(IDataProtectionProvider dataProtection)
{
    public const int Length = 22;

    readonly IDataProtector protector = dataProtection.CreateProtector("Recert.Credentials.VerificationToken.v1");

    public (string Token, byte[] Sha256, string Protected) Generate()
    {
        var token = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16));
        return (token, Hash(token), protector.Protect(token));
    }

    public static byte[] Hash(string token) => SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(token));

    public static bool IsWellFormed(string? token)
        => token is { Length: Length } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public string Reveal(string protectedToken) => protector.Unprotect(protectedToken);
}
