using Dapper;
using Npgsql;
using Recert.Api.Domain;

namespace Recert.Api.Features.Credentials;

/// <summary>What proof of a certification is made of: the certification's facts today and its credential record.</summary>
public sealed record CertificationFacts(
    Guid Id,
    string Number,
    string Credential,
    string FirstName,
    string LastName,
    Guid? UserId,
    DateOnly CycleStart,
    DateOnly ExpiresOn,
    bool ForLife,
    bool Revoked,
    DateOnly? LatestFailedAuditCycleStart)
{
    public string HolderName => $"{FirstName} {LastName}";

    public VerificationStatus StatusOn(DateOnly date) => VerificationRules.StatusOn(CycleStart, ExpiresOn, date, Revoked, LatestFailedAuditCycleStart);
}

public sealed record CredentialRecord(Guid CertificationId, int StatusIndex, string TokenProtected, bool NameLookup);

public static class CredentialStore
{
    public const string SelectFacts = """
        select c.id, c.number, c.credential, c.first_name, c.last_name, c.user_id, c.cycle_start, c.expires_on, c.for_life,
               exists (select 1 from certification_revocations v where v.certification_id = c.id) as revoked,
               (select max(a.cycle_start) from applications a where a.certification_id = c.id and a.status = 'audit-failed') as latest_failed_audit_cycle_start
        from certifications c
        """;

    public static async Task<CertificationFacts?> FactsAsync(NpgsqlConnection connection, Guid certificationId, CancellationToken cancellationToken, NpgsqlTransaction? transaction = null)
        => await connection.QuerySingleOrDefaultAsync<CertificationFacts>(new CommandDefinition(
            SelectFacts + " where c.id = @Id", new { Id = certificationId }, transaction, cancellationToken: cancellationToken));

    /// <summary>The certification's record, created with a fresh token and the next status-list index on first use.</summary>
    public static async Task<CredentialRecord> EnsureRecordAsync(
        NpgsqlConnection connection, VerificationTokens tokens, Guid certificationId, DateTimeOffset now, CancellationToken cancellationToken, NpgsqlTransaction? transaction = null)
    {
        const string select = "select certification_id, status_index, token_protected, name_lookup from credential_records where certification_id = @Id";
        const string insert = """
            insert into credential_records (certification_id, token_sha256, token_protected, token_rotated_at, created_at)
            values (@Id, @Sha256, @Protected, @Now, @Now)
            on conflict (certification_id) do nothing
            """;
        var record = await connection.QuerySingleOrDefaultAsync<CredentialRecord>(new CommandDefinition(select, new { Id = certificationId }, transaction, cancellationToken: cancellationToken));
        if (record is not null)
        {
            return record;
        }

        var (_, sha256, protectedToken) = tokens.Generate();
        await connection.ExecuteAsync(new CommandDefinition(insert,
            new { Id = certificationId, Sha256 = sha256, Protected = protectedToken, Now = now.UtcDateTime }, transaction, cancellationToken: cancellationToken));
        return await connection.QuerySingleAsync<CredentialRecord>(new CommandDefinition(select, new { Id = certificationId }, transaction, cancellationToken: cancellationToken));
    }

    public static string CredentialTitle(string credential) => credential.ToUpperInvariant() switch
    {
        "CPT" => "Certified Personal Trainer",
        _ => credential,
    };
}
