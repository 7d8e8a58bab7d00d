using System.Globalization;

namespace Recert.Api.Domain;

/// <summary>Deadlines as people read them: "April 30, 2027, end of day Pacific Time", one format everywhere.</summary>
public static class HumanDates
{
    public static string Date(DateOnly date) => date.ToString("MMMM d, yyyy", CultureInfo.InvariantCulture);

    public static string EndOfDay(DateOnly date, string timeZoneLabel) => $"{Date(date)}, end of day {timeZoneLabel}";

    /// <summary>"December 7, 2026, 10:04 AM Pacific Time (UTC-08:00)", for an instant already in the organisation's zone.</summary>
    public static string Moment(DateTimeOffset local, string timeZoneLabel)
        => $"{Date(DateOnly.FromDateTime(local.DateTime))}, {local.ToString("h:mm tt", CultureInfo.InvariantCulture)} {timeZoneLabel} (UTC{local.ToString("zzz", CultureInfo.InvariantCulture)})";
}

public enum CycleFit
{
    /// <summary>Counts toward the cycle the certification is in now.</summary>
    CurrentCycle,
    /// <summary>Completed after the current cycle's completion window: counts toward the next cycle once this one is renewed.</summary>
    NextCycle,
    /// <summary>Can count toward no open or future cycle; a fee or an entry for it would be wasted.</summary>
    None,
}

public sealed record CycleDates(DateOnly CycleStart, DateOnly ExpiresOn, DateOnly LastCompletionDate);

public sealed record ActivityCycle(CycleFit Fit, CycleDates? Cycle, string Code, string Message)
{
    public bool CanCount => Fit != CycleFit.None;
}

/// <summary>
/// Which cycle an activity completed on a date would count for (SPEC.md "What counts toward a cycle"), told before a
/// petition fee is taken or an "other" activity is saved. After an early renewal the certification already sits in the
/// next cycle, so a course completed before its start counts for nothing. While a renewal of the current cycle is under
/// way (in the cart, paid, or in audit) it already has its CEUs: an activity completed in the cycle would not change it
/// and most likely counts toward no cycle — said before a fee, not refused (the renewal may still be withdrawn).
/// </summary>
public static class ActivityCycles
{
    public static ActivityCycle For(
        DateOnly cycleStart, DateOnly expiresOn, DateOnly completedOn, DateOnly today, bool currentCeusMet, string timeZoneLabel,
        bool renewalUnderway = false)
    {
        var current = new CycleDates(cycleStart, expiresOn, SubmissionWindows.LastCompletionDate(expiresOn));
        var (nextStart, nextExpires) = CertificationRules.NextCycle(expiresOn);
        var next = new CycleDates(nextStart, nextExpires, SubmissionWindows.LastCompletionDate(nextExpires));
        var period = $"{HumanDates.Date(cycleStart)} to {HumanDates.Date(expiresOn)}";

        if (CertificationRules.StatusOn(expiresOn, today) == CertificationStatus.Lapsed)
        {
            return new(CycleFit.None, current, "activity.certification-lapsed",
                $"This certification lapsed: applications were accepted until {HumanDates.EndOfDay(SubmissionWindows.LastReceiptDate(expiresOn), timeZoneLabel)}, " +
                "so no activity can count toward it. Contact the certification department about certifying again.");
        }

        if (completedOn < cycleStart)
        {
            return new(CycleFit.None, current, "activity.before-cycle",
                $"An activity completed on {HumanDates.Date(completedOn)} counts toward no open cycle. Your current cycle runs from {period}; " +
                $"only activities completed from {HumanDates.Date(cycleStart)} through {HumanDates.Date(current.LastCompletionDate)} count toward it.");
        }

        if (renewalUnderway && completedOn <= current.LastCompletionDate)
        {
            // Approval uses up every activity counted by then (E10), so one recorded before it is spent on the old cycle.
            var later = completedOn < nextStart
                ? $"and it counts toward no later cycle (the next one starts {HumanDates.Date(nextStart)})"
                : "and it counts toward the next cycle only if it is recorded after the renewal is approved";
            return new(CycleFit.CurrentCycle, current, "activity.renewal-underway",
                $"Your renewal of the current cycle ({period}) is already under way with the CEUs it needs: an activity completed on " +
                $"{HumanDates.Date(completedOn)} would not change it, {later}. A fee paid for it is not refunded.");
        }

        if (completedOn <= current.LastCompletionDate)
        {
            return new(CycleFit.CurrentCycle, current, "activity.current-cycle",
                $"Counts toward your current cycle ({period}).");
        }

        if (!currentCeusMet)
        {
            return new(CycleFit.None, current, "activity.after-completion-window",
                $"An activity completed on {HumanDates.Date(completedOn)} is after {HumanDates.Date(current.LastCompletionDate)}, the last day that counts " +
                "toward your current cycle, and that cycle is short of CEUs, so it cannot be renewed into the next one. " +
                "Contact the certification department about your options.");
        }

        return new(CycleFit.NextCycle, next, "activity.next-cycle",
            $"Counts toward your next cycle ({HumanDates.Date(nextStart)} to {HumanDates.Date(nextExpires)}) once the current one is renewed; " +
            $"it is after {HumanDates.Date(current.LastCompletionDate)}, the last day that counts toward the current cycle.");
    }
}
