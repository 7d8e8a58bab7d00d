using Dapper;
using Npgsql;
using Recert.Api.Domain;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Certifications;

public sealed record CertificationRow(
    Guid Id,
    string Number,
    string Credential,
    string FirstName,
    string LastName,
    string? Email,
    Guid? UserId,
    DateOnly CycleStart,
    DateOnly ExpiresOn,
    bool ForLife);

public sealed record ActivityRow(
    Guid Id,
    string Source,
    string Title,
    string Area,
    decimal Ceus,
    DateOnly CompletedOn,
    string State,
    string CourseKey,
    Guid? DocumentId,
    Guid? UsedInApplicationId)
{
    public CeActivity ToDomain() => new(
        Id,
        EnumText.Parse<CeuSource>(Source),
        EnumText.Parse<CeuArea>(Area),
        Ceus,
        CompletedOn,
        EnumText.Parse<ActivityState>(State),
        DocumentId is not null,
        CourseKey,
        UsedInApplicationId is not null);
}

public sealed record CardRow(
    Guid Id,
    string Kind,
    string Provider,
    DateOnly IssuedOn,
    DateOnly ExpiresOn,
    bool HandsOn,
    Guid? FrontDocumentId,
    Guid? BackDocumentId,
    string? IssuerName)
{
    /// <summary>The issuer as staff read it: the listed name, or "Other: &lt;name given&gt;".</summary>
    public string IssuerText => IssuerName is { Length: > 0 } name ? $"Other: {name}" : Provider;

    public CprAedCard ToDomain()
        => new(Id, EnumText.Parse<CardKind>(Kind), ExpiresOn, HandsOn, FrontDocumentId is not null, BackDocumentId is not null);
}

/// <summary>Reads shared by the certification use cases; every read of a certification checks who may see it.</summary>
public static class CertificationStore
{
    /// <summary>The certification if the current user holds it or is staff; otherwise 404, whether or not it exists.</summary>
    public static async Task<CertificationRow> FindAccessibleAsync(
        NpgsqlConnection connection,
        string number,
        ICurrentUser currentUser,
        CancellationToken cancellationToken,
        NpgsqlTransaction? transaction = null,
        bool forUpdate = false)
    {
        const string sql = """
            select id, number, credential, first_name, last_name, email, user_id, cycle_start, expires_on, for_life
            from certifications where upper(number) = upper(@Number)
            """;
        var row = await connection.QuerySingleOrDefaultAsync<CertificationRow>(
            new CommandDefinition(forUpdate ? sql + " for update" : sql, new { Number = number }, transaction, cancellationToken: cancellationToken));

        if (row is null || (!currentUser.IsStaff && (row.UserId is null || row.UserId != currentUser.Id)))
        {
            throw new NotFoundException($"No certification {number} was found for this account.");
        }

        return row;
    }

