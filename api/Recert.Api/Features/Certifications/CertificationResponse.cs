using Recert.Api.Domain;

namespace Recert.Api.Features.Certifications;

public sealed record CertificationResponse(
    string Number,
    string Credential,
    HolderResponse Holder,
    DateOnly CycleStart,
    DateOnly ExpiresOn,
    CertificationStatus Status,
    bool ForLife,
    DateOnly LastCompletionDate,
    DateOnly LastReceiptDate,
    string TimeZone,
    string TimeZoneLabel)
{
    public static CertificationResponse From(CertificationRow row, Infrastructure.OrganisationClock clock) => From(row, clock.Today, clock.TimeZoneId, clock.TimeZoneLabel);

    public static CertificationResponse From(CertificationRow row, DateOnly today, string timeZone, string timeZoneLabel) => new(
        row.Number,
        row.Credential,
        new HolderResponse(row.FirstName, row.LastName, row.Email),
        row.CycleStart,
        row.ExpiresOn,
        CertificationRules.StatusOn(row.ExpiresOn, today),
        row.ForLife,
        SubmissionWindows.LastCompletionDate(row.ExpiresOn),
        SubmissionWindows.LastReceiptDate(row.ExpiresOn),
        timeZone,
        timeZoneLabel);
}

public sealed record HolderResponse(string FirstName, string LastName, string? Email);
