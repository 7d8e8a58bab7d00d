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
            await CreateIfMissingAsync(ConnectionString);
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

    /// <summary>Each run names its own database (scripts/test.sh): create it on first use, as the role may.</summary>
    static async Task CreateIfMissingAsync(string connectionString)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var name = target.Database ?? throw new InvalidOperationException("RECERT_TEST_DB names no database.");
        var maintenance = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
        await connection.OpenAsync();
        await using var exists = new NpgsqlCommand("select 1 from pg_database where datname = @name", connection);
        exists.Parameters.AddWithValue("name", name);
        if (await exists.ExecuteScalarAsync() is not null)
        {
            return;
        }

        var quoted = "\"" + name.Replace("\"", "\"\"") + "\"";
        await using var create = new NpgsqlCommand($"create database {quoted}", connection);
        try
        {
            await create.ExecuteNonQueryAsync();
        }
        catch (PostgresException error) when (error.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            // Another test process of the same run created it first.
        }
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
