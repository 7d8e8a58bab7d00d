using Recert.Api.Domain;

namespace Recert.Tests.Domain;

public sealed class CprAedRulesTests
{
    static readonly DateOnly Submitted = new(2027, 3, 15);

    static CprAedCard Card(CardKind kind, DateOnly expiresOn, bool handsOn = true, bool front = true, bool back = true)
        => new(Guid.NewGuid(), kind, expiresOn, handsOn, front, back);

    [Test]
    public void A_card_expiring_on_the_day_of_submission_is_current()
    {
        var status = CprAedRules.Evaluate([Card(CardKind.CprAed, Submitted)], Submitted);
        Assert.That((status.Cpr.Current, status.Aed.Current), Is.EqualTo((true, true)));
    }

    [Test]
    public void A_card_that_expired_the_day_before_is_not()
    {
        var status = CprAedRules.Evaluate([Card(CardKind.CprAed, Submitted.AddDays(-1))], Submitted);
        Assert.Multiple(() =>
        {
            Assert.That(status.Cpr.UnmetCode, Is.EqualTo("cpr.expired"));
            Assert.That(status.Aed.UnmetCode, Is.EqualTo("aed.expired"));
        });
    }

    [Test]
    public void A_cpr_card_alone_leaves_aed_missing()
    {
        var status = CprAedRules.Evaluate([Card(CardKind.Cpr, Submitted.AddYears(1))], Submitted);
        Assert.Multiple(() =>
        {
            Assert.That(status.Cpr.Current, Is.True);
            Assert.That(status.Aed.UnmetCode, Is.EqualTo("aed.missing"));
        });
    }

    [Test]
    public void Separate_cards_cover_both()
    {
        var status = CprAedRules.Evaluate([Card(CardKind.Cpr, Submitted.AddYears(1)), Card(CardKind.Aed, Submitted.AddYears(1))], Submitted);
        Assert.That((status.Cpr.Current, status.Aed.Current), Is.EqualTo((true, true)));
    }

    [Test]
    public void A_card_without_hands_on_skills_does_not_satisfy_the_rule()
        => Assert.That(CprAedRules.Evaluate([Card(CardKind.CprAed, Submitted.AddYears(1), handsOn: false)], Submitted).Cpr.UnmetCode, Is.EqualTo("cpr.no-hands-on"));

    [Test]
    public void A_card_without_both_copies_does_not_satisfy_the_rule()
        => Assert.That(CprAedRules.Evaluate([Card(CardKind.CprAed, Submitted.AddYears(1), back: false)], Submitted).Aed.UnmetCode, Is.EqualTo("aed.copies-missing"));

    [Test]
    public void No_card_at_all()
        => Assert.That(CprAedRules.Evaluate([], Submitted).Cpr.UnmetCode, Is.EqualTo("cpr.missing"));
}
