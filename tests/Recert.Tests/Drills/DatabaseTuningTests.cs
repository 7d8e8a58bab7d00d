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

public sealed class ConnectionResetTests
{
    [TestCase("Host=db;Database=recert", true)]
    [TestCase("Host=db;Database=recert;No Reset On Close=false", false)]
    [TestCase("Host=db;Database=recert;no reset on close=true", true)]
    public void Pooled_connections_are_not_reset_unless_the_connection_string_decides(string connectionString, bool expected)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        Database.Tune(builder);
        Assert.That(builder.ConnectionStringBuilder.NoResetOnClose, Is.EqualTo(expected));
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

public sealed class LoopbackTlsTests
{
    [TestCase("Host=127.0.0.1;Database=recert", SslMode.Disable)]
    [TestCase("Host=localhost;Database=recert", SslMode.Disable)]
    [TestCase("Host=::1;Database=recert", SslMode.Disable)]
    [TestCase("Host=/var/run/postgresql;Database=recert", SslMode.Disable)]
    [TestCase("Host=127.0.0.1:5432,localhost:5433;Database=recert", SslMode.Disable)]
    [TestCase("Host=db;Database=recert", SslMode.Prefer)]
    [TestCase("Host=10.0.0.5;Database=recert", SslMode.Prefer)]
    [TestCase("Host=127.0.0.1,db.internal;Database=recert", SslMode.Prefer)]
    [TestCase("Host=127.0.0.1;Database=recert;SSL Mode=Require;Trust Server Certificate=true", SslMode.Require)]
    [TestCase("Host=localhost;Database=recert;sslmode=VerifyFull", SslMode.VerifyFull)]
    public void Loopback_databases_are_not_encrypted_unless_the_connection_string_decides(string connectionString, SslMode expected)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        Database.Tune(builder);
        Assert.That(builder.ConnectionStringBuilder.SslMode, Is.EqualTo(expected));
    }

    [Test]
    [Category("Integration")]
    public async Task A_connection_to_the_local_test_database_is_plain_even_when_the_server_offers_tls()
    {
        var builder = new NpgsqlDataSourceBuilder(TestDatabase.ConnectionString);
        Assume.That(Database.OnlyLoopback(builder.ConnectionStringBuilder.Host), "the test database is on another machine");
        Database.Tune(builder);
        await using var dataSource = builder.Build();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var offered = new NpgsqlCommand("show ssl", connection);
        Assume.That(await offered.ExecuteScalarAsync(), Is.EqualTo("on"), "the server offers no TLS: nothing to decline");
        await using var command = new NpgsqlCommand("select ssl from pg_stat_ssl where pid = pg_backend_pid()", connection);
        Assert.That(await command.ExecuteScalarAsync(), Is.False);
    }
}

[Category("Integration")]
public sealed class StartupLockTests
{
    [Test]
    public async Task A_second_instance_starting_waits_until_the_first_has_migrated()
    {
        var first = await Database.StartupLockAsync(TestDatabase.ConnectionString);
        var second = Database.StartupLockAsync(TestDatabase.ConnectionString);

        var winner = await Task.WhenAny(second, Task.Delay(TimeSpan.FromSeconds(1)));
        Assert.That(winner, Is.Not.SameAs(second), "the second start-up must wait for the lock");

        await first.DisposeAsync();
        await using var secondLock = await second.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.That(second.IsCompletedSuccessfully, Is.True);
    }
}
