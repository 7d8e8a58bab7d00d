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
