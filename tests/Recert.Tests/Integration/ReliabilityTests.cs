using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Recert.Api.Features.Completions;
using Recert.Tests.Support;

namespace Recert.Tests.Integration;

/// <summary>
/// A COMMIT whose answer is lost is never run again (the first attempt committed: a retry would apply it twice).
/// </summary>
public sealed class ReliabilityTests : PartnerTest
{
    static CuttingProxy? proxy;

    static CuttingProxy Proxy
    {
        get
        {
            if (proxy is null)
            {
                var target = new NpgsqlConnectionStringBuilder(TestDatabase.ConnectionString);
                proxy = new CuttingProxy(target.Host!, target.Port);
            }

            return proxy;
        }
    }

    protected override Dictionary<string, string?> Settings => new()
    {
        ["ConnectionStrings:Recert"] = new NpgsqlConnectionStringBuilder(TestDatabase.ConnectionString)
        {
            Host = "127.0.0.1", Port = Proxy.Port, MaxPoolSize = 30, Timeout = 30, SslMode = SslMode.Disable,
        }.ConnectionString,
    };

    [OneTimeTearDown]
    public void StopProxy()
    {
        proxy?.Dispose();
        proxy = null;
    }

    static async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        return await connection.ExecuteScalarAsync<long>(sql);
    }

    [Test]
    public async Task A_commit_whose_answer_is_lost_is_not_run_again_and_answers_503_outcome_unknown()
    {
        var client = await CertificantAsync("dana@example.test");
        Assert.That(await CountAsync("select count(*) from documents"), Is.Zero);

        Proxy.ArmCutAfterNextCommit();
        var response = await UploadAsync(client, PdfBytes);

        var problem = await AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.That(problem["code"]?.GetValue<string>(), Is.EqualTo("transaction.outcome-unknown"));
        Assert.That(problem["detail"]!.GetValue<string>(), Does.Contain("may or may not have been saved"));
        Assert.That(Proxy.CommitsCut, Is.EqualTo(1));
        Assert.That(await CountAsync("select count(*) from documents"), Is.EqualTo(1), "the first attempt committed; it was not applied a second time");
    }

    [Test]
    public async Task A_keyed_batch_whose_commit_answer_is_lost_is_replayed_from_its_key_with_one_effect()
    {
        await HolderAsync("CPT-500", Expiry);
        var provider = await ProviderAsync();

        Proxy.ArmCutAfterNextCommit();
        var lost = await provider.Client.SendAsync(Batch([Record("r-1")], idempotencyKey: "lost-answer"));
        var problem = await AssertProblemAsync(lost, HttpStatusCode.ServiceUnavailable);
        Assert.That(problem["code"]?.GetValue<string>(), Is.EqualTo("transaction.outcome-unknown"));

        var retried = await provider.Client.SendAsync(Batch([Record("r-1")], idempotencyKey: "lost-answer"));
        Assert.That(retried.StatusCode, Is.EqualTo(HttpStatusCode.OK), await retried.Content.ReadAsStringAsync());
        Assert.That(retried.Headers.GetValues("Idempotent-Replayed").Single(), Is.EqualTo("true"));
        Assert.That(Outcome((await ReadJsonAsync(retried))["results"]![0]), Is.EqualTo("accepted"));
        Assert.That(await ProviderLedgerAsync("CPT-500"), Has.Count.EqualTo(1));
    }
}
