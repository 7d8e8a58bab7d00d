using Recert.Api.Domain;

namespace Recert.Tests.Domain;

public sealed class RenewalRulesTests
{
    [TestCase(0.10, 0, true)]
    [TestCase(0.10, 99_999, true)]
    [TestCase(0.10, 100_000, false)]
    [TestCase(0, 0, false)]
    [TestCase(1, 999_999, true)]
    public void The_audit_draw_selects_exactly_the_rate_share_of_the_range(decimal rate, int uniform, bool drawn)
        => Assert.That(AuditDraw.Draw(rate, uniform), Is.EqualTo(new AuditDrawResult(rate, drawn)));

    // Over n seeded draws at rate p the number drawn has mean n·p and standard deviation sqrt(n·p·(1 − p)); at 10 000
    // draws and 0.10 that is 1 000 ± 30, and the count must stay within 4 standard deviations (880..1 120; a fair draw
    // falls outside by chance with probability about 6·10⁻⁵, and the seed makes the run repeatable).
    [TestCase(0.10, 20261201)]
    [TestCase(0.10, 7)]
    [TestCase(0.05, 20261201)]
    [TestCase(0.25, 20261201)]
    [TestCase(0.50, 20261201)]
    public void Over_many_draws_the_share_drawn_stays_within_four_standard_deviations_of_the_rate(decimal rate, int seed)
    {
        const int draws = 10_000;
        var random = new Random(seed);
        var drawn = Enumerable.Range(0, draws).Count(_ => AuditDraw.Draw(rate, random.Next(1_000_000)).Drawn);
        var mean = draws * (double)rate;
        var bound = 4 * Math.Sqrt(draws * (double)rate * (1 - (double)rate));
        Assert.That(drawn, Is.InRange(mean - bound, mean + bound), $"{drawn} of {draws} drawn at {rate}");
    }

    [TestCase(-0.1)]
    [TestCase(1.01)]
    public void An_audit_rate_outside_0_to_1_is_refused(decimal rate)
        => Assert.Throws<ArgumentOutOfRangeException>(() => AuditDraw.Draw(rate, 0));

    [Test]
    public void An_audit_is_overdue_the_day_after_its_due_date_and_the_observed_rate_is_drawn_over_draws()
    {
        var due = ApplicationLifecycle.AuditDueOn(new DateOnly(2026, 6, 1));
        Assert.Multiple(() =>
        {
            Assert.That(due, Is.EqualTo(new DateOnly(2026, 7, 1)));
            Assert.That(AuditDraw.IsOverdue(due, due), Is.False);
            Assert.That(AuditDraw.IsOverdue(due, due.AddDays(1)), Is.True);
            Assert.That(AuditDraw.ObservedRate(0, 0), Is.Null);
            Assert.That(AuditDraw.ObservedRate(3, 1), Is.EqualTo(0.3333m));
        });
    }

    [Test]
    public void A_cart_totals_its_lines_in_one_currency()
    {
        var renewal = new CartLine(CartItemKind.Renewal, Guid.NewGuid(), "Renewal", [new FeeItem(FeeCodes.Renewal, 9900), new FeeItem(FeeCodes.Late, 3000)], "USD");
        var petition = new CartLine(CartItemKind.Petition, Guid.NewGuid(), "Petition", [new FeeItem(FeeCodes.Petition, 2500)], "USD");
        Assert.Multiple(() =>
        {
            Assert.That(CartRules.Total([renewal, petition]), Is.EqualTo(new CartTotal(15400, "USD")));
            Assert.That(CartRules.Total([]), Is.EqualTo(new CartTotal(0, "USD")));
            Assert.Throws<InvalidOperationException>(() => CartRules.Total([renewal, petition with { Currency = "CAD" }]));
        });
    }

    [Test]
    public void Petitions_of_the_same_course_and_provider_share_a_key_whatever_the_case_spacing_or_punctuation()
    {
        Assert.Multiple(() =>
        {
            Assert.That(PetitionRules.CourseKey("Kettlebell  Basics!", "Iron Academy"), Is.EqualTo(PetitionRules.CourseKey("kettlebell basics", "IRON ACADEMY")));
            Assert.That(PetitionRules.CourseKey("Kettlebell Basics", "Iron Academy"), Is.Not.EqualTo(PetitionRules.CourseKey("Kettlebell Basics", "Iron Academy West")));
            Assert.That(PetitionRules.CourseKey("A B", "C"), Is.Not.EqualTo(PetitionRules.CourseKey("A", "B C")));
        });
    }
}
