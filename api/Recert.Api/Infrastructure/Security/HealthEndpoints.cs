using Dapper;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Recert.Api.Infrastructure.Security;

/// <summary>
/// /health/live: the process answers (restart it when not). /health/ready: PostgreSQL answers and every migration in
/// this build has run (send it traffic only then). /health is ready, which is what start-up scripts wait for.
/// Answers are the bare status (Healthy/Unhealthy), never exception text.
/// </summary>
public static class HealthEndpoints
{
    const string Ready = "ready";

    public static void AddRecertHealthChecks(IServiceCollection services)
        => services.AddHealthChecks()
            .AddNpgSql(provider => provider.GetRequiredService<NpgsqlDataSource>(), name: "postgresql", tags: [Ready], timeout: TimeSpan.FromSeconds(5))
            .AddCheck<MigrationsAppliedCheck>("migrations", tags: [Ready], timeout: TimeSpan.FromSeconds(5));

    public static void MapRecertHealthChecks(this IEndpointRouteBuilder app)
    {
        var ready = new HealthCheckOptions { Predicate = check => check.Tags.Contains(Ready) };
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", ready);
        app.MapHealthChecks("/health", ready);
    }
}

/// <summary>Healthy when every SQL script embedded under Migrations/ is recorded in DbUp's schemaversions table.</summary>
public sealed class MigrationsAppliedCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    static readonly string[] Scripts = typeof(Database).Assembly.GetManifestResourceNames()
        .Where(name => name.Contains(".Migrations.", StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal)
        .ToArray();

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            var applied = (await connection.QueryAsync<string>(new CommandDefinition(
                "select scriptname from schemaversions where scriptname = any (@Scripts)", new { Scripts }, cancellationToken: cancellationToken))).ToHashSet();
            var missing = Scripts.Count(s => !applied.Contains(s));
            return missing == 0
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"{missing} migrations have not run.");
        }
        catch (Exception exception) when (exception is NpgsqlException or PostgresException)
        {
            return HealthCheckResult.Unhealthy("The database cannot be read.");
        }
    }
}
