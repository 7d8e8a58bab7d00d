using Recert.Api.Domain;

namespace Recert.Tests.Domain;

/// <summary>Status as public verification and the status list see it: the calendar, staff revocation, failed audits.</summary>
public sealed class VerificationRulesTests
{
    static readonly DateOnly CycleStart = new(2025, 4, 1);
    static readonly DateOnly ExpiresOn = new(2027, 3, 31);

    [TestCase("2025-04-01", VerificationStatus.Active)]
    [TestCase("2027-03-31", VerificationStatus.Active)]
    [TestCase("2027-04-01", VerificationStatus.ExpiredInGrace)]
    [TestCase("2028-03-30", VerificationStatus.ExpiredInGrace)]
    [TestCase("2028-03-31", VerificationStatus.Lapsed)]
    [TestCase("2040-01-01", VerificationStatus.Lapsed)]
    public void The_calendar_decides_when_nothing_revokes(string date, VerificationStatus expected)
        => Assert.That(VerificationRules.StatusOn(CycleStart, ExpiresOn, DateOnly.Parse(date), false, null), Is.EqualTo(expected));

    [TestCase("2026-06-01")]
    [TestCase("2027-04-01")]
    [TestCase("2028-03-31")]
    public void Staff_revocation_wins_on_every_day(string date)
        => Assert.That(VerificationRules.StatusOn(CycleStart, ExpiresOn, DateOnly.Parse(date), true, null), Is.EqualTo(VerificationStatus.Revoked));

    [TestCase("2025-04-01", VerificationStatus.Revoked, TestName = "a failed audit of the current cycle revokes")]
    [TestCase("2025-03-31", VerificationStatus.Active, TestName = "a failed audit of an earlier cycle was superseded by a renewal")]
    [TestCase("2023-04-01", VerificationStatus.Active, TestName = "a failed audit two cycles ago no longer counts")]
    public void A_failed_audit_revokes_only_the_cycle_it_audited(string auditedCycleStart, VerificationStatus expected)
        => Assert.That(VerificationRules.StatusOn(CycleStart, ExpiresOn, new DateOnly(2026, 6, 1), false, DateOnly.Parse(auditedCycleStart)), Is.EqualTo(expected));

    [TestCase(VerificationStatus.Active, false)]
    [TestCase(VerificationStatus.ExpiredInGrace, false)]
    [TestCase(VerificationStatus.Lapsed, true)]
    [TestCase(VerificationStatus.Revoked, true)]
    public void The_revocation_bit_is_set_once_the_credential_proves_nothing(VerificationStatus status, bool bit)
        => Assert.That(VerificationRules.RevocationBit(status), Is.EqualTo(bit));

    [TestCase(0, 0, 0)]
    [TestCase(131_071, 0, 131_071)]
    [TestCase(131_072, 1, 0)]
    [TestCase(300_000, 2, 37_856)]
    public void Status_indices_fill_lists_of_131072_entries(int statusIndex, int list, int index)
        => Assert.That(VerificationRules.StatusListPosition(statusIndex), Is.EqualTo((list, index)));
}
