using System.Text.Json;
using Dapper;
using MediatR;
using Npgsql;
using Recert.Api.Domain;
using Recert.Api.Features.Applications;
using Recert.Api.Features.Audits;
using Recert.Api.Features.Checkout;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.BackOffice;

/// <summary>One attempt to pay for the application: a checkout that included it, whatever its outcome.</summary>
/// <param name="AmountCents">This application's share of the checkout.</param>
public sealed record PaymentAttempt(Guid CheckoutId, string State, long AmountCents, long CheckoutTotalCents, string Currency,
    string? GatewayReference, string? Failure, DateTimeOffset StartedAt, DateTimeOffset? CompletedAt, bool PaidThisApplication);

public sealed record RefundEntry(Guid Id, long AmountCents, string Currency, string Reason, string State, DateTimeOffset CreatedAt, DateTimeOffset? RefundedAt, string? RefundedBy);

public sealed record AuditDrawEntry(decimal Rate, bool Drawn, DateTimeOffset DrawnAt);

public sealed record StaffApplicationDetail(
    ApplicationResponse Application,
    string HolderName,
    string? HolderEmail,
    string? SubmittedBy,
    string? DecisionReason,
    IReadOnlyList<PaymentAttempt> Payments,
    IReadOnlyList<RefundEntry> Refunds,
    AuditDrawEntry? AuditDraw,
    AuditResponse? Audit,
    IReadOnlyList<DecisionEntry> Decisions);

/// <summary>Everything staff need about one application: fees quoted, payments, the audit draw and audit, decisions.</summary>
public sealed record StaffApplicationQuery(Guid Id) : IQuery<StaffApplicationDetail>;

internal sealed class StaffApplicationHandler(NpgsqlDataSource dataSource, ICurrentUser currentUser, OrganisationClock clock)
    : IRequestHandler<StaffApplicationQuery, StaffApplicationDetail>
{
    sealed record HeaderRow(string HolderName, string? HolderEmail, string? SubmittedBy, string? DecisionReason, Guid? PaidCheckoutId);

    sealed record CheckoutRow(Guid Id, string State, long AmountCents, string Currency, string Items, string? GatewayReference, string? Failure, DateTime CreatedAt, DateTime? CompletedAt);

    sealed record RefundRow(Guid Id, long AmountCents, string Currency, string Reason, string State, DateTime CreatedAt, DateTime? RefundedAt, string? RefundedBy);

    sealed record DrawRow(decimal Rate, bool Drawn, DateTime DrawnAt);

    sealed record DecisionRow(Guid Id, string SubjectKind, Guid SubjectId, string Decision, string? Reason, string? DecidedBy, DateTime DecidedAt);

    public async Task<StaffApplicationDetail> Handle(StaffApplicationQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var application = await ApplicationStore.FindAccessibleAsync(connection, request.Id, currentUser, cancellationToken);
        var parameters = new { request.Id };

        const string headerSql = """
            select trim(c.first_name || ' ' || c.last_name) as holder_name, c.email as holder_email,
                   coalesce(nullif(trim(u.first_name || ' ' || u.last_name), ''), u.email) as submitted_by,
                   a.decision_reason, a.paid_checkout_id
            from applications a
            join certifications c on c.id = a.certification_id
            left join users u on u.id = a.submitted_by
            where a.id = @Id
            """;
        var header = await connection.QuerySingleAsync<HeaderRow>(new CommandDefinition(headerSql, parameters, cancellationToken: cancellationToken));

        const string checkoutsSql = """
            select k.id, k.state, k.amount_cents, k.currency, k.items::text as items, k.gateway_reference, k.failure, k.created_at, k.completed_at
            from checkouts k
            where exists (select 1 from jsonb_array_elements(k.items) i where i->>'kind' = 'renewal' and i->>'subjectId' = @Id::text)
            order by k.created_at, k.id
            """;
        var checkouts = await connection.QueryAsync<CheckoutRow>(new CommandDefinition(checkoutsSql, parameters, cancellationToken: cancellationToken));
        var payments = checkouts.Select(k =>
        {
            var share = JsonSerializer.Deserialize<List<CartItemResponse>>(k.Items, Json.Options)!
                .Where(i => i.Kind == CartItemKind.Renewal && i.SubjectId == request.Id).Sum(i => i.AmountCents);
            return new PaymentAttempt(k.Id, k.State, share, k.AmountCents, k.Currency, k.GatewayReference, k.Failure, Utc(k.CreatedAt),
                k.CompletedAt is { } done ? Utc(done) : null, k.Id == header.PaidCheckoutId);
        }).ToList();

        const string refundsSql = """
            select r.id, r.amount_cents, r.currency, r.reason, r.state, r.created_at, r.refunded_at,
                   coalesce(nullif(trim(u.first_name || ' ' || u.last_name), ''), u.email) as refunded_by
            from refunds r left join users u on u.id = r.refunded_by
            where r.application_id = @Id order by r.created_at, r.id
            """;
        var refunds = (await connection.QueryAsync<RefundRow>(new CommandDefinition(refundsSql, parameters, cancellationToken: cancellationToken)))
            .Select(r => new RefundEntry(r.Id, r.AmountCents, r.Currency, r.Reason, r.State, Utc(r.CreatedAt), r.RefundedAt is { } at ? Utc(at) : null, r.RefundedBy))
            .ToList();

        var draw = await connection.QuerySingleOrDefaultAsync<DrawRow>(new CommandDefinition(
            "select rate, drawn, drawn_at from audit_draws where application_id = @Id", parameters, cancellationToken: cancellationToken));
        var audited = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select exists (select 1 from audits where application_id = @Id)", parameters, cancellationToken: cancellationToken));
        var audit = audited ? await AuditStore.LoadAsync(connection, application, clock.Today, cancellationToken) : null;

        const string decisionsSql = """
            select d.id, d.subject_kind, d.subject_id, d.decision, d.reason,
                   coalesce(nullif(trim(u.first_name || ' ' || u.last_name), ''), u.email, 'system') as decided_by, d.decided_at
            from staff_decisions d left join users u on u.id = d.decided_by
            where d.subject_id = @Id and d.subject_kind in ('application', 'audit')
            order by d.seq
            """;
        var decisions = (await connection.QueryAsync<DecisionRow>(new CommandDefinition(decisionsSql, parameters, cancellationToken: cancellationToken)))
            .Select(d => new DecisionEntry(d.Id, d.SubjectKind, d.SubjectId, d.Decision, d.Reason, d.DecidedBy, Utc(d.DecidedAt)))
            .ToList();

        return new StaffApplicationDetail(application.ToResponse(), header.HolderName, header.HolderEmail, header.SubmittedBy, header.DecisionReason,
            payments, refunds, draw is null ? null : new AuditDrawEntry(draw.Rate, draw.Drawn, Utc(draw.DrawnAt)), audit, decisions);
    }

    static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
