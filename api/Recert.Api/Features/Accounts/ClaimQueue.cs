using Dapper;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.Options;
using Npgsql;
using Recert.Api.Features.Certifications;
using Recert.Api.Features.Email;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Accounts;

/// <summary>Claims of certifications with no email on file, oldest first (staff).</summary>
public sealed record ClaimQueueQuery : IQuery<IReadOnlyList<ClaimRequestEntry>>;

public sealed record ClaimRequestEntry(
    Guid Id,
    DateTimeOffset RequestedAt,
    int AgeDays,
    string CertificationNumber,
    string HolderFirstName,
    string HolderLastName,
    string ClaimantEmail,
    bool ClaimantEmailVerified,
    string ClaimantFirstName,
    string ClaimantLastName);

internal sealed class ClaimQueueHandler(NpgsqlDataSource dataSource, OrganisationClock clock) : IRequestHandler<ClaimQueueQuery, IReadOnlyList<ClaimRequestEntry>>
{
    sealed record Row(Guid Id, DateTime CreatedAt, string Number, string HolderFirstName, string HolderLastName,
        string ClaimantEmail, bool ClaimantEmailVerified, string ClaimantFirstName, string ClaimantLastName);

    public async Task<IReadOnlyList<ClaimRequestEntry>> Handle(ClaimQueueQuery request, CancellationToken cancellationToken)
    {
        const string sql = """
            select r.id, r.created_at, c.number, c.first_name as holder_first_name, c.last_name as holder_last_name,
                   u.email as claimant_email, u.email_verified_at is not null as claimant_email_verified,
                   u.first_name as claimant_first_name, u.last_name as claimant_last_name
            from claim_requests r
            join certifications c on c.id = r.certification_id
            join users u on u.id = r.user_id
            where r.state = 'pending'
            order by r.created_at, r.id
            limit 500
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(sql, cancellationToken: cancellationToken));
        var today = clock.Today;
        return rows.Select(r =>
        {
            var requestedAt = new DateTimeOffset(DateTime.SpecifyKind(r.CreatedAt, DateTimeKind.Utc));
            var requestedOn = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(requestedAt, clock.Zone).DateTime);
            return new ClaimRequestEntry(r.Id, requestedAt, today.DayNumber - requestedOn.DayNumber, r.Number, r.HolderFirstName, r.HolderLastName,
                r.ClaimantEmail, r.ClaimantEmailVerified, r.ClaimantFirstName, r.ClaimantLastName);
        }).ToList();
    }
}

/// <summary>Staff approve (link the certification to the claimant) or decline a queued claim; the claimant is emailed.</summary>
public sealed record DecideClaimCommand(Guid Id, bool Approve, string? Reason) : ICommand<ClaimDecision>;

public sealed record ClaimDecision(Guid Id, string State, string CertificationNumber);

public sealed class DecideClaimValidator : AbstractValidator<DecideClaimCommand>
{
    public DecideClaimValidator()
    {
        RuleFor(c => c.Reason).MaximumLength(1000);
        RuleFor(c => c.Reason).NotEmpty().When(c => !c.Approve).WithMessage("Say why the claim is declined; the claimant reads it.");
    }
}

internal sealed class DecideClaimHandler(DbSession db, ICurrentUser currentUser, IMediator mediator, OrganisationClock clock, IOptions<AccountOptions> options)
    : IRequestHandler<DecideClaimCommand, ClaimDecision>
{
    sealed record Pending(Guid Id, Guid UserId, Guid CertificationId, string State, string Number, Guid? HolderId, string ClaimantEmail, string ClaimantFirstName);

    public async Task<ClaimDecision> Handle(DecideClaimCommand request, CancellationToken cancellationToken)
    {
        var staffId = currentUser.RequireId();
        const string find = """
            select r.id, r.user_id, r.certification_id, r.state, c.number, c.user_id as holder_id, u.email as claimant_email, u.first_name as claimant_first_name
            from claim_requests r
            join certifications c on c.id = r.certification_id
            join users u on u.id = r.user_id
            where r.id = @Id
            for update of r, c
            """;
        var pending = await db.Connection.QuerySingleOrDefaultAsync<Pending>(db.Command(find, new { request.Id }, cancellationToken))
            ?? throw new NotFoundException("No such claim request.");
        if (pending.State != "pending")
        {
            throw new ConflictException($"This claim was already {pending.State}.", "claim.decided");
        }

        if (request.Approve && pending.HolderId is not null)
        {
            throw new ConflictException($"{pending.Number} already belongs to an account; decline this claim.", "claim.unavailable");
        }

        var now = clock.Now;
        const string decide = """
            update claim_requests set state = @State, decided_by = @StaffId, decided_at = @Now, reason = @Reason where id = @Id
            """;
        var state = request.Approve ? "approved" : "declined";
        await db.Connection.ExecuteAsync(db.Command(decide, new { request.Id, State = state, StaffId = staffId, Now = now.UtcDateTime, Reason = request.Reason?.Trim() }, cancellationToken));
        if (request.Approve)
        {
            const string link = "update certifications set user_id = @UserId where id = @CertificationId";
            await db.Connection.ExecuteAsync(db.Command(link, new { pending.UserId, pending.CertificationId }, cancellationToken));
            await mediator.Publish(new CertificationAppeared(pending.CertificationId), cancellationToken);
        }

        await EmailOutbox.EnqueueAsync(db, AccountEmails.ClaimDecided(options.Value, pending.ClaimantEmail, pending.ClaimantFirstName, pending.Number, request.Approve, request.Reason?.Trim())
            with { CertificationId = request.Approve ? pending.CertificationId : null }, now, cancellationToken);
        return new ClaimDecision(pending.Id, state, pending.Number);
    }
}
