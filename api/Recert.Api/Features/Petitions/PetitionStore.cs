using Dapper;
using Npgsql;
using Recert.Api.Domain;
using Recert.Api.Features.Audits;
using Recert.Api.Features.Email;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Petitions;

public enum PetitionStatus
{
    AwaitingPayment,
    AwaitingReview,
    Approved,
    Denied,
    /// <summary>Unpaid, and its activity can no longer count toward any open or future cycle: dropped from the cart, never charged.</summary>
    Cancelled,
}

public sealed record PetitionResponse(
    Guid Id,
    string Number,
    Guid ActivityId,
    string Title,
    string ProviderName,
    CeuArea Area,
    decimal ContactHours,
    decimal RequestedCeus,
    DateOnly CompletedOn,
    Guid DocumentId,
    PetitionStatus Status,
    long FeeCents,
    string Currency,
    DateTimeOffset? PaidAt,
    decimal? GrantedCeus,
    string? DecisionReason,
    DateTimeOffset? DecidedAt,
    DateTimeOffset CreatedAt);

public sealed record PetitionRow(
    Guid Id,
    Guid CertificationId,
    string Number,
    Guid? HolderUserId,
    Guid ActivityId,
    string Title,
    string ProviderName,
    string Area,
    decimal ContactHours,
    DateOnly CompletedOn,
    Guid DocumentId,
    string CourseKey,
    long FeeCents,
    string Currency,
    string Status,
    DateTime? PaidAt,
    decimal? GrantedCeus,
    string? DecisionReason,
    DateTime? DecidedAt,
    DateTime CreatedAt)
{
    public PetitionStatus StatusValue => EnumText.Parse<PetitionStatus>(Status);

    public PetitionResponse ToResponse() => new(
        Id, Number, ActivityId, Title, ProviderName, EnumText.Parse<CeuArea>(Area), ContactHours, Ceus.FromContactHours(ContactHours),
        CompletedOn, DocumentId, StatusValue, FeeCents, Currency, Utc(PaidAt), GrantedCeus, DecisionReason, Utc(DecidedAt), Utc(CreatedAt)!.Value);

    static DateTimeOffset? Utc(DateTime? value) => value is { } v ? new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)) : null;
}

public static class PetitionStore
{
    public const string Select = """
        select p.id, p.certification_id, c.number, c.user_id as holder_user_id, p.activity_id, p.title, p.provider_name, p.area,
               p.contact_hours, p.completed_on, p.document_id, p.course_key, p.fee_cents, p.currency, p.status, p.paid_at,
               p.granted_ceus, p.decision_reason, p.decided_at, p.created_at
        from petitions p join certifications c on c.id = p.certification_id
        """;

    /// <summary>The petition if the current user holds its certification or is staff; otherwise 404.</summary>
    public static async Task<PetitionRow> FindAccessibleAsync(
        NpgsqlConnection connection, Guid id, ICurrentUser currentUser, CancellationToken cancellationToken,
        NpgsqlTransaction? transaction = null, bool forUpdate = false)
    {
        var sql = Select + " where p.id = @Id" + (forUpdate ? " for update of p" : "");
        var row = await connection.QuerySingleOrDefaultAsync<PetitionRow>(new CommandDefinition(sql, new { Id = id }, transaction, cancellationToken: cancellationToken));
        if (row is null || (!currentUser.IsStaff && (row.HolderUserId is null || row.HolderUserId != currentUser.Id)))
        {
            throw new NotFoundException("No such petition for this account.");
        }

        return row;
    }

