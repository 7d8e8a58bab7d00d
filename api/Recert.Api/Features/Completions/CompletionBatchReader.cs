using System.Globalization;
using System.Text;
using System.Text.Json;
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

    /// <summary>A CSV roster: a header row naming the five columns (any order), then one completion per row.</summary>
    public static IReadOnlyList<CompletionRecord> ParseCsv(byte[] body)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(body).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            throw new FieldException("body", "The CSV file must be UTF-8 text.");
        }

        var rows = CsvRows(text).Where(r => !(r.Count == 1 && string.IsNullOrWhiteSpace(r[0]))).ToList();
        if (rows.Count == 0)
        {
            throw new FieldException("body", $"The CSV file is empty: send a header row ({string.Join(',', Columns)}) and 1 to {MaxRecords} rows.");
        }

        var header = rows[0].Select(h => h.Trim()).ToList();
        var positions = Columns.ToDictionary(c => c, c => header.FindIndex(h => string.Equals(h, c, StringComparison.OrdinalIgnoreCase)));
        var missing = positions.Where(p => p.Value < 0).Select(p => p.Key).ToList();
        if (missing.Count > 0)
        {
            throw new FieldException("header", $"The header row lacks {string.Join(", ", missing)}; expected {string.Join(',', Columns)}.");
        }

        var records = rows.Skip(1).ToList();
        if (records.Count is 0 or > MaxRecords)
        {
            throw new FieldException("body", $"Send 1 to {MaxRecords} rows in one file ({records.Count} sent).");
        }

        return records.Select(row =>
        {
            if (row.Count != header.Count)
            {
                return new CompletionRecord(Cell(row, positions["externalId"]), null, null, null, null,
                    $"The row has {row.Count} fields; the header has {header.Count}.");
            }

            var values = positions.ToDictionary(p => p.Key, p => (string?)row[p.Value], StringComparer.OrdinalIgnoreCase);
            return Check(values, []);
        }).ToList();
    }

    static string? Cell(List<string> row, int position) => position < row.Count && row[position].Trim().Length > 0 ? row[position].Trim() : null;

    static CompletionRecord Check(Dictionary<string, string?> values, List<string> errors)
    {
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
        var courseCode = Text("courseCode", CompletionFields.CourseCodeMax);
        var number = Text("certificationNumber", CompletionFields.CertificationNumberMax);
        var lastName = Text("lastName", CompletionFields.LastNameMax);
        var dateText = Text("completedOn", 10);
        DateOnly? completedOn = null;
        if (dateText is not null)
        {
            if (DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                completedOn = date;
            }
            else
            {
                errors.Add("completedOn must be a date as YYYY-MM-DD.");
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

    /// <summary>RFC 4180: fields separated by commas, optionally quoted, "" inside quotes is a quote, CRLF or LF.</summary>
    static IEnumerable<List<string>> CsvRows(string text)
    {
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c is '\n' or '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                row.Add(field.ToString());
                field.Clear();
                yield return row;
                row = [];
            }
            else
            {
                field.Append(c);
            }
        }

        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            yield return row;
        }
    }
}
