using System.Text.Json;
using AutoMapper;
using Dapper;
using MediatR;
using Npgsql;
using Recert.Api.Domain;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Certifications;

public sealed record GetEligibilityQuery(string Number, DateOnly? On) : IQuery<EligibilityResponse>;

public sealed record EligibilityResponse(
    string Number,
    DateOnly On,
    string TimeZone,
    string TimeZoneLabel,
    bool Eligible,
    SubmissionWindow Window,
    CertificationStatus Status,
    DateOnly ExpiresOn,
    DateOnly LastCompletionDate,
    DateOnly LastReceiptDate,
    CeuSummary Ceus,
    bool CprCurrent,
    bool AedCurrent,
    IReadOnlyList<UnmetRuleResponse> Unmet,
    PlanFees Fees);

public sealed record CeuSummary(decimal Counted, decimal Required, decimal Missing, IReadOnlyDictionary<string, decimal> ByArea);

public sealed record UnmetRuleResponse(string Code, string Message);

public sealed record PlanFees(FeeQuoteResponse Renew, FeeQuoteResponse ForLife);

public sealed record FeeQuoteResponse(IReadOnlyList<FeeItemResponse> Items, long TotalCents, string Currency);

public sealed record FeeItemResponse(string Code, long AmountCents);

public sealed class EligibilityMappingProfile : Profile
{
    public EligibilityMappingProfile()
    {
        CreateMap<FeeItem, FeeItemResponse>();
        CreateMap<FeeQuote, FeeQuoteResponse>();
        CreateMap<UnmetRule, UnmetRuleResponse>();
    }
}

