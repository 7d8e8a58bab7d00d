using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Npgsql;
using Recert.Tests.Support;

namespace Recert.Tests.Integration;

/// <summary>
/// Issue 16: today's eligibility answer is stored by the first read of the day (eligibility_answers, migration 0970) and
/// read back by the next ones. These tests hold it to "never stale": every change to what eligibility reads clears it in
/// the writer's transaction, an answer computed while a writer was still running is not kept, and an answer holds only
/// for its day and its build.
/// </summary>
public sealed class EligibilityAnswersTests : IntegrationTest
{
    static readonly DateOnly CycleStart = new(2025, 1, 1);
    static readonly DateOnly ExpiresOn = new(2026, 12, 31);
    static readonly DateOnly Today = new(2026, 6, 1);

    const string InsertActivity = """
        insert into ce_activities (certification_id, source, title, area, ceus, completed_on, state, course_key)
        values (@CertificationId, 'category-a', @CourseKey, 'nutrition', @Ceus, date '2025-03-01', 'recorded', @CourseKey)
        """;

    async Task<(HttpClient Staff, Guid CertificationId)> CertificationAsync(string number)
    {
        var staff = await StaffAsync();
        await CreateCertificationAsync(staff, number, HolderEmail(number), CycleStart, ExpiresOn);
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        return (staff, await connection.QuerySingleAsync<Guid>("select id from certifications where number = @number", new { number }));
    }

    static async Task<JsonObject> EligibilityAsync(HttpClient client, string number, string query = "")
    {
        var response = await client.GetAsync($"/api/v1/certifications/{number}/eligibility{query}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await ReadJsonAsync(response);
    }

    static decimal Counted(JsonObject eligibility) => eligibility["ceus"]!["counted"]!.GetValue<decimal>();

    sealed record StoredAnswer(long Version, DateOnly? AnsweredOn, string? Answer);

    static async Task<StoredAnswer?> StoredAsync(Guid certificationId)
    {
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        return await connection.QuerySingleOrDefaultAsync<StoredAnswer>(
            "select version, answered_on, answer from eligibility_answers where certification_id = @certificationId", new { certificationId });
    }

    // What a stored answer says is what the next read answers: marking the stored copy shows which one was read.
    static async Task MarkStoredAnswerAsync(Guid certificationId)
    {
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        await connection.ExecuteAsync(
            "update eligibility_answers set answer = jsonb_set(answer::jsonb, '{ceus,counted}', '99')::text where certification_id = @certificationId",
            new { certificationId });
    }

    [Test]
    public async Task The_first_read_of_the_day_stores_the_answer_and_the_next_reads_answer_from_it_unchanged()
    {
        var (staff, id) = await CertificationAsync("CPT-EA-1");
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        await connection.ExecuteAsync(InsertActivity, new { CertificationId = id, CourseKey = "ONE", Ceus = 0.7m });

        var first = await EligibilityAsync(staff, "CPT-EA-1");
        var stored = await StoredAsync(id);
        var second = await EligibilityAsync(staff, "CPT-EA-1");
        await MarkStoredAnswerAsync(id);
        var third = await EligibilityAsync(staff, "CPT-EA-1");
        await connection.ExecuteAsync("update eligibility_answers set answer = null"); // the marked answer is not one to keep

        Assert.Multiple(() =>
        {
            Assert.That(stored?.AnsweredOn, Is.EqualTo(Today));
            Assert.That(stored?.Answer, Is.Not.Null);
            Assert.That(second.ToJsonString(), Is.EqualTo(first.ToJsonString()), "the stored answer reads back as the computed one did");
            Assert.That(Counted(first), Is.EqualTo(0.7m));
            Assert.That(Counted(third), Is.EqualTo(99m), "the third read came from the stored answer");
        });
    }

    [Test]
    public async Task Every_change_to_what_eligibility_reads_clears_the_stored_answer_in_the_same_transaction()
    {
        var (staff, id) = await CertificationAsync("CPT-EA-2");
        var holder = await CertificantAsync(HolderEmail("CPT-EA-2"));
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        var seen = new List<string>();

        async Task<JsonObject> ChangeAndReadAsync(string change, Func<Task> write)
        {
            await EligibilityAsync(staff, "CPT-EA-2");
            await MarkStoredAnswerAsync(id);
            await write();
            var read = await EligibilityAsync(staff, "CPT-EA-2");
            if (Counted(read) == 99m)
            {
                seen.Add(change);
            }

            return read;
        }

        await ChangeAndReadAsync("an activity added", () => connection.ExecuteAsync(InsertActivity, new { CertificationId = id, CourseKey = "A", Ceus = 0.5m }));
        await ChangeAndReadAsync("an activity changed", () => connection.ExecuteAsync("update ce_activities set ceus = 0.6 where certification_id = @id", new { id }));
        await ChangeAndReadAsync("an activity deleted", () => connection.ExecuteAsync("delete from ce_activities where certification_id = @id", new { id }));
        await ChangeAndReadAsync("a card added", () => AddCardAsync(holder, "CPT-EA-2", new DateOnly(2027, 1, 1)));
        await ChangeAndReadAsync("a card changed", () => connection.ExecuteAsync("update cpr_aed_cards set expires_on = '2026-05-01' where certification_id = @id", new { id }));
        await ChangeAndReadAsync("the expiry moved", () => connection.ExecuteAsync("update certifications set expires_on = '2026-12-30' where id = @id", new { id }));
        var afterFees = await ChangeAndReadAsync("the fee schedule", async () =>
        {
            var put = await staff.PutAsJsonAsync("/api/v1/fee-schedule", new { effectiveFrom = "2026-06-01", currency = "USD", renewalCents = 12300, lateCents = 3500, additionalLateCents = 5000, forLifeCents = 29900, petitionCents = 2500 });
            Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK), await put.Content.ReadAsStringAsync());
        });
        await ChangeAndReadAsync("for life", () => connection.ExecuteAsync("update certifications set for_life = true where id = @id", new { id }));
        await ChangeAndReadAsync("the number's spelling", () => connection.ExecuteAsync("update certifications set number = 'cpt-ea-2' where id = @id", new { id }));

