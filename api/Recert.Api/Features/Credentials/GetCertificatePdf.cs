using MediatR;
using Microsoft.Extensions.Options;
using Npgsql;
using Recert.Api.Features.Certifications;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Credentials;

public enum CertificateLayout
{
    Certificate,
    WalletCard,
}

/// <summary>A certificate or wallet card generated from current data: a lapsed or revoked certification's says so.</summary>
public sealed record GetCertificatePdfQuery(string Number, CertificateLayout Layout) : IQuery<PdfFile>;

internal sealed class GetCertificatePdfHandler(
    NpgsqlDataSource dataSource, ICurrentUser currentUser, OrganisationClock clock, VerificationTokens tokens, PublicUrls urls, IOptions<CredentialOptions> options)
    : IRequestHandler<GetCertificatePdfQuery, PdfFile>
{
    public async Task<PdfFile> Handle(GetCertificatePdfQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var certification = await CertificationStore.FindAccessibleAsync(connection, request.Number, currentUser, cancellationToken);
        var facts = (await CredentialStore.FactsAsync(connection, certification.Id, cancellationToken))!;
        var record = await CredentialStore.EnsureRecordAsync(connection, tokens, certification.Id, clock.Now, cancellationToken);
        var content = new CertificateContent(
            options.Value.OrganisationName,
            facts.HolderName,
            $"{CredentialStore.CredentialTitle(facts.Credential)} ({facts.Credential})",
            facts.Number.ToUpperInvariant(),
            facts.CycleStart,
            facts.ExpiresOn,
            facts.ForLife,
            clock.Today,
            facts.StatusOn(clock.Today),
            urls.VerificationLink(tokens.Reveal(record.TokenProtected)));
        return request.Layout == CertificateLayout.Certificate
            ? new PdfFile(CertificateDocuments.Certificate(content), $"certificate-{content.Number}.pdf")
            : new PdfFile(CertificateDocuments.WalletCard(content), $"wallet-card-{content.Number}.pdf");
    }
}
