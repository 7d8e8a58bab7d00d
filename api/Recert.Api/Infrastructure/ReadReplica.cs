using System.Diagnostics.Metrics;
using Npgsql;

namespace Recert.Api.Infrastructure;

/// <summary>
/// Where reads that tolerate a little replication lag go: public verification, the approved-provider lists, staff search
/// and lists. <c>ConnectionStrings:RecertReadReplica</c> names a streaming standby, best as Npgsql multi-host
/// <c>Host=standby,primary;Target Session Attributes=prefer-standby</c> so that a standby that is down is skipped without
/// waiting for its timeout; unset, this is the primary itself. Writes, and reads that must see what the caller has just
/// changed (a certificant's own dashboard), use <see cref="NpgsqlDataSource"/>, the primary.
/// </summary>
public sealed class ReadReplicaDataSource : IAsyncDisposable
{
    readonly NpgsqlDataSource primary;
    readonly NpgsqlDataSource? replica;
    readonly Counter<long> fallbacks;
    readonly ILogger<ReadReplicaDataSource> logger;
    const long WarningIntervalMs = 10_000;
    long fallbackCount;
    long lastWarningAt = long.MinValue / 2;

    public ReadReplicaDataSource(NpgsqlDataSource primary, NpgsqlDataSource? replica, IMeterFactory meters, ILogger<ReadReplicaDataSource> logger)
    {
        this.primary = primary;
        this.replica = replica;
        this.logger = logger;
        fallbacks = meters.Create(RecertMetrics.MeterName)
            .CreateCounter<long>("recert.read_replica.fallbacks", "{read}", "Replica-routed reads that failed on the standby and were answered by the primary.");
    }

    /// <summary>Reads answered by the primary because the standby failed, since start (also the metric recert.read_replica.fallbacks).</summary>
    public long Fallbacks => Interlocked.Read(ref fallbackCount);

    /// <summary>False when no replica is configured: every read then goes to the primary.</summary>
    public bool IsSeparate => replica is not null;

    /// <summary>
    /// Runs a read on the replica; when the standby fails in a way that is not the query's fault (down, restarting, a
    /// connection cut, a query cancelled by recovery) the same read runs once more on the primary. Only for reads: a read
    /// has no commit whose outcome could be unknown, so running it twice is harmless.
    /// </summary>
    public async Task<T> ReadAsync<T>(Func<NpgsqlConnection, Task<T>> read, CancellationToken cancellationToken)
    {
        if (replica is null)
        {
            return await ReadOnAsync(primary, read, cancellationToken);
        }

        try
        {
            return await ReadOnAsync(replica, read, cancellationToken);
        }
        catch (NpgsqlException error) when (error.IsTransient && !cancellationToken.IsCancellationRequested)
        {
            fallbacks.Add(1);
            var total = Interlocked.Increment(ref fallbackCount);
            // A standby named alone keeps failing every read while it is down: one warning per interval, not one per read.
            var now = Environment.TickCount64;
            var last = Interlocked.Read(ref lastWarningAt);
            if (now - last >= WarningIntervalMs && Interlocked.CompareExchange(ref lastWarningAt, now, last) == last)
            {
                logger.LogWarning("Read replica unavailable ({Reason}); reads go to the primary ({Fallbacks} reads so far)", error.Message, total);
            }

            return await ReadOnAsync(primary, read, cancellationToken);
        }
    }

    static async Task<T> ReadOnAsync<T>(NpgsqlDataSource dataSource, Func<NpgsqlConnection, Task<T>> read, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await read(connection);
    }

    public ValueTask DisposeAsync()
    {
        if (Fallbacks > 0)
        {
            logger.LogWarning("Read replica: {Fallbacks} reads so far were answered by the primary because the standby failed", Fallbacks);
        }

        return replica?.DisposeAsync() ?? ValueTask.CompletedTask;
    }
}

public static class ReadReplicaSetup
{
    public const string ConnectionStringName = "RecertReadReplica";

    public static IServiceCollection AddReadReplica(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        services.AddSingleton(provider =>
        {
            NpgsqlDataSource? replica = null;
            if (!string.IsNullOrWhiteSpace(connectionString))
            {
                var builder = new NpgsqlDataSourceBuilder(connectionString);
                builder.UseLoggerFactory(provider.GetRequiredService<ILoggerFactory>());
                Database.Tune(builder);
                replica = builder.Build();
            }

            return new ReadReplicaDataSource(
                provider.GetRequiredService<NpgsqlDataSource>(),
                replica,
                provider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
                provider.GetRequiredService<ILogger<ReadReplicaDataSource>>());
        });
        return services;
    }
}
