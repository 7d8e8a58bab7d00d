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

    /// <summary>The fee schedule in force on @Date: shared by <see cref="FeeScheduleOnAsync"/> and the one-statement eligibility read.</summary>
    private const string FeeScheduleInForceSql = """
        select effective_from, currency, renewal_cents, late_cents, additional_late_cents, for_life_cents, petition_cents
        from fee_schedules
        where effective_from <= @Date
        order by effective_from desc
        limit 1
        """;

    public static async Task<FeeSchedule> FeeScheduleOnAsync(
        NpgsqlConnection connection, DateOnly date, CancellationToken cancellationToken, NpgsqlTransaction? transaction = null)
        => await connection.QuerySingleOrDefaultAsync<FeeSchedule>(
               new CommandDefinition(FeeScheduleInForceSql, new { Date = date }, transaction, cancellationToken: cancellationToken))
           ?? FeeSchedule.Defaults;

    /// <summary>
    /// The eligibility read in one statement: the certification (only if the caller may see it), what the rules need of its
    /// activities and cards from the read model (certification_eligibility_inputs, migration 0950: a row per 8 activities
    /// instead of a row per activity and card) and the fee schedule in force on <paramref name="on"/>. 404 exactly like
    /// <see cref="FindAccessibleAsync"/>.
    /// </summary>
    public static async Task<(CertificationRow Certification, EligibilityResult Result)> FindAccessibleAndEvaluateAsync(
        NpgsqlConnection connection, string number, ICurrentUser currentUser, DateOnly on, string timeZoneLabel, CancellationToken cancellationToken)
    {
        // One statement: the certification, its read-model chunks and the fee schedule in force (repeated on each chunk's row).
        // Split into three objects at chunk and effective_from; a null there (no chunk, no schedule) gives a null object.
        const string sql = $"""
            select c.id, c.number, c.credential, c.first_name, c.last_name, c.email, c.user_id, c.cycle_start, c.expires_on, c.for_life,
                   e.chunk, e.activity_ids, e.activity_created_at, e.activity_sources, e.activity_areas, e.activity_ceus, e.activity_completed_on,
                   e.activity_states, e.activity_course_keys, e.activity_has_document, e.activity_used_in_renewal,
                   e.card_ids, e.card_kinds, e.card_expires_on, e.card_hands_on, e.card_has_front, e.card_has_back,
                   f.effective_from, f.currency, f.renewal_cents, f.late_cents, f.additional_late_cents, f.for_life_cents, f.petition_cents
            from certifications c
            left join certification_eligibility_inputs e on e.certification_id = c.id
            left join lateral ({FeeScheduleInForceSql}) f on true
            where upper(c.number) = upper(@Number) and (@IsStaff or c.user_id = @UserId)
            order by e.chunk
            """;
        CertificationRow? certification = null;
        FeeSchedule? schedule = null;
        var chunks = new List<EligibilityInputsChunk>();
        await connection.QueryAsync<CertificationRow, EligibilityInputsChunk?, FeeSchedule?, bool>(
            new CommandDefinition(sql, new { Number = number, currentUser.IsStaff, UserId = currentUser.Id, Date = on }, cancellationToken: cancellationToken),
            (row, chunk, inForce) =>
            {
                certification ??= row;
                schedule ??= inForce;
                if (chunk is not null)
                {
                    chunks.Add(chunk);
                }

                return true;
            },
            splitOn: "chunk,effective_from");
        if (certification is null)
        {
            throw new NotFoundException($"No certification {number} was found for this account.");
        }

        var result = EligibilityRules.Evaluate(new EligibilityInput(
            certification.CycleStart, certification.ExpiresOn, certification.ForLife, on,
            EligibilityInputsChunk.Activities(chunks), EligibilityInputsChunk.Cards(chunks), schedule ?? FeeSchedule.Defaults, timeZoneLabel));
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

/// <summary>
/// One chunk of a certification's certification_eligibility_inputs row set (null arrays: nothing recorded). Property types
/// are what Npgsql returns for each array, so Dapper assigns them without conversion.
/// </summary>
public sealed class EligibilityInputsChunk
{
    public int Chunk { get; init; }
    public Guid[]? ActivityIds { get; init; }
    public DateTime[]? ActivityCreatedAt { get; init; }
    public string[]? ActivitySources { get; init; }
    public string[]? ActivityAreas { get; init; }
    public decimal[]? ActivityCeus { get; init; }
    public DateOnly[]? ActivityCompletedOn { get; init; }
    public string[]? ActivityStates { get; init; }
    public string[]? ActivityCourseKeys { get; init; }
    public bool[]? ActivityHasDocument { get; init; }
    public bool[]? ActivityUsedInRenewal { get; init; }
    public Guid[]? CardIds { get; init; }
    public string[]? CardKinds { get; init; }
    public DateOnly[]? CardExpiresOn { get; init; }
    public bool[]? CardHandsOn { get; init; }
    public bool[]? CardHasFront { get; init; }
    public bool[]? CardHasBack { get; init; }

    /// <summary>Every chunk's activities in the order the rules expect, (created_at, id), as the tables' own reads give them.</summary>
    public static List<CeActivity> Activities(IReadOnlyList<EligibilityInputsChunk> chunks)
    {
        var activities = new List<(DateTime CreatedAt, CeActivity Activity)>();
        foreach (var chunk in chunks)
        {
            var ids = chunk.ActivityIds ?? [];
            for (var i = 0; i < ids.Length; i++)
            {
                activities.Add((chunk.ActivityCreatedAt![i], new CeActivity(
                    ids[i],
                    EnumText.Parse<CeuSource>(chunk.ActivitySources![i]),
                    EnumText.Parse<CeuArea>(chunk.ActivityAreas![i]),
                    chunk.ActivityCeus![i],
                    chunk.ActivityCompletedOn![i],
                    EnumText.Parse<ActivityState>(chunk.ActivityStates![i]),
                    chunk.ActivityHasDocument![i],
                    chunk.ActivityCourseKeys![i],
                    chunk.ActivityUsedInRenewal![i])));
            }
        }

        // Guid.CompareTo orders as PostgreSQL orders uuids (by their text form); List.Sort is not stable, but (created_at, id) is unique.
        activities.Sort((x, y) => x.CreatedAt != y.CreatedAt ? x.CreatedAt.CompareTo(y.CreatedAt) : x.Activity.Id.CompareTo(y.Activity.Id));
        return activities.ConvertAll(a => a.Activity);
    }

    /// <summary>The cards, kept in chunk 0 (the migration's rule); other chunks carry none.</summary>
    public static List<CprAedCard> Cards(IReadOnlyList<EligibilityInputsChunk> chunks)
    {
        var cards = new List<CprAedCard>();
        foreach (var chunk in chunks)
        {
            var ids = chunk.CardIds ?? [];
            for (var i = 0; i < ids.Length; i++)
            {
                cards.Add(new CprAedCard(
                    ids[i], EnumText.Parse<CardKind>(chunk.CardKinds![i]), chunk.CardExpiresOn![i], chunk.CardHandsOn![i], chunk.CardHasFront![i], chunk.CardHasBack![i]));
            }
        }

        return cards;
    }
}
