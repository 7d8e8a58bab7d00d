namespace Recert.Api.Domain;

public enum CertificationStatus
{
    Active,
    ExpiredInGrace,
    Lapsed,
}

/// <summary>The certification calendar of SPEC.md "Certification and cycle".</summary>
public static class CertificationRules
{
    public const int CycleYears = 2;

    public static CertificationStatus StatusOn(DateOnly expiresOn, DateOnly date)
    {
        if (date <= expiresOn)
        {
            return CertificationStatus.Active;
        }

        return date.IsBeforeAnniversary(expiresOn, 1) ? CertificationStatus.ExpiredInGrace : CertificationStatus.Lapsed;
    }

    /// <summary>A late renewal does not shift the calendar: the next cycle follows the old one.</summary>
    public static (DateOnly CycleStart, DateOnly ExpiresOn) NextCycle(DateOnly expiresOn)
        => (expiresOn.PlusDays(1), expiresOn.PlusYears(CycleYears));
}
