namespace Recert.Api.Domain;

public sealed record UnmetRule(string Code, string Message);

public sealed record EligibilityInput(
    DateOnly CycleStart,
    DateOnly ExpiresOn,
    bool ForLife,
    DateOnly On,
    IReadOnlyCollection<CeActivity> Activities,
    IReadOnlyCollection<CprAedCard> Cards,
    FeeSchedule Schedule);

public sealed record EligibilityResult(
    bool Eligible,
    SubmissionWindow Window,
    CeuTally Ceus,
    CprAedStatus CprAed,
    IReadOnlyList<UnmetRule> Unmet,
    IReadOnlyDictionary<RenewalPlan, FeeQuote> Fees);

public static class EligibilityRules
{
    /// <summary>SPEC.md "Eligibility": every unmet rule is listed, not only the first.</summary>
    public static EligibilityResult Evaluate(EligibilityInput input)
    {
        var window = SubmissionWindows.For(input.ExpiresOn, input.On);
        var tally = Ceus.Tally(input.CycleStart, input.ExpiresOn, input.Activities);
        var cards = CprAedRules.Evaluate(input.Cards, input.On);
        var unmet = new List<UnmetRule>();

        if (window == SubmissionWindow.Closed)
        {
            unmet.Add(new UnmetRule(
                "window.closed",
                $"Applications closed on {SubmissionWindows.LastReceiptDate(input.ExpiresOn):yyyy-MM-dd}: the certification lapsed."));
        }

        if (!tally.Met)
        {
            unmet.Add(new UnmetRule(
                "ceu.short",
                $"{tally.Missing:0.0#} CEU more needed by {SubmissionWindows.LastCompletionDate(input.ExpiresOn):yyyy-MM-dd}."));
        }

        foreach (var check in new[] { cards.Cpr, cards.Aed })
        {
            if (!check.Current)
            {
                unmet.Add(new UnmetRule(check.UnmetCode!, check.UnmetMessage!));
            }
        }

        var fees = Enum.GetValues<RenewalPlan>().ToDictionary(
            plan => plan,
            plan => Fees.Quote(plan, window, input.ForLife, input.Schedule));

        return new EligibilityResult(unmet.Count == 0, window, tally, cards, unmet, fees);
    }
}
