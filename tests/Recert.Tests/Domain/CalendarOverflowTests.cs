using Recert.Api.Domain;

namespace Recert.Tests.Domain;

/// <summary>The rules answer for any date the type can hold, even the last one: never an overflow.</summary>
public sealed class CalendarOverflowTests
{
    static readonly DateOnly Last = DateOnly.MaxValue;

    [Test]
    public void Status_on_any_day_of_a_certification_expiring_on_the_last_day_is_active()
        => Assert.That(CertificationRules.StatusOn(Last, Last), Is.EqualTo(CertificationStatus.Active));

    [Test]
    public void Status_after_an_expiry_whose_anniversary_is_past_the_calendar_is_in_grace()
        => Assert.That(CertificationRules.StatusOn(new DateOnly(9999, 1, 1), Last), Is.EqualTo(CertificationStatus.ExpiredInGrace));

    [Test]
    public void Status_on_the_anniversary_on_the_last_day_is_lapsed()
        => Assert.That(CertificationRules.StatusOn(new DateOnly(9998, 12, 31), Last), Is.EqualTo(CertificationStatus.Lapsed));

    [Test]
    public void Window_of_an_expiry_on_the_last_day_is_on_time_and_its_dates_saturate()
    {
        Assert.Multiple(() =>
        {
            Assert.That(SubmissionWindows.For(Last, Last), Is.EqualTo(SubmissionWindow.OnTime));
            Assert.That(SubmissionWindows.LastCompletionDate(Last), Is.EqualTo(Last));
            Assert.That(SubmissionWindows.LastReceiptDate(Last), Is.EqualTo(Last.AddDays(-1)));
            Assert.That(SubmissionWindows.For(new DateOnly(9999, 10, 1), Last), Is.EqualTo(SubmissionWindow.LateAfter90Days));
        });
    }

    [Test]
    public void Next_cycle_after_the_end_of_the_calendar_saturates()
        => Assert.That(CertificationRules.NextCycle(Last), Is.EqualTo((Last, Last)));

    [Test]
    public void Audit_due_date_of_a_selection_near_the_end_saturates()
        => Assert.That(ApplicationLifecycle.AuditDueOn(Last.AddDays(-29)), Is.EqualTo(Last));

    [TestCase(0, "9999-12-31")]
    [TestCase(-1, "9999-12-30")]
    [TestCase(1, "9999-12-31")]
    [TestCase(int.MaxValue, "9999-12-31")]
    public void PlusDays_saturates_at_the_last_day(int days, string expected)
        => Assert.That(Last.PlusDays(days), Is.EqualTo(DateOnly.Parse(expected)));

    [TestCase(-1, "0001-01-01")]
    [TestCase(int.MinValue, "0001-01-01")]
    [TestCase(1, "0001-01-02")]
    public void PlusDays_saturates_at_the_first_day(int days, string expected)
        => Assert.That(DateOnly.MinValue.PlusDays(days), Is.EqualTo(DateOnly.Parse(expected)));

    [TestCase("2028-02-29", 1, "2029-02-28")]
    [TestCase("9998-06-30", 1, "9999-06-30")]
    [TestCase("9998-06-30", 2, "9999-12-31")]
    [TestCase("0001-06-30", -1, "0001-01-01")]
    public void PlusYears_follows_the_calendar_and_saturates(string from, int years, string expected)
        => Assert.That(DateOnly.Parse(from).PlusYears(years), Is.EqualTo(DateOnly.Parse(expected)));
}