    /// <summary>Approves with the CEUs staff grant: the ledger row becomes an approved petition that counts.</summary>
    public static async Task ApproveAsync(DbSession db, PetitionRow petition, decimal ceus, Guid? decidedBy, DateTimeOffset now, string? note, CancellationToken cancellationToken)
    {
        EnsureReviewable(petition);
        const string sql = """
            update petitions set status = 'approved', granted_ceus = @Ceus, decision_reason = @Note, decided_by = @DecidedBy, decided_at = @Now where id = @Id;
            update ce_activities set state = 'approved', ceus = @Ceus where id = @ActivityId;
            """;
        await db.Connection.ExecuteAsync(db.Command(sql, new { petition.Id, petition.ActivityId, Ceus = ceus, Note = note, DecidedBy = decidedBy, Now = now.UtcDateTime }, cancellationToken));
        await RenewalStore.RecordDecisionAsync(db, petition.CertificationId, "petition", petition.Id, "approved", note, new { ceus, courseKey = petition.CourseKey }, decidedBy, now, cancellationToken);
        var holder = await RenewalStore.HolderAsync(db, petition.CertificationId, cancellationToken);
        await EmailOutbox.EnqueueAsync(db, EmailTemplates.PetitionDecided(holder.CertificationId, holder.Email, holder.FirstName, holder.Number, petition.Title, true, ceus, null), now, cancellationToken);
    }

    public static async Task DenyAsync(DbSession db, PetitionRow petition, string reason, Guid? decidedBy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        EnsureReviewable(petition);
        const string sql = """
            update petitions set status = 'denied', decision_reason = @Reason, decided_by = @DecidedBy, decided_at = @Now where id = @Id;
            update ce_activities set state = 'rejected' where id = @ActivityId;
            """;
        await db.Connection.ExecuteAsync(db.Command(sql, new { petition.Id, petition.ActivityId, Reason = reason, DecidedBy = decidedBy, Now = now.UtcDateTime }, cancellationToken));
        await RenewalStore.RecordDecisionAsync(db, petition.CertificationId, "petition", petition.Id, "denied", reason, new { courseKey = petition.CourseKey }, decidedBy, now, cancellationToken);
        var holder = await RenewalStore.HolderAsync(db, petition.CertificationId, cancellationToken);
        await EmailOutbox.EnqueueAsync(db, EmailTemplates.PetitionDecided(holder.CertificationId, holder.Email, holder.FirstName, holder.Number, petition.Title, false, null, reason), now, cancellationToken);
    }

    /// <summary>Staff review paid petitions only: the fee is what pays for the review (and it is nonrefundable).</summary>
    static void EnsureReviewable(PetitionRow petition)
    {
        switch (petition.StatusValue)
        {
            case PetitionStatus.AwaitingPayment:
                throw new ConflictException("This petition's fee is not paid yet; it is reviewed once paid.", "petition.unpaid");
            case PetitionStatus.Approved or PetitionStatus.Denied or PetitionStatus.Cancelled:
                throw new ConflictException($"This petition was already {petition.Status}.", "petition.decided");
        }
    }

    /// <summary>After payment: a course already approved for everyone is approved at once with the same CEUs.</summary>
    public static async Task MarkPaidAsync(DbSession db, Guid petitionId, Guid checkoutId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        const string sql = """
            update petitions set status = 'awaiting-review', paid_checkout_id = @CheckoutId, paid_at = @Now
            where id = @Id and status = 'awaiting-payment'
            """;
        var updated = await db.Connection.ExecuteAsync(db.Command(sql, new { Id = petitionId, CheckoutId = checkoutId, Now = now.UtcDateTime }, cancellationToken));
        if (updated == 0)
        {
            return;
        }

        var petition = await db.Connection.QuerySingleAsync<PetitionRow>(db.Command(Select + " where p.id = @Id for update of p", new { Id = petitionId }, cancellationToken));
        const string courseApproval = "select ceus from petition_course_approvals where course_key = @CourseKey";
        var ceus = await db.Connection.QuerySingleOrDefaultAsync<decimal?>(db.Command(courseApproval, new { petition.CourseKey }, cancellationToken));
        if (ceus is { } granted)
        {
            await ApproveAsync(db, petition, granted, null, now, "Course already approved for everyone who petitioned it.", cancellationToken);
        }
    }
}
