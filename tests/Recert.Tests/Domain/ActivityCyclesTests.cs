using Recert.Api.Domain;

namespace Recert.Tests.Domain;

/// <summary>Which cycle an activity would count for, at each boundary day (SPEC.md "What counts toward a cycle").</summary>
public sealed class ActivityCyclesTests
{
    // The early-renewal case of issue 12: the old cycle expired 2027-01-30, the certification now sits in the next one.
    static readonly DateOnly CycleStart = new(2027, 1, 31);
    static readonly DateOnly ExpiresOn = new(2029, 1, 30);
    static readonly DateOnly Today = new(2026, 12, 1);

    static ActivityCycle For(DateOnly completedOn, DateOnly? today = null, bool met = false, bool renewalUnderway = false)
        => ActivityCycles.For(CycleStart, ExpiresOn, completedOn, today ?? Today, met, "Pacific Time", renewalUnderway);

    [Test]
    public void While_a_renewal_of_the_cycle_is_under_way_a_course_in_the_cycle_is_warned_about_not_refused()
    {
        var cycle = For(ExpiresOn, today: ExpiresOn, met: true, renewalUnderway: true);
        Assert.Multiple(() =>
        {
            Assert.That(cycle.Fit, Is.EqualTo(CycleFit.CurrentCycle));
            Assert.That(cycle.CanCount, Is.True);
            Assert.That(cycle.Code, Is.EqualTo("activity.renewal-underway"));
            Assert.That(cycle.Message, Does.Contain("already under way").And.Contain("counts toward no later cycle (the next one starts January 31, 2029)"));
        });
    }

    [Test]
    public void While_a_renewal_is_under_way_the_day_after_expiry_is_warned_about_too_as_approval_may_use_it_up()
    {
        var cycle = For(ExpiresOn.AddDays(1), today: ExpiresOn.AddDays(1), met: true, renewalUnderway: true);
        Assert.Multiple(() =>
        {
            Assert.That(cycle.Fit, Is.EqualTo(CycleFit.CurrentCycle));
            Assert.That(cycle.Code, Is.EqualTo("activity.renewal-underway"));
            Assert.That(cycle.Message, Does.Contain("counts toward the next cycle only if it is recorded after the renewal is approved"));
        });
    }

    [Test]
    public void While_a_renewal_is_under_way_the_day_after_the_completion_window_counts_toward_the_next_cycle()
        => Assert.That(For(ExpiresOn.AddDays(91), today: ExpiresOn.AddDays(91), met: true, renewalUnderway: true).Fit, Is.EqualTo(CycleFit.NextCycle));

    [Test]
    public void Without_a_renewal_under_way_the_last_day_of_the_cycle_counts_for_it_plainly()
        => Assert.That(For(ExpiresOn, today: ExpiresOn, met: true).Code, Is.EqualTo("activity.current-cycle"));

    [Test]
    public void A_course_before_the_cycle_after_an_early_renewal_counts_for_nothing_and_says_the_cycle_dates()
    {
        var cycle = For(new DateOnly(2026, 11, 20));
        Assert.Multiple(() =>
        {
            Assert.That(cycle.Fit, Is.EqualTo(CycleFit.None));
            Assert.That(cycle.CanCount, Is.False);
            Assert.That(cycle.Code, Is.EqualTo("activity.before-cycle"));
            Assert.That(cycle.Message, Does.Contain("January 31, 2027 to January 30, 2029"));
            Assert.That(cycle.Message, Does.Contain("only activities completed from January 31, 2027"));
            Assert.That(cycle.Cycle, Is.EqualTo(new CycleDates(CycleStart, ExpiresOn, new DateOnly(2029, 4, 30))));
        });
    }

    [Test]
    public void The_day_before_the_cycle_starts_counts_for_nothing()
        => Assert.That(For(CycleStart.AddDays(-1), today: CycleStart).Fit, Is.EqualTo(CycleFit.None));

    [Test]
    public void The_first_day_of_the_cycle_counts_for_it()
    {
        var cycle = For(CycleStart, today: CycleStart);
        Assert.Multiple(() =>
        {
            Assert.That(cycle.Fit, Is.EqualTo(CycleFit.CurrentCycle));
            Assert.That(cycle.Message, Is.EqualTo("Counts toward your current cycle (January 31, 2027 to January 30, 2029)."));
        });
    }

    [Test]
    public void The_last_completion_day_ninety_days_after_expiry_counts_for_the_current_cycle()
        => Assert.That(For(ExpiresOn.AddDays(90), today: ExpiresOn.AddDays(90)).Fit, Is.EqualTo(CycleFit.CurrentCycle));

    [Test]
    public void The_day_after_the_completion_window_counts_for_the_next_cycle_when_this_one_has_its_CEUs()
    {
        var cycle = For(ExpiresOn.AddDays(91), today: ExpiresOn.AddDays(91), met: true);
        Assert.Multiple(() =>
        {
            Assert.That(cycle.Fit, Is.EqualTo(CycleFit.NextCycle));
            Assert.That(cycle.Cycle, Is.EqualTo(new CycleDates(new DateOnly(2029, 1, 31), new DateOnly(2031, 1, 30), new DateOnly(2031, 4, 30))));
            Assert.That(cycle.Message, Does.StartWith("Counts toward your next cycle (January 31, 2029 to January 30, 2031)"));
        });
    }

    [Test]
    public void The_day_after_the_completion_window_counts_for_nothing_when_this_cycle_is_short_of_CEUs()
    {
        var cycle = For(ExpiresOn.AddDays(91), today: ExpiresOn.AddDays(91), met: false);
        Assert.Multiple(() =>
        {
            Assert.That(cycle.Fit, Is.EqualTo(CycleFit.None));
            Assert.That(cycle.Code, Is.EqualTo("activity.after-completion-window"));
            Assert.That(cycle.Message, Does.Contain("April 30, 2029"));
        });
    }

    [Test]
    public void The_last_day_before_lapse_still_has_an_open_cycle()
        => Assert.That(For(ExpiresOn, today: ExpiresOn.AddYears(1).AddDays(-1)).Fit, Is.EqualTo(CycleFit.CurrentCycle));

    [Test]
    public void On_the_day_the_certification_lapses_no_activity_counts()
    {
        var cycle = For(ExpiresOn, today: ExpiresOn.AddYears(1), met: true);
        Assert.Multiple(() =>
        {
            Assert.That(cycle.Fit, Is.EqualTo(CycleFit.None));
            Assert.That(cycle.Code, Is.EqualTo("activity.certification-lapsed"));
            Assert.That(cycle.Message, Does.Contain("accepted until January 29, 2030, end of day Pacific Time"));
        });
    }

    [TestCase(2027, 4, 30, "April 30, 2027, end of day Pacific Time")]
    [TestCase(2028, 2, 29, "February 29, 2028, end of day Pacific Time")]
    [TestCase(2027, 1, 5, "January 5, 2027, end of day Pacific Time")]
    public void Deadlines_read_as_human_dates_with_the_zone(int y, int m, int d, string expected)
        => Assert.That(HumanDates.EndOfDay(new DateOnly(y, m, d), "Pacific Time"), Is.EqualTo(expected));
}
