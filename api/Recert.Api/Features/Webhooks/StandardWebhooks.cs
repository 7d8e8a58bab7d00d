using System.Security.Cryptography;
using System.Text;

namespace Recert.Api.Features.Webhooks;

/// <summary>
/// Signatures as the Standard Webhooks spec (standardwebhooks.com): <c>v1,</c> + base64 HMAC-SHA256 over
/// <c>{webhook-id}.{webhook-timestamp}.{body}</c>, keyed by the base64 part of a <c>whsec_</c> secret.
/// </summary>
public static class StandardWebhooks
{
    public const string SecretPrefix = "whsec_";

    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static bool TryGetKey(string? secret, out byte[] key)
    {
        key = [];
        if (secret is null || !secret.StartsWith(SecretPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            key = Convert.FromBase64String(secret[SecretPrefix.Length..]);
            return key.Length is >= 24 and <= 64;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public static string Sign(string secret, string messageId, long timestamp, string body)
    {
        if (!TryGetKey(secret, out var key))
        {
            throw new ArgumentException("Not a whsec_ secret.", nameof(secret));
        }

        var signed = Encoding.UTF8.GetBytes($"{messageId}.{timestamp}.{body}");
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, signed));
    }

    public static bool IsValidUrl(string? url)
        => url is { Length: > 0 and <= 2000 }
           && Uri.TryCreate(url, UriKind.Absolute, out var uri)
           && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
           && string.IsNullOrEmpty(uri.UserInfo)
           && string.IsNullOrEmpty(uri.Fragment)
           && !string.IsNullOrEmpty(uri.Host);
}
