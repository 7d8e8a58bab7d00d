using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Recert.Api.Infrastructure;
using Recert.Tests.Support;

namespace Recert.Tests.Integration;

/// <summary>
/// Issue 16, the read replica. A second database of the same schema plays the standby: what it holds differs from the
/// primary on purpose, so each answer shows where it was read.
/// </summary>
public sealed class ReadReplicaTests : IntegrationTest
{
    static string StandbyConnectionString => new NpgsqlConnectionStringBuilder(TestDatabase.ConnectionString)
    {
        Database = new NpgsqlConnectionStringBuilder(TestDatabase.ConnectionString).Database + "_standby",
    }.ConnectionString;

    protected override Dictionary<string, string?> Settings => new()
    {
        ["ConnectionStrings:" + ReadReplicaSetup.ConnectionStringName] = StandbyConnectionString,
    };

    [SetUp]
    public async Task EmptyStandbyAsync()
    {
        Database.Migrate(StandbyConnectionString, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        await using var standby = new NpgsqlConnection(StandbyConnectionString);
        await standby.ExecuteAsync("truncate certifications, providers, applications cascade");
    }

    static async Task ExecuteOnStandbyAsync(string sql, object? parameters = null)
    {
        await using var standby = new NpgsqlConnection(StandbyConnectionString);
        await standby.ExecuteAsync(sql, parameters);
    }

    /// <summary>The standby's copy of a primary row, as replication would deliver it, with a first name that tells them apart.</summary>
    static async Task CopyToStandbyAsync(string number, string firstName)
    {
        await using var primary = new NpgsqlConnection(TestDatabase.ConnectionString);
        var row = await primary.QuerySingleAsync("select id, number, last_name, email, cycle_start, expires_on from certifications where number = @number", new { number });
        await ExecuteOnStandbyAsync(
            "insert into certifications (id, number, first_name, last_name, email, cycle_start, expires_on) values (@id, @number, @firstName, @last_name, @email, @cycle_start, @expires_on)",
            new { row.id, row.number, firstName, row.last_name, row.email, row.cycle_start, row.expires_on });
    }

    static async Task<JsonObject> JsonAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    static IEnumerable<string> Names(JsonObject page, string field) => page["items"]!.AsArray().Select(i => i![field]!.GetValue<string>());

    [Test]
    public async Task Public_verification_reads_the_replica_and_counts_the_lookup_on_the_primary()
    {
        var staff = await StaffAsync();
        await CreateCertificationAsync(staff, "CPT-RR-1", "rr-1@example.test", new DateOnly(2025, 1, 1), new DateOnly(2026, 12, 31));
        await CopyToStandbyAsync("CPT-RR-1", "Standby");

        var answer = await JsonAsync(Anonymous(), "/api/v1/verify?number=CPT-RR-1&lastName=Rivera");

        await using var primary = new NpgsqlConnection(TestDatabase.ConnectionString);
        var counted = await primary.ExecuteScalarAsync<long>("select coalesce(sum(lookups), 0) from verification_lookups");
        Assert.Multiple(() =>
        {
            Assert.That(answer["holderName"]!.GetValue<string>(), Is.EqualTo("Standby Rivera"));
            Assert.That(counted, Is.EqualTo(1), "the lookup counter is a write: it goes to the primary");
        });
    }

    [Test]
    public async Task Approved_providers_and_staff_search_read_the_replica_the_staff_provider_list_the_primary()
    {
        var staff = await StaffAsync();
        await CreateCertificationAsync(staff, "CPT-RR-2", "rr-2@example.test", new DateOnly(2025, 1, 1), new DateOnly(2026, 12, 31));
        await ExecuteOnStandbyAsync("""
            insert into providers (name, contact_email, approved_from, approved_until) values ('Standby Gym', 'gym@example.test', '2026-01-01', '2027-12-31');
            insert into certifications (number, first_name, last_name, email, cycle_start, expires_on)
            values ('CPT-RR-3', 'Only', 'Onstandby', 'rr-3@example.test', '2025-01-01', '2026-12-31');
            """);

        var approved = await JsonAsync(Anonymous(), "/api/v1/providers");
        var providers = await JsonAsync(staff, "/api/v1/staff/providers");
        var search = await JsonAsync(staff, "/api/v1/staff/certifications?search=rr-");

        Assert.Multiple(() =>
        {
            Assert.That(Names(approved, "name"), Is.EqualTo(new[] { "Standby Gym" }));
            Assert.That(Names(providers, "name"), Is.Empty, "the staff list is reloaded right after a change: primary");
            Assert.That(Names(search, "number"), Is.EqualTo(new[] { "CPT-RR-3" }), "CPT-RR-2 has not reached this standby");
        });
    }

    [Test]
    public async Task Writes_and_the_holders_own_reads_stay_on_the_primary()
    {
        var staff = await StaffAsync();
        await CreateCertificationAsync(staff, "CPT-RR-4", "rr-4@example.test", new DateOnly(2025, 1, 1), new DateOnly(2026, 12, 31));
        await CopyToStandbyAsync("CPT-RR-4", "Standby");

        var certification = await JsonAsync(staff, "/api/v1/certifications/CPT-RR-4");

        await using var standby = new NpgsqlConnection(StandbyConnectionString);
        Assert.Multiple(async () =>
        {
            Assert.That(certification["holder"]!["firstName"]!.GetValue<string>(), Is.EqualTo("Dana"));
            Assert.That(await standby.ExecuteScalarAsync<long>("select count(*) from certifications where number = 'CPT-RR-4' and first_name = 'Dana'"), Is.Zero,
                "the create went to the primary only");
        });
    }
}

/// <summary>A standby that cannot be reached: the replica-routed reads are answered by the primary, never a 5xx.</summary>
public abstract class UnreachableReplicaTest : IntegrationTest
{
    /// <summary>In this helper's range of ports and listened on by nothing.</summary>
    protected const string ClosedPort = "5469";

