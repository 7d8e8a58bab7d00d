using System.Text.Json;
using Dapper;
using Recert.Api.Domain;
using Recert.Api.Features.Applications;
using Recert.Api.Features.Certifications;
using Recert.Api.Features.Email;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Audits;

public sealed class AuditOptions
{
    /// <summary>Probability (0..1) that a paid application is drawn for audit.</summary>
    public decimal Rate { get; set; } = 0.10m;
}

public sealed record Holder(Guid CertificationId, string Number, string FirstName, string Email);

/// <summary>
/// The writes every renewal decision shares (payment, audit, staff): status moves checked by
/// <see cref="ApplicationLifecycle.CanMove"/>, the decision log, the certificant's email, the move to the next cycle.
/// All run inside the caller's transaction.
/// </summary>
public static class RenewalStore
{
    const string SelectApplication = """
        select a.id, a.certification_id, c.number, c.user_id as holder_user_id, a.plan, a.status, a.submission_window,
               a.received_on, a.cycle_start, a.expires_on, a.fees::text as fees, a.total_cents, a.currency, a.created_at, a.updated_at
        from applications a join certifications c on c.id = a.certification_id
        where a.id = @Id
        for update of a
        """;

    public static async Task<ApplicationRow> LockApplicationAsync(DbSession db, Guid id, CancellationToken cancellationToken)
        => await db.Connection.QuerySingleOrDefaultAsync<ApplicationRow>(db.Command(SelectApplication, new { Id = id }, cancellationToken))
           ?? throw new NotFoundException("No such application.");

    public static async Task<Holder> HolderAsync(DbSession db, Guid certificationId, CancellationToken cancellationToken)
    {
        const string sql = """
            select c.id as certification_id, c.number, c.first_name, coalesce(u.email, c.email) as email
            from certifications c left join users u on u.id = c.user_id where c.id = @Id
            """;
        return await db.Connection.QuerySingleAsync<Holder>(db.Command(sql, new { Id = certificationId }, cancellationToken));
    }

    public static async Task MoveAsync(DbSession db, ApplicationRow application, ApplicationStatus to, DateTimeOffset now, CancellationToken cancellationToken, string? reason = null)
    {
        if (!ApplicationLifecycle.CanMove(application.StatusValue, to))
        {
            throw new ConflictException($"An application that is {application.Status} cannot become {EnumText.Of(to)}.", "application.wrong-status");
        }

        const string sql = """
            update applications set status = @Status, updated_at = @Now, decision_reason = coalesce(@Reason, decision_reason)
            where id = @Id and status = @From
            """;
        var updated = await db.Connection.ExecuteAsync(db.Command(sql, new
        {
            application.Id,
            Status = EnumText.Of(to),
            From = application.Status,
            Now = now.UtcDateTime,
            Reason = reason,
        }, cancellationToken));
        if (updated != 1)
        {
            throw new ConflictException("The application changed meanwhile; reload it.", "application.changed");
        }
    }

    public static async Task RecordDecisionAsync(
        DbSession db, Guid? certificationId, string subjectKind, Guid subjectId, string decision, string? reason, object? details,
        Guid? decidedBy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        const string sql = """
            insert into staff_decisions (certification_id, subject_kind, subject_id, decision, reason, details, decided_by, decided_at)
            values (@CertificationId, @SubjectKind, @SubjectId, @Decision, @Reason, @Details::jsonb, @DecidedBy, @Now)
            """;
        await db.Connection.ExecuteAsync(db.Command(sql, new
        {
            CertificationId = certificationId,
            SubjectKind = subjectKind,
            SubjectId = subjectId,
            Decision = decision,
            Reason = reason,
            Details = details is null ? null : JsonSerializer.Serialize(details, Json.Options),
            DecidedBy = decidedBy,
            Now = now.UtcDateTime,
        }, cancellationToken));
    }

