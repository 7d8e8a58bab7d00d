using Recert.Api.Domain;

namespace Recert.Tests.Domain;

public sealed class CeuTallyTests
{
    static readonly DateOnly CycleStart = new(2025, 4, 1);
    static readonly DateOnly ExpiresOn = new(2027, 3, 31);

    static CeActivity Activity(
        decimal ceus,
        DateOnly? completedOn = null,
        CeuSource source = CeuSource.Provider,
        ActivityState state = ActivityState.Recorded,
        bool hasDocument = true,
        string? courseKey = null,
        CeuArea area = CeuArea.Nutrition,
        bool used = false)
        => new(Guid.NewGuid(), source, area, ceus, completedOn ?? new DateOnly(2026, 1, 10), state, hasDocument, courseKey ?? Guid.NewGuid().ToString(), used);

    static CeuTally Tally(params CeActivity[] activities) => Ceus.Tally(CycleStart, ExpiresOn, activities);

    [Test]
    public void Two_point_zero_meets_the_requirement()
        => Assert.That(Tally(Activity(1.0m), Activity(1.0m)).Met, Is.True);

    [Test]
    public void One_point_nine_five_does_not()
    {
        var tally = Tally(Activity(1.0m), Activity(0.95m));
        Assert.Multiple(() =>
        {
            Assert.That(tally.Met, Is.False);
            Assert.That(tally.Counted, Is.EqualTo(1.95m));
            Assert.That(tally.Missing, Is.EqualTo(0.05m));
        });
    }

    [Test]
    public void Activity_the_day_before_cycle_start_does_not_count()
    {
        var tally = Tally(Activity(2.0m, CycleStart.AddDays(-1)));
        Assert.That(tally.Activities.Single().Reason, Is.EqualTo(CountingReason.BeforeCycle));
        Assert.That(tally.Counted, Is.Zero);
    }

    [Test]
    public void Activity_on_cycle_start_counts()
        => Assert.That(Tally(Activity(2.0m, CycleStart)).Met, Is.True);

    [Test]
    public void Activity_on_day_90_after_expiry_counts_and_on_day_91_does_not()
    {
        var tally = Tally(Activity(1.0m, ExpiresOn.AddDays(90)), Activity(1.0m, ExpiresOn.AddDays(91)));
        Assert.Multiple(() =>
        {
            Assert.That(tally.Activities[0].Counts, Is.True);
            Assert.That(tally.Activities[1].Reason, Is.EqualTo(CountingReason.AfterCompletionWindow));
            Assert.That(tally.Counted, Is.EqualTo(1.0m));
        });
    }

    [Test]
    public void The_same_completion_reported_twice_counts_once()
    {
        var day = new DateOnly(2026, 2, 2);
        var tally = Tally(Activity(1.5m, day, courseKey: "P:ACE:101"), Activity(1.5m, day, courseKey: "p:ace:101 "));
        Assert.Multiple(() =>
        {
            Assert.That(tally.Counted, Is.EqualTo(1.5m));
            Assert.That(tally.Activities[1].Reason, Is.EqualTo(CountingReason.Duplicate));
        });
    }

    [Test]
    public void The_same_course_on_another_day_counts_again()
        => Assert.That(Tally(Activity(1.0m, new DateOnly(2026, 1, 1), courseKey: "K"), Activity(1.0m, new DateOnly(2026, 5, 1), courseKey: "K")).Counted, Is.EqualTo(2.0m));

    [Test]
    public void A_voided_duplicate_does_not_hide_the_standing_record()
    {
        var day = new DateOnly(2026, 2, 2);
        var tally = Tally(Activity(1.0m, day, state: ActivityState.Voided, courseKey: "K"), Activity(1.0m, day, courseKey: "K"));
        Assert.That(tally.Counted, Is.EqualTo(1.0m));
    }

    [TestCase(ActivityState.PendingReview, false, CountingReason.NotApproved)]
    [TestCase(ActivityState.Approved, true, CountingReason.Counts)]
    [TestCase(ActivityState.Rejected, false, CountingReason.Rejected)]
    public void Petitions_count_only_once_approved(ActivityState state, bool counts, CountingReason reason)
    {
        var result = Tally(Activity(1.0m, source: CeuSource.Petition, state: state)).Activities.Single();
        Assert.That((result.Counts, result.Reason), Is.EqualTo((counts, reason)));
    }

    [Test]
    public void Other_counts_only_with_its_document()
    {
        var tally = Tally(Activity(1.0m, source: CeuSource.Other, hasDocument: false), Activity(0.5m, source: CeuSource.Other, hasDocument: true));
        Assert.Multiple(() =>
        {
            Assert.That(tally.Activities[0].Reason, Is.EqualTo(CountingReason.MissingDocument));
            Assert.That(tally.Counted, Is.EqualTo(0.5m));
        });
    }

    [Test]
    public void Voided_and_already_used_activities_never_count()
    {
        var tally = Tally(Activity(2.0m, state: ActivityState.Voided), Activity(2.0m, used: true));
        Assert.Multiple(() =>
        {
            Assert.That(tally.Counted, Is.Zero);
            Assert.That(tally.Activities.Select(a => a.Reason), Is.EqualTo(new[] { CountingReason.Voided, CountingReason.UsedInEarlierRenewal }));
        });
    }

    [Test]
    public void Totals_are_split_by_area()
    {
        var tally = Tally(Activity(0.3m, area: CeuArea.Assessment), Activity(0.45m, area: CeuArea.Assessment), Activity(0.2m, area: CeuArea.ProgramDesign));
        Assert.Multiple(() =>
        {
            Assert.That(tally.ByArea[CeuArea.Assessment], Is.EqualTo(0.75m));
            Assert.That(tally.ByArea[CeuArea.ProgramDesign], Is.EqualTo(0.2m));
            Assert.That(tally.ByArea[CeuArea.Nutrition], Is.Zero);
        });
    }

    [TestCase("0.05", true)]
    [TestCase("0.1", true)]
    [TestCase("2.00", true)]
    [TestCase("0.001", false)]
    [TestCase("0", false)]
    [TestCase("-0.5", false)]
    [TestCase("100.01", false)]
    public void Ceu_amounts_are_exact_to_two_places(string amount, bool valid)
        => Assert.That(Ceus.IsValidAmount(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)), Is.EqualTo(valid));

    [Test]
    public void Ten_contact_hours_are_one_ceu()
        => Assert.That(Ceus.FromContactHours(10m), Is.EqualTo(1.0m));
}
