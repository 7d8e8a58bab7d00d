using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Recert.Benchmarks;

/// <summary>
/// Provider ingest, end to end: POST /api/v1/completions in batches against a running API (completions per second as the
/// client sees them), and the floor: the same rows written with binary COPY (Npgsql BeginBinaryImport) into the same
/// tables (completions, ce_activities, webhook_events) in one transaction.
///   ingest &lt;url&gt; &lt;key&gt; &lt;batch&gt; &lt;total&gt; &lt;concurrency&gt; &lt;certs&gt; &lt;run-id&gt;
///   copy &lt;connection string&gt; &lt;provider id&gt; &lt;course code&gt; &lt;total&gt; &lt;certs&gt; &lt;run-id&gt;
/// Output: one line "completions=N seconds=S per_second=R p50_ms=.. p99_ms=.. accepted=.. other=..".
/// </summary>
public static class IngestBench
{
    static readonly DateOnly FirstDate = new(2025, 1, 1);

    /// <summary>Learner n (1-based) of the bench data set: BENCH-000042 / Number42 (bench/seed.sql).</summary>
    static (string Number, string LastName) Learner(int n) => ($"BENCH-{n:000000}", $"Number{n}");

    static DateOnly DateOf(long seq) => FirstDate.AddDays((int)(seq % 600));

    public static async Task<int> RunAsync(string[] args)
    {
        switch (args[0])
        {
            case "ingest":
                await IngestAsync(new Uri(args[1]), args[2], int.Parse(args[3]), int.Parse(args[4]), int.Parse(args[5]), int.Parse(args[6]), args[7]);
                return 0;
            case "copy":
                await CopyAsync(args[1], Guid.Parse(args[2]), args[3], int.Parse(args[4]), int.Parse(args[5]), args[6]);
                return 0;
            default:
                Console.Error.WriteLine("ingest|copy ...");
                return 2;
        }
    }

    static async Task IngestAsync(Uri url, string key, int batch, int total, int concurrency, int certs, string runId)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = url, Timeout = TimeSpan.FromMinutes(5) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var requests = total / batch;
        var latencies = new double[requests];
        var next = -1;
        long accepted = 0, other = 0, failed = 0;

