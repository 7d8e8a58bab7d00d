using Dapper;
using Npgsql;

namespace Recert.Tests.Support;

/// <summary>
/// The eligibility read model (certification_eligibility_inputs, migration 0950) must say exactly what
/// ce_activities and cpr_aed_cards say. Every integration test checks it when it ends, so any write path that
/// leaves the projection behind fails the test that took it.
/// </summary>
public static class EligibilityReadModel
{
    const string Mismatches = """
        with expected as (
            select c.id as certification_id,
                   (select string_agg(concat_ws('|', a.id, a.created_at, a.source, a.area, a.ceus, a.completed_on, a.state, a.course_key,
                                                a.document_id is not null, a.used_in_application_id is not null), ';' order by a.created_at, a.id)
                    from ce_activities a where a.certification_id = c.id) as activities,
                   (select string_agg(concat_ws('|', k.id, k.kind, k.expires_on, k.hands_on, k.front_document_id is not null,
                                                k.back_document_id is not null), ';' order by k.expires_on desc, k.created_at desc, k.id)
                    from cpr_aed_cards k where k.certification_id = c.id) as cards
            from certifications c
        ),
        stored as (
            select c.id as certification_id,
                   (select string_agg(concat_ws('|', u.id, u.created_at, u.source, u.area, u.ceus, u.completed_on, u.state, u.course_key,
                                                u.has_document, u.used), ';' order by u.created_at, u.id)
                    from certification_eligibility_inputs e
                    cross join lateral unnest(e.activity_ids, e.activity_created_at, e.activity_sources, e.activity_areas, e.activity_ceus,
                                              e.activity_completed_on, e.activity_states, e.activity_course_keys, e.activity_has_document,
                                              e.activity_used_in_renewal)
                        as u(id, created_at, source, area, ceus, completed_on, state, course_key, has_document, used)
                    where e.certification_id = c.id) as activities,
                   (select string_agg(concat_ws('|', u.id, u.kind, u.expires_on, u.hands_on, u.has_front, u.has_back), ';' order by u.ord)
                    from certification_eligibility_inputs e
                    cross join lateral unnest(e.card_ids, e.card_kinds, e.card_expires_on, e.card_hands_on, e.card_has_front, e.card_has_back)
                        with ordinality as u(id, kind, expires_on, hands_on, has_front, has_back, ord)
                    where e.certification_id = c.id and e.chunk = 0) as cards,
                   exists (select 1 from certification_eligibility_inputs e where e.certification_id = c.id and e.chunk = 0) as has_first_chunk,
                   (select count(*) from certification_eligibility_inputs e where e.certification_id = c.id and e.chunk > 0 and e.card_ids <> '{}') as cards_outside_first_chunk
            from certifications c
        )
        select e.certification_id::text
        from expected e
        join stored s using (certification_id)
        where e.activities is distinct from s.activities
           or e.cards is distinct from s.cards
           or ((e.activities is not null or e.cards is not null) and not s.has_first_chunk)
           or s.cards_outside_first_chunk > 0
        """;

    /// <summary>Ids of certifications whose read model differs from their activities and cards.</summary>
    public static async Task<IReadOnlyList<string>> MismatchesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        return (await connection.QueryAsync<string>(Mismatches)).AsList();
    }
}
