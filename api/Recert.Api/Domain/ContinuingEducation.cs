namespace Recert.Api.Domain;

public enum CeuArea
{
    Assessment,
    ExerciseTechnique,
    ProgramDesign,
    Nutrition,
    ClientRelationsAndAdministration,
    ProfessionalPracticeAndResponsibility,
}

public enum CeuSource
{
    CategoryA,
    Provider,
    Petition,
    Other,
}

public enum ActivityState
{
    /// <summary>Recorded and standing (category A, provider, other).</summary>
    Recorded,
    /// <summary>Petition waiting for staff.</summary>
    PendingReview,
    Approved,
    Rejected,
    Voided,
}

public enum CountingReason
{
    Counts,
    BeforeCycle,
    AfterCompletionWindow,
    NotApproved,
    Rejected,
    Voided,
    MissingDocument,
    Duplicate,
    UsedInEarlierRenewal,
}

public sealed record CeActivity(
    Guid Id,
    CeuSource Source,
    CeuArea Area,
    decimal Ceus,
    DateOnly CompletedOn,
    ActivityState State,
    bool HasDocument,
    string CourseKey,
    bool UsedInRenewal = false);

public sealed record CountedActivity(CeActivity Activity, bool Counts, CountingReason Reason);

public sealed record CeuTally(
    decimal Counted,
    decimal Required,
    IReadOnlyDictionary<CeuArea, decimal> ByArea,
    IReadOnlyList<CountedActivity> Activities)
{
    public decimal Missing => Math.Max(0m, Required - Counted);
    public bool Met => Counted >= Required;
}

public static class Ceus
{
    public const decimal Required = 2.0m;
    public const decimal PerContactHour = 0.1m;

    public static decimal FromContactHours(decimal contactHours) => contactHours * PerContactHour;

    /// <summary>CEU amounts are exact to two places (0.05 is valid).</summary>
    public static bool IsValidAmount(decimal ceus) => ceus > 0 && ceus <= 100 && decimal.Round(ceus, 2) == ceus;

    /// <summary>
    /// Which activities count toward the cycle [cycleStart, expiresOn + 90 days] (SPEC.md "What counts toward a cycle").
    /// The same completion (same course key and date) reported twice counts once: the first recorded wins.
    /// </summary>
    public static CeuTally Tally(DateOnly cycleStart, DateOnly expiresOn, IEnumerable<CeActivity> activities)
    {
        var lastDay = SubmissionWindows.LastCompletionDate(expiresOn);
        var seen = new HashSet<(string, DateOnly)>();
        var results = new List<CountedActivity>();
        var byArea = Enum.GetValues<CeuArea>().ToDictionary(a => a, _ => 0m);
        var counted = 0m;

        foreach (var activity in activities)
        {
            var reason = ReasonFor(activity, cycleStart, lastDay);
            if (reason == CountingReason.Counts && !seen.Add((activity.CourseKey.Trim().ToUpperInvariant(), activity.CompletedOn)))
            {
                reason = CountingReason.Duplicate;
            }

            var counts = reason == CountingReason.Counts;
            if (counts)
            {
                counted += activity.Ceus;
                byArea[activity.Area] += activity.Ceus;
            }

            results.Add(new CountedActivity(activity, counts, reason));
        }

        return new CeuTally(counted, Required, byArea, results);
    }

    static CountingReason ReasonFor(CeActivity activity, DateOnly cycleStart, DateOnly lastDay)
    {
        if (activity.State == ActivityState.Voided)
        {
            return CountingReason.Voided;
        }

        if (activity.State == ActivityState.Rejected)
        {
            return CountingReason.Rejected;
        }

        if (activity.UsedInRenewal)
        {
            return CountingReason.UsedInEarlierRenewal;
        }

        if (activity.CompletedOn < cycleStart)
        {
            return CountingReason.BeforeCycle;
        }

        if (activity.CompletedOn > lastDay)
        {
            return CountingReason.AfterCompletionWindow;
        }

        return activity.Source switch
        {
            CeuSource.Petition when activity.State != ActivityState.Approved => CountingReason.NotApproved,
            CeuSource.Other when !activity.HasDocument => CountingReason.MissingDocument,
            _ => CountingReason.Counts,
        };
    }
}