/// <summary>
/// Today's answer is stored by the first read of the day and read back whole by the next ones (eligibility_answers,
/// migration 0970, which says why it cannot go stale). A read for another date, or with no answer stored that still holds,
/// reads the rules' inputs from the read model (certification_eligibility_inputs, migration 0950) in one statement and
/// evaluates them.
/// </summary>
internal sealed class GetEligibilityHandler(NpgsqlDataSource dataSource, ICurrentUser currentUser, OrganisationClock clock, IMapper mapper)
    : IRequestHandler<GetEligibilityQuery, EligibilityResponse>
{
    // An answer holds for one build of the rules and one time zone: a deployment or a new zone answers afresh.
    static readonly string RulesBuild = typeof(EligibilityRules).Assembly.ManifestModule.ModuleVersionId.ToString("N");

    public async Task<EligibilityResponse> Handle(GetEligibilityQuery request, CancellationToken cancellationToken)
    {
        var today = clock.Today;
        var on = request.On ?? today;
        var computedBy = $"{RulesBuild} {clock.TimeZoneId} {clock.TimeZoneLabel}";
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var parameters = new { Number = request.Number, currentUser.IsStaff, UserId = currentUser.Id, Date = on, ComputedBy = computedBy };
        if (on == today)
        {
            // The later reads of the day: the stored answer, if the caller may see the certification and the answer still holds.
            const string answered = """
                select a.answer
                from certifications c
                left join eligibility_answers a on a.certification_id = c.id
                    and a.answered_on = @Date and a.computed_by = @ComputedBy and a.generation = (select generation from eligibility_answer_generation)
                where upper(c.number) = upper(@Number) and (@IsStaff or c.user_id = @UserId)
                """;
            var answers = (await connection.QueryAsync<string?>(new CommandDefinition(answered, parameters, cancellationToken: cancellationToken))).AsList();
            if (answers is [])
            {
                throw new NotFoundException($"No certification {request.Number} was found for this account.");
            }

            if (answers is [{ } json])
            {
                return JsonSerializer.Deserialize<EligibilityResponse>(json, Json.Options)!;
            }
        }

        // One statement: the certification, the stored answer's version and generation (read with the inputs, so that the
        // answer below is stored only if neither changed since), its read-model chunks and the fee schedule in force
        // (repeated on each chunk's row). Split into objects at version, chunk and effective_from.
        const string sql = $"""
            select c.id, c.number, c.credential, c.first_name, c.last_name, c.email, c.user_id, c.cycle_start, c.expires_on, c.for_life,
                   coalesce(a.version, 0) as version, coalesce((select generation from eligibility_answer_generation), 0) as generation,
                   e.chunk, e.activity_ids, e.activity_created_at, e.activity_sources, e.activity_areas, e.activity_ceus, e.activity_completed_on,
                   e.activity_states, e.activity_course_keys, e.activity_has_document, e.activity_used_in_renewal,
                   e.card_ids, e.card_kinds, e.card_expires_on, e.card_hands_on, e.card_has_front, e.card_has_back,
                   f.effective_from, f.currency, f.renewal_cents, f.late_cents, f.additional_late_cents, f.for_life_cents, f.petition_cents
            from certifications c
            left join eligibility_answers a on a.certification_id = c.id
            left join certification_eligibility_inputs e on e.certification_id = c.id
            left join lateral ({CertificationStore.FeeScheduleInForceSql}) f on true
            where upper(c.number) = upper(@Number) and (@IsStaff or c.user_id = @UserId)
            order by e.chunk
            """;
        CertificationRow? certification = null;
        AnswerVersion? version = null;
        FeeSchedule? schedule = null;
        var chunks = new List<EligibilityInputsChunk>();
        await connection.QueryAsync<CertificationRow, AnswerVersion, EligibilityInputsChunk?, FeeSchedule?, bool>(
            new CommandDefinition(sql, parameters, cancellationToken: cancellationToken),
            (row, stored, chunk, inForce) =>
            {
                certification ??= row;
                version ??= stored;
                schedule ??= inForce;
                if (chunk is not null)
                {
                    chunks.Add(chunk);
                }

                return true;
            },
            splitOn: "version,chunk,effective_from");
        if (certification is null)
        {
            throw new NotFoundException($"No certification {request.Number} was found for this account.");
        }

        var result = EligibilityRules.Evaluate(new EligibilityInput(
            certification.CycleStart, certification.ExpiresOn, certification.ForLife, on,
            EligibilityInputsChunk.Activities(chunks), EligibilityInputsChunk.Cards(chunks), schedule ?? FeeSchedule.Defaults, clock.TimeZoneLabel));
        var response = new EligibilityResponse(
            certification.Number,
            on,
            clock.TimeZoneId,
            clock.TimeZoneLabel,
            result.Eligible,
            result.Window,
            CertificationRules.StatusOn(certification.ExpiresOn, on),
            certification.ExpiresOn,
            SubmissionWindows.LastCompletionDate(certification.ExpiresOn),
            SubmissionWindows.LastReceiptDate(certification.ExpiresOn),
            new CeuSummary(result.Ceus.Counted, result.Ceus.Required, result.Ceus.Missing, GetLedgerHandler.AreaTotals(result.Ceus)),
            result.CprAed.Cpr.Current,
            result.CprAed.Aed.Current,
            mapper.Map<List<UnmetRuleResponse>>(result.Unmet),
            new PlanFees(mapper.Map<FeeQuoteResponse>(result.Fees[RenewalPlan.Renew]), mapper.Map<FeeQuoteResponse>(result.Fees[RenewalPlan.ForLife])));

        if (on == today)
        {
            // Kept only while the version is the one read with the inputs: a writer that changed them meanwhile (or still
            // holds the row) leaves the answer out, and the next read answers afresh. No WAL (unlogged), so no flush to wait for.
            const string store = """
                insert into eligibility_answers as a (certification_id, version, answered_on, computed_by, generation, answer)
                values (@Id, @Version, @Date, @ComputedBy, @Generation, @Answer)
                on conflict (certification_id) do update
                    set answered_on = excluded.answered_on, computed_by = excluded.computed_by, generation = excluded.generation, answer = excluded.answer
                    where a.version = excluded.version
                """;
            await connection.ExecuteAsync(new CommandDefinition(
                store,
                new { certification.Id, version!.Version, Date = on, ComputedBy = computedBy, version.Generation, Answer = JsonSerializer.Serialize(response, Json.Options) },
                cancellationToken: cancellationToken));
        }

        return response;
    }

    sealed record AnswerVersion(long Version, long Generation);
}