    /// <summary>
    /// Approval renews the certification: next cycle (the calendar does not shift for a late renewal) and the
    /// activities that count now are marked as used by this application, so they never count again.
    /// </summary>
    public static async Task ApproveAsync(DbSession db, ApplicationRow application, Guid? decidedBy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        const string lockCertification = """
            select id, number, credential, first_name, last_name, email, user_id, cycle_start, expires_on, for_life
            from certifications where id = @Id for update
            """;
        var certification = await db.Connection.QuerySingleAsync<CertificationRow>(db.Command(lockCertification, new { Id = application.CertificationId }, cancellationToken));
        if (certification.ExpiresOn != application.ExpiresOn)
        {
            throw new ConflictException("The certification is no longer in the cycle this application renews.", "application.cycle-moved");
        }

        await MoveAsync(db, application, ApplicationStatus.Approved, now, cancellationToken);

        var activities = await CertificationStore.LoadActivitiesAsync(db.Connection, certification.Id, cancellationToken, db.Transaction);
        var tally = Ceus.Tally(certification.CycleStart, certification.ExpiresOn, activities.Select(a => a.ToDomain()));
        var used = tally.Activities.Where(a => a.Counts).Select(a => a.Activity.Id).ToArray();
        const string markUsed = "update ce_activities set used_in_application_id = @ApplicationId where id = any(@Ids) and used_in_application_id is null";
        await db.Connection.ExecuteAsync(db.Command(markUsed, new { ApplicationId = application.Id, Ids = used }, cancellationToken));

        var (cycleStart, expiresOn) = CertificationRules.NextCycle(certification.ExpiresOn);
        const string renew = "update certifications set cycle_start = @CycleStart, expires_on = @ExpiresOn where id = @Id";
        await db.Connection.ExecuteAsync(db.Command(renew, new { certification.Id, CycleStart = cycleStart, ExpiresOn = expiresOn }, cancellationToken));

        await RecordDecisionAsync(db, certification.Id, "application", application.Id, "approved", null,
            new { usedActivities = used, usedCeus = tally.Counted, previousExpiresOn = certification.ExpiresOn, cycleStart, expiresOn }, decidedBy, now, cancellationToken);
        var holder = await HolderAsync(db, certification.Id, cancellationToken);
        await EmailOutbox.EnqueueAsync(db, EmailTemplates.Renewed(certification.Id, holder.Email, holder.FirstName, holder.Number, cycleStart, expiresOn), now, cancellationToken);
    }

    /// <summary>
    /// The audit draw of a paid application (recorded with the rate used). Drawn: audit-requested, due in 30 days,
    /// with one item to document per counted activity and per current CPR/AED card. Not drawn: approved.
    /// </summary>
    /// <summary>An issuer outside the accepted list ("other") is what staff verify in the audit: the item says so.</summary>
    static string IssuerText(CardRow card) => string.Equals(card.Provider, "other", StringComparison.OrdinalIgnoreCase)
        ? $"issued by {card.IssuerText}, not on the accepted list: staff verify the issuer"
        : $"issued by {card.IssuerText}";

    public static async Task DrawAuditAsync(DbSession db, ApplicationRow application, decimal rate, OrganisationClock clock, CancellationToken cancellationToken)
    {
        var draw = AuditDraw.DrawSecurely(rate);
        var now = clock.Now;
        const string record = "insert into audit_draws (application_id, rate, drawn, drawn_at) values (@Id, @Rate, @Drawn, @Now)";
        await db.Connection.ExecuteAsync(db.Command(record, new { application.Id, draw.Rate, draw.Drawn, Now = now.UtcDateTime }, cancellationToken));
        await RecordDecisionAsync(db, application.CertificationId, "application", application.Id, draw.Drawn ? "drawn-for-audit" : "not-drawn-for-audit",
            null, new { rate }, null, now, cancellationToken);

        if (!draw.Drawn)
        {
            await ApproveAsync(db, application, null, now, cancellationToken);
            return;
        }

        await MoveAsync(db, application, ApplicationStatus.AuditRequested, now, cancellationToken);
        var selectedOn = clock.Today;
        var dueOn = ApplicationLifecycle.AuditDueOn(selectedOn);
        const string audit = "insert into audits (application_id, selected_on, due_on, state) values (@Id, @SelectedOn, @DueOn, 'requested')";
        await db.Connection.ExecuteAsync(db.Command(audit, new { application.Id, SelectedOn = selectedOn, DueOn = dueOn }, cancellationToken));

        var activities = await CertificationStore.LoadActivitiesAsync(db.Connection, application.CertificationId, cancellationToken, db.Transaction);
        var tally = Ceus.Tally(application.CycleStart, application.ExpiresOn, activities.Select(a => a.ToDomain()));
        var titles = activities.ToDictionary(a => a.Id, a => a.Title);
        var cards = await CertificationStore.LoadCardsAsync(db.Connection, application.CertificationId, cancellationToken, db.Transaction);
        var items = tally.Activities.Where(a => a.Counts)
            .Select(a => (Kind: "activity", a.Activity.Id, Description: $"{titles[a.Activity.Id]} ({a.Activity.Ceus:0.0#} CEU, {HumanDates.Date(a.Activity.CompletedOn)})"))
            .Concat(cards.Where(c => c.ExpiresOn >= application.ReceivedOn)
                .Select(c => (Kind: "card", c.Id, Description: $"{EnumText.Of(c.ToDomain().Kind).ToUpperInvariant()} card, {IssuerText(c)}, expires {HumanDates.Date(c.ExpiresOn)}")))
            .ToList();
        const string insertItem = "insert into audit_items (application_id, kind, subject_id, description) values (@ApplicationId, @Kind, @SubjectId, @Description)";
        foreach (var item in items)
        {
            await db.Connection.ExecuteAsync(db.Command(insertItem, new { ApplicationId = application.Id, item.Kind, SubjectId = item.Id, item.Description }, cancellationToken));
        }

        var holder = await HolderAsync(db, application.CertificationId, cancellationToken);
        await EmailOutbox.EnqueueAsync(db, EmailTemplates.AuditRequested(holder.CertificationId, holder.Email, holder.FirstName, holder.Number, dueOn, clock.TimeZoneLabel), now, cancellationToken);
    }
}
