using Npgsql;
using Recert.Api.Infrastructure;
using Respawn;
using Testcontainers.PostgreSql;

namespace Recert.Tests;

/// <summary>
/// One real PostgreSQL for the run: RECERT_TEST_DB when set (CI starts the machine's cluster), else a Testcontainers
/// container. Migrated once by DbUp like the API does; Respawn empties it before each integration test.
/// </summary>
[SetUpFixture]
public sealed class TestDatabase
{
    static PostgreSqlContainer? container;
    static Respawner? respawner;

    public static string ConnectionString { get; private set; } = "";

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("RECERT_TEST_DB");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            ConnectionString = fromEnvironment;
        }
        else
        {
            container = new PostgreSqlBuilder("postgres:15-alpine").Build();
            await container.StartAsync();
            ConnectionString = container.GetConnectionString();
        }

        Database.ConfigureDapper();
        Database.Migrate(ConnectionString, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (container is not null)
        {
            await container.DisposeAsync();
        }
    }

    public static async Task ResetAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        respawner ??= await Respawner.CreateAsync(connection, new RespawnerOptions
        {
            DbAdapter = DbAdapter.Postgres,
            SchemasToInclude = ["public"],
            TablesToIgnore = ["schemaversions"],
        });
        await respawner.ResetAsync(connection);
    }
}
