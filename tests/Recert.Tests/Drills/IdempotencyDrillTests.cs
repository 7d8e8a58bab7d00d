using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using Npgsql;
using Recert.Tests.Support;

namespace Recert.Tests.Drills;

/// <summary>
/// 1,000 concurrent deliveries of the same 10 batches (100 each): five batches replayed under their Idempotency-Key, five
/// re-sent without one (only the externalIds protect them). Every record must end up recorded exactly once.
/// </summary>
public sealed class IdempotencyDrillTests : PartnerTest
{
    const int Batches = 10;
    const int RecordsPerBatch = 20;
    const int ReplaysPerBatch = 100;
    const int Holders = 5;

    [Test]
    public async Task A_thousand_concurrent_replays_record_every_completion_exactly_once()
    {
        for (var h = 0; h < Holders; h++)
        {
            await HolderAsync($"CPT-60{h}", Expiry);
        }

        var provider = await ProviderAsync();
        var batches = Enumerable.Range(0, Batches).Select(b => Enumerable.Range(0, RecordsPerBatch).Select(i =>
        {
            var n = b * RecordsPerBatch + i;
            // One record in ten names a number nobody holds yet: it is kept as pending, once, under the pending-learner lock.
            var number = n % 10 == 9 ? $"CPT-PENDING-{n}" : $"CPT-60{n % Holders}";
            return Record($"idem-{b}-{i}", number, completedOn: new DateOnly(2025, 8, 1).AddDays(n).ToString("yyyy-MM-dd"));
        }).ToArray()).ToArray();
        string? KeyOf(int batch) => batch < Batches / 2 ? $"drill-key-{batch}" : null;

        var answers = new ConcurrentBag<(int Batch, bool Replayed, string Body, int Attempts)>();
        var unexpected = new ConcurrentQueue<string>();
        var sends = Enumerable.Range(0, Batches * ReplaysPerBatch).Select(async i =>
        {
            var batch = i % Batches;
            for (var attempt = 1; attempt <= 1000; attempt++)
            {
                using var response = await provider.Client.SendAsync(Batch(batches[batch], KeyOf(batch)));
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    answers.Add((batch, response.Headers.Contains("Idempotent-Replayed"), body, attempt));
                    return;
                }

                if (response.StatusCode == HttpStatusCode.Conflict && body.Contains("idempotency.in-flight", StringComparison.Ordinal))
                {
                    // What a client is told to do: the first request with this key is still running, retry shortly.
                    await Task.Delay(25);
                    continue;
                }

                unexpected.Enqueue($"batch {batch}: {(int)response.StatusCode} {body}");
                return;
            }

            unexpected.Enqueue($"batch {batch}: still in flight after 1,000 attempts");
        });
        await Task.WhenAll(sends);

        Assert.That(unexpected, Is.Empty, string.Join("\n", unexpected.Take(10)));
        Assert.That(answers, Has.Count.EqualTo(Batches * ReplaysPerBatch));
        TestContext.Progress.WriteLine($"Idempotency drill: {answers.Count} answers, {answers.Count(a => a.Replayed)} replayed, " +
                                       $"{answers.Sum(a => a.Attempts - 1)} in-flight retries.");

        for (var batch = 0; batch < Batches; batch++)
        {
            var mine = answers.Where(a => a.Batch == batch).ToList();
            var results = mine.Select(a => JsonNode.Parse(a.Body)!["results"]!.AsArray()).ToList();
            if (KeyOf(batch) is not null)
            {
                Assert.That(mine.Count(a => !a.Replayed), Is.EqualTo(1), $"batch {batch}: exactly one request runs under the key; every other one replays it");
                Assert.That(mine.Select(a => a.Body).Distinct().Count(), Is.EqualTo(1), $"batch {batch}: every replay answers byte for byte what the first answered");
            }

            for (var i = 0; i < RecordsPerBatch; i++)
            {
                var outcomes = results.Select(r => r[i]!["result"]!.GetValue<string>()).ToList();
                var recorded = outcomes.Count(o => o is "accepted" or "pending-learner");
                var ids = results.Select(r => r[i]!["completionId"]?.GetValue<Guid>()).Distinct().ToList();
                Assert.That(recorded, Is.EqualTo(KeyOf(batch) is null ? 1 : ReplaysPerBatch),
                    $"batch {batch} record {i}: without a key one answer records it and the others say duplicate; with a key all replay the one answer");
                Assert.That(outcomes.Where(o => o is not ("accepted" or "pending-learner")), Is.All.EqualTo("duplicate"));
                Assert.That(ids, Has.Count.EqualTo(1).And.None.Null, $"batch {batch} record {i}: every answer names the same completion");
            }
        }

        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        var stored = await connection.QuerySingleAsync<(long Completions, long DistinctIds, long Ledger, long DistinctLedger, long Accepted, long Pending, long Events)>(
            """
            select (select count(*) from completions),
                   (select count(distinct external_id) from completions),
                   (select count(*) from ce_activities where source = 'provider'),
                   (select count(distinct c.ce_activity_id) from completions c where c.ce_activity_id is not null),
                   (select count(*) from completions where state = 'accepted'),
                   (select count(*) from completions where state = 'pending-learner'),
                   (select count(*) from webhook_events where event_type = 'completion.accepted')
            """);
        const int total = Batches * RecordsPerBatch;
        Assert.That(stored, Is.EqualTo((total, total, total * 9 / 10, total * 9 / 10, total * 9 / 10, total / 10, total * 9 / 10)),
            "one completion per externalId, one ledger entry and one accepted event per accepted completion");
    }
}
