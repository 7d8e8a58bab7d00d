using MediatR;
using Npgsql;
using Recert.Api.Domain;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Certifications;

public sealed record GetLedgerQuery(string Number) : IQuery<LedgerResponse>;

public sealed record LedgerResponse(
    string Number,
    DateOnly CycleStart,
    DateOnly ExpiresOn,
    DateOnly LastCompletionDate,
    decimal Counted,
    decimal Required,
    IReadOnlyDictionary<string, decimal> ByArea,
    IReadOnlyList<LedgerEntry> Activities);

public sealed record LedgerEntry(
    Guid Id,
    CeuSource Source,
    string Title,
    CeuArea Area,
    decimal Ceus,
    DateOnly CompletedOn,
    ActivityState State,
    Guid? DocumentId,
    bool Counts,
    CountingReason Reason,
    string Explanation,
    bool Editable = false);

internal sealed class GetLedgerHandler(NpgsqlDataSource dataSource, ICurrentUser currentUser)
    : IRequestHandler<GetLedgerQuery, LedgerResponse>
{
    public async Task<LedgerResponse> Handle(GetLedgerQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var certification = await CertificationStore.FindAccessibleAsync(connection, request.Number, currentUser, cancellationToken);
        var rows = await CertificationStore.LoadActivitiesAsync(connection, certification.Id, cancellationToken);
        var tally = Ceus.Tally(certification.CycleStart, certification.ExpiresOn, rows.Select(r => r.ToDomain()));
        var locks = await EvidenceLocks.ActivityLocksAsync(connection, certification.Id, cancellationToken);

        var entries = rows.Zip(tally.Activities, (row, counted) => new LedgerEntry(
                row.Id,
                counted.Activity.Source,
                row.Title,
                counted.Activity.Area,
                row.Ceus,
                row.CompletedOn,
                counted.Activity.State,
                row.DocumentId,
                counted.Counts,
                counted.Reason,
                Explain(counted.Reason, certification),
                !currentUser.IsStaff && counted.Activity.Source == CeuSource.Other && locks.GetValueOrDefault(row.Id) is null))
            .OrderByDescending(e => e.CompletedOn)
            .ToList();

        return new LedgerResponse(
            certification.Number,
            certification.CycleStart,
            certification.ExpiresOn,
            SubmissionWindows.LastCompletionDate(certification.ExpiresOn),
            tally.Counted,
            tally.Required,
            AreaTotals(tally),
            entries);
    }

    public static IReadOnlyDictionary<string, decimal> AreaTotals(CeuTally tally)
        => tally.ByArea.ToDictionary(kv => EnumText.Of(kv.Key), kv => kv.Value);

    public static string Explain(CountingReason reason, CertificationRow certification) => reason switch
    {
        CountingReason.Counts => "Counts toward this cycle.",
        CountingReason.BeforeCycle => $"Completed before this cycle started on {HumanDates.Date(certification.CycleStart)}.",
        CountingReason.AfterCompletionWindow => $"Completed after {HumanDates.Date(SubmissionWindows.LastCompletionDate(certification.ExpiresOn))}, the last day that counts for this cycle.",
        CountingReason.NotApproved => "A petition counts once staff approve it.",
        CountingReason.Rejected => "Rejected: it does not count.",
        CountingReason.Voided => "Voided: it does not count.",
        CountingReason.MissingDocument => "Attach the certificate of completion for it to count.",
        CountingReason.Duplicate => "The same completion is already counted.",
        CountingReason.UsedInEarlierRenewal => "Already used for an earlier renewal.",
        _ => reason.ToString(),
    };
}
