using Dapper;
using Microsoft.Extensions.Options;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Documents;

public sealed class UploadOptions
{
    /// <summary>Documents one account may upload per day (the organisation's calendar day).</summary>
    public int MaxPerDay { get; set; } = 50;

    /// <summary>Bytes one account may upload per day.</summary>
    public long MaxBytesPerDay { get; set; } = 200L * 1024 * 1024;

    /// <summary>Uploads one account may make in any rolling minute.</summary>
    public int MaxPerMinute { get; set; } = 10;
}

/// <summary>
/// Per-account upload quota and rate, counted from the documents table itself under a lock on the account's row, so
/// every API instance sees the same count and two parallel uploads cannot both take the last slot. Keyed on the
/// signed-in account only: nobody can use up someone else's quota.
/// </summary>
public static class UploadLimits
{
    public static IServiceCollection AddDocuments(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<UploadOptions>().Bind(configuration.GetSection("Recert:Uploads"))
            .Validate(o => o.MaxPerDay > 0 && o.MaxBytesPerDay > 0 && o.MaxPerMinute > 0, "Recert:Uploads limits must be positive.").ValidateOnStart();
        return services;
    }

    sealed record Usage(int Today, long BytesToday, int LastMinute, DateTime? OldestInMinute);

    public static async Task EnsureAllowedAsync(DbSession db, Guid userId, int sizeBytes, OrganisationClock clock, UploadOptions options, CancellationToken cancellationToken)
    {
        await db.Connection.ExecuteAsync(db.Command("select 1 from users where id = @UserId for update", new { UserId = userId }, cancellationToken));

        var now = clock.Now.UtcDateTime;
        var startOfDay = TimeZoneInfo.ConvertTimeToUtc(clock.Today.ToDateTime(TimeOnly.MinValue), clock.Zone);
        var minuteAgo = now.AddMinutes(-1);
        const string sql = """
            select count(*)::int as today, coalesce(sum(size_bytes), 0)::bigint as bytes_today,
                   (count(*) filter (where created_at > @MinuteAgo))::int as last_minute,
                   min(created_at) filter (where created_at > @MinuteAgo) as oldest_in_minute
            from documents
            where owner_user_id = @UserId and created_at >= @StartOfDay
            """;
        var usage = await db.Connection.QuerySingleAsync<Usage>(db.Command(sql, new { UserId = userId, StartOfDay = startOfDay, MinuteAgo = minuteAgo }, cancellationToken));

        // The minute may straddle midnight: the rate also counts yesterday's last seconds.
        var lastMinute = usage.LastMinute;
        DateTime? oldest = usage.OldestInMinute;
        if (minuteAgo < startOfDay)
        {
            const string straddle = "select count(*)::int, min(created_at) from documents where owner_user_id = @UserId and created_at > @MinuteAgo and created_at < @StartOfDay";
            var (before, oldestBefore) = await db.Connection.QuerySingleAsync<(int, DateTime?)>(db.Command(straddle, new { UserId = userId, StartOfDay = startOfDay, MinuteAgo = minuteAgo }, cancellationToken));
            lastMinute += before;
            oldest = oldestBefore ?? oldest;
        }

        if (lastMinute >= options.MaxPerMinute)
        {
            var retry = (oldest ?? now).AddMinutes(1) - now;
            throw new TooManyRequestsException($"Too many uploads: at most {options.MaxPerMinute} a minute. Wait a moment and try again.", "upload.rate", retry);
        }

        var untilMidnight = TimeZoneInfo.ConvertTimeToUtc(clock.Today.AddDays(1).ToDateTime(TimeOnly.MinValue), clock.Zone) - now;
        if (usage.Today >= options.MaxPerDay)
        {
            throw new TooManyRequestsException($"Daily upload limit reached: at most {options.MaxPerDay} documents a day. Try again tomorrow.", "upload.quota", untilMidnight);
        }

        if (usage.BytesToday + sizeBytes > options.MaxBytesPerDay)
        {
            throw new TooManyRequestsException(
                $"Daily upload limit reached: at most {options.MaxBytesPerDay / (1024 * 1024)} MB a day ({usage.BytesToday / (1024 * 1024)} MB used). Try again tomorrow.",
                "upload.quota", untilMidnight);
        }
    }
}
