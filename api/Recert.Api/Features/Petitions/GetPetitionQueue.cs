using Dapper;
using MediatR;
using Npgsql;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Petitions;

public sealed record PetitionGroup(
    string CourseKey,
    string Title,
    string ProviderName,
    int AwaitingReview,
    int AwaitingPayment,
    DateTimeOffset OldestPaidAt,
    int AgeDays,
    IReadOnlyList<PetitionResponse> Petitions);

/// <summary>Paid petitions waiting for staff, the same course and provider together, oldest first.</summary>
public sealed record PetitionQueueQuery : IQuery<IReadOnlyList<PetitionGroup>>;

internal sealed class PetitionQueueHandler(NpgsqlDataSource dataSource, OrganisationClock clock) : IRequestHandler<PetitionQueueQuery, IReadOnlyList<PetitionGroup>>
{
    public async Task<IReadOnlyList<PetitionGroup>> Handle(PetitionQueueQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<PetitionRow>(new CommandDefinition(
            PetitionStore.Select + " where p.status in ('awaiting-review', 'awaiting-payment') order by p.paid_at nulls last, p.created_at",
            cancellationToken: cancellationToken))).AsList();
        var now = clock.Now;
        return rows.GroupBy(r => r.CourseKey)
            .Where(g => g.Any(r => r.StatusValue == PetitionStatus.AwaitingReview))
            .Select(g =>
            {
                var paid = g.Where(r => r.StatusValue == PetitionStatus.AwaitingReview).ToList();
                var oldest = new DateTimeOffset(DateTime.SpecifyKind(paid.Min(r => r.PaidAt!.Value), DateTimeKind.Utc));
                return new PetitionGroup(g.Key, paid[0].Title, paid[0].ProviderName, paid.Count, g.Count() - paid.Count,
                    oldest, Math.Max(0, (int)(now - oldest).TotalDays), paid.Select(r => r.ToResponse()).ToList());
            })
            .OrderBy(g => g.OldestPaidAt)
            .ToList();
    }
}
