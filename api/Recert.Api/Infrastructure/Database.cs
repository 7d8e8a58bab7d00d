using System.Data;
using Dapper;
using DbUp;
using Npgsql;

namespace Recert.Api.Infrastructure;

public static class Database
{
    static int configured;

    public static void ConfigureDapper()
    {
        if (Interlocked.Exchange(ref configured, 1) == 1)
        {
            return;
        }

        DefaultTypeMap.MatchNamesWithUnderscores = true;
        SqlMapper.AddTypeHandler(new DateOnlyHandler());
    }

    /// <summary>Connections per instance when the connection string does not say: about ten per core of a small database.</summary>
    public const int DefaultMaxPoolSize = 20;

    /// <summary>
    /// Statements used again and again (every read of a certification) are prepared on each pooled connection unless the
    /// connection string sets "Max Auto Prepare" itself (0 turns it off, e.g. behind a pooler that cannot keep them):
    /// it skips PostgreSQL's parse and plan on every call (see docs/BENCHMARKS.md).
    /// </summary>
    public static void Tune(NpgsqlDataSourceBuilder builder)
    {
        // NpgsqlConnectionStringBuilder.ContainsKey answers for every known keyword, so look at what was actually written.
        var written = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = builder.ConnectionString };
        if (!written.ContainsKey("Max Auto Prepare"))
        {
            builder.ConnectionStringBuilder.MaxAutoPrepare = 32;
        }

        // Npgsql runs DISCARD ALL on every reuse of a pooled connection (it cost a third of the eligibility read's throughput, docs/BENCHMARKS.md). Recert
        // keeps no session state on pooled connections: settings are `set local`, the only session-level advisory lock
        // (start-up) is on an unpooled connection of its own, no temporary tables or LISTEN.
        if (!written.ContainsKey("No Reset On Close"))
        {
            builder.ConnectionStringBuilder.NoResetOnClose = true;
        }

        // Npgsql's default of 100 equals PostgreSQL's max_connections: under a spike the server then spends its cores
        // starting backends and refusing connections instead of answering (docs/BENCHMARKS.md, "Dashboard spike").
        if (!new[] { "Maximum Pool Size", "Max Pool Size", "MaxPoolSize" }.Any(written.ContainsKey))
        {
            builder.ConnectionStringBuilder.MaxPoolSize = DefaultMaxPoolSize;
        }

        // Npgsql's default (Prefer) encrypts whenever the server offers TLS, loopback included, where it protects nothing
        // (reading loopback traffic needs the machine) and cost 14-19 % of a short read (docs/BENCHMARKS.md). Remote
        // databases keep the default; production sets "SSL Mode=VerifyFull" for them (docs/operations.md).
        if (!new[] { "SSL Mode", "SslMode" }.Any(written.ContainsKey) && OnlyLoopback(builder.ConnectionStringBuilder.Host))
        {
            builder.ConnectionStringBuilder.SslMode = SslMode.Disable;
        }
    }

    /// <summary>Every host is this machine: localhost, a loopback address or a Unix socket directory.</summary>
    public static bool OnlyLoopback(string? hosts)
    {
        if (string.IsNullOrWhiteSpace(hosts))
        {
            return false;
        }

        foreach (var entry in hosts.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var host = entry;
            if (host.StartsWith('['))
            {
                host = host[1..host.IndexOf(']', StringComparison.Ordinal)];
            }
            else if (host.Count(c => c == ':') == 1)
            {
                host = host[..host.IndexOf(':', StringComparison.Ordinal)];
            }

            var local = host.StartsWith('/')
                        || host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
                        || (System.Net.IPAddress.TryParse(host, out var address) && System.Net.IPAddress.IsLoopback(address));
            if (!local)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Any number; the same in every instance of Recert. See <see cref="StartupLockAsync"/>.</summary>
    const long StartupLockKey = 0x5245_4345_5254; // "RECERT"

    /// <summary>
    /// Serialises start-up across API instances that start together on one database: migrations and the reference and
    /// demo data they insert run in one instance at a time, so two instances never race on the same script or row.
    /// Held on a connection of its own until disposed.
    /// </summary>
    public static async Task<IAsyncDisposable> StartupLockAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        connectionString = Unpooled(connectionString);
        EnsureDatabase.For.PostgresqlDatabase(connectionString, new DbUp.Engine.Output.NoOpUpgradeLog());
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("select pg_advisory_lock(@Key)", new { Key = StartupLockKey }, cancellationToken: cancellationToken));
        return new StartupLock(connection);
    }

    sealed class StartupLock(NpgsqlConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            // The connection is unpooled: closing it ends the session, which releases the lock.
            await connection.DisposeAsync();
        }
    }

    /// <summary>Runs the numbered, forward-only SQL files under Migrations/ that have not run yet.</summary>
    public static void Migrate(string connectionString, ILogger logger)
    {
        connectionString = Unpooled(connectionString);
        EnsureDatabase.For.PostgresqlDatabase(connectionString);
        var upgrader = DeployChanges.To
            .PostgresqlDatabase(connectionString)
            .WithScriptsEmbeddedInAssembly(typeof(Database).Assembly, name => name.Contains(".Migrations.", StringComparison.Ordinal))
            .WithTransactionPerScript()
            .LogTo(new DbUpLogger(logger))
            .Build();

        var result = upgrader.PerformUpgrade();
        if (!result.Successful)
        {
            throw new InvalidOperationException($"Migration {result.ErrorScript?.Name} failed.", result.Error);
        }
    }

    /// <summary>
    /// Start-up runs once: its connections (DbUp's, the lock's) close when done instead of idling in a process-wide pool
    /// of their own for minutes, which with several apps in one process (the tests) used up the server's slots.
    /// </summary>
    static string Unpooled(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;

    sealed class DateOnlyHandler : SqlMapper.TypeHandler<DateOnly>
    {
        public override void SetValue(IDbDataParameter parameter, DateOnly value)
        {
            parameter.DbType = DbType.Date;
            parameter.Value = value;
        }

        public override DateOnly Parse(object value) => value switch
        {
            DateOnly date => date,
            DateTime dateTime => DateOnly.FromDateTime(dateTime),
            _ => DateOnly.Parse((string)value, System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    sealed class DbUpLogger(ILogger logger) : DbUp.Engine.Output.IUpgradeLog
    {
        public void LogTrace(string format, params object[] args) => logger.LogTrace(format, args);
        public void LogDebug(string format, params object[] args) => logger.LogDebug(format, args);
        public void LogInformation(string format, params object[] args) => logger.LogInformation(format, args);
        public void LogWarning(string format, params object[] args) => logger.LogWarning(format, args);
        public void LogError(string format, params object[] args) => logger.LogError(format, args);
        public void LogError(Exception ex, string format, params object[] args) => logger.LogError(ex, format, args);
    }
}
