using Dapper;
using Npgsql;
using Recert.Api.Domain;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Providers;

public sealed record ProviderResponse(
    Guid Id,
    string Name,
    string? ContactName,
    string ContactEmail,
    DateOnly ApprovedFrom,
    DateOnly ApprovedUntil,
    bool Suspended,
    DateTimeOffset? SuspendedAt);

public sealed record PublicProviderResponse(Guid Id, string Name, DateOnly ApprovedFrom, DateOnly ApprovedUntil, int CourseCount);

public sealed record CourseResponse(
    Guid Id,
    string Code,
    string Title,
    decimal Ceus,
    CeuArea Area,
    DateOnly ApprovedFrom,
    DateOnly ApprovedUntil,
    string? ActivityId);

public sealed record PublicProviderPage(IReadOnlyList<PublicProviderResponse> Items, int Page, int PageSize, long Total);

public sealed record ProviderPage(IReadOnlyList<ProviderResponse> Items, int Page, int PageSize, long Total);

public sealed record ProviderRow(
    Guid Id,
    string Name,
    string? ContactName,
    string ContactEmail,
    DateOnly ApprovedFrom,
    DateOnly ApprovedUntil,
    DateTime? SuspendedAt)
{
    public ProviderResponse ToResponse() => new(Id, Name, ContactName, ContactEmail, ApprovedFrom, ApprovedUntil, SuspendedAt is not null,
        SuspendedAt is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null);

    public bool ApprovedOn(DateOnly date) => SuspendedAt is null && ApprovedFrom <= date && date <= ApprovedUntil;
}

public sealed record CourseRow(
    Guid Id,
    Guid ProviderId,
    string Code,
    string Title,
    decimal Ceus,
    string Area,
    DateOnly ApprovedFrom,
    DateOnly ApprovedUntil,
    string? ActivityId)
{
    public CourseResponse ToResponse() => new(Id, Code, Title, Ceus, EnumText.Parse<CeuArea>(Area), ApprovedFrom, ApprovedUntil, ActivityId);

    public bool ApprovedOn(DateOnly date) => ApprovedFrom <= date && date <= ApprovedUntil;
}

public static class ProviderStore
{
    public const string ProviderColumns = "id, name, contact_name, contact_email, approved_from, approved_until, suspended_at";
    public const string CourseColumns = "id, provider_id, code, title, ceus, area, approved_from, approved_until, activity_id";

    public static async Task<ProviderRow> FindAsync(NpgsqlConnection connection, Guid id, CancellationToken cancellationToken, NpgsqlTransaction? transaction = null, bool forShare = false)
    {
        var sql = $"select {ProviderColumns} from providers where id = @Id" + (forShare ? " for share" : "");
        return await connection.QuerySingleOrDefaultAsync<ProviderRow>(new CommandDefinition(sql, new { Id = id }, transaction, cancellationToken: cancellationToken))
               ?? throw new NotFoundException($"No provider {id}.");
    }

    public static async Task<IReadOnlyList<CourseRow>> CoursesAsync(NpgsqlConnection connection, Guid providerId, CancellationToken cancellationToken, NpgsqlTransaction? transaction = null)
    {
        var sql = $"select {CourseColumns} from provider_courses where provider_id = @ProviderId order by upper(code)";
        return (await connection.QueryAsync<CourseRow>(new CommandDefinition(sql, new { ProviderId = providerId }, transaction, cancellationToken: cancellationToken))).AsList();
    }

    /// <summary>Escapes LIKE wildcards so a search for "50%" finds "50%".</summary>
    public static string? LikePattern(string? search)
        => string.IsNullOrWhiteSpace(search) ? null : "%" + search.Trim().Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_") + "%";
}
