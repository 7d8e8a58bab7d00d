using System.Text.Json;
using Recert.Api.Domain;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Completions;

/// <summary>
/// Reads a batch leniently: the envelope must be right (else 400), but each record is checked on its own, so a record
/// with a missing field or a wrong type becomes one <c>record.invalid</c> result instead of failing the batch.
/// </summary>
public static class CompletionBatchReader
{
    public const int MaxRecords = 1000;
    public const int MaxBodyBytes = 2 * 1024 * 1024;
    public static readonly string[] Columns = ["externalId", "courseCode", "certificationNumber", "lastName", "completedOn"];

    /// <summary>The one character an externalId may not hold: it could not be addressed in a URL path segment.</summary>
    public const string ExternalIdForbidden = "/";

    public static async Task<byte[]> ReadBodyAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            throw new BadHttpRequestException($"The body is larger than {maxBytes} bytes.", StatusCodes.Status413PayloadTooLarge);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw new BadHttpRequestException($"The body is larger than {maxBytes} bytes.", StatusCodes.Status413PayloadTooLarge);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    public static IReadOnlyList<CompletionRecord> ParseJson(byte[] body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException)
        {
            throw new FieldException("body", "The body is not valid JSON.");
        }

        using (document)
        {
            var root = document.RootElement;
            var array = root.ValueKind switch
            {
                JsonValueKind.Array => root,
                JsonValueKind.Object when TryGetProperty(root, "completions", out var inner) && inner.ValueKind == JsonValueKind.Array => inner,
                _ => throw new FieldException("completions", "Send { \"completions\": [ ... ] }: an array of 1 to 1000 records."),
            };

            var count = array.GetArrayLength();
            if (count is 0 or > MaxRecords)
            {
                throw new FieldException("completions", $"Send 1 to {MaxRecords} records in one batch ({count} sent).");
            }

            return array.EnumerateArray().Select(ReadRecord).ToList();
        }
    }

    static CompletionRecord ReadRecord(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return new CompletionRecord(null, null, null, null, null, "Each record must be a JSON object.");
        }

        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var errors = new List<string>();
        foreach (var column in Columns)
        {
            if (!TryGetProperty(element, column, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                values[column] = null;
            }
            else if (value.ValueKind == JsonValueKind.String)
            {
                values[column] = value.GetString();
            }
            else
            {
                values[column] = null;
                errors.Add($"{column} must be a string.");
            }
        }

        return Check(values, errors);
    }

    /// <summary>
    /// One record from its five text fields, checked as every format checks it (JSON, CSV, Excel), so the same row sent any
    /// way becomes the same record. Text dates are ISO 8601, or the upload's <paramref name="dateFormat"/>.
    /// </summary>
    public static CompletionRecord FromFields(IReadOnlyDictionary<string, string?> values, RosterDateFormat dateFormat = RosterDateFormat.Iso)
        => Check(values.ToDictionary(v => v.Key, v => v.Value, StringComparer.OrdinalIgnoreCase), [], dateFormat);

    static CompletionRecord Check(Dictionary<string, string?> values, List<string> errors, RosterDateFormat dateFormat = RosterDateFormat.Iso)
    {
        foreach (var column in Columns)
        {
            values.TryAdd(column, null);
        }

        string? Text(string column, int maxLength)
        {
            var value = values[column]?.Trim();
            if (string.IsNullOrEmpty(value))
            {
                if (!errors.Any(e => e.StartsWith(column, StringComparison.Ordinal)))
                {
                    errors.Add($"{column} is required.");
                }

                return null;
            }

            if (!CompletionFields.IsAcceptable(value, maxLength))
            {
                errors.Add(CompletionFields.Problem(column, maxLength));
                return null;
            }

            return value;
        }

        var externalId = Text("externalId", CompletionFields.ExternalIdMax);
        if (externalId is not null && externalId.Contains(ExternalIdForbidden, StringComparison.Ordinal))
        {
            // A '/' could never be addressed as GET/DELETE /completions/{externalId}: refused at the door instead.
            errors.Add("externalId must not contain '/'.");
            externalId = null;
        }

        var courseCode = Text("courseCode", CompletionFields.CourseCodeMax);
        var number = Text("certificationNumber", CompletionFields.CertificationNumberMax);
        var lastName = Text("lastName", CompletionFields.LastNameMax);
        var dateText = Text("completedOn", 10);
        DateOnly? completedOn = null;
        if (dateText is not null)
        {
            if (RosterDates.TryParse(dateText, dateFormat, out var date))
            {
                completedOn = date;
            }
            else
            {
                errors.Add($"completedOn must be a date as {RosterDates.Describe(dateFormat)}.");
            }
        }

        return new CompletionRecord(externalId ?? values["externalId"]?.Trim(), courseCode, number, lastName, completedOn,
            errors.Count > 0 ? string.Join(" ", errors) : null);
    }

    static bool TryGetProperty(JsonElement element, string name, out JsonElement value)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }
}
