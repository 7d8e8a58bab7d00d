using Microsoft.Extensions.Options;

namespace Recert.Api.Features.Credentials;

/// <summary>Absolute URLs that leave the system (QR codes, credentials): the configured public origin, else the request's.</summary>
public sealed class PublicUrls(IOptions<CredentialOptions> options, IHttpContextAccessor accessor)
{
    public string Base
    {
        get
        {
            if (!string.IsNullOrWhiteSpace(options.Value.PublicBaseUrl))
            {
                return options.Value.PublicBaseUrl.TrimEnd('/');
            }

            var request = accessor.HttpContext?.Request ?? throw new InvalidOperationException("Set Recert:Credentials:PublicBaseUrl.");
            return $"{request.Scheme}://{request.Host}{request.PathBase}".TrimEnd('/');
        }
    }

    public string VerificationLink(string token) => $"{Base}/verify/c/{token}";

    public string Issuer => $"{Base}/api/v1/credentials/issuer";

    public string Jwks => $"{Base}/.well-known/jwks.json";

    public string StatusList(int list) => $"{Base}/api/v1/credentials/status/{list}";

    public string Achievement(string credential) => $"{Base}/api/v1/credentials/achievements/{credential.ToLowerInvariant()}";
}
