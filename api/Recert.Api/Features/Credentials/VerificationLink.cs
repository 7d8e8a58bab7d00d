using Dapper;
using MediatR;
using Npgsql;
using Recert.Api.Features.Certifications;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Credentials;

/// <param name="Url">The public verification link (what the QR code on the certificate points to).</param>
/// <param name="NameLookup">Whether anyone may also find the certification by its number and the holder's last name.</param>
public sealed record VerificationLinkResponse(string Url, bool NameLookup);

public sealed record GetVerificationLinkQuery(string Number) : IQuery<VerificationLinkResponse>;

internal sealed class GetVerificationLinkHandler(NpgsqlDataSource dataSource, ICurrentUser currentUser, OrganisationClock clock, VerificationTokens tokens, PublicUrls urls)
    : IRequestHandler<GetVerificationLinkQuery, VerificationLinkResponse>
{
    public async Task<VerificationLinkResponse> Handle(GetVerificationLinkQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var certification = await CertificationStore.FindAccessibleAsync(connection, request.Number, currentUser, cancellationToken);
        var record = await CredentialStore.EnsureRecordAsync(connection, tokens, certification.Id, clock.Now, cancellationToken);
        return new VerificationLinkResponse(urls.VerificationLink(tokens.Reveal(record.TokenProtected)), record.NameLookup);
    }
}

/// <summary>A new token: the old link, QR codes printed with it and shared copies stop working at once.</summary>
public sealed record RotateVerificationLinkCommand(string Number) : ICommand<VerificationLinkResponse>;

internal sealed class RotateVerificationLinkHandler(DbSession db, ICurrentUser currentUser, OrganisationClock clock, VerificationTokens tokens, PublicUrls urls)
    : IRequestHandler<RotateVerificationLinkCommand, VerificationLinkResponse>
{
    public async Task<VerificationLinkResponse> Handle(RotateVerificationLinkCommand request, CancellationToken cancellationToken)
    {
        const string rotate = """
            update credential_records set token_sha256 = @Sha256, token_protected = @Protected, token_rotated_at = @Now
            where certification_id = @Id
            returning name_lookup
            """;
        var certification = await CertificationStore.FindAccessibleAsync(db.Connection, request.Number, currentUser, cancellationToken, db.Transaction, forUpdate: true);
        await CredentialStore.EnsureRecordAsync(db.Connection, tokens, certification.Id, clock.Now, cancellationToken, db.Transaction);
        var (token, sha256, protectedToken) = tokens.Generate();
        var nameLookup = await db.Connection.ExecuteScalarAsync<bool>(db.Command(rotate,
            new { certification.Id, Sha256 = sha256, Protected = protectedToken, Now = clock.Now.UtcDateTime }, cancellationToken));
        return new VerificationLinkResponse(urls.VerificationLink(token), nameLookup);
    }
}

public sealed record SetNameLookupBody(bool Enabled);

public sealed record SetNameLookupCommand(string Number, bool Enabled) : ICommand<VerificationLinkResponse>;

internal sealed class SetNameLookupHandler(DbSession db, ICurrentUser currentUser, OrganisationClock clock, VerificationTokens tokens, PublicUrls urls)
    : IRequestHandler<SetNameLookupCommand, VerificationLinkResponse>
{
    public async Task<VerificationLinkResponse> Handle(SetNameLookupCommand request, CancellationToken cancellationToken)
    {
        var certification = await CertificationStore.FindAccessibleAsync(db.Connection, request.Number, currentUser, cancellationToken, db.Transaction, forUpdate: true);
        var record = await CredentialStore.EnsureRecordAsync(db.Connection, tokens, certification.Id, clock.Now, cancellationToken, db.Transaction);
        await db.Connection.ExecuteAsync(db.Command("update credential_records set name_lookup = @Enabled where certification_id = @Id",
            new { certification.Id, request.Enabled }, cancellationToken));
        return new VerificationLinkResponse(urls.VerificationLink(tokens.Reveal(record.TokenProtected)), request.Enabled);
    }
}