        // Bodies are built before the clock starts, so the client's JSON work is not measured.
        var bodies = Enumerable.Range(0, requests).Select(r => Body(r, batch, certs, runId)).ToArray();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int r;
            while ((r = Interlocked.Increment(ref next)) < requests)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await http.PostAsync("/api/v1/completions", new ByteArrayContent(bodies[r]) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } });
                var text = await response.Content.ReadAsStringAsync();
                latencies[r] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref failed);
                    if (failed < 3)
                    {
                        Console.Error.WriteLine($"{(int)response.StatusCode} {text[..Math.Min(300, text.Length)]}");
                    }

                    continue;
                }

                using var json = JsonDocument.Parse(text);
                var ok = json.RootElement.GetProperty("accepted").GetInt32();
                Interlocked.Add(ref accepted, ok);
                Interlocked.Add(ref other, batch - ok);
            }
        }));
        var seconds = clock.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        Console.WriteLine($"completions={requests * batch} seconds={seconds:0.000} per_second={requests * batch / seconds:0} " +
                          $"p50_ms={latencies[requests / 2]:0.0} p99_ms={latencies[Math.Min(requests - 1, requests * 99 / 100)]:0.0} accepted={accepted} other={other} failed_requests={failed}");
    }

    static byte[] Body(int request, int batch, int certs, string runId)
    {
        var builder = new StringBuilder("{\"completions\":[");
        for (var i = 0; i < batch; i++)
        {
            long seq = (long)request * batch + i;
            var (number, lastName) = Learner((int)(seq * 7919 % certs) + 1);
            builder.Append(i == 0 ? "" : ",")
                .Append("{\"externalId\":\"").Append(runId).Append('-').Append(seq)
                .Append("\",\"courseCode\":\"ING-1\",\"certificationNumber\":\"").Append(number)
                .Append("\",\"lastName\":\"").Append(lastName)
                .Append("\",\"completedOn\":\"").Append(DateOf(seq).ToString("yyyy-MM-dd")).Append("\"}");
        }

        return Encoding.UTF8.GetBytes(builder.Append("]}").ToString());
    }

    /// <summary>The rows the API writes per accepted completion, written with binary COPY: the floor for any ingest path.</summary>
    static async Task CopyAsync(string connectionString, Guid providerId, string courseCode, int total, int certs, string runId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        Guid courseId;
        string title, area;
        decimal ceus;
        await using (var course = new NpgsqlCommand("select id, title, area, ceus from provider_courses where provider_id = $1 and code = $2", connection)
                     { Parameters = { new() { Value = providerId }, new() { Value = courseCode } } })
        await using (var reader = await course.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            (courseId, title, area, ceus) = (reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetDecimal(3));
        }

        var certificationIds = new Dictionary<string, Guid>();
        await using (var lookup = new NpgsqlCommand("select number, id from certifications where number like 'BENCH-%'", connection))
        await using (var reader = await lookup.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                certificationIds[reader.GetString(0)] = reader.GetGuid(1);
            }
        }

        var now = DateTime.UtcNow;
        var rows = Enumerable.Range(0, total).Select(i =>
        {
            var (number, lastName) = Learner((int)((long)i * 7919 % certs) + 1);
            return (Seq: i, Number: number, LastName: lastName, CertificationId: certificationIds[number], Completion: Guid.CreateVersion7(), Activity: Guid.CreateVersion7(), Event: Guid.CreateVersion7());
        }).ToList();

        var clock = Stopwatch.StartNew();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var activities = await connection.BeginBinaryImportAsync(
                         "copy ce_activities (id, certification_id, source, title, area, ceus, completed_on, state, course_key, created_at) from stdin (format binary)"))
        {
            var courseKey = $"P:{providerId}:{courseCode}";
            foreach (var row in rows)
            {
                await activities.StartRowAsync();
                await activities.WriteAsync(row.Activity, NpgsqlDbType.Uuid);
                await activities.WriteAsync(row.CertificationId, NpgsqlDbType.Uuid);
                await activities.WriteAsync("provider", NpgsqlDbType.Text);
                await activities.WriteAsync(title, NpgsqlDbType.Text);
                await activities.WriteAsync(area, NpgsqlDbType.Text);
                await activities.WriteAsync(ceus, NpgsqlDbType.Numeric);
                await activities.WriteAsync(DateOf(row.Seq), NpgsqlDbType.Date);
                await activities.WriteAsync("recorded", NpgsqlDbType.Text);
                await activities.WriteAsync(courseKey, NpgsqlDbType.Text);
                await activities.WriteAsync(now, NpgsqlDbType.TimestampTz);
            }

            await activities.CompleteAsync();
        }

        await using (var completions = await connection.BeginBinaryImportAsync(
                         "copy completions (id, provider_id, external_id, course_id, certification_number, last_name, completed_on, state, certification_id, ce_activity_id, created_at, updated_at) from stdin (format binary)"))
        {
            foreach (var row in rows)
            {
                await completions.StartRowAsync();
                await completions.WriteAsync(row.Completion, NpgsqlDbType.Uuid);
                await completions.WriteAsync(providerId, NpgsqlDbType.Uuid);
                await completions.WriteAsync($"{runId}-{row.Seq}", NpgsqlDbType.Text);
                await completions.WriteAsync(courseId, NpgsqlDbType.Uuid);
                await completions.WriteAsync(row.Number, NpgsqlDbType.Text);
                await completions.WriteAsync(row.LastName, NpgsqlDbType.Text);
                await completions.WriteAsync(DateOf(row.Seq), NpgsqlDbType.Date);
                await completions.WriteAsync("accepted", NpgsqlDbType.Text);
                await completions.WriteAsync(row.CertificationId, NpgsqlDbType.Uuid);
                await completions.WriteAsync(row.Activity, NpgsqlDbType.Uuid);
                await completions.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await completions.WriteAsync(now, NpgsqlDbType.TimestampTz);
            }

            await completions.CompleteAsync();
        }

        await using (var events = await connection.BeginBinaryImportAsync(
                         "copy webhook_events (id, provider_id, event_type, payload, created_at) from stdin (format binary)"))
        {
            foreach (var row in rows)
            {
                await events.StartRowAsync();
                await events.WriteAsync(row.Event, NpgsqlDbType.Uuid);
                await events.WriteAsync(providerId, NpgsqlDbType.Uuid);
                await events.WriteAsync("completion.accepted", NpgsqlDbType.Text);
                await events.WriteAsync($"{{\"type\":\"completion.accepted\",\"data\":{{\"id\":\"{row.Completion}\",\"externalId\":\"{runId}-{row.Seq}\"}}}}", NpgsqlDbType.Text);
                await events.WriteAsync(now, NpgsqlDbType.TimestampTz);
            }

            await events.CompleteAsync();
        }

        await transaction.CommitAsync();
        var seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"completions={total} seconds={seconds:0.000} per_second={total / seconds:0} p50_ms=- p99_ms=- accepted={total} other=0 failed_requests=0");
    }
}
