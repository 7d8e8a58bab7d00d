using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Recert.Tests.Support;

/// <summary>
/// Checks an answer against the response schema the OpenAPI document promises for its route, method and status, read the
/// way the web client's generated types read it (openapi-typescript --properties-required-by-default): every listed
/// property is present, and null only where the schema says nullable. OpenAPI 3.0 schemas become JSON Schema 2020-12
/// (nullable → a "null" type) and JsonSchema.Net evaluates them.
/// </summary>
public sealed class ResponseContract
{
    readonly JsonObject openApi;
    readonly JsonObject definitions = new();
    readonly ConcurrentDictionary<string, JsonSchema> schemas = new();

    public ResponseContract(JsonObject openApi)
    {
        this.openApi = openApi;
        foreach (var (name, component) in openApi["components"]?["schemas"]?.AsObject() ?? [])
        {
            definitions[name] = Convert(component!);
        }
    }

    /// <summary>The contract of the app behind <paramref name="client"/>: its own OpenAPI document (the one committed as openapi/recert.v1.json).</summary>
    public static async Task<ResponseContract> LoadAsync(HttpClient client)
        => new((await client.GetFromJsonAsync<JsonObject>("/swagger/v1/swagger.json"))!);

    /// <summary>What differs from the contract; empty when the answer keeps it.</summary>
    public IReadOnlyList<string> Violations(string method, string route, int status, string? mediaType, string body)
    {
        var operation = openApi["paths"]?[route]?[method.ToLowerInvariant()];
        if (operation is null)
        {
            return [$"{method} {route} is not in the OpenAPI document"];
        }

        var response = operation["responses"]?[status.ToString(System.Globalization.CultureInfo.InvariantCulture)];
        if (response is null)
        {
            return [$"{method} {route} answered {status}, which the OpenAPI document does not list"];
        }

        // Refusals are checked for their status only: their body is the problem shape every endpoint shares.
        if (mediaType != "application/json" || response["content"]?[mediaType]?["schema"] is not { } documented)
        {
            return [];
        }

        var schema = schemas.GetOrAdd($"{method} {route} {status} {mediaType}", _ => Build(documented));

        var results = schema.Evaluate(JsonNode.Parse(body), new EvaluationOptions { OutputFormat = OutputFormat.List });
        return results.IsValid
            ? []
            : (results.Details.Count > 0 ? results.Details : [results])
                .Where(detail => detail.Errors is { Count: > 0 })
                .SelectMany(detail => detail.Errors!.Select(error => $"{detail.InstanceLocation}: {error.Value}"))
                .Distinct()
                .ToList();
    }

    JsonSchema Build(JsonNode responseSchema)
    {
        var root = Convert(responseSchema).AsObject();
        root["$schema"] = "https://json-schema.org/draft/2020-12/schema";
        root["$defs"] = definitions.DeepClone();
        return JsonSchema.FromText(root.ToJsonString());
    }

    static JsonNode Convert(JsonNode openApiSchema)
    {
        if (openApiSchema is not JsonObject source)
        {
            return openApiSchema.DeepClone();
        }

        var nullable = source["nullable"]?.GetValue<bool>() == true;
        if (source["$ref"] is { } reference)
        {
            var target = new JsonObject { ["$ref"] = reference.GetValue<string>().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal) };
            return nullable ? new JsonObject { ["anyOf"] = new JsonArray(target, new JsonObject { ["type"] = "null" }) } : target;
        }

        var converted = new JsonObject();
        if (source["type"] is { } type)
        {
            converted["type"] = nullable ? new JsonArray(type.GetValue<string>(), "null") : type.GetValue<string>();
        }

        if (source["enum"] is JsonArray values)
        {
            var allowed = (JsonArray)values.DeepClone();
            if (nullable)
            {
                allowed.Add(null);
            }

            converted["enum"] = allowed;
        }

        if (source["items"] is { } items)
        {
            converted["items"] = Convert(items);
        }

        if (source["additionalProperties"] is { } additional)
        {
            converted["additionalProperties"] = Convert(additional);
        }

        foreach (var composition in new[] { "allOf", "anyOf", "oneOf" })
        {
            if (source[composition] is JsonArray parts)
            {
                converted[composition] = new JsonArray(parts.Select(part => Convert(part!)).ToArray());
            }
        }

        if (source["properties"] is JsonObject properties)
        {
            var convertedProperties = new JsonObject();
            foreach (var (name, property) in properties)
            {
                convertedProperties[name] = Convert(property!);
            }

            converted["properties"] = convertedProperties;
            converted["required"] = new JsonArray(properties.Select(p => (JsonNode?)p.Key).ToArray());
        }

        // A nullable schema with no type of its own (e.g. allOf around a reference) may also be null.
        return nullable && source["type"] is null
            ? new JsonObject { ["anyOf"] = new JsonArray(converted, new JsonObject { ["type"] = "null" }) }
            : converted;
    }
}
