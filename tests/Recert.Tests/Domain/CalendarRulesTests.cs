using Recert.Api.Domain;

namespace Recert.Tests.Domain;

public sealed class CalendarRulesTests
{
    static readonly DateOnly E = new(2027, 3, 31);

    [TestCase(0, SubmissionWindow.OnTime, TestName = "Window on day E is on time")]
    [TestCase(-700, SubmissionWindow.OnTime, TestName = "Window long before E is on time")]
    [TestCase(1, SubmissionWindow.Late, TestName = "Window on E+1 is late")]
    [TestCase(90, SubmissionWindow.Late, TestName = "Window on E+90 is late")]
    [TestCase(91, SubmissionWindow.LateAfter90Days, TestName = "Window on E+91 is late after 90 days")]
    public void Window_by_days_after_expiry(int daysAfterExpiry, SubmissionWindow expected)
        => Assert.That(SubmissionWindows.For(E, E.AddDays(daysAfterExpiry)), Is.EqualTo(expected));

    [Test]
    public void Window_on_the_day_before_the_first_anniversary_is_still_open()
        => Assert.That(SubmissionWindows.For(E, E.AddYears(1).AddDays(-1)), Is.EqualTo(SubmissionWindow.LateAfter90Days));

    [Test]
    public void Window_on_the_first_anniversary_is_closed()
        => Assert.That(SubmissionWindows.For(E, E.AddYears(1)), Is.EqualTo(SubmissionWindow.Closed));

    [Test]
    public void Leap_day_expiry_closes_on_the_anniversary_the_calendar_gives()
    {
        var leap = new DateOnly(2028, 2, 29);
        Assert.Multiple(() =>
        {
            Assert.That(SubmissionWindows.For(leap, new DateOnly(2029, 2, 27)), Is.EqualTo(SubmissionWindow.LateAfter90Days));
            Assert.That(SubmissionWindows.For(leap, new DateOnly(2029, 2, 28)), Is.EqualTo(SubmissionWindow.Closed));
        });
    }

    [TestCase(-1, CertificationStatus.Active)]
    [TestCase(0, CertificationStatus.Active)]
    [TestCase(1, CertificationStatus.ExpiredInGrace)]
    [TestCase(900, CertificationStatus.Lapsed)]
    public void Status_by_days_after_expiry(int daysAfterExpiry, CertificationStatus expected)
        => Assert.That(CertificationRules.StatusOn(E, E.AddDays(daysAfterExpiry)), Is.EqualTo(expected));

    [Test]
    public void Status_around_the_first_anniversary_of_expiry()
    {
        Assert.Multiple(() =>
        {
            Assert.That(CertificationRules.StatusOn(E, E.AddYears(1).AddDays(-1)), Is.EqualTo(CertificationStatus.ExpiredInGrace));
            Assert.That(CertificationRules.StatusOn(E, E.AddYears(1)), Is.EqualTo(CertificationStatus.Lapsed));
        });
    }

    [Test]
    public void Next_cycle_starts_the_day_after_expiry_and_lasts_two_years()
    {
        var (cycleStart, expiresOn) = CertificationRules.NextCycle(E);
        Assert.Multiple(() =>
        {
            Assert.That(cycleStart, Is.EqualTo(new DateOnly(2027, 4, 1)));
            Assert.That(expiresOn, Is.EqualTo(new DateOnly(2029, 3, 31)));
        });
    }

    [Test]
    public void Last_completion_and_receipt_dates()
    {
        Assert.Multiple(() =>
        {
            Assert.That(SubmissionWindows.LastCompletionDate(E), Is.EqualTo(new DateOnly(2027, 6, 29)));
            Assert.That(SubmissionWindows.LastReceiptDate(E), Is.EqualTo(new DateOnly(2028, 3, 30)));
        });
    }
}
