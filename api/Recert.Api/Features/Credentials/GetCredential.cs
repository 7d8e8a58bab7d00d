using System.Text.Json.Nodes;
using MediatR;
using Microsoft.Extensions.Options;
using Npgsql;
using Recert.Api.Features.Certifications;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Credentials;

/// <param name="Jwt">The VC-JWT to hand to a wallet or a verifier.</param>
/// <param name="Credential">The same credential as JSON, for reading.</param>
/// <param name="VerificationUrl">The public verification link of the certification.</param>
/// <param name="AddToProfileUrl">LinkedIn's "add a certification to your profile" form, filled in.</param>
public sealed record CredentialResponse(string Jwt, JsonObject Credential, string VerificationUrl, string AddToProfileUrl);

public sealed record GetCredentialQuery(string Number) : IQuery<CredentialResponse>;

internal sealed class GetCredentialHandler(
    NpgsqlDataSource dataSource, ICurrentUser currentUser, OrganisationClock clock, VerificationTokens tokens, SigningKeys keys, PublicUrls urls, IOptions<CredentialOptions> options)
    : IRequestHandler<GetCredentialQuery, CredentialResponse>
{
    public async Task<CredentialResponse> Handle(GetCredentialQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var certification = await CertificationStore.FindAccessibleAsync(connection, request.Number, currentUser, cancellationToken);
        var facts = (await CredentialStore.FactsAsync(connection, certification.Id, cancellationToken))!;
        var record = await CredentialStore.EnsureRecordAsync(connection, tokens, certification.Id, clock.Now, cancellationToken);
        var credential = OpenBadgeCredentials.Certification(facts, record, urls, options.Value, clock.Zone, clock.Today);
        var jwt = OpenBadgeCredentials.Sign(credential, await keys.CurrentAsync(cancellationToken), clock.Now);
        var verificationUrl = urls.VerificationLink(tokens.Reveal(record.TokenProtected));
        return new CredentialResponse(jwt, credential, verificationUrl, AddToProfileUrl(facts, verificationUrl, options.Value));
    }

    static string AddToProfileUrl(CertificationFacts facts, string verificationUrl, CredentialOptions options)
    {
        var query = new Dictionary<string, string>
        {
            ["startTask"] = "CERTIFICATION_NAME",
            ["name"] = $"{CredentialStore.CredentialTitle(facts.Credential)} ({facts.Credential})",
            ["organizationName"] = options.OrganisationName,
            ["issueYear"] = facts.CycleStart.Year.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["issueMonth"] = facts.CycleStart.Month.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["expirationYear"] = facts.ExpiresOn.Year.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["expirationMonth"] = facts.ExpiresOn.Month.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["certUrl"] = verificationUrl,
            ["certId"] = facts.Number.ToUpperInvariant(),
        };
        return "https://www.linkedin.com/profile/add?" + string.Join("&", query.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}"));
    }
}
