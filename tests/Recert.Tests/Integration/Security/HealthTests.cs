using System.Net;
using Npgsql;
using Recert.Tests.Support;

namespace Recert.Tests.Integration.Security;

[Category("Integration")]
public sealed class HealthTests
{
    static RecertApp AppOn(string database) => new(new Dictionary<string, string?>
    {
        ["ConnectionStrings:Recert"] = new NpgsqlConnectionStringBuilder(TestDatabase.ConnectionString) { Database = database, Timeout = 5 }.ConnectionString,
        // The API migrates at start-up; these hosts are meant to find the database as it is.
        ["Recert:SkipMigrations"] = "true",
    });

    static async Task<(HttpStatusCode Live, HttpStatusCode Ready, HttpStatusCode Health, string ReadyBody)> ProbeAsync(RecertApp app)
    {
        var client = app.CreateClient();
        var ready = await client.GetAsync("/health/ready");
        return ((await client.GetAsync("/health/live")).StatusCode, ready.StatusCode, (await client.GetAsync("/health")).StatusCode, await ready.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task On_the_migrated_database_the_API_is_live_and_ready()
    {
        await using var app = AppOn(new NpgsqlConnectionStringBuilder(TestDatabase.ConnectionString).Database!);
        var (live, ready, health, _) = await ProbeAsync(app);
        Assert.That((live, ready, health), Is.EqualTo((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK)));
    }

    [Test]
    public async Task Pointed_at_a_missing_database_it_is_live_but_not_ready()
    {
        await using var app = AppOn("recert_missing_" + Guid.NewGuid().ToString("N")[..8]);
        var (live, ready, health, body) = await ProbeAsync(app);
        Assert.Multiple(() =>
        {
            Assert.That(live, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(ready, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(health, Is.EqualTo(HttpStatusCode.ServiceUnavailable), "/health is readiness");
            Assert.That(body, Is.EqualTo("Unhealthy"), "no exception text");
        });
    }

    [Test]
    public async Task On_a_database_without_the_migrations_it_is_not_ready()
    {
        var name = "recert_test_sec_unmigrated";
        await using (var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(TestDatabase.ConnectionString) { Database = "postgres" }.ConnectionString))
        {
            await admin.OpenAsync();
            await using var exists = new NpgsqlCommand($"select count(*) from pg_database where datname = '{name}'", admin);
            if ((long)(await exists.ExecuteScalarAsync())! == 0)
            {
                await using var create = new NpgsqlCommand($"create database {name}", admin);
                await create.ExecuteNonQueryAsync();
            }
        }

        await using var app = AppOn(name);
        var (live, ready, _, _) = await ProbeAsync(app);
        Assert.That((live, ready), Is.EqualTo((HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable)));
    }
}
