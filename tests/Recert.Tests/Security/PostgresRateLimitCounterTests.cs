using Npgsql;
using Recert.Api.Infrastructure.Security;

namespace Recert.Tests.Security;

public sealed class PostgresRateLimitCounterTests
{
    /// <summary>
    /// The partitioned limiter drops a partition once its IdleDuration passes 10 s; a limiter that always says "not idle"
    /// would keep one object per client address ever seen.
    /// </summary>
    [Test]
    public async Task A_partition_reports_how_long_it_has_been_idle_so_it_can_be_dropped()
    {
        await using var dataSource = NpgsqlDataSource.Create("Host=127.0.0.1;Database=unused");
        var counter = new PostgresRateLimitCounter(dataSource, TimeProvider.System);
        var partition = PostgresRateLimitCounter.Partition(counter, "test", "203.0.113.9", 10, TimeSpan.FromMinutes(1));
        using var limiter = partition.Factory(partition.PartitionKey);

        await Task.Delay(TimeSpan.FromMilliseconds(50));

        Assert.That(limiter.IdleDuration, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(40)));
        Assert.That(partition.PartitionKey, Is.EqualTo("test:203.0.113.9"));
    }
}
