using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using MediatR;
using Npgsql;
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

/// <summary>
/// What Recert reads from an xAPI statement. The learner is <see cref="CertificationNumber"/> (actor.account.name) or
/// <see cref="MboxSha1Sum"/> (actor.mbox or actor.mbox_sha1sum); <see cref="Comparable"/> decides whether a repeated id is
/// the same statement; <see cref="Json"/> is the statement as sent (with its id), for GET ?statementId=.
/// </summary>
public sealed record XapiStatement(
    Guid Id,
    string Verb,
    string? ActivityId,
    string? CertificationNumber,
    string? LastName,
    DateOnly? CompletedOn,
    Guid? VoidedStatementId,
    string? MboxSha1Sum = null,
    string Comparable = "",
    string Json = "{}")
{
    public bool IsStored => Verb is XapiVerbs.Completed or XapiVerbs.Passed or XapiVerbs.Voided;
}

/// <param name="Handled">The ids of the statements Recert handles (completed, passed, voided), in the order sent.</param>
/// <param name="Changed">False if every one was already stored with the same content (answered 204: nothing changed).</param>
public sealed record RecordStatementsResult(IReadOnlyList<Guid> Handled, bool Changed);

public sealed record RecordStatementsCommand(Guid ProviderId, IReadOnlyList<XapiStatement> Statements) : ICommand<RecordStatementsResult>, IProviderWrite;

/// <summary>
/// completed/passed record a completion (externalId <c>xapi:&lt;statement id&gt;</c>) through the same recorder as the
/// JSON batch; voided voids the completion its StatementRef recorded; other verbs are not stored. These statements are
/// kept: a statement id already stored with the same content (xAPI comparison rules) is no change, with other content
/// 409 and nothing of the request is kept. An email actor counts only through a holder's verified email; otherwise the
/// completion is kept pending for that email.
/// </summary>
internal sealed class RecordStatementsHandler(DbSession db, CompletionRecorder recorder, VerifiedHolderEmails holderEmails, OrganisationClock clock)
    : IRequestHandler<RecordStatementsCommand, RecordStatementsResult>
{
    public async Task<RecordStatementsResult> Handle(RecordStatementsCommand request, CancellationToken cancellationToken)
    {
        var stored = new List<XapiStatement>();
        foreach (var group in request.Statements.Where(s => s.IsStored).GroupBy(s => s.Id))
        {
            if (group.Select(s => s.Comparable).Distinct(StringComparer.Ordinal).Count() > 1)
            {
                throw new ConflictException($"Statement {group.Key} is sent twice with different content.", "xapi.statement-conflict");
            }

            stored.Add(group.First());
        }

        var fresh = await StoreAsync(request.ProviderId, stored, cancellationToken);
        var handled = stored.Select(s => s.Id).ToList();

        var completions = stored.Where(s => fresh.Contains(s.Id) && s.Verb is XapiVerbs.Completed or XapiVerbs.Passed).ToList();
        if (completions.Count > 0)
        {
            var courses = await ProviderStore.CoursesAsync(db.Connection, request.ProviderId, cancellationToken, db.Transaction);
            var byActivity = courses.Where(c => c.ActivityId is not null).ToDictionary(c => c.ActivityId!, c => c.Code, StringComparer.Ordinal);
            var emails = completions.Where(s => s.CertificationNumber is null && s.MboxSha1Sum is not null).Select(s => s.MboxSha1Sum!).Distinct().ToList();
            await recorder.LockEmailsAsync(emails, cancellationToken);
            var verified = await holderEmails.CertificationNumbersBySha1SumAsync(emails, cancellationToken);

            var records = completions.Select(s =>
            {
                var number = s.CertificationNumber ?? verified.GetValueOrDefault(s.MboxSha1Sum!);
                return new CompletionRecord(
                    ExternalIdFor(s.Id),
                    s.ActivityId is not null && byActivity.TryGetValue(s.ActivityId, out var code) ? code : s.ActivityId,
                    number,
                    s.LastName,
                    s.CompletedOn,
                    null,
                    s.Id,
                    number is null ? s.MboxSha1Sum : null);
            }).ToList();
            var results = await recorder.RecordAsync(request.ProviderId, records, cancellationToken);
            if (results.FirstOrDefault(r => r.Result == CompletionOutcome.Duplicate) is { } duplicate)
            {
                throw new ConflictException($"Statement {completions[duplicate.Index].Id} was already recorded.", "xapi.statement-exists");
            }
        }

        foreach (var voiding in stored.Where(s => fresh.Contains(s.Id) && s.Verb == XapiVerbs.Voided))
        {
            await recorder.VoidAsync(request.ProviderId, "", cancellationToken, voiding.VoidedStatementId);
        }

        return new RecordStatementsResult(handled, fresh.Count > 0);
    }

    /// <summary>Stores the statements not stored yet; a stored one must compare equal (else 409). The ids stored now.</summary>
    async Task<HashSet<Guid>> StoreAsync(Guid providerId, List<XapiStatement> statements, CancellationToken cancellationToken)
    {
        if (statements.Count == 0)
        {
            return [];
        }

        const string insert = """
            insert into xapi_statements (provider_id, id, verb, comparable, statement, stored_at)
            select @ProviderId, t.id, t.verb, t.comparable, t.statement::jsonb, @Now
            from unnest(@Ids::uuid[], @Verbs::text[], @Comparables::text[], @Statements::text[]) as t(id, verb, comparable, statement)
            on conflict do nothing
            returning id
            """;
        var inserted = (await db.Connection.QueryAsync<Guid>(db.Command(insert, new
        {
            ProviderId = providerId,
            Ids = statements.Select(s => s.Id).ToArray(),
            Verbs = statements.Select(s => s.Verb).ToArray(),
            Comparables = statements.Select(s => s.Comparable).ToArray(),
            Statements = statements.Select(s => s.Json).ToArray(),
            Now = clock.Now.UtcDateTime,
        }, cancellationToken))).ToHashSet();

        var repeated = statements.Where(s => !inserted.Contains(s.Id)).ToList();
        if (repeated.Count > 0)
        {
            const string find = "select id, comparable from xapi_statements where provider_id = @ProviderId and id = any (@Ids)";
            var earlier = (await db.Connection.QueryAsync<(Guid Id, string Comparable)>(db.Command(find,
                new { ProviderId = providerId, Ids = repeated.Select(s => s.Id).ToArray() }, cancellationToken))).ToDictionary(r => r.Id, r => r.Comparable);
            if (repeated.FirstOrDefault(s => !string.Equals(earlier.GetValueOrDefault(s.Id), s.Comparable, StringComparison.Ordinal)) is { } different)
            {
                throw new ConflictException($"Statement {different.Id} was already stored with different content.", "xapi.statement-conflict");
            }
        }

        return inserted;
    }

    public static string ExternalIdFor(Guid statementId) => "xapi:" + statementId.ToString("D");
}

