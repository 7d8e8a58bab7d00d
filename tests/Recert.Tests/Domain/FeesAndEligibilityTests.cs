using Recert.Api.Domain;

namespace Recert.Tests.Domain;

public sealed class FeesAndEligibilityTests
{
    static readonly FeeSchedule Schedule = FeeSchedule.Defaults;
    static readonly DateOnly CycleStart = new(2025, 4, 1);
    static readonly DateOnly E = new(2027, 3, 31);

    [TestCase(RenewalPlan.Renew, SubmissionWindow.OnTime, false, 9900)]
    [TestCase(RenewalPlan.Renew, SubmissionWindow.Late, false, 12900)]
    [TestCase(RenewalPlan.Renew, SubmissionWindow.LateAfter90Days, false, 17900)]
    [TestCase(RenewalPlan.ForLife, SubmissionWindow.OnTime, false, 29900)]
    [TestCase(RenewalPlan.ForLife, SubmissionWindow.Late, false, 32900)]
    [TestCase(RenewalPlan.ForLife, SubmissionWindow.LateAfter90Days, false, 37900)]
    [TestCase(RenewalPlan.Renew, SubmissionWindow.OnTime, true, 0)]
    [TestCase(RenewalPlan.Renew, SubmissionWindow.Late, true, 3000)]
    [TestCase(RenewalPlan.Renew, SubmissionWindow.LateAfter90Days, true, 8000)]
    public void Fee_totals(RenewalPlan plan, SubmissionWindow window, bool alreadyForLife, long expectedCents)
        => Assert.That(Fees.Quote(plan, window, alreadyForLife, Schedule).TotalCents, Is.EqualTo(expectedCents));

    [Test]
    public void Late_after_90_days_lists_each_fee()
        => Assert.That(Fees.Quote(RenewalPlan.Renew, SubmissionWindow.LateAfter90Days, false, Schedule).Items.Select(i => i.Code),
            Is.EqualTo(new[] { "renewal", "late", "additional-late" }));

    [Test]
    public void The_schedule_in_force_is_the_latest_effective_on_or_before_the_date()
    {
        var older = Schedule with { EffectiveFrom = new DateOnly(2020, 1, 1) };
        var newer = Schedule with { EffectiveFrom = new DateOnly(2027, 1, 1), RenewalCents = 10900 };
        Assert.Multiple(() =>
        {
            Assert.That(Fees.InForce([older, newer], new DateOnly(2026, 12, 31)), Is.EqualTo(older));
            Assert.That(Fees.InForce([older, newer], new DateOnly(2027, 1, 1)), Is.EqualTo(newer));
        });
    }

    static EligibilityResult Evaluate(DateOnly on, decimal ceus = 2.0m, DateOnly? cardExpires = null)
        => EligibilityRules.Evaluate(new EligibilityInput(
            CycleStart, E, false, on,
            [new CeActivity(Guid.NewGuid(), CeuSource.Provider, CeuArea.Assessment, ceus, new DateOnly(2026, 1, 1), ActivityState.Recorded, false, "K")],
            [new CprAedCard(Guid.NewGuid(), CardKind.CprAed, cardExpires ?? E.AddYears(2), true, true, true)],
            Schedule));

    [Test]
    public void Everything_met_on_time_is_eligible()
    {
        var result = Evaluate(E);
        Assert.Multiple(() =>
        {
            Assert.That(result.Eligible, Is.True);
            Assert.That(result.Unmet, Is.Empty);
            Assert.That(result.Fees[RenewalPlan.Renew].TotalCents, Is.EqualTo(9900));
        });
    }

    [Test]
    public void Closed_window_is_unmet_even_with_everything_else()
    {
        var result = Evaluate(E.AddYears(1));
        Assert.That(result.Unmet.Select(u => u.Code), Is.EqualTo(new[] { "window.closed" }));
    }

    [Test]
    public void Every_unmet_rule_is_listed_with_a_sentence()
    {
        var result = Evaluate(E, ceus: 1.4m, cardExpires: E.AddDays(-1));
        Assert.Multiple(() =>
        {
            Assert.That(result.Eligible, Is.False);
            Assert.That(result.Unmet.Select(u => u.Code), Is.EqualTo(new[] { "ceu.short", "cpr.expired", "aed.expired" }));
            Assert.That(result.Unmet[0].Message, Is.EqualTo("0.6 CEU more needed, completed by June 29, 2027, end of day Pacific Time."));
            Assert.That(result.Unmet[1].Message, Is.EqualTo("Your CPR card expired on March 30, 2027; add a current one."));
        });
    }

    [Test]
    public void The_last_completion_day_still_asks_for_CEUs_by_that_day()
    {
        var result = Evaluate(E.AddDays(90), ceus: 1.9m);
        Assert.Multiple(() =>
        {
            Assert.That(result.Unmet.Select(u => u.Code), Is.EqualTo(new[] { "ceu.short" }));
            Assert.That(result.Unmet[0].Message, Does.Contain("completed by June 29, 2027, end of day Pacific Time"));
        });
    }

    [Test]
    public void The_day_after_the_completion_window_says_it_closed_never_a_past_date_as_a_to_do()
    {
        var result = Evaluate(E.AddDays(91), ceus: 1.9m);
        Assert.Multiple(() =>
        {
            Assert.That(result.Unmet.Select(u => u.Code), Is.EqualTo(new[] { "ceu.completion-window-closed" }));
            Assert.That(result.Unmet[0].Message, Does.StartWith("The time to complete CEUs for this cycle ended on June 29, 2027, end of day Pacific Time, 0.1 CEU short."));
            Assert.That(result.Unmet[0].Message, Does.Contain("Contact the certification department"));
            Assert.That(result.Unmet[0].Message, Does.Not.Contain("needed by"));
        });
    }

    [Test]
    public void Met_CEUs_after_the_completion_window_are_not_reported()
        => Assert.That(Evaluate(E.AddDays(91), ceus: 2.0m).Unmet, Is.Empty);

    [Test]
    public void Closed_window_names_the_last_day_applications_were_accepted()
    {
        var result = Evaluate(E.AddYears(1), ceus: 1.0m);
        Assert.Multiple(() =>
        {
            Assert.That(result.Unmet.Select(u => u.Code), Is.EqualTo(new[] { "window.closed" }));
            Assert.That(result.Unmet[0].Message, Does.StartWith("Applications were accepted until March 30, 2028, end of day Pacific Time"));
        });
    }

    [Test]
    public void The_time_zone_label_given_is_the_one_spoken()
    {
        var result = EligibilityRules.Evaluate(new EligibilityInput(CycleStart, E, false, E, [], [], Schedule, "Eastern Time"));
        Assert.That(result.Unmet[0].Message, Does.EndWith("end of day Eastern Time."));
    }
}
