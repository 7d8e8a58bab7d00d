using FluentValidation;
using MediatR;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Completions;

/// <summary>One row of a roster as read, and what sending it now would give (the same rules as the recording, nothing written).</summary>
/// <param name="Row">The row's place among the data rows (1 is the first row under the header; blank rows are not counted).</param>
public sealed record RosterPreviewRow(
    int Index,
    int Row,
    string? ExternalId,
    string? CourseCode,
    string? CertificationNumber,
    string? LastName,
    DateOnly? CompletedOn,
    CompletionOutcome Expected,
    string? Code,
    string? Message);

public sealed record RosterPreviewResponse(RosterFormat Format, int Accepted, int Duplicate, int PendingLearner, int Rejected, IReadOnlyList<RosterPreviewRow> Rows);

/// <summary>
/// The portal's preview: a command only so that it runs in a transaction like the recording it predicts (the learner
/// look-up takes the same locks); it writes nothing, so a suspended provider may preview too (and sees why rows would fail).
/// </summary>
public sealed record PreviewRosterCommand(Guid ProviderId, Roster Roster) : ICommand<RosterPreviewResponse>;

public sealed class PreviewRosterValidator : AbstractValidator<PreviewRosterCommand>
{
    public PreviewRosterValidator()
        => RuleFor(c => c.Roster.Records.Count).InclusiveBetween(1, CompletionBatchReader.MaxRecords)
            .OverridePropertyName("file")
            .WithMessage($"Send 1 to {CompletionBatchReader.MaxRecords} rows.");
}

internal sealed class PreviewRosterHandler(CompletionRecorder recorder) : IRequestHandler<PreviewRosterCommand, RosterPreviewResponse>
{
    public async Task<RosterPreviewResponse> Handle(PreviewRosterCommand request, CancellationToken cancellationToken)
    {
        var records = request.Roster.Records;
        var results = await recorder.PreviewAsync(request.ProviderId, records, cancellationToken);
        var rows = results.Select(r =>
        {
            var record = records[r.Index];
            return new RosterPreviewRow(r.Index, r.Index + 1, record.ExternalId, record.CourseCode?.Trim(), record.CertificationNumber?.Trim(), record.LastName?.Trim(),
                record.CompletedOn, r.Result, r.Code, r.Message);
        }).ToList();
        return new RosterPreviewResponse(request.Roster.Format,
            rows.Count(r => r.Expected == CompletionOutcome.Accepted),
            rows.Count(r => r.Expected == CompletionOutcome.Duplicate),
            rows.Count(r => r.Expected == CompletionOutcome.PendingLearner),
            rows.Count(r => r.Expected == CompletionOutcome.Rejected),
            rows);
    }
}