public sealed record GetStatementQuery(Guid ProviderId, Guid StatementId) : IQuery<string>;

/// <summary>A statement this provider sent, as sent (so an LMS can confirm delivery); another provider's id is 404.</summary>
internal sealed class GetStatementHandler(NpgsqlDataSource dataSource) : IRequestHandler<GetStatementQuery, string>
{
    public async Task<string> Handle(GetStatementQuery request, CancellationToken cancellationToken)
    {
        const string sql = "select statement::text from xapi_statements where provider_id = @ProviderId and id = @StatementId";
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(sql, new { request.ProviderId, request.StatementId }, cancellationToken: cancellationToken))
               ?? throw new NotFoundException($"No statement {request.StatementId} from this provider.");
    }
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

            return new XapiStatement(id, verb, null, null, null, null, voided, null, Comparable(statement, id, at), WithId(statement, id));
        }

        if (verb is not (XapiVerbs.Completed or XapiVerbs.Passed))
        {
            return new XapiStatement(id, verb, null, null, null, null, null);
        }

        var activityId = String(target, "id") ?? throw new FieldException($"{at}.object.id", "The activity id (the course's activityId) is required.");
        var actor = Child(statement, "actor");
        var number = String(Child(actor, "account"), "name");
        string? mboxSha1Sum = null;
        if (number is null)
        {
            if (String(actor, "mbox") is { } mbox)
            {
                mboxSha1Sum = XapiMbox.Email(mbox) is { } email ? XapiMbox.Sha1Sum(email)
                    : throw new FieldException($"{at}.actor.mbox", "An mbox is a mailto IRI: \"mailto:name@example.org\".");
            }
            else if (String(actor, "mbox_sha1sum") is { } sha1Sum)
            {
                mboxSha1Sum = Sha1Hex().IsMatch(sha1Sum) ? sha1Sum.ToLowerInvariant()
                    : throw new FieldException($"{at}.actor.mbox_sha1sum", "An mbox_sha1sum is the 40 hex digits of the SHA-1 of the mailto IRI.");
            }
            else
            {
                throw new FieldException($"{at}.actor.account.name",
                    "The actor is an account whose name is the certification number, or an mbox / mbox_sha1sum a holder has verified.");
            }
        }

        var lastName = String(Child(Child(statement, "context"), "extensions"), XapiVerbs.LastNameExtension)
                       ?? String(actor, "name")?.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()
                       ?? throw new FieldException($"{at}.actor.name", $"Give the learner's name in actor.name or their last name in context.extensions[\"{XapiVerbs.LastNameExtension}\"].");

        if (number is not null)
        {
            number = Checked(number.Trim(), CompletionFields.CertificationNumberMax, $"{at}.actor.account.name", "The certification number");
        }

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

        return new XapiStatement(id, verb, activityId, number, lastName, completedOn, null, mboxSha1Sum, Comparable(statement, id, at), WithId(statement, id));
    }

    static string Comparable(JsonElement statement, Guid id, string at)
    {
        try
        {
            return XapiStatementComparison.Comparable(statement, id);
        }
        catch (ArgumentException)
        {
            throw new FieldException(at, "The statement repeats a property (a language map may not name one language twice).");
        }
    }

    /// <summary>The statement as sent, with the id it is stored under (generated if the client sent none).</summary>
    static string WithId(JsonElement statement, Guid id)
    {
        var node = JsonNode.Parse(statement.GetRawText())!.AsObject();
        node["id"] = id.ToString("D");
        return node.ToJsonString();
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

    [System.Text.RegularExpressions.GeneratedRegex("^[0-9a-fA-F]{40}$")]
    private static partial System.Text.RegularExpressions.Regex Sha1Hex();

    [System.Text.RegularExpressions.GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")]
    private static partial System.Text.RegularExpressions.Regex IsoTimestamp();
}
