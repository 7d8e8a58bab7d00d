using System.Globalization;
using System.Text.Json;
using MediatR;
using Recert.Api.Features.Completions;
using Recert.Api.Features.Providers;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Xapi;

public static class XapiVerbs
{
    public const string Completed = "http://adlnet.gov/expapi/verbs/completed";
    public const string Passed = "http://adlnet.gov/expapi/verbs/passed";
    public const string Voided = "http://adlnet.gov/expapi/verbs/voided";

    /// <summary>Context extension carrying the learner's last name (else the last word of actor.name).</summary>
    public const string LastNameExtension = "https://recert.example/xapi/extensions/last-name";
}

/// <summary>What Recert reads from an xAPI statement.</summary>
public sealed record XapiStatement(Guid Id, string Verb, string? ActivityId, string? CertificationNumber, string? LastName, DateOnly? CompletedOn, Guid? VoidedStatementId);

public sealed record RecordStatementsCommand(Guid ProviderId, IReadOnlyList<XapiStatement> Statements) : ICommand<IReadOnlyList<Guid>>, IProviderWrite;

/// <summary>
/// completed/passed record a completion (externalId <c>xapi:&lt;statement id&gt;</c>) through the same recorder as the
/// JSON batch; voided voids the completion its StatementRef recorded; other verbs are not stored. A statement id
/// already recorded is 409 and nothing of the request is kept.
/// </summary>
internal sealed class RecordStatementsHandler(DbSession db, CompletionRecorder recorder) : IRequestHandler<RecordStatementsCommand, IReadOnlyList<Guid>>
{
    public async Task<IReadOnlyList<Guid>> Handle(RecordStatementsCommand request, CancellationToken cancellationToken)
    {
        var courses = await ProviderStore.CoursesAsync(db.Connection, request.ProviderId, cancellationToken, db.Transaction);
        var byActivity = courses.Where(c => c.ActivityId is not null).ToDictionary(c => c.ActivityId!, c => c.Code, StringComparer.Ordinal);
        var handled = new List<Guid>();

        var completions = request.Statements.Where(s => s.Verb is XapiVerbs.Completed or XapiVerbs.Passed).ToList();
        if (completions.Count > 0)
        {
            var records = completions.Select(s => new CompletionRecord(
                ExternalIdFor(s.Id),
                s.ActivityId is not null && byActivity.TryGetValue(s.ActivityId, out var code) ? code : s.ActivityId,
                s.CertificationNumber,
                s.LastName,
                s.CompletedOn,
                null,
                s.Id)).ToList();
            var results = await recorder.RecordAsync(request.ProviderId, records, cancellationToken);
            if (results.FirstOrDefault(r => r.Result == CompletionOutcome.Duplicate) is { } duplicate)
            {
                throw new ConflictException($"Statement {completions[duplicate.Index].Id} was already recorded.", "xapi.statement-exists");
            }

            handled.AddRange(completions.Select(s => s.Id));
        }

        foreach (var voiding in request.Statements.Where(s => s.Verb == XapiVerbs.Voided))
        {
            await recorder.VoidAsync(request.ProviderId, "", cancellationToken, voiding.VoidedStatementId);
            handled.Add(voiding.Id);
        }

        return handled;
    }

    public static string ExternalIdFor(Guid statementId) => "xapi:" + statementId.ToString("D");
}

public static partial class XapiStatementReader
{
    public const int MaxStatements = 100;

