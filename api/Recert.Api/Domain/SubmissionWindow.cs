namespace Recert.Api.Domain;

public enum SubmissionWindow
{
    OnTime,
    Late,
    [System.Text.Json.Serialization.JsonStringEnumMemberName("late-after-90-days")]
    LateAfter90Days,
    Closed,
}

public static class SubmissionWindows
{
    public const int LateDays = 90;

    /// <summary>The window an application received on <paramref name="receivedOn"/> falls in (SPEC.md table).</summary>
    public static SubmissionWindow For(DateOnly expiresOn, DateOnly receivedOn)
    {
        if (receivedOn <= expiresOn)
        {
            return SubmissionWindow.OnTime;
        }

        if (receivedOn <= expiresOn.PlusDays(LateDays))
        {
            return SubmissionWindow.Late;
        }

        return receivedOn.IsBeforeAnniversary(expiresOn, 1) ? SubmissionWindow.LateAfter90Days : SubmissionWindow.Closed;
    }

    /// <summary>The last completion date that still counts toward the cycle ending on <paramref name="expiresOn"/>.</summary>
    public static DateOnly LastCompletionDate(DateOnly expiresOn) => expiresOn.PlusDays(LateDays);

    /// <summary>The last day an application is accepted (the day before the first anniversary of expiry).</summary>
    public static DateOnly LastReceiptDate(DateOnly expiresOn) => expiresOn.PlusYears(1).PlusDays(-1);
}
