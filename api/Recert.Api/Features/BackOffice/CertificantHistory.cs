using Dapper;
using MediatR;
using Npgsql;
using Recert.Api.Features.Applications;
using Recert.Api.Features.Certifications;
using Recert.Api.Features.CprAed;
using Recert.Api.Features.Petitions;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.BackOffice;

public sealed record DecisionEntry(Guid Id, string SubjectKind, Guid SubjectId, string Decision, string? Reason, string? DecidedBy, DateTimeOffset DecidedAt);

public sealed record EmailEntry(Guid Id, string Kind, string To, string Subject, DateTimeOffset QueuedAt, DateTimeOffset? SentAt, int Attempts, string? LastError);

public sealed record CertificantHistory(
    CertificationResponse Certification,
    IReadOnlyList<ApplicationResponse> Applications,
    LedgerResponse Activities,
    IReadOnlyList<CardResponse> Cards,
    IReadOnlyList<PetitionResponse> Petitions,
    IReadOnlyList<DecisionEntry> Decisions,
    IReadOnlyList<EmailEntry> Emails);

/// <summary>Everything about one certification, for staff answering the certificant's call.</summary>
public sealed record CertificantHistoryQuery(string Number) : IQuery<CertificantHistory>;

internal sealed class CertificantHistoryHandler(IMediator mediator, NpgsqlDataSource dataSource, ICurrentUser currentUser) : IRequestHandler<CertificantHistoryQuery, CertificantHistory>
{
    sealed record DecisionRow(Guid Id, string SubjectKind, Guid SubjectId, string Decision, string? Reason, string? DecidedBy, DateTime DecidedAt);

    sealed record EmailRow(Guid Id, string Kind, string ToAddress, string Subject, DateTime CreatedAt, DateTime? SentAt, int Attempts, string? LastError);

    public async Task<CertificantHistory> Handle(CertificantHistoryQuery request, CancellationToken cancellationToken)
    {
        var certification = await mediator.Send(new GetCertificationQuery(request.Number), cancellationToken);
        var applications = await mediator.Send(new ListApplicationsQuery(request.Number), cancellationToken);
        var ledger = await mediator.Send(new GetLedgerQuery(request.Number), cancellationToken);
        var cards = await mediator.Send(new ListCardsQuery(request.Number), cancellationToken);
        var petitions = await mediator.Send(new ListPetitionsQuery(request.Number), cancellationToken);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await CertificationStore.FindAccessibleAsync(connection, request.Number, currentUser, cancellationToken);
        const string decisionsSql = """
            select d.id, d.subject_kind, d.subject_id, d.decision, d.reason,
                   coalesce(u.first_name || ' ' || u.last_name || ' <' || u.email || '>', 'system') as decided_by, d.decided_at
            from staff_decisions d left join users u on u.id = d.decided_by
            where d.certification_id = @Id order by d.seq
            """;
        const string emailsSql = """
            select id, kind, to_address, subject, created_at, sent_at, attempts, last_error
            from email_outbox where certification_id = @Id order by seq
            """;
        var decisions = await connection.QueryAsync<DecisionRow>(new CommandDefinition(decisionsSql, new { row.Id }, cancellationToken: cancellationToken));
        var emails = await connection.QueryAsync<EmailRow>(new CommandDefinition(emailsSql, new { row.Id }, cancellationToken: cancellationToken));
        return new CertificantHistory(
            certification,
            applications,
            ledger,
            cards,
            petitions,
            decisions.Select(d => new DecisionEntry(d.Id, d.SubjectKind, d.SubjectId, d.Decision, d.Reason, d.DecidedBy, Utc(d.DecidedAt))).ToList(),
            emails.Select(e => new EmailEntry(e.Id, e.Kind, e.ToAddress, e.Subject, Utc(e.CreatedAt), e.SentAt is { } s ? Utc(s) : null, e.Attempts, e.LastError)).ToList());
    }

    static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
