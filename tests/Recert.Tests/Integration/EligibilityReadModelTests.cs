using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using Npgsql;
using NpgsqlTypes;
using Recert.Tests.Support;

namespace Recert.Tests.Integration;

/// <summary>
/// Issue 16, the eligibility read model: eligibility is read from certification_eligibility_inputs, kept by triggers in
/// the same transaction as each change to ce_activities and cpr_aed_cards. Every integration test also checks, when it
/// ends, that the model says what the tables say (IntegrationTest's tear-down); these tests take the paths the use
/// cases rarely take: many activities, COPY, and two writers whose commits cross.
/// </summary>
public sealed class EligibilityReadModelTests : IntegrationTest
{
    static readonly DateOnly CycleStart = new(2025, 1, 1);
    static readonly DateOnly ExpiresOn = new(2026, 12, 31);

    async Task<(HttpClient Staff, Guid CertificationId)> CertificationAsync(string number)
    {
        var staff = await StaffAsync();
        await CreateCertificationAsync(staff, number, HolderEmail(number), CycleStart, ExpiresOn);
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        return (staff, await connection.QuerySingleAsync<Guid>("select id from certifications where number = @number", new { number }));
    }

    const string InsertActivity = """
        insert into ce_activities (certification_id, source, title, area, ceus, completed_on, state, course_key)
        values (@CertificationId, 'category-a', @CourseKey, 'nutrition', @Ceus, @CompletedOn, 'recorded', @CourseKey)
        """;

    static async Task<decimal> CountedAsync(HttpClient staff, string number)
    {
        var response = await staff.GetAsync($"/api/v1/certifications/{number}/eligibility");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var body = await ReadJsonAsync(response);
        return body["ceus"]!["counted"]!.GetValue<decimal>();
    }

    static async Task<int[]> ChunkSizesAsync(Guid certificationId)
    {
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        return (await connection.QueryAsync<int>(
            "select cardinality(activity_ids) from certification_eligibility_inputs where certification_id = @certificationId order by chunk",
            new { certificationId })).ToArray();
    }

    [Test]
    public async Task Hundreds_of_activities_are_kept_in_chunks_that_a_change_rebuilds_and_all_of_them_count()
    {
        var (staff, id) = await CertificationAsync("CPT-RM-1");
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        for (var i = 0; i < 40; i++)
        {
            await connection.ExecuteAsync(InsertActivity, new { CertificationId = id, CourseKey = $"ONE-{i}", Ceus = 0.05m, CompletedOn = new DateOnly(2025, 3, 1) });
        }

        // One statement adding 30 to one certification appends them to its last chunk together.
        await connection.ExecuteAsync("""
            insert into ce_activities (certification_id, source, title, area, ceus, completed_on, state, course_key)
            select @id, 'category-a', 'MANY-' || i, 'nutrition', 0.05, date '2025-04-01', 'recorded', 'MANY-' || i
            from generate_series(1, 30) as i
            """, new { id });
        var appended = await ChunkSizesAsync(id);
        var countedBefore = await CountedAsync(staff, "CPT-RM-1");

        await connection.ExecuteAsync("update ce_activities set state = 'voided' where certification_id = @id and course_key = 'ONE-0'", new { id });
        var rebuilt = await ChunkSizesAsync(id);
        var countedAfter = await CountedAsync(staff, "CPT-RM-1");

        Assert.Multiple(() =>
        {
            Assert.That(appended, Is.EqualTo(new[] { 8, 8, 8, 8, 8, 30 }), "appends fill a chunk to 8, then start the next; one statement's rows stay together");
            Assert.That(countedBefore, Is.EqualTo(3.5m), "70 × 0.05 CEU, read from every chunk");
            Assert.That(rebuilt, Is.EqualTo(new[] { 8, 8, 8, 8, 8, 8, 8, 8, 6 }), "an update rebuilds the chunks from the table");
            Assert.That(countedAfter, Is.EqualTo(3.45m));
        });
    }

