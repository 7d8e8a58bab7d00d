using Dapper;
using Microsoft.AspNetCore.Identity;
using Npgsql;

namespace Recert.Api.Infrastructure;

public sealed class DemoDataOptions
{
    public bool Enabled { get; set; }
    public string CertificantEmail { get; set; } = "demo@recert.local";
    public string CertificantPassword { get; set; } = "demo-password-2026";
}

/// <summary>
/// A certificant whose CPT expires in 60 days with 1.4 of the 2.0 CEUs and no CPR/AED card yet, so that the
/// README's walk-through has something left to do. Loaded once; later starts leave it as the user changed it.
/// </summary>
public static class DemoData
{
    public const string CertificationNumber = "CPT-100001";

    public static async Task EnsureAsync(NpgsqlDataSource dataSource, DemoDataOptions options, IPasswordHasher<object> hasher, DateOnly today, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        const string insertUser = """
            insert into users (email, password_hash, first_name, last_name, role, email_verified_at)
            values (@Email, @PasswordHash, 'Dana', 'Rivera', 'certificant', now())
            on conflict (lower(email)) do nothing
            returning id
            """;
        var userId = await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(insertUser, new
        {
            Email = options.CertificantEmail,
            PasswordHash = hasher.HashPassword(new object(), options.CertificantPassword),
        }, transaction, cancellationToken: cancellationToken));

        if (userId is null)
        {
            return;
        }

        var expiresOn = today.AddDays(60);
        const string insertCertification = """
            insert into certifications (number, credential, first_name, last_name, email, user_id, cycle_start, expires_on)
            values (@Number, 'CPT', 'Dana', 'Rivera', @Email, @UserId, @CycleStart, @ExpiresOn)
            on conflict (upper(number)) do nothing
            returning id
            """;
        var certificationId = await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(insertCertification, new
        {
            Number = CertificationNumber,
            Email = options.CertificantEmail,
            UserId = userId,
            CycleStart = expiresOn.AddYears(-2).AddDays(1),
            ExpiresOn = expiresOn,
        }, transaction, cancellationToken: cancellationToken));

        if (certificationId is not null)
        {
            const string insertActivities = """
                insert into ce_activities (certification_id, source, title, area, ceus, completed_on, state, course_key)
                values
                    (@Id, 'category-a', 'Corrective Exercise Foundations', 'exercise-technique', 0.9, @First, 'recorded', 'A:CES-101'),
                    (@Id, 'category-a', 'Nutrition Coaching Essentials', 'nutrition', 0.5, @Second, 'recorded', 'A:NUT-201'),
                    (@Id, 'category-a', 'Assessment Refresher (previous cycle)', 'assessment', 0.4, @Before, 'recorded', 'A:ASM-090')
                """;
            await connection.ExecuteAsync(new CommandDefinition(insertActivities, new
            {
                Id = certificationId,
                First = today.AddMonths(-14),
                Second = today.AddMonths(-5),
                Before = expiresOn.AddYears(-2).AddDays(-20),
            }, transaction, cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
