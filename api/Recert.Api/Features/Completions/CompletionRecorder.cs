using Dapper;
using Recert.Api.Domain;
using Recert.Api.Features.Providers;
using Recert.Api.Features.Webhooks;
using Recert.Api.Features.Xapi;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Completions;

/// <summary>
/// Records completions inside the current command's transaction: every check per record, so one bad record never
/// sinks the others. Shared by the JSON batch, the CSV roster and xAPI statements.
/// </summary>
public sealed class CompletionRecorder(DbSession db, OrganisationClock clock, WebhookOutbox outbox)
{
    /// <remarks>
    /// Set-based, so that a batch costs a fixed number of round trips whatever its size: the lookups (provider, courses,
    /// externalIds already recorded, learners), one statement inserting every new completion with its ledger entry, and one
    /// inserting every webhook event with its deliveries.
    /// </remarks>
    public async Task<IReadOnlyList<CompletionResult>> RecordAsync(Guid providerId, IReadOnlyList<CompletionRecord> records, CancellationToken cancellationToken)
    {
        var (provider, courses, existing, learners) = await LookUpAsync(providerId, records, cancellationToken);

        var today = clock.Today;
        var now = clock.Now;
        var results = new CompletionResult?[records.Count];
        var events = new List<(int Index, string Type, object Data)>();
        var fresh = new List<NewCompletion>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var index = 0; index < records.Count; index++)
        {
            var record = records[index];
            if (record.Error is not null)
            {
                results[index] = Reject(events, index, record, RejectionCodes.RecordInvalid, record.Error);
                continue;
            }

            if (existing.TryGetValue(record.ExternalId!, out var existingId) || !seen.Add(record.ExternalId!))
            {
                results[index] = Duplicate(index, record, existingId);
                continue;
            }

            courses.TryGetValue(record.CourseCode!.Trim().ToUpperInvariant(), out var course);
            var learner = record.CertificationNumber is { } number ? learners.GetValueOrDefault(number.Trim().ToUpperInvariant()) : null;
            if (Rejection(provider, course, learner, record, today) is { } rejection)
            {
                results[index] = Reject(events, index, record, rejection.Code, rejection.Message);
                continue;
            }

            fresh.Add(new NewCompletion(index, record, course!, learner, Guid.CreateVersion7(now), learner is null ? null : Guid.CreateVersion7(now)));
        }

        var inserted = await InsertAsync(providerId, fresh, now, cancellationToken);
        var raced = fresh.Where(c => !inserted.Contains(c.Id)).ToList();
        // Another request recorded the same externalId (or statement id) since we looked: its completion is the one to name.
        var racedIds = await ExistingAsync(providerId, raced.Select(c => c.Record.ExternalId!).ToArray(), cancellationToken);
        foreach (var completion in fresh)
        {
            var (index, record, course, learner, id, _) = completion;
            if (!inserted.Contains(id))
            {
                results[index] = Duplicate(index, record, racedIds.GetValueOrDefault(record.ExternalId!));
            }
            else if (learner is not null)
            {
                events.Add((index, WebhookEventTypes.CompletionAccepted, Describe(id, record, course, CompletionState.Accepted, null, null, now, now)));
                results[index] = new CompletionResult(index, record.ExternalId, CompletionOutcome.Accepted, null, null, id);
            }
            else
            {
                results[index] = Pending(index, record, id);
            }
        }

        // A record repeated inside the batch names the completion its first occurrence recorded.
        var recordedHere = fresh.Where(c => inserted.Contains(c.Id)).ToDictionary(c => c.Record.ExternalId!, c => c.Id, StringComparer.Ordinal);
        for (var index = 0; index < results.Length; index++)
        {
            if (results[index] is { Result: CompletionOutcome.Duplicate, CompletionId: null, ExternalId: { } externalId } twin && recordedHere.TryGetValue(externalId, out var firstId))
            {
                results[index] = twin with { CompletionId = firstId };
            }
        }