    [Test]
    public async Task Rows_written_with_COPY_and_deleted_rows_are_reflected()
    {
        var (staff, id) = await CertificationAsync("CPT-RM-2");
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        await connection.OpenAsync();
        await using (var import = await connection.BeginBinaryImportAsync(
            "copy ce_activities (certification_id, source, title, area, ceus, completed_on, state, course_key) from stdin (format binary)"))
        {
            foreach (var (key, ceus) in new[] { ("COPY-1", 0.5m), ("COPY-2", 0.7m), ("COPY-3", 0.3m) })
            {
                await import.StartRowAsync();
                await import.WriteAsync(id, NpgsqlDbType.Uuid);
                await import.WriteAsync("provider", NpgsqlDbType.Text);
                await import.WriteAsync(key, NpgsqlDbType.Text);
                await import.WriteAsync("assessment", NpgsqlDbType.Text);
                await import.WriteAsync(ceus, NpgsqlDbType.Numeric);
                await import.WriteAsync(new DateOnly(2025, 6, 1), NpgsqlDbType.Date);
                await import.WriteAsync("recorded", NpgsqlDbType.Text);
                await import.WriteAsync(key, NpgsqlDbType.Text);
            }

            await import.CompleteAsync();
        }

        var copied = await CountedAsync(staff, "CPT-RM-2");
        await connection.ExecuteAsync("delete from ce_activities where certification_id = @id and course_key = 'COPY-2'", new { id });
        var afterDelete = await CountedAsync(staff, "CPT-RM-2");

        Assert.Multiple(() =>
        {
            Assert.That(copied, Is.EqualTo(1.5m));
            Assert.That(afterDelete, Is.EqualTo(0.8m));
        });
    }

    [Test]
    public async Task When_two_writers_commit_in_the_other_order_the_first_recorded_duplicate_still_wins()
    {
        var (staff, id) = await CertificationAsync("CPT-RM-3");
        var completedOn = new DateOnly(2025, 5, 5);
        await using var first = new NpgsqlConnection(TestDatabase.ConnectionString);
        await using var second = new NpgsqlConnection(TestDatabase.ConnectionString);
        await first.OpenAsync();
        await second.OpenAsync();

        // The same completion reported twice (same course key and date) counts once: the first recorded, by created_at.
        await using var earlier = await first.BeginTransactionAsync();
        await first.ExecuteAsync("select now()", transaction: earlier);
        await Task.Delay(20);
        await using (var later = await second.BeginTransactionAsync())
        {
            await second.ExecuteAsync(InsertActivity, new { CertificationId = id, CourseKey = "SAME", Ceus = 1.0m, CompletedOn = completedOn }, later);
            await later.CommitAsync();
        }

        await first.ExecuteAsync(InsertActivity, new { CertificationId = id, CourseKey = "SAME", Ceus = 0.4m, CompletedOn = completedOn }, earlier);
        await earlier.CommitAsync();

        var storedOrder = await first.QuerySingleAsync<decimal[]>(
            "select activity_ceus from certification_eligibility_inputs where certification_id = @id and chunk = 0", new { id });
        var counted = await CountedAsync(staff, "CPT-RM-3");
        Assert.Multiple(() =>
        {
            Assert.That(storedOrder, Is.EqualTo(new[] { 1.0m, 0.4m }), "the model holds them in commit order");
            Assert.That(counted, Is.EqualTo(0.4m), "the earlier transaction recorded first");
        });
    }

    [Test]
    public async Task Guids_sort_in_dotnet_as_uuids_sort_in_PostgreSQL()
    {
        var ids = Enumerable.Range(0, 500).Select(_ => Guid.NewGuid())
            .Concat([Guid.Parse("ffffffff-0000-0000-0000-000000000000"), Guid.Parse("7fffffff-ffff-ffff-ffff-ffffffffffff"), Guid.Parse("00000000-8000-0000-0000-000000000000")])
            .ToArray();
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        var byPostgres = (await connection.QueryAsync<Guid>("select id from unnest(@ids) as t(id) order by id", new { ids })).ToArray();
        var byDotnet = ids.Order().ToArray();
        Assert.That(byDotnet, Is.EqualTo(byPostgres));
    }

    [Test]
    public async Task Cards_are_rebuilt_on_every_change_and_decide_CPR_and_AED()
    {
        var holder = await HolderAsync("CPT-RM-4", ExpiresOn);
        await AddCardAsync(holder, "CPT-RM-4", new DateOnly(2026, 3, 1), kind: "cpr");
        await AddCardAsync(holder, "CPT-RM-4", new DateOnly(2027, 3, 1), kind: "aed");
        var before = await ReadJsonAsync(await holder.GetAsync("/api/v1/certifications/CPT-RM-4/eligibility"));

        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        await connection.ExecuteAsync("update cpr_aed_cards set expires_on = '2027-06-01' where kind = 'cpr'");
        var after = await ReadJsonAsync(await holder.GetAsync("/api/v1/certifications/CPT-RM-4/eligibility"));

        Assert.Multiple(() =>
        {
            Assert.That(before["cprCurrent"]!.GetValue<bool>(), Is.False, "the CPR card expired 2026-03-01; today is 2026-06-01");
            Assert.That(before["aedCurrent"]!.GetValue<bool>(), Is.True);
            Assert.That(after["cprCurrent"]!.GetValue<bool>(), Is.True);
        });
    }
}
