namespace Recert.Api.Domain;

public enum RenewalPlan
{
    Renew,
    ForLife,
}

/// <summary>Amounts in integer cents, as in force from <see cref="EffectiveFrom"/>.</summary>
public sealed record FeeSchedule(
    DateOnly EffectiveFrom,
    string Currency,
    long RenewalCents,
    long LateCents,
    long AdditionalLateCents,
    long ForLifeCents,
    long PetitionCents)
{
    public static FeeSchedule Defaults { get; } = new(new DateOnly(2000, 1, 1), "USD", 9900, 3000, 5000, 29900, 2500);
}

public sealed record FeeItem(string Code, long AmountCents);

public sealed record FeeQuote(IReadOnlyList<FeeItem> Items, string Currency)
{
    public long TotalCents => Items.Sum(i => i.AmountCents);
}

public static class FeeCodes
{
    public const string Renewal = "renewal";
    public const string ForLife = "for-life";
    public const string Late = "late";
    public const string AdditionalLate = "additional-late";
    public const string Petition = "petition";

    /// <summary>How a fee is named on a receipt (the web client names them the same way).</summary>
    public static string Label(string code) => code switch
    {
        Renewal => "Renewal fee",
        ForLife => "Certify for Life (one-time)",
        Late => "Late fee",
        AdditionalLate => "Additional late fee (more than 90 days)",
        Petition => "Petition fee",
        _ => code,
    };
}

public static class Fees
{
    /// <summary>
    /// The fees for a renewal received in <paramref name="window"/>. Certify for Life replaces the renewal fee once;
    /// a certification already for life pays no renewal fee. Late fees always apply.
    /// </summary>
    public static FeeQuote Quote(RenewalPlan plan, SubmissionWindow window, bool alreadyForLife, FeeSchedule schedule)
    {
        var items = new List<FeeItem>();
        if (!alreadyForLife)
        {
            items.Add(plan == RenewalPlan.ForLife
                ? new FeeItem(FeeCodes.ForLife, schedule.ForLifeCents)
                : new FeeItem(FeeCodes.Renewal, schedule.RenewalCents));
        }

        if (window is SubmissionWindow.Late or SubmissionWindow.LateAfter90Days)
        {
            items.Add(new FeeItem(FeeCodes.Late, schedule.LateCents));
        }

        if (window == SubmissionWindow.LateAfter90Days)
        {
            items.Add(new FeeItem(FeeCodes.AdditionalLate, schedule.AdditionalLateCents));
        }

        return new FeeQuote(items, schedule.Currency);
    }

    /// <summary>The schedule in force on <paramref name="date"/>: the latest one effective on or before it.</summary>
    public static FeeSchedule InForce(IEnumerable<FeeSchedule> schedules, DateOnly date)
        => schedules.Where(s => s.EffectiveFrom <= date).MaxBy(s => s.EffectiveFrom) ?? FeeSchedule.Defaults;
}
