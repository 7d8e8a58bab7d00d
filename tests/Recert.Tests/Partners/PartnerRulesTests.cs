using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Recert.Api.Features.Completions;
using Recert.Api.Features.Providers;
using Recert.Api.Features.Webhooks;
using Recert.Api.Infrastructure;

namespace Recert.Tests.Partners;

public sealed class PartnerRulesTests
{
    [Test]
    public void Signatures_match_the_standard_webhooks_test_vector()
    {
        var signature = StandardWebhooks.Sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}");
        Assert.That(signature, Is.EqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="));
    }

    [TestCase("https://lms.example.com/hooks", true)]
    [TestCase("http://127.0.0.1:8080/hooks", true)]
    [TestCase("ftp://lms.example.com/hooks", false)]
    [TestCase("/hooks", false)]
    [TestCase("https://user:pass@lms.example.com/hooks", false)]
    [TestCase("https://lms.example.com/hooks#frag", false)]
    [TestCase("", false)]
    public void Webhook_urls_must_be_absolute_http_or_https(string url, bool valid)
        => Assert.That(StandardWebhooks.IsValidUrl(url), Is.EqualTo(valid));

    [Test]
    public void A_generated_key_parses_to_its_prefix_and_a_tampered_one_hashes_differently()
    {
        var (prefix, key) = ProviderKeys.Generate();
        Assert.That(ProviderKeys.TryParsePrefix(key, out var parsed), Is.True);
        Assert.That(parsed, Is.EqualTo(prefix));
        Assert.That(ProviderKeys.Hash(key), Is.Not.EqualTo(ProviderKeys.Hash(key + "x")));
        Assert.That(ProviderKeys.TryParsePrefix("rcp_short", out _), Is.False);
        Assert.That(ProviderKeys.TryParsePrefix("Bearer " + key, out _), Is.False);
    }

    [Test]
    public void Csv_rows_honour_quotes_and_each_bad_row_gets_its_own_error()
    {
        var csv = "completedOn,lastName,certificationNumber,courseCode,externalId\r\n" +
                  "2026-03-01,\"O'Neil, \"\"Jr\"\"\",CPT-1,KB-101,a-1\r\n" +
                  "2026-13-01,Rivera,CPT-2,KB-101,a-2\n" +
                  ",Rivera,CPT-3,KB-101,a-3\n" +
                  "\n";

        var records = RosterParser.Parse(Encoding.UTF8.GetBytes(csv), new RosterOptions()).Records;

        Assert.That(records, Has.Count.EqualTo(3));
        Assert.Multiple(() =>
        {
            Assert.That(records[0], Is.EqualTo(new CompletionRecord("a-1", "KB-101", "CPT-1", "O'Neil, \"Jr\"", new DateOnly(2026, 3, 1))));
            Assert.That(records[1].Error, Does.Contain("completedOn must be a date"));
            Assert.That(records[2].Error, Does.Contain("completedOn is required"));
        });
    }

    [Test]
    public void A_record_with_a_wrong_type_is_that_records_error_not_the_batchs()
    {
        var json = """
            [{"externalId": 7, "courseCode": "KB-101", "certificationNumber": "CPT-1", "lastName": "Rivera", "completedOn": "2026-03-01"},
             {"EXTERNALID": "b-2", "courseCode": "KB-101", "certificationNumber": "CPT-1", "lastName": "Rivera", "completedOn": "2026-03-01"}]
            """;

        var records = CompletionBatchReader.ParseJson(Encoding.UTF8.GetBytes(json));

        Assert.That(records[0].Error, Is.EqualTo("externalId must be a string."));
        Assert.That(records[1].Error, Is.Null);
        Assert.That(records[1].ExternalId, Is.EqualTo("b-2"));
        Assert.Throws<FieldException>(() => CompletionBatchReader.ParseJson(Encoding.UTF8.GetBytes("""{"records": []}""")));
    }

    [Test]
    public void Retry_delays_grow_fourfold_with_jitter_up_to_the_cap()
    {
        var dispatcher = new WebhookDispatcher(null!, null!, null!, null!, TimeProvider.System, Options.Create(new WebhookOptions()), null!, null!, NullLogger<WebhookDispatcher>.Instance);
        for (var attempt = 1; attempt <= 10; attempt++)
        {
            var nominal = Math.Min(30 * Math.Pow(4, attempt - 1), TimeSpan.FromHours(6).TotalSeconds);
            var delay = dispatcher.RetryDelay(attempt).TotalSeconds;
            Assert.That(delay, Is.InRange(nominal * 0.8, nominal * 1.2), $"attempt {attempt}");
        }
    }
}