    protected static NpgsqlConnectionStringBuilder Primary => new(TestDatabase.ConnectionString);

    [Test]
    public async Task Replica_routed_reads_succeed_from_the_primary()
    {
        var staff = await StaffAsync();
        await CreateCertificationAsync(staff, "CPT-RR-5", "rr-5@example.test", new DateOnly(2025, 1, 1), new DateOnly(2026, 12, 31));
        var anonymous = Anonymous();

        for (var attempt = 0; attempt < 3; attempt++)
        {
            var verify = await anonymous.GetAsync("/api/v1/verify?number=CPT-RR-5&lastName=Rivera");
            var providers = await anonymous.GetAsync("/api/v1/providers");
            var search = await staff.GetAsync("/api/v1/staff/certifications?search=CPT-RR-5");
            var queues = await staff.GetAsync("/api/v1/staff/queues");
            Assert.Multiple(async () =>
            {
                Assert.That(verify.StatusCode, Is.EqualTo(HttpStatusCode.OK), await verify.Content.ReadAsStringAsync());
                Assert.That((await verify.Content.ReadFromJsonAsync<JsonObject>())!["holderName"]!.GetValue<string>(), Is.EqualTo("Dana Rivera"));
                Assert.That(providers.StatusCode, Is.EqualTo(HttpStatusCode.OK));
                Assert.That(search.StatusCode, Is.EqualTo(HttpStatusCode.OK));
                Assert.That((await search.Content.ReadFromJsonAsync<JsonObject>())!["total"]!.GetValue<int>(), Is.EqualTo(1));
                Assert.That(queues.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            });
        }

        Assert.That(App.Services.GetRequiredService<ReadReplicaDataSource>().IsSeparate, Is.True);
    }
}

/// <summary>The documented set-up: Npgsql multi-host, the standby first and the primary after it, prefer-standby.</summary>
public sealed class MultiHostReplicaFallbackTests : UnreachableReplicaTest
{
    protected override Dictionary<string, string?> Settings => new()
    {
        ["ConnectionStrings:" + ReadReplicaSetup.ConnectionStringName] = new NpgsqlConnectionStringBuilder(TestDatabase.ConnectionString)
        {
            Host = $"127.0.0.1:{ClosedPort},{Primary.Host}:{Primary.Port}",
            TargetSessionAttributes = "prefer-standby",
        }.ConnectionString,
    };
}

/// <summary>A replica string naming the standby alone: Recert's own fallback answers from the primary.</summary>
public sealed class SingleHostReplicaFallbackTests : UnreachableReplicaTest
{
    protected override Dictionary<string, string?> Settings => new()
    {
        ["ConnectionStrings:" + ReadReplicaSetup.ConnectionStringName] = new NpgsqlConnectionStringBuilder(TestDatabase.ConnectionString)
        {
            Host = "127.0.0.1",
            Port = int.Parse(ClosedPort),
        }.ConnectionString,
    };
}