        Assert.Multiple(() =>
        {
            Assert.That(seen, Is.Empty, "changes after which the stored answer was still read");
            Assert.That(afterFees["fees"]!["renew"]!["items"]!.AsArray().Select(i => i!["amountCents"]!.GetValue<long>()), Does.Contain(12300L));
        });
    }

    [TestCase(true, TestName = "An answer computed while a writer was still running is not kept (the row existed)")]
    [TestCase(false, TestName = "An answer computed while a writer was still running is not kept (no row yet)")]
    public async Task An_answer_computed_while_a_writer_was_still_running_is_not_kept(bool answeredBefore)
    {
        var (staff, id) = await CertificationAsync(answeredBefore ? "CPT-EA-3" : "CPT-EA-4");
        var number = answeredBefore ? "CPT-EA-3" : "CPT-EA-4";
        await using var writer = new NpgsqlConnection(TestDatabase.ConnectionString);
        await writer.OpenAsync();
        if (answeredBefore)
        {
            await writer.ExecuteAsync(InsertActivity, new { CertificationId = id, CourseKey = "BEFORE", Ceus = 0.2m });
            await EligibilityAsync(staff, number);
            await writer.ExecuteAsync("update eligibility_answers set answer = null where certification_id = @id", new { id });
        }

        await using var transaction = await writer.BeginTransactionAsync();
        await writer.ExecuteAsync(InsertActivity, new { CertificationId = id, CourseKey = "DURING", Ceus = 1.0m }, transaction);
        var read = EligibilityAsync(staff, number);

        // The read saw the inputs as they were and now waits on the writer's row of eligibility_answers to store its answer.
        await using var observer = new NpgsqlConnection(TestDatabase.ConnectionString);
        var waited = false;
        for (var i = 0; i < 100 && !waited; i++)
        {
            waited = await observer.ExecuteScalarAsync<bool>(
                "select exists (select 1 from pg_stat_activity where wait_event_type = 'Lock' and query like '%insert into eligibility_answers%')");
            await Task.Delay(50);
        }

        await transaction.CommitAsync();
        var during = await read;
        var stored = await StoredAsync(id);
        var after = await EligibilityAsync(staff, number);

        Assert.Multiple(() =>
        {
            Assert.That(waited, Is.True, "the read's store waited for the writer");
            Assert.That(Counted(during), Is.EqualTo(answeredBefore ? 0.2m : 0m), "read before the writer committed");
            Assert.That(stored?.Answer, Is.Null, "the answer from before the commit was not kept");
            Assert.That(Counted(after), Is.EqualTo(answeredBefore ? 1.2m : 1.0m));
        });
    }

    [Test]
    public async Task An_answer_holds_for_its_day_and_a_read_for_another_date_neither_uses_nor_replaces_it()
    {
        var (staff, id) = await CertificationAsync("CPT-EA-5");
        var today = await EligibilityAsync(staff, "CPT-EA-5");
        await MarkStoredAnswerAsync(id);

        var otherDate = await EligibilityAsync(staff, "CPT-EA-5", "?on=2026-12-31");
        var storedAfterOtherDate = await StoredAsync(id);
        App.Time.Advance(TimeSpan.FromDays(1));
        var tomorrow = await EligibilityAsync(await StaffAsync(), "CPT-EA-5");
        var storedTomorrow = await StoredAsync(id);

        Assert.Multiple(() =>
        {
            Assert.That(today["on"]!.GetValue<string>(), Is.EqualTo("2026-06-01"));
            Assert.That(Counted(otherDate), Is.Zero);
            Assert.That(otherDate["on"]!.GetValue<string>(), Is.EqualTo("2026-12-31"));
            Assert.That(storedAfterOtherDate?.AnsweredOn, Is.EqualTo(Today), "a read for another date stores nothing");
            Assert.That(tomorrow["on"]!.GetValue<string>(), Is.EqualTo("2026-06-02"));
            Assert.That(Counted(tomorrow), Is.Zero, "yesterday's (marked) answer was not read");
            Assert.That(storedTomorrow?.AnsweredOn, Is.EqualTo(Today.AddDays(1)));
        });
    }

    [Test]
    public async Task An_answer_stored_by_another_build_is_not_read()
    {
        var (staff, id) = await CertificationAsync("CPT-EA-6");
        await EligibilityAsync(staff, "CPT-EA-6");
        await MarkStoredAnswerAsync(id);
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        await connection.ExecuteAsync("update eligibility_answers set computed_by = 'an older build' where certification_id = @id", new { id });

        var read = await EligibilityAsync(staff, "CPT-EA-6");

        Assert.That(Counted(read), Is.Zero);
    }

    [Test]
    public async Task Another_certificant_gets_404_whether_or_not_an_answer_is_stored()
    {
        var holder = await HolderAsync("CPT-EA-7", ExpiresOn);
        var other = await CertificantAsync("someone.else@example.test");
        await EligibilityAsync(holder, "CPT-EA-7");

        var response = await other.GetAsync("/api/v1/certifications/CPT-EA-7/eligibility");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
