using AutoMapper;
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

internal sealed class GetEligibilityHandler(NpgsqlDataSource dataSource, ICurrentUser currentUser, OrganisationClock clock, IMapper mapper)
    : IRequestHandler<GetEligibilityQuery, EligibilityResponse>
{
    public async Task<EligibilityResponse> Handle(GetEligibilityQuery request, CancellationToken cancellationToken)
    {
        var on = request.On ?? clock.Today;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var (certification, result) = await CertificationStore.FindAccessibleAndEvaluateAsync(connection, request.Number, currentUser, on, clock.TimeZoneLabel, cancellationToken);
        return new EligibilityResponse(
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
    }
}