    public static async Task<IReadOnlyList<ActivityRow>> LoadActivitiesAsync(
        NpgsqlConnection connection, Guid certificationId, CancellationToken cancellationToken, NpgsqlTransaction? transaction = null)
    {
        const string sql = """
            select id, source, title, area, ceus, completed_on, state, course_key, document_id, used_in_application_id
            from ce_activities
            where certification_id = @CertificationId
            order by created_at, id
            """;
        var rows = await connection.QueryAsync<ActivityRow>(
            new CommandDefinition(sql, new { CertificationId = certificationId }, transaction, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    public static async Task<IReadOnlyList<CardRow>> LoadCardsAsync(
        NpgsqlConnection connection, Guid certificationId, CancellationToken cancellationToken, NpgsqlTransaction? transaction = null)
    {
        const string sql = """
            select id, kind, provider, issued_on, expires_on, hands_on, front_document_id, back_document_id, issuer_name
            from cpr_aed_cards
            where certification_id = @CertificationId
            order by expires_on desc, created_at desc
            """;
        var rows = await connection.QueryAsync<CardRow>(
            new CommandDefinition(sql, new { CertificationId = certificationId }, transaction, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    public static async Task<FeeSchedule> FeeScheduleOnAsync(
        NpgsqlConnection connection, DateOnly date, CancellationToken cancellationToken, NpgsqlTransaction? transaction = null)
    {
        const string sql = """
            select effective_from, currency, renewal_cents, late_cents, additional_late_cents, for_life_cents, petition_cents
            from fee_schedules
            where effective_from <= @Date
            order by effective_from desc
            limit 1
            """;
        return await connection.QuerySingleOrDefaultAsync<FeeSchedule>(
                   new CommandDefinition(sql, new { Date = date }, transaction, cancellationToken: cancellationToken))
               ?? FeeSchedule.Defaults;
    }

    /// <summary>
    /// The eligibility read in one round trip: the certification (only if the caller may see it), its activities, its
    /// cards and the fee schedule in force on <paramref name="on"/>, sent as one batch. 404 exactly like <see cref="FindAccessibleAsync"/>.
    /// </summary>
    public static async Task<(CertificationRow Certification, EligibilityResult Result)> FindAccessibleAndEvaluateAsync(
        NpgsqlConnection connection, string number, ICurrentUser currentUser, DateOnly on, string timeZoneLabel, CancellationToken cancellationToken)
    {
        const string sql = """
            select id, number, credential, first_name, last_name, email, user_id, cycle_start, expires_on, for_life
            from certifications
            where upper(number) = upper(@Number) and (@IsStaff or user_id = @UserId);

            select a.id, a.source, a.title, a.area, a.ceus, a.completed_on, a.state, a.course_key, a.document_id, a.used_in_application_id
            from ce_activities a
            join certifications c on c.id = a.certification_id
            where upper(c.number) = upper(@Number) and (@IsStaff or c.user_id = @UserId)
            order by a.created_at, a.id;

            select k.id, k.kind, k.provider, k.issued_on, k.expires_on, k.hands_on, k.front_document_id, k.back_document_id, k.issuer_name
            from cpr_aed_cards k
            join certifications c on c.id = k.certification_id
            where upper(c.number) = upper(@Number) and (@IsStaff or c.user_id = @UserId)
            order by k.expires_on desc, k.created_at desc;

            select effective_from, currency, renewal_cents, late_cents, additional_late_cents, for_life_cents, petition_cents
            from fee_schedules
            where effective_from <= @Date
            order by effective_from desc
            limit 1;
            """;
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(
            sql, new { Number = number, currentUser.IsStaff, UserId = currentUser.Id, Date = on }, cancellationToken: cancellationToken));
        var certification = await results.ReadSingleOrDefaultAsync<CertificationRow>()
            ?? throw new NotFoundException($"No certification {number} was found for this account.");
        var activities = (await results.ReadAsync<ActivityRow>()).Select(a => a.ToDomain()).ToList();
        var cards = (await results.ReadAsync<CardRow>()).Select(c => c.ToDomain()).ToList();
        var schedule = await results.ReadSingleOrDefaultAsync<FeeSchedule>() ?? FeeSchedule.Defaults;
        var result = EligibilityRules.Evaluate(new EligibilityInput(
            certification.CycleStart, certification.ExpiresOn, certification.ForLife, on, activities, cards, schedule, timeZoneLabel));
        return (certification, result);
    }

    public static async Task<EligibilityResult> EvaluateAsync(
        NpgsqlConnection connection, CertificationRow certification, DateOnly on, string timeZoneLabel, CancellationToken cancellationToken, NpgsqlTransaction? transaction = null)
    {
        var activities = await LoadActivitiesAsync(connection, certification.Id, cancellationToken, transaction);
        var cards = await LoadCardsAsync(connection, certification.Id, cancellationToken, transaction);
        var schedule = await FeeScheduleOnAsync(connection, on, cancellationToken, transaction);
        return EligibilityRules.Evaluate(new EligibilityInput(
            certification.CycleStart,
            certification.ExpiresOn,
            certification.ForLife,
            on,
            activities.Select(a => a.ToDomain()).ToList(),
            cards.Select(c => c.ToDomain()).ToList(),
            schedule,
            timeZoneLabel));
    }

    /// <summary>The cycle an activity completed on <paramref name="completedOn"/> would count for, judged today.</summary>
    public static async Task<ActivityCycle> CycleForAsync(
        NpgsqlConnection connection, CertificationRow certification, DateOnly completedOn, OrganisationClock clock,
        CancellationToken cancellationToken, NpgsqlTransaction? transaction = null)
    {
        var activities = await LoadActivitiesAsync(connection, certification.Id, cancellationToken, transaction);
        var tally = Ceus.Tally(certification.CycleStart, certification.ExpiresOn, activities.Select(a => a.ToDomain()));
        const string renewalUnderway = """
            select exists (
                select 1 from applications
                where certification_id = @Id and expires_on = @ExpiresOn
                  and status in ('draft', 'submitted', 'paid', 'audit-requested', 'documentation-submitted'))
            """;
        var underway = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            renewalUnderway, new { certification.Id, certification.ExpiresOn }, transaction, cancellationToken: cancellationToken));
        return ActivityCycles.For(certification.CycleStart, certification.ExpiresOn, completedOn, clock.Today, tally.Met, clock.TimeZoneLabel, underway);
    }

    /// <summary>422 naming the cycle's dates when the activity can count toward no open or future cycle.</summary>
    public static async Task<ActivityCycle> EnsureActivityCanCountAsync(
        NpgsqlConnection connection, CertificationRow certification, DateOnly completedOn, OrganisationClock clock,
        CancellationToken cancellationToken, NpgsqlTransaction? transaction = null)
    {
        var cycle = await CycleForAsync(connection, certification, completedOn, clock, cancellationToken, transaction);
        return cycle.CanCount ? cycle : throw new RuleViolationException(cycle.Code, cycle.Message);
    }
}
