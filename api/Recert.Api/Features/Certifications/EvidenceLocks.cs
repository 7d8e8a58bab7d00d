using Dapper;
using Npgsql;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Certifications;

/// <summary>
/// What a trainer reported ("other" CEUs, CPR/AED cards) stays theirs to correct until an application relies on it:
/// once an application that was submitted (not a draft, not withdrawn) covers it, or an audit lists it, staff judged
/// the application on it and it is evidence, not a draft (issue 12).
/// </summary>
public static class EvidenceLocks
{
    /// <summary>Open applications rely on every activity completed in their cycle; approved ones mark what they used.</summary>
    const string ActivityLocksSql = """
        select a.id,
               case
                   when a.used_in_application_id is not null then 'used'
                   when exists (select 1 from audit_items i where i.kind = 'activity' and i.subject_id = a.id) then 'audited'
                   when exists (select 1 from applications p
                                where p.certification_id = a.certification_id
                                  and p.status in ('submitted', 'paid', 'audit-requested', 'documentation-submitted')
                                  and a.completed_on between p.cycle_start and p.expires_on) then 'open-application'
               end as reason
        from ce_activities a
        where a.certification_id = @CertificationId and (@Id::uuid is null or a.id = @Id)
        """;

    /// <summary>A card backs every submitted application received while it was valid, decided or not.</summary>
    const string CardLocksSql = """
        select k.id,
               case
                   when exists (select 1 from audit_items i where i.kind = 'card' and i.subject_id = k.id) then 'audited'
                   when exists (select 1 from applications p
                                where p.certification_id = k.certification_id
                                  and p.status not in ('draft', 'withdrawn')
                                  and p.received_on between k.issued_on and k.expires_on) then 'used'
               end as reason
        from cpr_aed_cards k
        where k.certification_id = @CertificationId and (@Id::uuid is null or k.id = @Id)
        """;

    sealed record LockRow(Guid Id, string? Reason);

    public static Task<IReadOnlyDictionary<Guid, string?>> ActivityLocksAsync(
        NpgsqlConnection connection, Guid certificationId, CancellationToken cancellationToken, NpgsqlTransaction? transaction = null, Guid? id = null)
        => LocksAsync(connection, ActivityLocksSql, certificationId, id, transaction, cancellationToken);

    public static Task<IReadOnlyDictionary<Guid, string?>> CardLocksAsync(
        NpgsqlConnection connection, Guid certificationId, CancellationToken cancellationToken, NpgsqlTransaction? transaction = null, Guid? id = null)
        => LocksAsync(connection, CardLocksSql, certificationId, id, transaction, cancellationToken);

    static async Task<IReadOnlyDictionary<Guid, string?>> LocksAsync(
        NpgsqlConnection connection, string sql, Guid certificationId, Guid? id, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<LockRow>(new CommandDefinition(sql, new { CertificationId = certificationId, Id = id }, transaction, cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.Id, r => r.Reason);
    }

    /// <summary>409 saying why the activity can no longer be changed.</summary>
    public static void EnsureActivityEditable(string? reason)
    {
        if (reason is null)
        {
            return;
        }

        throw new ConflictException(reason switch
        {
            "used" => "This activity was used to renew your certification, so it can no longer be changed or removed.",
            "audited" => "This activity is part of an audit, so it can no longer be changed or removed.",
            _ => "An application you submitted relies on this activity, so it cannot be changed or removed while the application is open. Withdraw the application first if the activity is wrong.",
        }, "activity.used-in-application");
    }

    /// <summary>409 saying why the card can no longer be changed.</summary>
    public static void EnsureCardEditable(string? reason)
    {
        if (reason is null)
        {
            return;
        }

        throw new ConflictException(reason switch
        {
            "audited" => "This card is part of an audit, so it can no longer be changed or removed.",
            _ => "An application you submitted relies on this card, so it can no longer be changed or removed. Add a new card instead.",
        }, "card.used-in-application");
    }
}
