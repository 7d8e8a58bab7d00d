using Dapper;
using Microsoft.AspNetCore.Identity;
using Npgsql;

namespace Recert.Api.Infrastructure;

public sealed class BootstrapStaffOptions
{
    public string? Email { get; set; }
    public string? Password { get; set; }
}

/// <summary>What every database needs before the first request: reference data and the bootstrap staff account.</summary>
public static class ReferenceData
{
    public static async Task EnsureAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        const string sql = """
            insert into fee_schedules (effective_from, currency, renewal_cents, late_cents, additional_late_cents, for_life_cents, petition_cents)
            select '2000-01-01', 'USD', 9900, 3000, 5000, 29900, 2500
            where not exists (select 1 from fee_schedules);

            insert into cpr_aed_issuers (name, sort_order)
            select name, sort_order from (values
                ('American Red Cross', 1),
                ('American Heart Association', 2),
                ('ASHI', 3),
                ('ECSI', 4),
                ('National Safety Council', 5),
                ('other', 99)) as defaults (name, sort_order)
            where not exists (select 1 from cpr_aed_issuers);
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(sql, cancellationToken: cancellationToken));
    }

    public static async Task EnsureBootstrapStaffAsync(
        NpgsqlDataSource dataSource,
        BootstrapStaffOptions options,
        IPasswordHasher<object> hasher,
        CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(options.Email) || string.IsNullOrWhiteSpace(options.Password))
        {
            return;
        }

        const string sql = """
            insert into users (email, password_hash, first_name, last_name, role, email_verified_at)
            values (@Email, @PasswordHash, 'Recertification', 'Staff', 'staff', now())
            on conflict (lower(email)) do nothing
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            sql,
            new { Email = options.Email.Trim(), PasswordHash = hasher.HashPassword(new object(), options.Password) },
            cancellationToken: cancellationToken));
    }
}
