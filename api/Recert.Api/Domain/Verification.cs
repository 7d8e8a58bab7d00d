namespace Recert.Api.Domain;

/// <summary>What a public verification says about a certification today.</summary>
public enum VerificationStatus
{
    Active,
    ExpiredInGrace,
    Lapsed,
    Revoked,
}

/// <summary>Status of a certification as anyone verifying it sees it (SPEC.md "Certification and cycle" plus revocation).</summary>
public static class VerificationRules
{
    /// <summary>
    /// Revocation wins over the calendar. A failed audit (of the application closing a cycle) revokes while that cycle is
    /// the certification's current one; a later approved renewal moves the certification on and supersedes it.
    /// </summary>
    public static VerificationStatus StatusOn(DateOnly cycleStart, DateOnly expiresOn, DateOnly date, bool revokedByStaff, DateOnly? latestFailedAuditCycleStart)
    {
        if (revokedByStaff || latestFailedAuditCycleStart >= cycleStart)
        {
            return VerificationStatus.Revoked;
        }

        return CertificationRules.StatusOn(expiresOn, date) switch
        {
            CertificationStatus.Active => VerificationStatus.Active,
            CertificationStatus.ExpiredInGrace => VerificationStatus.ExpiredInGrace,
            _ => VerificationStatus.Lapsed,
        };
    }

    /// <summary>The revocation bit of the status list: set once the credential no longer proves a certification.</summary>
    public static bool RevocationBit(VerificationStatus status) => status is VerificationStatus.Revoked or VerificationStatus.Lapsed;

    /// <summary>Bitstring Status List: at least 16 KB (131,072 entries) per list, for group privacy.</summary>
    public const int StatusListSize = 131_072;

    public static (int List, int Index) StatusListPosition(int statusIndex) => (statusIndex / StatusListSize, statusIndex % StatusListSize);
}