        await outbox.EnqueueManyAsync(db, providerId, events.OrderBy(e => e.Index).Select(e => (e.Type, e.Data)).ToList(), cancellationToken);
        return results.Select(r => r!).ToList();
    }

    /// <summary>
    /// What <see cref="RecordAsync"/> would answer for these records now, by the same rules, writing nothing: the portal's
    /// preview before a roster is sent. (A completion recorded by someone else in between still turns into a duplicate.)
    /// </summary>
    public async Task<IReadOnlyList<CompletionResult>> PreviewAsync(Guid providerId, IReadOnlyList<CompletionRecord> records, CancellationToken cancellationToken)
    {
        var (provider, courses, existing, learners) = await LookUpAsync(providerId, records, cancellationToken);
        var today = clock.Today;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var results = new List<CompletionResult>(records.Count);
        for (var index = 0; index < records.Count; index++)
        {
            var record = records[index];
            if (record.Error is not null)
            {
                results.Add(new CompletionResult(index, record.ExternalId, CompletionOutcome.Rejected, RejectionCodes.RecordInvalid, record.Error, null));
                continue;
            }

            if (existing.TryGetValue(record.ExternalId!, out var existingId) || !seen.Add(record.ExternalId!))
            {
                results.Add(Duplicate(index, record, existingId));
                continue;
            }

            courses.TryGetValue(record.CourseCode!.Trim().ToUpperInvariant(), out var course);
            var learner = record.CertificationNumber is { } number ? learners.GetValueOrDefault(number.Trim().ToUpperInvariant()) : null;
            results.Add(Rejection(provider, course, learner, record, today) is { } rejection
                ? new CompletionResult(index, record.ExternalId, CompletionOutcome.Rejected, rejection.Code, rejection.Message, null)
                : learner is null ? Pending(index, record, null) : new CompletionResult(index, record.ExternalId, CompletionOutcome.Accepted, null, null, null));
        }

        return results;
    }

    /// <summary>
    /// The provider, its courses, the batch's externalIds already recorded and its learners, in one round trip. Numbers not
    /// registered yet are then locked (sorted, so batches cannot deadlock) and looked up again, so that a certification
    /// appearing at the same moment either is seen here or sees the pending completion in <see cref="AttachPendingAsync"/>.
    /// </summary>
    async Task<(ProviderRow Provider, Dictionary<string, CourseRow> Courses, Dictionary<string, Guid?> Existing, Dictionary<string, LearnerRow> Learners)> LookUpAsync(
        Guid providerId, IReadOnlyList<CompletionRecord> records, CancellationToken cancellationToken)
    {
        var readable = records.Where(r => r.Error is null).ToList();
        var externalIds = readable.Select(r => r.ExternalId!).Distinct().ToArray();
        var numbers = readable.Where(r => r.CertificationNumber is not null).Select(r => r.CertificationNumber!.Trim().ToUpperInvariant()).Distinct().ToArray();
        const string sql = $"""
            select {ProviderStore.ProviderColumns} from providers where id = @ProviderId;
            select {ProviderStore.CourseColumns} from provider_courses where provider_id = @ProviderId;
            select external_id, id from completions where provider_id = @ProviderId and external_id = any (@ExternalIds);
            select id, upper(number) as number, last_name from certifications where upper(number) = any (@Numbers);
            """;
        await using var grid = await db.Connection.QueryMultipleAsync(db.Command(sql, new { ProviderId = providerId, ExternalIds = externalIds, Numbers = numbers }, cancellationToken));
        var provider = await grid.ReadSingleOrDefaultAsync<ProviderRow>() ?? throw new NotFoundException($"No provider {providerId}.");
        var courses = (await grid.ReadAsync<CourseRow>()).ToDictionary(c => c.Code.ToUpperInvariant());
        var existing = (await grid.ReadAsync<(string ExternalId, Guid Id)>()).ToDictionary(r => r.ExternalId, r => (Guid?)r.Id, StringComparer.Ordinal);
        var learners = (await grid.ReadAsync<LearnerRow>()).ToDictionary(r => r.Number);

        var missing = numbers.Where(n => !learners.ContainsKey(n)).Order(StringComparer.Ordinal).ToArray();
        if (missing.Length > 0)
        {
            await LockNumbersAsync(missing, cancellationToken);
            foreach (var (number, learner) in await FindLearnersAsync(missing, cancellationToken))
            {
                learners[number] = learner;
            }
        }

        return (provider, courses, existing, learners);
    }

    sealed record NewCompletion(int Index, CompletionRecord Record, CourseRow Course, LearnerRow? Learner, Guid Id, Guid? ActivityId);

    /// <summary>Every new completion, and the ledger entry of each one whose learner is known, in one statement; the ids inserted.</summary>
    async Task<HashSet<Guid>> InsertAsync(Guid providerId, List<NewCompletion> fresh, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (fresh.Count == 0)
        {
            return [];
        }

        // The ledger rows are inserted in the same statement as the completions that point at them (foreign keys are checked
        // at the end of the statement), and only for completions that were really inserted (not lost to a concurrent twin).
        const string sql = """
            with input as (
                select * from unnest(@Ids::uuid[], @ExternalIds::text[], @CourseIds::uuid[], @Numbers::text[], @LastNames::text[],
                                     @CompletedOn::date[], @States::text[], @CertificationIds::uuid[], @StatementIds::uuid[], @ActivityIds::uuid[],
                                     @Titles::text[], @Areas::text[], @Ceus::numeric[], @CourseKeys::text[], @MboxSha1Sums::text[])
                    with ordinality as t(id, external_id, course_id, number, last_name, completed_on, state, certification_id, xapi_statement_id,
                                         activity_id, title, area, ceus, course_key, mbox_sha1sum, ord)
            ),
            inserted as (
                insert into completions (id, provider_id, external_id, course_id, certification_number, last_name, completed_on, state,
                                         certification_id, xapi_statement_id, ce_activity_id, learner_mbox_sha1sum, created_at, updated_at,
                                         course_title, course_area, course_ceus)
                select id, @ProviderId, external_id, course_id, number, last_name, completed_on, state,
                       certification_id, xapi_statement_id, activity_id, mbox_sha1sum, @Now, @Now,
                       case when state = 'pending-learner' then title end, case when state = 'pending-learner' then area end,
                       case when state = 'pending-learner' then ceus end
                from input order by ord
                on conflict do nothing
                returning id
            ),
            ledger as (
                insert into ce_activities (id, certification_id, source, title, area, ceus, completed_on, state, course_key, created_at)
                select i.activity_id, i.certification_id, 'provider', i.title, i.area, i.ceus, i.completed_on, 'recorded', i.course_key, @Now
                from input i join inserted n on n.id = i.id
                where i.activity_id is not null
                order by i.ord
            )
            select id from inserted
            """;
        var ids = await db.Connection.QueryAsync<Guid>(db.Command(sql, new
        {
            ProviderId = providerId,
            Ids = fresh.Select(c => c.Id).ToArray(),
            ExternalIds = fresh.Select(c => c.Record.ExternalId!).ToArray(),
            CourseIds = fresh.Select(c => c.Course.Id).ToArray(),
            Numbers = fresh.Select(c => c.Record.CertificationNumber?.Trim().ToUpperInvariant()).ToArray(),
            LastNames = fresh.Select(c => c.Record.LastName!.Trim()).ToArray(),
            CompletedOn = fresh.Select(c => c.Record.CompletedOn!.Value).ToArray(),
            States = fresh.Select(c => EnumText.Of(c.Learner is null ? CompletionState.PendingLearner : CompletionState.Accepted)).ToArray(),
            CertificationIds = fresh.Select(c => c.Learner?.Id).ToArray(),
            StatementIds = fresh.Select(c => c.Record.XapiStatementId).ToArray(),
            ActivityIds = fresh.Select(c => c.ActivityId).ToArray(),
            Titles = fresh.Select(c => c.Course.Title).ToArray(),
            Areas = fresh.Select(c => c.Course.Area).ToArray(),
            Ceus = fresh.Select(c => c.Course.Ceus).ToArray(),
            CourseKeys = fresh.Select(c => CourseKey(providerId, c.Course.Code)).ToArray(),
            MboxSha1Sums = fresh.Select(c => c.Record.LearnerMboxSha1Sum).ToArray(),
            Now = now.UtcDateTime,
        }, cancellationToken));
        return ids.ToHashSet();
    }

    /// <summary>The first rule a readable, new record breaks, in the order the provider can act on them.</summary>
    (string Code, string Message)? Rejection(ProviderRow provider, CourseRow? course, LearnerRow? learner, CompletionRecord record, DateOnly today)
    {
        var date = record.CompletedOn!.Value;
        if (provider.SuspendedAt is not null)
        {
            return (RejectionCodes.ProviderSuspended, "The provider is suspended: completions are not accepted.");
        }

        if (date > today)
        {
            return (RejectionCodes.DateInFuture, $"completedOn {date:yyyy-MM-dd} is after today ({today:yyyy-MM-dd}, {clock.TimeZoneId}).");
        }

        if (course is null)
        {
            return (RejectionCodes.CourseUnknown, $"This provider has no course {record.CourseCode!.Trim()}.");
        }

        if (!course.ApprovedOn(date))
        {
            return (RejectionCodes.CourseNotApprovedOnDate,
                $"Course {course.Code} is approved from {course.ApprovedFrom:yyyy-MM-dd} to {course.ApprovedUntil:yyyy-MM-dd}, not on {date:yyyy-MM-dd}.");
        }

        if (date < provider.ApprovedFrom || date > provider.ApprovedUntil)
        {
            return (RejectionCodes.ProviderNotApprovedOnDate,
                $"The provider is approved from {provider.ApprovedFrom:yyyy-MM-dd} to {provider.ApprovedUntil:yyyy-MM-dd}, not on {date:yyyy-MM-dd}.");
        }

        if (learner is not null && !SameName(learner.LastName, record.LastName!))
        {
            return (RejectionCodes.LearnerNameMismatch, "The last name does not match the certification number.");
        }

        return null;
    }

    /// <summary>Attaches completions kept for a number not yet registered, once its certification exists.</summary>
    public async Task AttachPendingAsync(Guid certificationId, CancellationToken cancellationToken)
    {
        const string findCertification = "select id, upper(number) as number, last_name from certifications where id = @Id";
        var certification = await db.Connection.QuerySingleOrDefaultAsync<LearnerRow>(db.Command(findCertification, new { Id = certificationId }, cancellationToken));
        if (certification is null)
        {
            return;
        }

        await LockNumbersAsync([certification.Number], cancellationToken);
        const string findPending = """
            select c.id, c.provider_id, c.external_id, c.last_name, c.completed_on, c.xapi_statement_id, c.course_id, c.created_at,
                   c.course_title, c.course_area, c.course_ceus
            from completions c
            where upper(c.certification_number) = @Number and c.state = 'pending-learner'
            order by c.created_at, c.id
            for update
            """;
        var pending = (await db.Connection.QueryAsync<PendingRow>(db.Command(findPending, new { certification.Number }, cancellationToken))).AsList();
        await AttachAsync(certification, pending, cancellationToken);
    }

    /// <summary>
    /// Attaches xAPI completions kept for an email (actor mbox / mbox_sha1sum) once a holder of a certification has verified
    /// that email. To be called in the transaction that marks the email verified.
    /// </summary>
    public async Task AttachPendingForVerifiedEmailAsync(Guid certificationId, string verifiedEmail, CancellationToken cancellationToken)
    {
        const string findCertification = "select id, upper(number) as number, last_name from certifications where id = @Id";
        var certification = await db.Connection.QuerySingleOrDefaultAsync<LearnerRow>(db.Command(findCertification, new { Id = certificationId }, cancellationToken));
        if (certification is null)
        {
            return;
        }

        const string findPending = """
            select c.id, c.provider_id, c.external_id, c.last_name, c.completed_on, c.xapi_statement_id, c.course_id, c.created_at,
                   c.course_title, c.course_area, c.course_ceus
            from completions c
            where c.learner_mbox_sha1sum = @Sha1Sum and c.certification_number is null and c.state = 'pending-learner'
            order by c.created_at, c.id
            for update
            """;
        var sha1Sum = XapiMbox.Sha1Sum(verifiedEmail);
        await LockEmailsAsync([sha1Sum], cancellationToken);
        var pending = (await db.Connection.QueryAsync<PendingRow>(db.Command(findPending, new { Sha1Sum = sha1Sum }, cancellationToken))).AsList();
        await AttachAsync(certification, pending, cancellationToken);
    }

    async Task AttachAsync(LearnerRow certification, List<PendingRow> pending, CancellationToken cancellationToken)
    {
        var now = clock.Now;
        foreach (var completion in pending)
        {
            var current = await db.Connection.QuerySingleAsync<CourseRow>(db.Command(
                "select id, provider_id, code, title, ceus, area, approved_from, approved_until, activity_id from provider_courses where id = @Id",
                new { Id = completion.CourseId }, cancellationToken));
            // Credited as the provider reported it, whatever the course was edited to since (older rows without the copy: as it stands).
            var course = current with
            {
                Title = completion.CourseTitle ?? current.Title,
                Area = completion.CourseArea ?? current.Area,
                Ceus = completion.CourseCeus ?? current.Ceus,
            };
            var record = new CompletionRecord(completion.ExternalId, course.Code, certification.Number, completion.LastName, completion.CompletedOn);
            // createdAt is when the provider's record was created (as GET /completions/{externalId} says), not this moment.
            var createdAt = new DateTimeOffset(DateTime.SpecifyKind(completion.CreatedAt, DateTimeKind.Utc));
            if (!SameName(certification.LastName, completion.LastName))
            {
                await db.Connection.ExecuteAsync(db.Command(
                    "update completions set state = 'rejected', rejection_code = @Code, certification_id = @CertificationId, certification_number = @Number, updated_at = @Now where id = @Id",
                    new { Code = RejectionCodes.LearnerNameMismatch, CertificationId = certification.Id, certification.Number, Now = now.UtcDateTime, completion.Id }, cancellationToken));
                await outbox.EnqueueAsync(db, completion.ProviderId, WebhookEventTypes.CompletionRejected,
                    Describe(completion.Id, record, course, CompletionState.Rejected, RejectionCodes.LearnerNameMismatch,
                        "The certification was registered, but its last name does not match this completion's.", createdAt, now), cancellationToken);
                continue;
            }

            await db.Connection.ExecuteAsync(db.Command(
                "update completions set state = 'accepted', certification_id = @CertificationId, certification_number = @Number, updated_at = @Now where id = @Id",
                new { CertificationId = certification.Id, certification.Number, Now = now.UtcDateTime, completion.Id }, cancellationToken));
            await AddToLedgerAsync(completion.Id, certification.Id, completion.ProviderId, course, completion.CompletedOn, cancellationToken);
            await outbox.EnqueueAsync(db, completion.ProviderId, WebhookEventTypes.CompletionAttached,
                Describe(completion.Id, record, course, CompletionState.Accepted, null, null, createdAt, now), cancellationToken);
        }
    }

    /// <summary>Voids a completion: its ledger entry stops counting. One already used in a renewal cannot be voided (409).</summary>
    public async Task<CompletionResponse> VoidAsync(Guid providerId, string externalId, CancellationToken cancellationToken, Guid? statementId = null)
    {
        var sql = $"""
            select c.id, c.external_id, c.certification_number, c.completed_on, c.state, c.rejection_code, c.ce_activity_id,
                   c.created_at, c.updated_at, pc.code as course_code, coalesce(c.course_ceus, pc.ceus) as ceus, a.used_in_application_id
            from completions c
            join provider_courses pc on pc.id = c.course_id
            left join ce_activities a on a.id = c.ce_activity_id
            where c.provider_id = @ProviderId and {(statementId is null ? "c.external_id = @ExternalId" : "c.xapi_statement_id = @StatementId")}
            for update of c
            """;
        var row = await db.Connection.QuerySingleOrDefaultAsync<CompletionRow>(db.Command(sql, new { ProviderId = providerId, ExternalId = externalId, StatementId = statementId }, cancellationToken))
                  ?? throw new NotFoundException(statementId is null ? $"No completion {externalId} from this provider." : $"No completion recorded by statement {statementId}.");
        if (row.State == "voided")
        {
            return row.ToResponse();
        }

        if (row.UsedInApplicationId is not null)
        {
            throw new ConflictException("This completion was used in an approved renewal and can no longer be voided.", "completion.used-in-renewal");
        }

        var now = clock.Now;
        const string update = """
            update ce_activities set state = 'voided' where id = @ActivityId;
            update completions set state = 'voided', updated_at = @Now where id = @Id;
            """;
        await db.Connection.ExecuteAsync(db.Command(update, new { ActivityId = row.CeActivityId, row.Id, Now = now.UtcDateTime }, cancellationToken));
        var voided = (row with { State = "voided", UpdatedAt = now.UtcDateTime }).ToResponse();
        await outbox.EnqueueAsync(db, providerId, WebhookEventTypes.CompletionVoided, voided, cancellationToken);
        return voided;
    }

    public static bool SameName(string a, string b) => LearnerNames.Same(a, b);

    async Task AddToLedgerAsync(Guid completionId, Guid certificationId, Guid providerId, CourseRow course, DateOnly completedOn, CancellationToken cancellationToken)
    {
        const string sql = """
            with activity as (
                insert into ce_activities (certification_id, source, title, area, ceus, completed_on, state, course_key, created_at)
                values (@CertificationId, 'provider', @Title, @Area, @Ceus, @CompletedOn, 'recorded', @CourseKey, @Now)
                returning id)
            update completions set ce_activity_id = (select id from activity) where id = @CompletionId
            """;
        await db.Connection.ExecuteAsync(db.Command(sql, new
        {
            CertificationId = certificationId,
            course.Title,
            course.Area,
            course.Ceus,
            CompletedOn = completedOn,
            CourseKey = CourseKey(providerId, course.Code),
            CompletionId = completionId,
            Now = clock.Now.UtcDateTime,
        }, cancellationToken));
    }

    /// <summary>The ledger's duplicate rule counts one completion of a course on a day once, whatever its externalId.</summary>
    public static string CourseKey(Guid providerId, string courseCode) => $"P:{providerId}:{courseCode.Trim().ToUpperInvariant()}";

    async Task<Dictionary<string, Guid?>> ExistingAsync(Guid providerId, string[] externalIds, CancellationToken cancellationToken)
    {
        if (externalIds.Length == 0)
        {
            return [];
        }

        const string sql = "select external_id, id from completions where provider_id = @ProviderId and external_id = any (@ExternalIds)";
        var rows = await db.Connection.QueryAsync<(string ExternalId, Guid Id)>(db.Command(sql, new { ProviderId = providerId, ExternalIds = externalIds }, cancellationToken));
        return rows.ToDictionary(r => r.ExternalId, r => (Guid?)r.Id, StringComparer.Ordinal);
    }

    async Task<Dictionary<string, LearnerRow>> FindLearnersAsync(string[] numbers, CancellationToken cancellationToken)
    {
        if (numbers.Length == 0)
        {
            return [];
        }

        const string sql = "select id, upper(number) as number, last_name from certifications where upper(number) = any (@Numbers)";
        var rows = await db.Connection.QueryAsync<LearnerRow>(db.Command(sql, new { Numbers = numbers }, cancellationToken));
        return rows.ToDictionary(r => r.Number);
    }

    /// <summary>Serialises ingest of an email actor with the verification of that email (see <see cref="AttachPendingForVerifiedEmailAsync"/>).</summary>
    public Task LockEmailsAsync(IEnumerable<string> sha1Sums, CancellationToken cancellationToken)
        => LockNumbersAsync(sha1Sums.Select(s => "mbox:" + s).Distinct().Order(StringComparer.Ordinal).ToArray(), cancellationToken);

    async Task LockNumbersAsync(string[] sortedNumbers, CancellationToken cancellationToken)
    {
        const string sql = "select pg_advisory_xact_lock(hashtextextended('recert.pending-learner:' || n, 0)) from unnest(@Numbers::text[]) with ordinality as t(n, i) order by i";
        await db.Connection.ExecuteAsync(db.Command(sql, new { Numbers = sortedNumbers }, cancellationToken));
    }

    static CompletionResult Reject(List<(int Index, string Type, object Data)> events, int index, CompletionRecord record, string code, string message)
    {
        events.Add((index, WebhookEventTypes.CompletionRejected, new CompletionResponse(null, record.ExternalId, record.CourseCode, record.CertificationNumber,
            record.CompletedOn, CompletionState.Rejected, code, message, null, null, null)));
        return new CompletionResult(index, record.ExternalId, CompletionOutcome.Rejected, code, message, null);
    }

    static CompletionResult Pending(int index, CompletionRecord record, Guid? id)
        => new(index, record.ExternalId, CompletionOutcome.PendingLearner, "learner.pending",
            record.CertificationNumber is null
                ? "No certification holder has verified this email: the completion is kept and attached when one does."
                : "No certification has this number yet: the completion is kept and attached when it is registered.", id);

    static CompletionResult Duplicate(int index, CompletionRecord record, Guid? existingId)
        => new(index, record.ExternalId, CompletionOutcome.Duplicate, "completion.duplicate",
            "A completion with this externalId was already recorded; nothing was added.", existingId);

    static CompletionResponse Describe(Guid id, CompletionRecord record, CourseRow course, CompletionState state, string? code, string? message, DateTimeOffset createdAt, DateTimeOffset updatedAt)
        => new(id, record.ExternalId, course.Code, record.CertificationNumber?.Trim().ToUpperInvariant(), record.CompletedOn, state, code, message, course.Ceus, createdAt, updatedAt);

    sealed record LearnerRow(Guid Id, string Number, string LastName);

    sealed record PendingRow(
        Guid Id, Guid ProviderId, string ExternalId, string LastName, DateOnly CompletedOn, Guid? XapiStatementId, Guid CourseId, DateTime CreatedAt,
        string? CourseTitle, string? CourseArea, decimal? CourseCeus);
}

public sealed record CompletionRow(
    Guid Id,
    string ExternalId,
    string? CertificationNumber,
    DateOnly CompletedOn,
    string State,
    string? RejectionCode,
    Guid? CeActivityId,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    string CourseCode,
    decimal Ceus,
    Guid? UsedInApplicationId)
{
    public CompletionResponse ToResponse() => new(
        Id, ExternalId, CourseCode, CertificationNumber, CompletedOn, EnumText.Parse<CompletionState>(State), RejectionCode,
        RejectionCode is null ? null : "The certification's last name does not match this completion's.",
        Ceus, Utc(CreatedAt), Utc(UpdatedAt));

    static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
