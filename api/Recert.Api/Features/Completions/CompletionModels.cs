using Recert.Api.Domain;

namespace Recert.Api.Features.Completions;

/// <summary>
/// One record as the provider sent it; <see cref="Error"/> says why it could not be read. An xAPI record whose actor was
/// an email not (yet) verified by a holder has no <see cref="CertificationNumber"/> but the SHA-1 of its mailto IRI.
/// </summary>
public sealed record CompletionRecord(
    string? ExternalId,
    string? CourseCode,
    string? CertificationNumber,
    string? LastName,
    DateOnly? CompletedOn,
    string? Error = null,
    Guid? XapiStatementId = null,
    string? LearnerMboxSha1Sum = null);

public enum CompletionOutcome
{
    Accepted,
    Duplicate,
    PendingLearner,
    Rejected,
}

public enum CompletionState
{
    Accepted,
    PendingLearner,
    Rejected,
    Voided,
}

public static class RejectionCodes
{
    public const string RecordInvalid = "record.invalid";
    public const string ProviderSuspended = "provider.suspended";
    public const string ProviderNotApprovedOnDate = "provider.not-approved-on-date";
    public const string DateInFuture = "date.in-future";
    public const string CourseUnknown = "course.unknown";
    public const string CourseNotApprovedOnDate = "course.not-approved-on-date";
    public const string LearnerNameMismatch = "learner.name-mismatch";
}

/// <summary>What happened to one record of a batch, in the order sent (<see cref="Index"/> starts at 0).</summary>
public sealed record CompletionResult(
    int Index,
    string? ExternalId,
    CompletionOutcome Result,
    string? Code,
    string? Message,
    Guid? CompletionId);

public sealed record CompletionBatchResponse(
    int Accepted,
    int Duplicate,
    int PendingLearner,
    int Rejected,
    IReadOnlyList<CompletionResult> Results) : Infrastructure.Behaviours.IMeasured
{
    public void Measure(Infrastructure.RecertMetrics metrics)
    {
        metrics.CompletionRecorded("accepted", Accepted);
        metrics.CompletionRecorded("duplicate", Duplicate);
        metrics.CompletionRecorded("pending-learner", PendingLearner);
        metrics.CompletionRecorded("rejected", Rejected);
    }

    public static CompletionBatchResponse From(IReadOnlyList<CompletionResult> results) => new(
        results.Count(r => r.Result == CompletionOutcome.Accepted),
        results.Count(r => r.Result == CompletionOutcome.Duplicate),
        results.Count(r => r.Result == CompletionOutcome.PendingLearner),
        results.Count(r => r.Result == CompletionOutcome.Rejected),
        results);
}

/// <summary>For documentation: the JSON body of POST /api/v1/completions.</summary>
public sealed record CompletionBatchRequest(IReadOnlyList<CompletionRecordBody> Completions);

public sealed record CompletionRecordBody(string ExternalId, string CourseCode, string CertificationNumber, string LastName, DateOnly CompletedOn);

/// <summary>A completion as the provider sees it; also the data of completion.* webhooks.</summary>
public sealed record CompletionResponse(
    Guid? Id,
    string? ExternalId,
    string? CourseCode,
    string? CertificationNumber,
    DateOnly? CompletedOn,
    CompletionState State,
    string? Code,
    string? Message,
    decimal? Ceus,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt);

public sealed record CompletionPage(IReadOnlyList<CompletionResponse> Items, string? NextCursor);

public sealed record LearnerCheckResponse(string CertificationNumber, bool Matches, CertificationStatus? Status);
