using Npgsql;
using Recert.Api.Infrastructure;

namespace Recert.Tests.Drills;

public sealed class DatabaseTuningTests
{
    [TestCase("Host=db;Database=recert", 32)]
    [TestCase("Host=db;Database=recert;Max Auto Prepare=0", 0)]
    [TestCase("Host=db;Database=recert;max auto prepare=5", 5)]
    public void Statements_are_auto_prepared_unless_the_connection_string_decides(string connectionString, int expected)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        Database.Tune(builder);
        Assert.That(builder.ConnectionStringBuilder.MaxAutoPrepare, Is.EqualTo(expected));
    }
}

public sealed class PoolSizeTests
{
    [TestCase("Host=db;Database=recert", Database.DefaultMaxPoolSize)]
    [TestCase("Host=db;Database=recert;Maximum Pool Size=50", 50)]
    [TestCase("Host=db;Database=recert;maximum pool size=7", 7)]
    public void The_pool_is_sized_for_the_database_unless_the_connection_string_decides(string connectionString, int expected)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        Database.Tune(builder);
        Assert.That(builder.ConnectionStringBuilder.MaxPoolSize, Is.EqualTo(expected));
    }
}
