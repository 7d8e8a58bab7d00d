using System.Text.Json;
using Recert.Api.Features.Xapi;

namespace Recert.Tests.Partners;

/// <summary>xAPI Data 2.3.1: what a repeated statement id may differ in and still be "the same statement".</summary>
public sealed class XapiStatementComparisonTests
{
    static readonly Guid Id = Guid.Parse("6d2f0a4c-8b1e-4c3a-9f5d-2e7b1a0c9d84");

    const string Original = """
        {"id":"6d2f0a4c-8b1e-4c3a-9f5d-2e7b1a0c9d84","actor":{"objectType":"Agent","name":"Dana Rivera","mbox":"mailto:dana@example.test"},
         "verb":{"id":"http://adlnet.gov/expapi/verbs/completed","display":{"en-US":"completed"}},
         "object":{"objectType":"Activity","id":"https://lms.test/kb-101","definition":{"name":{"en-US":"Kettlebell"}}},
         "context":{"registration":"0b6c1d2e-3f4a-4b5c-8d6e-7f8091a2b3c4","contextActivities":{"parent":[{"id":"https://lms.test/a"},{"id":"https://lms.test/b"}]}},
         "result":{"success":true,"score":{"scaled":0.9}},"timestamp":"2026-03-01T18:00:00Z"}
        """;

    static string Comparable(string json) => XapiStatementComparison.Comparable(JsonDocument.Parse(json).RootElement, Id);

    [TestCase("\"id\":\"6d2f0a4c-8b1e-4c3a-9f5d-2e7b1a0c9d84\"", "\"id\":\"6D2F0A4C-8B1E-4C3A-9F5D-2E7B1A0C9D84\"", Description = "UUID case")]
    [TestCase("\"registration\":\"0b6c1d2e-3f4a-4b5c-8d6e-7f8091a2b3c4\"", "\"registration\":\"0B6C1D2E-3F4A-4B5C-8D6E-7F8091A2B3C4\"")]
    [TestCase("\"timestamp\":\"2026-03-01T18:00:00Z\"", "\"timestamp\":\"2026-03-01T10:00:00.000-08:00\"", Description = "the same instant")]
    [TestCase("{\"en-US\":\"completed\"}", "{\"en-us\":\"completed\"}", Description = "language tag case")]
    [TestCase("\"objectType\":\"Activity\",", "", Description = "default objectType")]
    [TestCase("\"result\":", "\"stored\":\"2026-03-01T18:00:05Z\",\"version\":\"1.0.0\",\"authority\":{\"mbox\":\"mailto:lrs@example.test\"},\"result\":", Description = "set by the LRS")]
    [TestCase("\"success\":true,\"score\":{\"scaled\":0.9}", "\"score\":{\"scaled\":0.9},\"success\":true", Description = "property order")]
    public void Differences_the_specification_allows_are_ignored(string from, string to)
    {
        Assert.That(Original, Does.Contain(from));
        Assert.That(Comparable(Original.Replace(from, to)), Is.EqualTo(Comparable(Original)));
    }

    [TestCase("\"scaled\":0.9", "\"scaled\":0.8", Description = "another score")]
    [TestCase("\"timestamp\":\"2026-03-01T18:00:00Z\"", "\"timestamp\":\"2026-03-01T18:00:01Z\"")]
    [TestCase("{\"en-US\":\"Kettlebell\"}", "{\"en-US\":\"Kettlebells\"}")]
    [TestCase("[{\"id\":\"https://lms.test/a\"},{\"id\":\"https://lms.test/b\"}]", "[{\"id\":\"https://lms.test/b\"},{\"id\":\"https://lms.test/a\"}]", Description = "array order counts")]
    [TestCase("mailto:dana@example.test", "mailto:DANA@example.test", Description = "an IRI is not case-folded")]
    [TestCase("\"name\":\"Dana Rivera\"", "\"name\":\"Dana  Rivera\"")]
    [TestCase("\"success\":true", "\"success\":\"true\"", Description = "another serialisation of a value")]
    public void Other_differences_count(string from, string to)
    {
        Assert.That(Original, Does.Contain(from));
        Assert.That(Comparable(Original.Replace(from, to)), Is.Not.EqualTo(Comparable(Original)));
    }
}
