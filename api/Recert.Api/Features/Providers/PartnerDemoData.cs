using Dapper;
using Microsoft.AspNetCore.Identity;
using Npgsql;

namespace Recert.Api.Features.Providers;

/// <summary>
/// With demo data on: a provider with a published, well-known API key and two courses, so that docs/partners.md's
/// curl examples work against a fresh local system. Never enable demo data in production: the key is public.
/// </summary>
public static class PartnerDemoData
{
    public const string ProviderName = "Demo Fitness Academy";
    public const string ApiKey = "rcp_demoprovider_local-demo-key-not-a-secret-0000";
    public const string KettlebellActivityId = "https://lms.demo.test/courses/kb-101";
    /// <summary>The demo provider's portal user (README.md), who has accepted the invitation.</summary>
    public const string PortalEmail = "provider@recert.local";
    public const string PortalPassword = "roster-upload-demo-2026";

    /// <summary>The demo provider, and its portal user with a known password.</summary>
    public static async Task EnsureAsync(NpgsqlDataSource dataSource, DateOnly today, IPasswordHasher<object> hasher, CancellationToken cancellationToken = default)
    {
        await EnsureAsync(dataSource, today, cancellationToken);
        const string sql = """
            with created as (
                insert into users (email, password_hash, first_name, last_name, role, email_verified_at)
                values (@Email, @PasswordHash, 'Pat', 'Lee', 'provider', now())
                on conflict (lower(email)) do nothing
                returning id)
            insert into provider_users (user_id, provider_id, invited_at)
            select created.id, p.id, now() from created join providers p on lower(p.name) = lower(@Name)
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(sql, new
        {
            Email = PortalEmail,
            PasswordHash = hasher.HashPassword(new object(), PortalPassword),
            Name = ProviderName,
        }, cancellationToken: cancellationToken));
    }

    public static async Task EnsureAsync(NpgsqlDataSource dataSource, DateOnly today, CancellationToken cancellationToken = default)
    {
        ProviderKeys.TryParsePrefix(ApiKey, out var prefix);
        const string sql = """
            with provider as (
                insert into providers (name, contact_name, contact_email, approved_from, approved_until)
                values (@Name, 'Pat Lee', 'partners@demo-fitness.test', @From, @Until)
                on conflict (lower(name)) do nothing
                returning id),
            courses as (
                insert into provider_courses (provider_id, code, title, ceus, area, approved_from, approved_until, activity_id)
                select id, 'KB-101', 'Kettlebell Fundamentals', 0.8, 'exercise-technique', @From, @Until, @ActivityId from provider
                union all
                select id, 'NUT-210', 'Sports Nutrition Basics', 0.6, 'nutrition', @From, @Until, null from provider)
            insert into provider_api_keys (provider_id, name, prefix, key_hash)
            select id, 'demo key (public, local use only)', @Prefix, @KeyHash from provider
            on conflict (prefix) do nothing
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(sql, new
        {
            Name = ProviderName,
            From = today.AddYears(-1),
            Until = today.AddYears(2),
            ActivityId = KettlebellActivityId,
            Prefix = prefix,
            KeyHash = ProviderKeys.Hash(ApiKey),
        }, cancellationToken: cancellationToken));
    }
}
