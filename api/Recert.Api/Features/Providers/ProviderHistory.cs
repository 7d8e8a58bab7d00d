using System.Globalization;
using System.Text.Json;
using Dapper;
using MediatR;
using Npgsql;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Providers;

public sealed record FieldChange(string Field, string? Before, string? After);

/// <param name="CourseId">Null for a change of the provider itself.</param>
public sealed record ProviderChangeResponse(long Id, Guid? CourseId, string? CourseCode, string ChangedBy, DateTimeOffset ChangedAt, IReadOnlyList<FieldChange> Changes);

/// <summary>Field-by-field history of staff edits; values are kept as the text the API shows (ISO dates, invariant decimals).</summary>
public static class ProviderChanges
{
    /// <summary>jsonb keeps no key order; the history lists fields in the order of the edit forms.</summary>
    static readonly string[] FieldOrder = ["name", "contactName", "contactEmail", "title", "ceus", "area", "approvedFrom", "approvedUntil", "activityId"];

    public static int Order(string field) => Array.IndexOf(FieldOrder, field) is var i and >= 0 ? i : FieldOrder.Length;

    public static string Text(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Text(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>The fields whose value differs, in the order given.</summary>
    public static IReadOnlyList<FieldChange> Diff(params (string Field, string? Before, string? After)[] fields)
        => fields.Where(f => !string.Equals(f.Before, f.After, StringComparison.Ordinal)).Select(f => new FieldChange(f.Field, f.Before, f.After)).ToList();

    public static async Task RecordAsync(DbSession db, Guid providerId, Guid? courseId, Guid changedBy, DateTimeOffset changedAt,
        IReadOnlyList<FieldChange> changes, CancellationToken cancellationToken)
    {
        const string sql = """
            insert into provider_changes (provider_id, course_id, changed_by, changed_at, before, after)
            values (@ProviderId, @CourseId, @ChangedBy, @ChangedAt, @Before::jsonb, @After::jsonb)
            """;
        await db.Connection.ExecuteAsync(db.Command(sql, new
        {
            ProviderId = providerId,
            CourseId = courseId,
            ChangedBy = changedBy,
            ChangedAt = changedAt.UtcDateTime,
            Before = JsonSerializer.Serialize(changes.ToDictionary(c => c.Field, c => c.Before)),
            After = JsonSerializer.Serialize(changes.ToDictionary(c => c.Field, c => c.After)),
        }, cancellationToken));
    }
}

public sealed record ProviderHistoryQuery(Guid ProviderId) : IQuery<IReadOnlyList<ProviderChangeResponse>>;

internal sealed class ProviderHistoryHandler(NpgsqlDataSource dataSource) : IRequestHandler<ProviderHistoryQuery, IReadOnlyList<ProviderChangeResponse>>
{
    sealed record ChangeRow(long Id, Guid? CourseId, string? CourseCode, string ChangedBy, DateTime ChangedAt, string Before, string After);

    public async Task<IReadOnlyList<ProviderChangeResponse>> Handle(ProviderHistoryQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await ProviderStore.FindAsync(connection, request.ProviderId, cancellationToken);
        const string sql = """
            select h.id, h.course_id, pc.code as course_code,
                   coalesce(nullif(trim(u.first_name || ' ' || u.last_name), ''), u.email) as changed_by,
                   h.changed_at, h.before::text as before, h.after::text as after
            from provider_changes h
            join users u on u.id = h.changed_by
            left join provider_courses pc on pc.id = h.course_id
            where h.provider_id = @ProviderId
            order by h.id desc
            limit 200
            """;
        var rows = await connection.QueryAsync<ChangeRow>(new CommandDefinition(sql, new { request.ProviderId }, cancellationToken: cancellationToken));
        return rows.Select(r =>
        {
            var before = JsonSerializer.Deserialize<Dictionary<string, string?>>(r.Before)!;
            var after = JsonSerializer.Deserialize<Dictionary<string, string?>>(r.After)!;
            var changes = after.Keys.OrderBy(ProviderChanges.Order).Select(field => new FieldChange(field, before.GetValueOrDefault(field), after[field])).ToList();
            return new ProviderChangeResponse(r.Id, r.CourseId, r.CourseCode, r.ChangedBy, new DateTimeOffset(DateTime.SpecifyKind(r.ChangedAt, DateTimeKind.Utc)), changes);
        }).ToList();
    }
}

public sealed record GetProviderQuery(Guid Id) : IQuery<ProviderResponse>;

internal sealed class GetProviderHandler(NpgsqlDataSource dataSource) : IRequestHandler<GetProviderQuery, ProviderResponse>
{
    public async Task<ProviderResponse> Handle(GetProviderQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await ProviderStore.FindAsync(connection, request.Id, cancellationToken)).ToResponse();
    }
}
