using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Dapper;
using Npgsql;

namespace Recert.Api.Infrastructure.Security;

/// <summary>
/// A fixed-window rate limit whose counters live in PostgreSQL, so several API instances on one database allow one
/// budget between them: every rate limit policy of the API (sign-in, partner, verification) counts here. A request costs
/// one upsert on a pooled connection, returned before the endpoint runs. Partitions are keyed by a SHA-256 of scope and
/// partition (an address, a provider id); addresses are never stored. Windows are aligned to the clock, so all instances
/// agree on them; old ones are swept now and then by whoever opens a new window (every policy's window is one minute:
/// a longer one would need the sweep to know it).
/// </summary>
public sealed class PostgresRateLimitCounter(NpgsqlDataSource dataSource, TimeProvider timeProvider)
{
    /// <summary>Per caller address as <see cref="ClientAddress.PartitionKey"/> sees it (the real client behind a known proxy; an IPv6 /64).</summary>
    public static RateLimitPartition<string> PerClientAddress(PostgresRateLimitCounter counter, string scope, HttpContext context, int permitsPerWindow, TimeSpan window)
        => Partition(counter, scope, ClientAddress.PartitionKey(context), permitsPerWindow, window);

    public static RateLimitPartition<string> Partition(PostgresRateLimitCounter counter, string scope, string partition, int permitsPerWindow, TimeSpan window)
        => RateLimitPartition.Get(
            $"{scope}:{partition}",
            key => new Limiter(counter, SHA256.HashData(Encoding.UTF8.GetBytes(key)), permitsPerWindow, window));

    /// <summary>The limiter of a policy whose services are only known per request (policies added in Program.cs).</summary>
    public static RateLimitPartition<string> PerClientAddress(string scope, HttpContext context, int permitsPerWindow, TimeSpan window)
        => PerClientAddress(context.RequestServices.GetRequiredService<PostgresRateLimitCounter>(), scope, context, permitsPerWindow, window);

    /// <summary>The window now falls in (aligned to the clock, so every instance agrees) and the time left in it.</summary>
    public (DateTimeOffset Start, TimeSpan Left) CurrentWindow(TimeSpan window)
    {
        var now = timeProvider.GetUtcNow();
        var start = new DateTimeOffset(now.UtcTicks - now.UtcTicks % window.Ticks, TimeSpan.Zero);
        return (start, start + window - now);
    }

    /// <summary>Counts one hit in the current window; true while the window's hits are within <paramref name="permits"/>.</summary>
    public async Task<(bool Allowed, DateTimeOffset WindowStart, TimeSpan RetryAfter)> HitAsync(byte[] key, int permits, TimeSpan window, CancellationToken cancellationToken)
    {
        // One round trip. Not waiting for the WAL flush: a crash can forget the last moment's hits, which a rate limit
        // can afford, and the hot row of a busy partition is locked for the upsert, not for a disk flush (about ten
        // times the statements a second on one row, docs/BENCHMARKS.md).
        const string hit = """
            begin;
            set local synchronous_commit = off;
            insert into rate_limit_windows (key, window_start, hits) values (@Key, @WindowStart, 1)
            on conflict (key, window_start) do update set hits = rate_limit_windows.hits + 1
            returning hits;
            commit;
            """;
        const string sweep = "delete from rate_limit_windows where window_start < @Before";

        var (windowStart, retryAfter) = CurrentWindow(window);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var hits = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            hit, new { Key = key, WindowStart = windowStart.UtcDateTime }, cancellationToken: cancellationToken));
        if (hits == 1 && Random.Shared.Next(64) == 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(sweep, new { Before = (windowStart - window).UtcDateTime }, cancellationToken: cancellationToken));
        }

        return (hits <= permits, windowStart, retryAfter);
    }

    /// <summary>
    /// Never grants synchronously, so the rate limiting middleware always takes the asynchronous (database) path. The
    /// count is the database's, so the partitioned limiter may drop an idle one (10 s unused) and lose nothing but the
    /// denied window: a partition per client address must not stay in memory for ever.
    /// </summary>
    sealed class Limiter(PostgresRateLimitCounter counter, byte[] key, int permits, TimeSpan window) : RateLimiter
    {
        long lastUsed = Stopwatch.GetTimestamp();

        public override TimeSpan? IdleDuration => Stopwatch.GetElapsedTime(Interlocked.Read(ref lastUsed));

        public override RateLimiterStatistics? GetStatistics() => null;

        protected override RateLimitLease AttemptAcquireCore(int permitCount) => Lease.Denied(null);

        /// <summary>
        /// The window this instance already saw over the limit. Hits only grow within a window, so the rest of it is
        /// denied here without a statement: a flood of rejected requests costs the database nothing more.
        /// </summary>
        long deniedWindowStartTicks = -1;

        protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
        {
            Interlocked.Exchange(ref lastUsed, Stopwatch.GetTimestamp());
            var (currentWindowStart, timeLeft) = counter.CurrentWindow(window);
            if (Interlocked.Read(ref deniedWindowStartTicks) == currentWindowStart.UtcTicks)
            {
                return Lease.Denied(timeLeft);
            }

            var (allowed, windowStart, retryAfter) = await counter.HitAsync(key, permits, window, cancellationToken);
            if (!allowed)
            {
                Interlocked.Exchange(ref deniedWindowStartTicks, windowStart.UtcTicks);
            }

            return allowed ? Lease.Granted : Lease.Denied(retryAfter);
        }
    }

    sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Granted = new(true, null);

        public static Lease Denied(TimeSpan? retryAfter) => new(false, retryAfter);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName == MetadataName.RetryAfter.Name ? retryAfter : null;
            return metadata is not null;
        }
    }
}
