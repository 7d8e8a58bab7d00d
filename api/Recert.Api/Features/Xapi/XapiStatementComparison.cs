using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Recert.Api.Features.Xapi;

/// <summary>
/// The form in which two statements with one id are compared (xAPI 1.0.3 Data 2.3.1, "Statement Comparison
/// Requirements"): what the LRS sets (stored, authority, version) is left out; differences the specification allows are
/// normalised (property order, letter case of UUIDs and of language-map keys, a timestamp's offset for the same instant,
/// the order of attachments, an Activity's or Agent's default objectType). Anything else, including a different
/// serialisation of the same value elsewhere, counts as a difference.
/// </summary>
public static class XapiStatementComparison
{
    static readonly HashSet<string> SetByTheLrs = new(StringComparer.Ordinal) { "stored", "authority", "version" };
    static readonly HashSet<string> LanguageMaps = new(StringComparer.Ordinal) { "display", "name", "description" };
    static readonly HashSet<string> Uuids = new(StringComparer.Ordinal) { "id", "registration" };

    public static string Comparable(JsonElement statement, Guid id)
    {
        var node = JsonNode.Parse(statement.GetRawText())!.AsObject();
        foreach (var property in SetByTheLrs)
        {
            node.Remove(property);
        }

        node["id"] = id.ToString("D");
        if (node["timestamp"] is JsonValue timestamp && timestamp.TryGetValue<string>(out var text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
        {
            node["timestamp"] = instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
        }

        if (node["actor"] is JsonObject actor && actor["objectType"]?.ToString() == "Agent")
        {
            actor.Remove("objectType");
        }

        if (node["object"] is JsonObject target && target["objectType"]?.ToString() == "Activity")
        {
            target.Remove("objectType");
        }

        if (node["attachments"] is JsonArray attachments)
        {
            var sorted = attachments.Select(a => a?.DeepClone()).OrderBy(a => a?["sha2"]?.ToString(), StringComparer.Ordinal).ToList();
            node["attachments"] = new JsonArray(sorted.ToArray());
        }

        return Canonical(node, null)!.ToJsonString();
    }

    static JsonNode? Canonical(JsonNode? node, string? name) => node switch
    {
        JsonObject obj => new JsonObject(obj
            .Select(p => (Key: name is not null && LanguageMaps.Contains(name) && p.Value is JsonValue ? p.Key.ToLowerInvariant() : p.Key, p.Value, p.Key))
            .OrderBy(p => p.Item1, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Item1, Canonical(p.Value, p.Item3)))),
        JsonArray array => new JsonArray(array.Select(item => Canonical(item, null)).ToArray()),
        JsonValue value when name is not null && Uuids.Contains(name) && value.TryGetValue<string>(out var text) && Guid.TryParse(text, out var uuid)
            => JsonValue.Create(uuid.ToString("D")),
        _ => node?.DeepClone(),
    };
}
