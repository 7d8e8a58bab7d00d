using Dapper;
using MediatR;
using Npgsql;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Accounts;

/// <summary>The signed-in account's data as JSON (privacy rights of access and portability): the account, each certification
/// with its activities, cards, applications, audits and petitions, payments, documents' details, notifications, claims
/// and sign-in sessions. Secrets (password hash, token hashes, recovery codes) and staff members' ids stay out; the
/// documents' files are downloaded one by one from /api/v1/documents/{id}.</summary>
public sealed record ExportMyDataQuery : IQuery<MyDataExport>;

public sealed record MyDataExport(string Json, DateOnly On);

internal sealed class ExportMyDataHandler(NpgsqlDataSource dataSource, ICurrentUser currentUser, OrganisationClock clock)
    : IRequestHandler<ExportMyDataQuery, MyDataExport>
{
    public async Task<MyDataExport> Handle(ExportMyDataQuery request, CancellationToken cancellationToken)
    {
        // One statement, so every part is read from the same snapshot; PostgreSQL writes the JSON (dates as ISO dates,
        // times in ISO 8601 with their offset, CEUs as exact numbers, money in cents as everywhere in the API).
        const string sql = """
            select json_build_object(
              'exportedAt', @Now,
              'account', (select json_build_object('email', u.email, 'firstName', u.first_name, 'lastName', u.last_name,
                    'emailVerifiedAt', u.email_verified_at, 'createdAt', u.created_at)
                from users u where u.id = @UserId),
              'certifications', coalesce((select json_agg(json_build_object(
                    'number', c.number, 'credential', c.credential, 'firstName', c.first_name, 'lastName', c.last_name,
                    'emailOnFile', c.email, 'cycleStart', c.cycle_start, 'expiresOn', c.expires_on, 'forLife', c.for_life,
                    'recordedAt', c.created_at,
                    'ceActivities', coalesce((select json_agg(json_build_object(
                          'id', a.id, 'title', a.title, 'area', a.area, 'ceus', a.ceus, 'completedOn', a.completed_on,
                          'source', a.source, 'state', a.state, 'courseKey', a.course_key, 'documentId', a.document_id,
                          'usedInApplicationId', a.used_in_application_id, 'recordedAt', a.created_at)
                        order by a.completed_on, a.created_at, a.id)
                      from ce_activities a where a.certification_id = c.id), '[]'),
                    'cprAedCards', coalesce((select json_agg(json_build_object(
                          'id', k.id, 'kind', k.kind, 'provider', k.provider, 'issuer', k.issuer_name, 'issuedOn', k.issued_on,
                          'expiresOn', k.expires_on, 'handsOn', k.hands_on, 'frontDocumentId', k.front_document_id,
                          'backDocumentId', k.back_document_id, 'recordedAt', k.created_at)
                        order by k.created_at, k.id)
                      from cpr_aed_cards k where k.certification_id = c.id), '[]'),
                    'applications', coalesce((select json_agg(json_build_object(
                          'id', p.id, 'plan', p.plan, 'status', p.status, 'window', p.submission_window, 'receivedOn', p.received_on,
                          'cycleStart', p.cycle_start, 'expiresOn', p.expires_on, 'fees', p.fees, 'totalCents', p.total_cents,
                          'currency', p.currency, 'decisionReason', p.decision_reason, 'updatedAt', p.updated_at,
                          'audit', (select json_build_object('selectedOn', d.selected_on, 'dueOn', d.due_on, 'state', d.state,
                                'submittedAt', d.submitted_at, 'decidedAt', d.decided_at, 'reasons', d.reasons,
                                'items', coalesce((select json_agg(json_build_object('kind', i.kind, 'description', i.description,
                                      'documentId', i.document_id) order by i.kind, i.id)
                                    from audit_items i where i.application_id = d.application_id), '[]'))
                              from audits d where d.application_id = p.id))
                        order by p.received_on, p.created_at, p.id)
                      from applications p where p.certification_id = c.id), '[]'),
                    'petitions', coalesce((select json_agg(json_build_object(
                          'id', t.id, 'title', t.title, 'providerName', t.provider_name, 'area', t.area,
                          'contactHours', t.contact_hours, 'completedOn', t.completed_on, 'documentId', t.document_id,
                          'feeCents', t.fee_cents, 'currency', t.currency, 'status', t.status, 'paidAt', t.paid_at,
                          'grantedCeus', t.granted_ceus, 'decisionReason', t.decision_reason, 'decidedAt', t.decided_at,
                          'filedAt', t.created_at)
                        order by t.created_at, t.id)
                      from petitions t where t.certification_id = c.id), '[]'))
                  order by c.number)
                from certifications c where c.user_id = @UserId), '[]'),
              'receipts', coalesce((select json_agg(json_build_object('id', r.id, 'amountCents', r.amount_cents,
                    'currency', r.currency, 'items', r.items, 'paidAt', r.paid_at, 'refundedCents', r.refunded_cents)
                  order by r.paid_at, r.id)
                from receipts r where r.user_id = @UserId), '[]'),
              'refunds', coalesce((select json_agg(json_build_object('id', f.id, 'applicationId', f.application_id,
                    'amountCents', f.amount_cents, 'currency', f.currency, 'reason', f.reason, 'state', f.state,
                    'requestedAt', f.created_at, 'refundedAt', f.refunded_at)
                  order by f.created_at, f.id)
                from refunds f where f.user_id = @UserId), '[]'),
              'documents', coalesce((select json_agg(json_build_object('id', o.id, 'fileName', o.file_name,
                    'contentType', o.content_type, 'sizeBytes', o.size_bytes, 'sha256', o.sha256, 'uploadedAt', o.created_at)
                  order by o.created_at, o.id)
                from documents o where o.owner_user_id = @UserId), '[]'),
              'notifications', coalesce((select json_agg(json_build_object('kind', n.kind, 'title', n.title,
                    'createdAt', n.created_at, 'readAt', n.read_at)
                  order by n.created_at, n.id)
                from notifications n where n.user_id = @UserId), '[]'),
              'claims', coalesce((select json_agg(json_build_object('number', c.number, 'state', q.state,
                    'requestedAt', q.created_at, 'decidedAt', q.decided_at, 'reason', q.reason)
                  order by q.created_at, q.id)
                from claim_requests q join certifications c on c.id = q.certification_id where q.user_id = @UserId), '[]'),
              'sessions', coalesce((select json_agg(json_build_object('signedInAt', s.created_at, 'lastSeenAt', s.last_seen_at,
                    'expiresAt', s.expires_at, 'endedAt', s.ended_at)
                  order by s.created_at)
                from sessions s where s.user_id = @UserId), '[]')
            )::text
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var json = await connection.ExecuteScalarAsync<string>(new CommandDefinition(sql, new { UserId = currentUser.RequireId(), Now = clock.Now.UtcDateTime }, cancellationToken: cancellationToken));
        return new MyDataExport(json!, clock.Today);
    }
}
