namespace Recert.Api.Domain;

public enum ApplicationStatus
{
    Draft,
    Submitted,
    Paid,
    Approved,
    AuditRequested,
    DocumentationSubmitted,
    AuditFailed,
    Withdrawn,
    Rejected,
}

/// <summary>SPEC.md "Application life cycle".</summary>
public static class ApplicationLifecycle
{
    static readonly Dictionary<ApplicationStatus, ApplicationStatus[]> Allowed = new()
    {
        [ApplicationStatus.Draft] = [ApplicationStatus.Submitted, ApplicationStatus.Withdrawn],
        [ApplicationStatus.Submitted] = [ApplicationStatus.Paid, ApplicationStatus.Withdrawn, ApplicationStatus.Rejected],
        [ApplicationStatus.Paid] = [ApplicationStatus.Approved, ApplicationStatus.AuditRequested, ApplicationStatus.Rejected],
        [ApplicationStatus.AuditRequested] = [ApplicationStatus.DocumentationSubmitted, ApplicationStatus.AuditFailed, ApplicationStatus.Rejected],
        [ApplicationStatus.DocumentationSubmitted] = [ApplicationStatus.Approved, ApplicationStatus.AuditFailed, ApplicationStatus.Rejected],
    };

    public static bool IsOpen(ApplicationStatus status) => Allowed.ContainsKey(status);

    public static bool CanMove(ApplicationStatus from, ApplicationStatus to)
        => Allowed.TryGetValue(from, out var targets) && targets.Contains(to);

    /// <summary>Audit documentation is due 30 days after the selection.</summary>
    public const int AuditDays = 30;

    public static DateOnly AuditDueOn(DateOnly selectedOn) => selectedOn.PlusDays(AuditDays);
}