    public static IReadOnlyList<XapiStatement> Parse(byte[] body, TimeZoneInfo zone, DateTimeOffset now)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException)
        {
            throw new FieldException("body", "The body is not valid JSON.");
        }

        using (document)
        {
            var root = document.RootElement;
            var statements = root.ValueKind switch
            {
                JsonValueKind.Object => [root],
                JsonValueKind.Array => root.EnumerateArray().ToList(),
                _ => throw new FieldException("body", "Send one xAPI statement (an object) or an array of them."),
            };
            if (statements.Count is 0 or > MaxStatements)
            {
                throw new FieldException("body", $"Send 1 to {MaxStatements} statements.");
            }

            return statements.Select((s, i) => ParseStatement(s, i, zone, now)).ToList();
        }
    }

    static XapiStatement ParseStatement(JsonElement statement, int index, TimeZoneInfo zone, DateTimeOffset now)
    {
        var at = $"statements[{index}]";
        if (statement.ValueKind != JsonValueKind.Object)
        {
            throw new FieldException(at, "A statement is a JSON object.");
        }

        var id = Guid.NewGuid();
        if (OptionalString(statement, "id", $"{at}.id") is { } idText && !Guid.TryParse(idText, out id))
        {
            throw new FieldException($"{at}.id", "A statement id is a UUID.");
        }

        var verb = String(Child(statement, "verb"), "id") ?? throw new FieldException($"{at}.verb.id", "The verb id is required.");
        var target = Child(statement, "object");
        if (verb == XapiVerbs.Voided)
        {
            if (String(target, "objectType") != "StatementRef" || !Guid.TryParse(String(target, "id"), out var voided))
            {
                throw new FieldException($"{at}.object", "A voiding statement's object is {\"objectType\": \"StatementRef\", \"id\": \"<statement id>\"}.");
            }

            return new XapiStatement(id, verb, null, null, null, null, voided);
        }

        if (verb is not (XapiVerbs.Completed or XapiVerbs.Passed))
        {
            return new XapiStatement(id, verb, null, null, null, null, null);
        }

        var activityId = String(target, "id") ?? throw new FieldException($"{at}.object.id", "The activity id (the course's activityId) is required.");
        var actor = Child(statement, "actor");
        var number = String(Child(actor, "account"), "name")
                     ?? throw new FieldException($"{at}.actor.account.name", "The actor is an account whose name is the certification number.");
        var lastName = String(Child(Child(statement, "context"), "extensions"), XapiVerbs.LastNameExtension)
                       ?? String(actor, "name")?.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()
                       ?? throw new FieldException($"{at}.actor.name", $"Give the learner's name in actor.name or their last name in context.extensions[\"{XapiVerbs.LastNameExtension}\"].");

        number = Checked(number.Trim(), CompletionFields.CertificationNumberMax, $"{at}.actor.account.name", "The certification number");
        lastName = Checked(lastName.Trim(), CompletionFields.LastNameMax, $"{at}.actor.name", "The last name");

        var completedOn = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        if (OptionalString(statement, "timestamp", $"{at}.timestamp") is { } timestamp)
        {
            // ISO 8601 only: the invariant culture would otherwise read "01/06/2026" as 6 January.
            if (!IsoTimestamp().IsMatch(timestamp)
                || !DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when))
            {
                throw new FieldException($"{at}.timestamp", "The timestamp is an ISO 8601 date and time.");
            }

            completedOn = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(when, zone).DateTime);
        }

        return new XapiStatement(id, verb, activityId, number, lastName, completedOn, null);
    }

    /// <summary>The same rules as a batch record's fields (CompletionFields): one rule, whatever the channel.</summary>
    static string Checked(string value, int maxLength, string field, string what)
        => value.Length > 0 && CompletionFields.IsAcceptable(value, maxLength)
            ? value
            : throw new FieldException(field, $"{what} must be 1 to {maxLength} characters, without control characters.");

    /// <summary>An optional text property: absent or null is null, but a number or object there is a 400, never "absent".</summary>
    static string? OptionalString(JsonElement element, string name, string field)
        => Child(element, name) switch
        {
            { ValueKind: JsonValueKind.String } value => value.GetString(),
            { ValueKind: JsonValueKind.Undefined or JsonValueKind.Null } => null,
            _ => throw new FieldException(field, $"{name} must be a string."),
        };

    static JsonElement Child(JsonElement element, string name)
        => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var child) ? child : default;

    static string? String(JsonElement element, string name)
        => Child(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    [System.Text.RegularExpressions.GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")]
    private static partial System.Text.RegularExpressions.Regex IsoTimestamp();
}
