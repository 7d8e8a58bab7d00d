namespace Recert.Api.Domain;

public sealed record UnmetRule(string Code, string Message);

public sealed record EligibilityInput(
    DateOnly CycleStart,
    DateOnly ExpiresOn,
    bool ForLife,
    DateOnly On,
    IReadOnlyCollection<CeActivity> Activities,
    IReadOnlyCollection<CprAedCard> Cards,
    FeeSchedule Schedule,
    string TimeZoneLabel = "Pacific Time");

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

        var lastCompletion = SubmissionWindows.LastCompletionDate(input.ExpiresOn);
        if (window == SubmissionWindow.Closed)
        {
            unmet.Add(new UnmetRule(
                "window.closed",
                $"Applications were accepted until {HumanDates.EndOfDay(SubmissionWindows.LastReceiptDate(input.ExpiresOn), input.TimeZoneLabel)}: " +
                "the certification has lapsed and can no longer be renewed. Contact the certification department about certifying again."));
        }
        else if (!tally.Met && input.On > lastCompletion)
        {
            // Never a past date as a to-do: say the window closed, and what still helps.
            unmet.Add(new UnmetRule(
                "ceu.completion-window-closed",
                $"The time to complete CEUs for this cycle ended on {HumanDates.EndOfDay(lastCompletion, input.TimeZoneLabel)}, " +
                $"{tally.Missing:0.0#} CEU short. Activities completed on or before that day still count if you add them now; " +
                "activities completed later cannot count toward this cycle. Contact the certification department about your options."));
        }

        if (!tally.Met && input.On <= lastCompletion)
        {
            unmet.Add(new UnmetRule(
                "ceu.short",
                $"{tally.Missing:0.0#} CEU more needed, completed by {HumanDates.EndOfDay(lastCompletion, input.TimeZoneLabel)}."));
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
