using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Recert.Api.Features.Providers;
using Recert.Api.Infrastructure;
using Recert.Tests.Support;

namespace Recert.Tests.Drills;

/// <summary>
/// Ten thousand malformed requests, generated from a fixed seed across every mapped endpoint (the endpoints, their route,
/// query and body parameters are read from the app, so new endpoints are covered without editing this file).
/// Every answer must be a 4xx problem details, and nothing stored may change.
/// </summary>
public sealed class BadInputDrillTests : DrillTest
{
    const int Seed = 20261125;
    const int Total = 10_000;
    const string BatchRoute = "/api/v1/completions";
    const string CsvRoute = "/api/v1/completions/csv";
    const string RosterRoute = "/api/v1/completions/roster";
    const string PreviewRoute = "/api/v1/completions/roster/preview";
    const string XapiRoute = "/api/v1/xapi/statements";
    const string CsvHeader = "externalId,courseCode,certificationNumber,lastName,completedOn";

    static readonly string[] GarbageSegments =
    [
        "..%2F..%2Fetc%2Fpasswd", "%2e%2e%2f%2e%2e%2fwindows%2fwin.ini", "..%5C..%5Cboot.ini", "'%20OR%20'1'='1",
        "%F0%9F%92%A9%F0%9F%92%A9", "-1", "null", "undefined", "%7Bnumber%7D", "1e309", "NOPE-0000", "%20", "%E2%80%AE",
        "00000000-0000-0000-0000-000000000000", "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "a%2Fb", "%25%32%65",
    ];

    static readonly string[] BadDates = ["2026-02-30", "2026-13-01", "2026-00-10", "yesterday", "01/06/2026", "2026-6-1x", "99999-01-01", "2026-06-01T25:00", "%00", "NaN", "-2026-01-01"];

    /// <summary>Well-formed dates outside 1900-01-01…2200-12-31 (InputRules): 400, never an overflow in the calendar rules.</summary>
    static readonly string[] OutOfRangeDates = ["9999-12-31", "0001-01-01", "1899-12-31", "2201-01-01"];

    static readonly string[] TraversalFileNames =
    [
        "../../etc/passwd", "..\\..\\windows\\win.ini", "/etc/shadow", "C:\\boot.ini", "a\0b.pdf", "CON", "%2e%2e%2fsecret.pdf",
        "....//....//x.pdf", "cert.pdf\r\nX-Injected: 1", "", ".", "..",
    ];

    enum Kind
    {
        PathParameter,
        QueryParameter,
        WrongType,
        NullValue,
        OverlongString,
        BadNumber,
        OutOfRangeDate,
        UnknownEnum,
        BrokenJson,
        WrongJsonKind,
        EmptyBody,
        WrongContentType,
        DeepNesting,
        HugeBody,
        UploadNotADocument,
        UploadWrongShape,
        UploadTooLarge,
        WrongMethod,
        UnknownRoute,

        /// <summary>A completion batch whose envelope is wrong (no array, 0 or 1,001 records, bad Idempotency-Key): 400, nothing kept.</summary>
        MalformedBatch,

        /// <summary>A CSV roster that cannot be read (not UTF-8, no header, a column missing, 0 or 1,001 rows): 400.</summary>
        MalformedCsv,

        /// <summary>xAPI statements that are not statements (no id, no verb, no account, bad timestamp, 101 of them, no version header): 400.</summary>
        MalformedStatement,

        /// <summary>
        /// A well-formed batch whose every record is malformed: by design 200 with every record rejected (record.invalid), and
        /// nothing kept but the completion.rejected webhook events that tell the provider so.
        /// </summary>
        MalformedRecords,
    }

    sealed record Shape(
        AppEndpoints.Mapped Endpoint,
        IReadOnlyList<string> RouteParameters,
        IReadOnlyList<ParameterInfo> QueryParameters,
        Type? JsonBody,
        bool Upload,
        IReadOnlySet<string> MethodsOnRoute,
        bool Partner,
        bool OptionalBody,
        bool PortalUser = false,
        bool KeyOrSession = false);

    sealed record Case(int Index, Shape Shape, Kind Kind, Caller Caller, int Seed)
    {
        public override string ToString() => $"#{Index} {Kind} {Shape.Endpoint} as {Caller}";
    }

    // NUL in a path is refused by the test client itself (Kestrel answers 400 before the app), so paths here carry none.
    protected override Dictionary<string, string?> Settings => new(base.Settings)
    {
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:Microsoft.AspNetCore.Routing"] = "Error",
    };

    [Test]
    public async Task Malformed_requests_get_problem_details_4xx_and_change_nothing()
    {
        var world = await BuildWorldAsync();
        var eventsBefore = await EventIdsAsync();
        var before = await SnapshotAsync(UnchangedEvents(eventsBefore));
        var rejectedRecords = 0;
        var ledgerBefore = await world.Client(Caller.Owner).GetStringAsync($"/api/v1/certifications/{world.OwnerNumber}/ceus");

        var shapes = Shapes(AppEndpoints.All(App.Services));
        var cases = Plan(shapes, new Random(Seed));
        Assert.That(cases, Has.Count.EqualTo(Total));

        var failures = new ConcurrentQueue<(string Group, string Message)>();
        var contract = await ResponseContract.LoadAsync(world.Client(Caller.Anonymous));
        var offContract = new ConcurrentQueue<(string Group, string Message)>();
        var byStatus = new ConcurrentDictionary<int, int>();
        var byKind = new ConcurrentDictionary<Kind, int>();
        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (@case, ct) =>
        {
            using var request = Build(@case, world);
            using var response = await world.Client(@case.Caller).SendAsync(request, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            var status = (int)response.StatusCode;
            byStatus.AddOrUpdate(status, 1, (_, n) => n + 1);
            byKind.AddOrUpdate(@case.Kind, 1, (_, n) => n + 1);

            if (@case.Kind == Kind.MalformedRecords)
            {
                var results = status == 200 ? TryParse(body)?["results"]?.AsArray() : null;
                if (results is null || results.Any(r => r?["result"]?.GetValue<string>() != "rejected" || r["code"]?.GetValue<string>() != "record.invalid"))
                {
                    failures.Enqueue(($"{@case.Kind} {@case.Shape.Endpoint} → {status}", $"{@case} {request.Method} {Shorten(request.RequestUri!.ToString())} → {status}: not every record rejected as record.invalid: {Shorten(body)}"));
                }
                else
                {
                    Interlocked.Add(ref rejectedRecords, results.Count);
                }

                return;
            }

            var problem = status is >= 400 and < 500 && response.Content.Headers.ContentType?.MediaType == "application/problem+json"
                ? TryParse(body)
                : null;
            if (problem?["status"]?.GetValue<int>() != status)
            {
                failures.Enqueue(($"{@case.Kind} {@case.Shape.Endpoint} → {status}",
                    $"{@case} {request.Method} {Shorten(request.RequestUri!.ToString())} [{Shorten(request.Content is null ? "" : await request.Content.ReadAsStringAsync(ct))}] → {status} {response.Content.Headers.ContentType} {Shorten(body)}"));
            }
            else if (@case.Shape.Endpoint.Method != "*" && @case.Kind is not (Kind.WrongMethod or Kind.UnknownRoute)
                     && contract.Violations(@case.Shape.Endpoint.Method, @case.Shape.Endpoint.Route, status, response.Content.Headers.ContentType?.MediaType, body) is { Count: > 0 } violations)
            {
                offContract.Enqueue(($"{@case.Shape.Endpoint} → {status}", $"{@case}: {string.Join("; ", violations)}"));
            }
        });

        TestContext.Progress.WriteLine($"Bad-input drill: {cases.Count} requests over {shapes.Count} endpoints, seed {Seed}.");
        TestContext.Progress.WriteLine("  by status: " + string.Join(", ", byStatus.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}×{kv.Value}")));
        TestContext.Progress.WriteLine("  by kind: " + string.Join(", ", byKind.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}×{kv.Value}")));

        TestContext.Progress.WriteLine($"  malformed records rejected one by one (200, record.invalid): {rejectedRecords}");
        var after = await SnapshotAsync(UnchangedEvents(eventsBefore));
        var newEvents = await NewEventsAsync(eventsBefore);
        var ledgerAfter = await world.Client(Caller.Owner).GetStringAsync($"/api/v1/certifications/{world.OwnerNumber}/ceus");
        Assert.Multiple(() =>
        {
            Assert.That(failures, Is.Empty, $"{failures.Count} answers were not 4xx problem details; one of each kind and endpoint:\n"
                + string.Join("\n", failures.GroupBy(f => f.Group).Select(g => $"×{g.Count()} {g.First().Message}")));
            Assert.That(offContract, Is.Empty, $"{offContract.Count} refusals are not what the OpenAPI document says; one of each endpoint and status:\n"
                + string.Join("\n", offContract.GroupBy(f => f.Group).Select(g => $"×{g.Count()} {g.First().Message}")));
            Assert.That(after, Is.EqualTo(before), "Malformed requests changed stored data.");
            Assert.That(newEvents, Is.EqualTo(Enumerable.Repeat("completion.rejected/rejected", rejectedRecords)),
                "The only thing kept is one completion.rejected webhook event per malformed record, telling the provider.");
            Assert.That(ledgerAfter, Is.EqualTo(ledgerBefore), "The owner's ledger changed.");
        });
    }

    static async Task<Guid[]> EventIdsAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(TestDatabase.ConnectionString);
        return (await Dapper.SqlMapper.QueryAsync<Guid>(connection, "select id from webhook_events")).ToArray();
    }

    static async Task<List<string>> NewEventsAsync(Guid[] before)
    {
        await using var connection = new Npgsql.NpgsqlConnection(TestDatabase.ConnectionString);
        return (await Dapper.SqlMapper.QueryAsync<string>(connection,
            "select event_type || '/' || coalesce(payload::jsonb -> 'data' ->> 'state', '?') from webhook_events where id <> all (@Before)", new { Before = before })).ToList();
    }

    /// <summary>webhook_events is compared on the rows that existed before; new rows are checked by <see cref="NewEventsAsync"/>.</summary>
    /// <remarks>rate_counters and login_throttle count attempts, refused ones included: that is their job, so they are not compared.</remarks>
    static Dictionary<string, string> UnchangedEvents(Guid[] before)
        => new()
        {
            ["webhook_events"] = before.Length == 0 ? "false" : $"id in ({string.Join(",", before.Select(id => $"'{id}'"))})",
            // Every request to the public verification counts against its rate limit, malformed or not: counters, not stored data.
            ["rate_limit_windows"] = "false",
            ["rate_counters"] = "false",
            ["login_throttle"] = "false",
        };

    static List<Shape> Shapes(IReadOnlyList<AppEndpoints.Mapped> endpoints)
    {
        var methodsByRoute = endpoints.GroupBy(e => e.Route).ToDictionary(g => g.Key, g => (IReadOnlySet<string>)g.Select(e => e.Method).ToHashSet());
        return endpoints.Select(endpoint =>
        {
            var routeParameters = endpoint.Endpoint.RoutePattern.Parameters.Select(p => p.Name).ToList();
            var method = endpoint.Endpoint.Metadata.GetMetadata<MethodInfo>();
            var accepts = endpoint.Endpoint.Metadata.GetMetadata<IAcceptsMetadata>();
            var upload = accepts?.ContentTypes.Any(c => c.StartsWith("multipart/", StringComparison.Ordinal)) == true;
            var jsonBody = !upload && accepts?.ContentTypes.Any(c => c.Contains("json", StringComparison.Ordinal)) == true ? accepts.RequestType : null;
            if (endpoint.Route == BatchRoute)
            {
                // A batch's records are checked one by one (a bad record is a result, not a 400): its own kinds below cover it.
                jsonBody = null;
            }

            var query = (method?.GetParameters() ?? [])
                .Where(p => !routeParameters.Contains(p.Name!, StringComparer.OrdinalIgnoreCase) && IsSimple(p.ParameterType)
                            && p.GetCustomAttribute<FromHeaderAttribute>() is null)
                .ToList();
            var policies = endpoint.Endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList();
            var keyOrSession = policies.Contains(ProviderAuth.KeyOrSessionPolicy);
            var partner = keyOrSession || policies.Contains(ProviderAuth.Policy);
            return new Shape(endpoint, routeParameters, query, jsonBody, upload, methodsByRoute[endpoint.Route], partner, accepts?.IsOptional == true,
                policies.Contains(ProviderAuth.PortalUserPolicy), keyOrSession);
        }).ToList();
    }

    static List<Case> Plan(List<Shape> shapes, Random random)
    {
        // Every applicable (endpoint, kind) pair is equally likely, so endpoints with bodies get more of the cases.
        var pairs = shapes.SelectMany(shape => KindsFor(shape).Select(kind => (shape, kind))).ToList();
        var cases = new List<Case>(Total);
        var hugeOnes = 0;
        while (cases.Count < Total)
        {
            var (shape, kind) = pairs[random.Next(pairs.Count)];
            if (kind is Kind.HugeBody or Kind.UploadTooLarge && ++hugeOnes > 12)
            {
                kind = Kind.UnknownRoute;
            }

            // Path garbage and wrong methods come from anyone; the rest from callers allowed in, so that binding and validation are reached.
            var caller = kind is Kind.PathParameter or Kind.WrongMethod or Kind.UnknownRoute
                ? (Caller)random.Next(Enum.GetValues<Caller>().Length)
                : shape.PortalUser ? Caller.ProviderUser
                // Routes that take a key or a portal session get both, alternately (no extra draw, so the plan stays as it was).
                : shape.KeyOrSession && cases.Count % 2 == 1 ? Caller.ProviderUser
                : shape.Partner ? Caller.Provider
                : random.Next(2) == 0 ? Caller.Owner : Caller.Staff;
            cases.Add(new Case(cases.Count, shape, kind, caller, random.Next()));
        }

        return cases;
    }

    static List<Kind> KindsFor(Shape shape)
    {
        var kinds = new List<Kind> { Kind.WrongMethod, Kind.UnknownRoute };
        if (shape.RouteParameters.Count > 0)
        {
            kinds.AddRange([Kind.PathParameter, Kind.PathParameter]);
        }

        if (shape.QueryParameters.Count > 0)
        {
            kinds.AddRange([Kind.QueryParameter, Kind.QueryParameter]);
        }

        if (shape.JsonBody is not null)
        {
            kinds.AddRange([Kind.WrongType, Kind.WrongType, Kind.NullValue, Kind.OverlongString, Kind.BadNumber, Kind.UnknownEnum, Kind.BrokenJson,
                Kind.BrokenJson, Kind.WrongJsonKind, Kind.EmptyBody, Kind.WrongContentType, Kind.DeepNesting, Kind.HugeBody]);
            if (Properties(shape.JsonBody).Any(p => (Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType) == typeof(DateOnly)))
            {
                kinds.AddRange([Kind.OutOfRangeDate, Kind.OutOfRangeDate]);
            }
        }

        if (shape.Upload)
        {
            kinds.AddRange([Kind.UploadNotADocument, Kind.UploadNotADocument, Kind.UploadNotADocument, Kind.UploadWrongShape, Kind.UploadWrongShape,
                Kind.WrongContentType, Kind.EmptyBody, Kind.UploadTooLarge]);
        }

        switch (shape.Endpoint.Route)
        {
            case BatchRoute when shape.Endpoint.Method == "POST":
                kinds.AddRange([Kind.MalformedBatch, Kind.MalformedBatch, Kind.MalformedBatch, Kind.MalformedRecords, Kind.MalformedRecords]);
                break;
            case CsvRoute or RosterRoute:
                kinds.AddRange([Kind.MalformedCsv, Kind.MalformedCsv, Kind.MalformedCsv, Kind.MalformedCsv, Kind.MalformedRecords, Kind.MalformedRecords]);
                break;
            case PreviewRoute:
                // A preview of malformed rows is a 200 that lists their problems, and records nothing either way.
                kinds.AddRange([Kind.MalformedCsv, Kind.MalformedCsv, Kind.MalformedCsv, Kind.MalformedCsv]);
                break;
            case XapiRoute when shape.Endpoint.Method == "POST":
                kinds.AddRange([Kind.MalformedStatement, Kind.MalformedStatement, Kind.MalformedStatement, Kind.MalformedStatement]);
                break;
        }

        if (shape.OptionalBody)
        {
            // No body at all is a valid request there (e.g. rotate-secret without a secret of one's own).
            kinds.RemoveAll(k => k == Kind.EmptyBody);
        }

        // WrongMethod needs a method the route does not have ("*" routes take every method).
        if (shape.MethodsOnRoute.Contains("*"))
        {
            kinds.Remove(Kind.WrongMethod);
        }

        return kinds;
    }

    static HttpRequestMessage Build(Case @case, DrillWorld world)
    {
        var random = new Random(@case.Seed);
        var shape = @case.Shape;
        var method = new HttpMethod(shape.Endpoint.Method == "*" ? "GET" : shape.Endpoint.Method);
        var pathValues = shape.RouteParameters.ToDictionary(p => p, p => ValidRouteValue(shape.Endpoint.Route, p, world), StringComparer.OrdinalIgnoreCase);
        var query = "";
        HttpContent? content = shape.JsonBody is { } bodyType ? Json(Template(bodyType, world).ToJsonString()) : null;
        if (shape.Upload)
        {
            content = Multipart("file", "certificate.pdf", "application/pdf", Encoding.ASCII.GetBytes("%PDF-1.4\n%%EOF"));
        }

        switch (@case.Kind)
        {
            case Kind.PathParameter:
                var parameter = shape.RouteParameters[random.Next(shape.RouteParameters.Count)];
                pathValues[parameter] = random.Next(4) == 0 ? new string('9', random.Next(300, 5000)) : Pick(random, GarbageSegments);
                break;
            case Kind.QueryParameter:
                var queryParameter = shape.QueryParameters[random.Next(shape.QueryParameters.Count)];
                var (badValues, validValue) = BadQueryValues(queryParameter.ParameterType);
                var bad = Pick(random, badValues);
                query = validValue is not null && random.Next(5) == 0
                    ? $"?{queryParameter.Name}={bad}&{queryParameter.Name}={validValue}"
                    : $"?{queryParameter.Name}={bad}";
                break;
            case Kind.MalformedBatch:
                return MalformedBatch(random, world);
            case Kind.MalformedCsv:
                return MalformedCsv(random, world, shape.Endpoint.Route);
            case Kind.MalformedStatement:
                return MalformedStatement(random, world);
            case Kind.MalformedRecords:
                return MalformedRecords(random, shape.Endpoint.Route is CsvRoute or RosterRoute ? shape.Endpoint.Route : null);
            case Kind.WrongType or Kind.NullValue or Kind.OverlongString or Kind.BadNumber or Kind.UnknownEnum or Kind.OutOfRangeDate:
                content = MutateField(@case.Kind, shape.JsonBody!, world, random) is { } mutated ? Json(mutated) : Json(BrokenJson(Template(shape.JsonBody!, world), random));
                break;
            case Kind.BrokenJson:
                content = Json(BrokenJson(Template(shape.JsonBody!, world), random));
                break;
            case Kind.WrongJsonKind:
                // JSON null is "no body", which an optional body allows.
                content = Json(Pick<string>(random, shape.OptionalBody ? ["[]", "42", "\"text\"", "true", "[{}]", "-0"] : ["[]", "42", "\"text\"", "null", "true", "[{}]", "-0"]));
                break;
            case Kind.EmptyBody:
                content = random.Next(2) == 0 ? Json("") : null;
                break;
            case Kind.WrongContentType:
                var text = shape.JsonBody is { } type ? Template(type, world).ToJsonString() : "file=certificate.pdf";
                content = new StringContent(text, Encoding.UTF8, Pick(random, ["text/plain", "application/xml", "application/x-www-form-urlencoded", "image/png", "application/octet-stream"]));
                if (shape.Upload && random.Next(2) == 0)
                {
                    content = Json("{\"file\":\"JVBERi0xLjQK\"}");
                }

                break;
            case Kind.DeepNesting:
                var depth = random.Next(100, 5000);
                content = Json("{\"title\":" + new string('[', depth) + new string(']', depth) + "}");
                break;
            case Kind.HugeBody:
                var huge = Template(shape.JsonBody!, world);
                var stringField = StringProperties(shape.JsonBody!).FirstOrDefault();
                huge[stringField is null ? "padding" : Camel(stringField.Name)] = new string('x', random.Next(2, 5) * 1024 * 1024);
                if (stringField is null)
                {
                    content = Json(BrokenJson(huge, random));
                }
                else
                {
                    content = Json(huge.ToJsonString());
                }

                break;
            case Kind.UploadNotADocument:
                var bytes = Pick(random, [
                    "MZ\x90\0\x03 this is an exe"u8.ToArray(), "<html><script>alert(1)</script></html>"u8.ToArray(), "PK\x03\x04zip"u8.ToArray(),
                    "%PDX-1.4 almost a pdf"u8.ToArray(), Encoding.UTF8.GetBytes(new string('A', random.Next(1, 4000))), [0xFF, 0xD8], [0x89, 0x50, 0x4E],
                ]);
                content = Multipart("file", Pick(random, TraversalFileNames), Pick(random, ["application/pdf", "image/png", "image/jpeg", "text/plain"]), bytes);
                break;
            case Kind.UploadWrongShape:
                content = random.Next(3) switch
                {
                    0 => Multipart(Pick(random, ["document", "files", "", "FILE[]"]), "certificate.pdf", "application/pdf", Encoding.ASCII.GetBytes("%PDF-1.4\n%%EOF")),
                    1 => Multipart("file", "empty.pdf", "application/pdf", []),
                    _ => BrokenMultipart(random),
                };
                break;
            case Kind.UploadTooLarge:
                var large = new byte[10 * 1024 * 1024 + random.Next(1, 4096)];
                "%PDF-1.4\n"u8.CopyTo(large);
                content = Multipart("file", "../../large.pdf", "application/pdf", large);
                break;
            case Kind.WrongMethod:
                var unmapped = new[] { "GET", "POST", "PUT", "DELETE", "PATCH" }.Where(m => !shape.MethodsOnRoute.Contains(m)).ToArray();
                method = new HttpMethod(Pick(random, unmapped));
                break;
            case Kind.UnknownRoute:
                var suffix = Pick(random, ["/unknown", "/..%2F..%2Fadmin", "/" + new string('z', 2000), "/api/v1", "/.env", "/ceus/extra/segments"]);
                var path = Substitute(shape.Endpoint.Route, pathValues);
                return new HttpRequestMessage(HttpMethod.Get, (path == "/" ? "" : path) + suffix);
        }

        var url = Substitute(shape.Endpoint.Route, pathValues) + query;
        var request = new HttpRequestMessage(method, url);
        if (method != HttpMethod.Get || @case.Kind is not Kind.WrongMethod)
        {
            request.Content = method == HttpMethod.Get ? null : content;
        }

        if (shape.Endpoint.Route == XapiRoute)
        {
            // With the version header the body itself is read, so the malformed body is what gets refused.
            request.Headers.Add("X-Experience-API-Version", "1.0.3");
        }

        return request;
    }

    static string Substitute(string route, Dictionary<string, string> values)
    {
        foreach (var (name, value) in values)
        {
            route = route.Replace("{" + name + "}", value, StringComparison.OrdinalIgnoreCase);
        }

        return route;
    }

    /// <summary>A value that reaches the handler: the owner's own resources, or an unknown id for parameters added later.</summary>
    static string ValidRouteValue(string route, string parameter, DrillWorld world) => parameter.ToLowerInvariant() switch
    {
        "number" or "certificationnumber" => world.OwnerNumber,
        "externalid" => world.CompletionExternalId,
        "keyid" => world.ProviderKeyId.ToString(),
        "id" when route.Contains("/documents/", StringComparison.Ordinal) => world.OwnerDocumentId.ToString(),
        "id" when route.Contains("/applications/", StringComparison.Ordinal) || route.Contains("/audits/", StringComparison.Ordinal) => world.OwnerApplicationId.ToString()!,
        "id" when route.Contains("/petitions/", StringComparison.Ordinal) => world.OwnerPetitionId.ToString(),
        "id" when route.Contains("/providers/", StringComparison.Ordinal) => world.ProviderId.ToString(),
        "id" when route.Contains("/webhooks/endpoints/", StringComparison.Ordinal) => world.WebhookEndpointId.ToString(),
        "id" when route.Contains("/webhooks/deliveries/", StringComparison.Ordinal) => world.WebhookDeliveryId.ToString(),
        "id" when route.Contains("/staff/claims/", StringComparison.Ordinal) => world.ClaimRequestId.ToString(),
        "id" when route.Contains("/ceus/", StringComparison.Ordinal) => world.OwnerOtherActivityId.ToString(),
        "id" when route.Contains("/notifications/", StringComparison.Ordinal) => (world.OwnerNotificationId ?? Guid.NewGuid()).ToString(),
        "id" when route.Contains("/cpr-aed/", StringComparison.Ordinal) && !route.Contains("/issuers/", StringComparison.Ordinal) => world.OwnerCardId.ToString(),
        _ => Guid.NewGuid().ToString(),
    };

    /// <summary>
    /// Values a query parameter of this type cannot take (already URL-encoded), and a valid one to repeat it with. A string
    /// is free text: any text is a valid search, so only what PostgreSQL cannot store (NUL) is malformed.
    /// </summary>
    static (string[] Bad, string? Valid) BadQueryValues(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying == typeof(DateOnly) || underlying == typeof(DateTime) || underlying == typeof(DateTimeOffset))
        {
            return (BadDates.Concat(underlying == typeof(DateOnly) ? OutOfRangeDates : []).Select(d => d == "%00" ? d : Uri.EscapeDataString(d)).ToArray(), underlying == typeof(DateOnly) ? "2026-01-01" : "2026-01-01T00:00:00Z");
        }

        if (underlying == typeof(int) || underlying == typeof(long) || underlying == typeof(short))
        {
            // 100000000 and int.MaxValue: huge page numbers (an OFFSET overflow before paging was bounded).
            return (["abc", "1e400", "99999999999999999999", "1.5", "%00", "0x10", "--1", "NaN", "%20", "100000000", "2147483647"], "10");
        }

        if (underlying == typeof(decimal) || underlying == typeof(double) || underlying == typeof(float))
        {
            return (["abc", "1e400", "%00", "0x10", "1..5"], "1");
        }

        if (underlying == typeof(bool))
        {
            return (["maybe", "%00", "2", "yes"], "true");
        }

        if (underlying == typeof(Guid))
        {
            return (["not-a-guid", "%00", "123", "%7B00000000-0000-0000-0000-00000000000%7D"], Guid.Empty.ToString());
        }

        if (underlying.IsEnum)
        {
            return (["definitely-not-a-value", "%00", "%C3%84REA"], EnumValues(underlying).First());
        }

        return (["%00", "a%00b", "%00%00%00", "Rivera%00%27%20OR%201%3D1"], null);
    }

    static object ValidRecord(DrillWorld world, string externalId) => new JsonObject
    {
        ["externalId"] = externalId,
        ["courseCode"] = DrillWorld.ProviderCourse,
        ["certificationNumber"] = world.OwnerNumber,
        ["lastName"] = DrillWorld.OwnerLastName,
        ["completedOn"] = "2026-04-01",
    };

    /// <summary>The envelope is wrong; the one record in it is the world's existing completion, so even a mistaken 200 would add nothing.</summary>
    static HttpRequestMessage MalformedBatch(Random random, DrillWorld world)
    {
        var record = ((JsonObject)ValidRecord(world, world.CompletionExternalId)).ToJsonString();
        var request = new HttpRequestMessage(HttpMethod.Post, BatchRoute);
        switch (random.Next(10))
        {
            case 0:
                request.Content = Json(Pick(random, ["{\"completions\":[]}", "[]", "{}", "{\"completions\":{}}", "{\"completions\":\"x\"}", "{\"completions\":null}", "42", "null", "\"text\""]));
                break;
            case 1:
                request.Content = Json("[" + string.Join(",", Enumerable.Repeat(record, 1001)) + "]");
                break;
            case 2:
                request.Content = Json(Pick(random, [$"{{\"completion\":[{record}]}}", $"{{\"records\":[{record}]}}"]));
                break;
            case 3:
                var text = $"{{\"completions\":[{record}]}}";
                request.Content = Json(random.Next(3) switch
                {
                    0 => text[..random.Next(1, text.Length - 1)],
                    1 => text.Replace("\"", "'"),
                    _ => text[..^2] + ",]}",
                });
                break;
            case 4:
                var depth = random.Next(20, 3000);
                request.Content = Json("{\"completions\":" + new string('[', depth) + new string(']', depth) + "}");
                break;
            case 5 or 6:
                request.Content = Json($"{{\"completions\":[{record}]}}");
                request.Headers.TryAddWithoutValidation("Idempotency-Key", Pick(random, [new string('k', random.Next(256, 2000)), "has space", "tab\there", "a,b c"]));
                break;
            case 7:
                request.Content = new StringContent($"{{\"completions\":[{record}]}}", Encoding.UTF8, Pick(random, ["text/plain", "application/xml", "text/csv", "application/x-www-form-urlencoded"]));
                break;
            case 8:
                request.Content = random.Next(2) == 0 ? Json("") : null;
                break;
            default:
                request.Content = random.Next(20) == 0
                    ? Json($"{{\"completions\":[{record}],\"padding\":\"{new string('x', 2 * 1024 * 1024 + 10)}\"}}")
                    : Json($"{{\"completions\":[{record}]}} trailing");
                break;
        }

        return request;
    }

    static HttpRequestMessage MalformedCsv(Random random, DrillWorld world, string route)
    {
        var row = $"{world.CompletionExternalId},{DrillWorld.ProviderCourse},{world.OwnerNumber},{DrillWorld.OwnerLastName},2026-04-01";
        var request = new HttpRequestMessage(HttpMethod.Post, route);
        if (random.Next(4) == 0)
        {
            return MalformedRosterFile(random, route, row);
        }

        byte[] bytes = random.Next(8) switch
        {
            0 => [],
            1 => Encoding.UTF8.GetBytes(CsvHeader + "\n"),
            2 => Encoding.UTF8.GetBytes(Pick(random, ["externalId,courseCode,certificationNumber,lastName", "id,course,number,name,date", "a;b;c;d;e", "\"externalId\""]) + "\n" + row + "\n"),
            3 => Encoding.UTF8.GetBytes(CsvHeader + "\n" + string.Join("\n", Enumerable.Repeat(row, 1001)) + "\n"),
            4 => [.. Encoding.UTF8.GetBytes(CsvHeader + "\n"), 0xC3, 0x28, 0xFF, 0xFE, (byte)'\n'],
            5 => Encoding.UTF8.GetBytes("\n\n\n"),
            6 => random.Next(10) == 0 ? Encoding.UTF8.GetBytes(CsvHeader + "\n" + new string('x', 2 * 1024 * 1024 + 10)) : Encoding.UTF8.GetBytes(CsvHeader + "\n" + row + "\n"),
            _ => Encoding.UTF8.GetBytes(CsvHeader + "\n" + row + "\n"),
        };
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(random.Next(6) == 0 ? Pick(random, ["application/json", "application/vnd.ms-excel", "multipart/form-data"]) : "text/csv");
        request.Content = content;
        var readable = bytes.Length is > 0 and < 4096 && content.Headers.ContentType.MediaType is "text/csv" or "application/vnd.ms-excel" && Encoding.UTF8.GetString(bytes).EndsWith(row + "\n", StringComparison.Ordinal)
                       && Encoding.UTF8.GetString(bytes).StartsWith(CsvHeader, StringComparison.Ordinal);
        if (readable && route == PreviewRoute)
        {
            // A preview takes no Idempotency-Key (it records nothing): a readable roster is made unreadable instead (no rows).
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(CsvHeader + "\n"));
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("text/csv");
            return request;
        }

        if (readable || random.Next(4) == 0)
        {
            // A readable roster is refused for its Idempotency-Key only.
            request.Headers.TryAddWithoutValidation("Idempotency-Key", Pick(random, [new string('k', 300), "has space", "tab\there"]));
        }

        return request;
    }

    static HttpRequestMessage MalformedStatement(Random random, DrillWorld world)
    {
        if (random.Next(6) == 0)
        {
            // multipart/mixed (statements with attachments) whose parts are wrong: no boundary, no parts, statements not first.
            var (contentType, text) = Pick(random, [
                ("multipart/mixed", "--b\r\nContent-Type: application/json\r\n\r\n{}\r\n--b--\r\n"),
                ("multipart/mixed; boundary=b", "no parts at all"),
                ("multipart/mixed; boundary=b", "--b\r\nContent-Type: text/plain\r\n\r\nattachment first\r\n--b--\r\n"),
                ("multipart/mixed; boundary=b", "--b\r\nContent-Type: application/json\r\n\r\n{\"verb\": 1}\r\n--b--\r\n"),
                ("multipart/mixed; boundary=\"" + new string('x', 100) + "\"", "--x\r\n"),
            ]);
            var multipart = new HttpRequestMessage(HttpMethod.Post, XapiRoute) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(text)) };
            multipart.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            multipart.Headers.TryAddWithoutValidation("X-Experience-API-Version", "1.0.3");
            return multipart;
        }

        JsonObject Statement() => new()
        {
            ["id"] = new Guid(Enumerable.Range(0, 16).Select(_ => (byte)random.Next(256)).ToArray()).ToString(),
            ["actor"] = new JsonObject
            {
                ["objectType"] = "Agent", ["name"] = "Dana Rivera",
                ["account"] = new JsonObject { ["homePage"] = "https://recert.example", ["name"] = world.OwnerNumber },
            },
            ["verb"] = new JsonObject { ["id"] = "http://adlnet.gov/expapi/verbs/completed" },
            ["object"] = new JsonObject { ["objectType"] = "Activity", ["id"] = DrillWorld.ProviderActivityId },
            ["timestamp"] = "2026-05-03T18:00:00Z",
        };

        var statement = Statement();
        string? version = "1.0.3";
        string body;
        switch (random.Next(10))
        {
            case 0:
                version = Pick<string?>(random, [null, "2.1.0", "0.95", "", "1.1.0", "1.0.4"]);
                body = statement.ToJsonString();
                break;
            case 1:
                // No id at all is valid xAPI (the LRS assigns one); a wrong one is not.
                statement["id"] = Pick<JsonNode?>(random, ["not-a-uuid", 42, "", "{not-a-guid}"]);
                body = statement.ToJsonString();
                break;
            case 2:
                statement.Remove(Pick(random, ["verb", "actor", "object"]));
                body = statement.ToJsonString();
                break;
            case 3:
                // An email actor is valid (kept pending until a holder verifies the email); a broken one is not.
                statement["actor"] = Pick(random, [
                    new JsonObject { ["objectType"] = "Agent", ["mbox"] = "dana@example.test" },
                    new JsonObject { ["objectType"] = "Agent", ["mbox"] = "mailto:" },
                    new JsonObject { ["objectType"] = "Agent", ["mbox_sha1sum"] = "not-a-sha1" },
                    new JsonObject { ["objectType"] = "Agent", ["name"] = "Dana Rivera" },
                ]);
                body = statement.ToJsonString();
                break;
            case 4:
                statement["timestamp"] = Pick<JsonNode>(random, [1780000000, new JsonObject(), "yesterday", "2026-02-30T10:00:00Z", "1780000000", "2026-13-01", "01/06/2026 10:00:00", "05/03/2026", "Sun, 03 May 2026 18:00:00 GMT"]);
                body = statement.ToJsonString();
                break;
            case 5:
                body = "[" + string.Join(",", Enumerable.Range(0, 101).Select(_ => Statement().ToJsonString())) + "]";
                break;
            case 6:
                body = Pick(random, ["[]", "42", "\"statement\"", "null", "[1,2]", "{"]);
                break;
            case 7:
                statement["verb"] = new JsonObject { ["display"] = new JsonObject { ["en-US"] = "completed" } };
                body = statement.ToJsonString();
                break;
            case 8:
                statement["object"] = new JsonObject { ["objectType"] = "Activity" };
                body = statement.ToJsonString();
                break;
            default:
                statement["verb"] = new JsonObject { ["id"] = "http://adlnet.gov/expapi/verbs/voided" };
                statement["object"] = new JsonObject { ["objectType"] = "Activity", ["id"] = "not a statement ref" };
                body = statement.ToJsonString();
                break;
        }

        var request = new HttpRequestMessage(HttpMethod.Post, XapiRoute) { Content = Json(body) };
        if (version is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Experience-API-Version", version);
        }

        return request;
    }

    /// <summary>
    /// Files that are no roster, sent as office software and browsers send them: a broken or foreign zip posing as .xlsx, a
    /// legacy .xls, binary content, a form without its file or with two, an unknown dateFormat, Windows-1252 text.
    /// </summary>
    static HttpRequestMessage MalformedRosterFile(Random random, string route, string row)
    {
        byte[] zipNotXlsx = [0x50, 0x4B, 0x03, 0x04, .. Enumerable.Range(0, random.Next(0, 200)).Select(_ => (byte)random.Next(256))];
        byte[] xls = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0];
        byte[] binary = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];
        byte[] latin1 = Encoding.Latin1.GetBytes(CsvHeader + "\n" + row.Replace(DrillWorld.OwnerLastName, "Mu\u00F1oz") + "\n");
        var file = Pick(random, [zipNotXlsx, xls, binary, latin1]);
        var fileType = Pick(random, ["text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/octet-stream", "application/vnd.ms-excel"]);
        var request = new HttpRequestMessage(HttpMethod.Post, route);
        switch (random.Next(5))
        {
            case 0:
            {
                var content = new ByteArrayContent(file);
                content.Headers.ContentType = MediaTypeHeaderValue.Parse(fileType);
                request.Content = content;
                break;
            }

            case 1:
            {
                var form = new MultipartFormDataContent();
                var part = new ByteArrayContent(file);
                part.Headers.ContentType = MediaTypeHeaderValue.Parse(fileType);
                form.Add(part, "file", Pick(random, ["roster.xlsx", "roster.csv", "../../etc/passwd", "a\u202Eslx.exe"]));
                request.Content = form;
                break;
            }

            case 2:
            {
                // No file, or two files, in the form.
                var form = new MultipartFormDataContent { { new StringContent("MM/dd/yyyy"), "dateFormat" } };
                if (random.Next(2) == 0)
                {
                    form.Add(new StringContent(CsvHeader + "\n" + row + "\n"), "file", "a.csv");
                    form.Add(new StringContent(CsvHeader + "\n" + row + "\n"), "other", "b.csv");
                }

                request.Content = form;
                break;
            }

            case 3:
            {
                // A readable roster with an unknown dateFormat (query or form field).
                var form = new MultipartFormDataContent { { new StringContent(CsvHeader + "\n" + row + "\n"), "file", "a.csv" } };
                form.Add(new StringContent(Pick(random, ["auto", "mm/dd/yyyy", "dd.MM.yyyy", new string('y', 300)])), "dateFormat");
                request.Content = form;
                break;
            }

            default:
            {
                var content = new ByteArrayContent(Encoding.UTF8.GetBytes(CsvHeader + "\n" + row + "\n"));
                content.Headers.ContentType = MediaTypeHeaderValue.Parse("text/csv");
                request.Content = content;
                request.RequestUri = new Uri(route + "?dateFormat=" + Uri.EscapeDataString(Pick(random, ["guess", "MM-dd-yyyy", "%00", "yyyy/MM/dd"])), UriKind.Relative);
                break;
            }
        }

        return request;
    }

    /// <summary>1–20 records, each malformed in one way: every one must come back rejected with record.invalid.</summary>
    static HttpRequestMessage MalformedRecords(Random random, string? rosterRoute)
    {
        var count = random.Next(1, 21);
        var records = Enumerable.Range(0, count).Select(i =>
        {
            var record = new Dictionary<string, string?>
            {
                ["externalId"] = $"bad-{random.Next()}-{i}",
                ["courseCode"] = DrillWorld.ProviderCourse,
                ["certificationNumber"] = "DRILL-OWNER-1",
                ["lastName"] = DrillWorld.OwnerLastName,
                ["completedOn"] = "2026-04-01",
            };
            var field = Pick(random, record.Keys.ToArray());
            record[field] = field == "completedOn"
                ? Pick<string?>(random, ["2026-02-30", "01/06/2026", "yesterday", "2026-4-1", "", null, "20260401"])
                : Pick<string?>(random, [null, "", "   ", new string('x', 300)]);
            return record;
        }).ToList();

        if (rosterRoute is not null)
        {
            var separator = Pick(random, [",", ";", "\t"]);
            var lines = records.Select(r => string.Join(separator, CsvHeader.Split(',').Select(c => Quote(r[c] ?? ""))));
            var content = new StringContent(CsvHeader.Replace(",", separator) + "\r\n" + string.Join("\r\n", lines) + "\r\n", Encoding.UTF8, "text/csv");
            return new HttpRequestMessage(HttpMethod.Post, rosterRoute) { Content = content };
        }

        var array = new JsonArray(records.Select(r => (JsonNode)new JsonObject(r.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)(kv.Value is null ? null : JsonValue.Create(kv.Value)))))).ToArray());
        if (random.Next(3) == 0)
        {
            // Wrong JSON types in a record are the record's problem too.
            array.Add(new JsonObject { ["externalId"] = 12345, ["courseCode"] = true, ["certificationNumber"] = new JsonArray(), ["lastName"] = "Rivera", ["completedOn"] = 20260401 });
            array.Add(JsonValue.Create("not a record"));
        }

        return new HttpRequestMessage(HttpMethod.Post, BatchRoute) { Content = Json(new JsonObject { ["completions"] = array }.ToJsonString()) };
    }

    static string Quote(string value) => value.Contains(',') || value.Contains(';') || value.Contains('\t') || value.Contains('"') ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;

    /// <summary>A plausible body; mutations then make exactly one thing wrong with it.</summary>
    static JsonObject Template(Type type, DrillWorld world)
    {
        var body = new JsonObject();
        foreach (var property in Properties(type))
        {
            var underlying = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var name = Camel(property.Name);
            JsonNode? value = underlying switch
            {
                _ when underlying == typeof(string) => name.ToLowerInvariant() switch
                {
                    "email" => "drill@example.test",
                    "password" => "a-long-password-1",
                    "currency" => "USD",
                    "number" => world.OwnerNumber,
                    "credential" => "CPT",
                    "lastname" => DrillWorld.OwnerLastName,
                    _ => "Valid text",
                },
                _ when underlying == typeof(decimal) || underlying == typeof(double) => 0.5m,
                _ when underlying == typeof(int) || underlying == typeof(long) => 100,
                _ when underlying == typeof(bool) => true,
                _ when underlying == typeof(DateOnly) => "2026-04-01",
                _ when underlying == typeof(Guid) => Nullable.GetUnderlyingType(property.PropertyType) is null ? Guid.NewGuid().ToString() : null,
                _ when underlying.IsEnum => EnumValues(underlying).First(),
                _ => null,
            };
            if (value is not null)
            {
                body[name] = value;
            }
        }

        return body;
    }

    static string? MutateField(Kind kind, Type type, DrillWorld world, Random random)
    {
        var body = Template(type, world);
        var nullability = new NullabilityInfoContext();
        var candidates = Properties(type).Where(p =>
        {
            var underlying = Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType;
            return kind switch
            {
                Kind.NullValue => p.PropertyType.IsValueType ? Nullable.GetUnderlyingType(p.PropertyType) is null : nullability.Create(p).WriteState == NullabilityState.NotNull,
                Kind.OverlongString => underlying == typeof(string),
                Kind.BadNumber => underlying == typeof(decimal) || underlying == typeof(int) || underlying == typeof(long) || underlying == typeof(double),
                Kind.UnknownEnum => underlying.IsEnum,
                Kind.OutOfRangeDate => underlying == typeof(DateOnly),
                _ => true,
            };
        }).ToList();
        if (candidates.Count == 0)
        {
            return null;
        }

        var property = candidates[random.Next(candidates.Count)];
        var name = Camel(property.Name);
        var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        body[name] = kind switch
        {
            Kind.NullValue => null,
            Kind.OverlongString => new string(Pick(random, ['a', 'é', '0', ' ', '\u202e']), random.Next(1_000, 20_000)),
            Kind.BadNumber => Pick<JsonNode>(random, [-1, -0.01m, -100.5m, JsonValue.Create(-9_000_000_000L)]),
            Kind.UnknownEnum => Pick(random, ["definitely-not-a-value", "", " ", "other ", "ÄREA", "1", "null"]),
            Kind.OutOfRangeDate => Pick(random, OutOfRangeDates),
            _ => WrongTypeFor(propertyType, random),
        };
        var text = body.ToJsonString();
        if (kind == Kind.BadNumber && random.Next(3) == 0)
        {
            // Beyond decimal/long range: the JSON is well-formed, the number does not fit.
            text = text.Replace($"\"{name}\":{body[name]!.ToJsonString()}", $"\"{name}\":1e400");
        }

        return text;
    }

    static JsonNode? WrongTypeFor(Type type, Random random)
    {
        if (type == typeof(string))
        {
            return Pick<JsonNode>(random, [12345, true, new JsonArray("a"), new JsonObject { ["x"] = 1 }]);
        }

        if (type == typeof(DateOnly))
        {
            return Pick<JsonNode>(random, [20260101, "2026-02-30", "not-a-date", "2026-13-01", true, new JsonArray()]);
        }

        if (type == typeof(Guid))
        {
            return Pick<JsonNode>(random, ["not-a-guid", 123, "{00000000-0000-0000-0000-00000000000}", true]);
        }

        if (type == typeof(bool))
        {
            return Pick<JsonNode>(random, ["yes", 1, "true-ish", new JsonArray()]);
        }

        if (type.IsEnum)
        {
            return Pick<JsonNode>(random, [3, true, new JsonObject(), new JsonArray("nutrition")]);
        }

        return Pick<JsonNode>(random, ["abc", true, new JsonArray(1), new JsonObject(), "1,5", "0x10"]);
    }

    static string BrokenJson(JsonObject template, Random random)
    {
        var text = template.ToJsonString();
        return random.Next(6) switch
        {
            0 => text[..random.Next(1, text.Length - 1)],
            1 => text.Replace("\"", "'"),
            2 => text[..^1] + ",}",
            3 => "/* comment */" + text,
            4 => text.Replace(":", "=", StringComparison.Ordinal),
            _ => "{" + new string('{', random.Next(1, 10)),
        };
    }

    static IEnumerable<PropertyInfo> Properties(Type type)
        => type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead && p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract");

    static IEnumerable<PropertyInfo> StringProperties(Type type) => Properties(type).Where(p => p.PropertyType == typeof(string));

    static IEnumerable<string> EnumValues(Type enumType)
        => Enum.GetValues(enumType).Cast<object>().Select(v => JsonSerializer.Serialize(v, enumType, Recert.Api.Infrastructure.Json.Options).Trim('"'));

    static bool IsSimple(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying.IsPrimitive || underlying.IsEnum || underlying == typeof(string) || underlying == typeof(decimal) || underlying == typeof(DateOnly)
               || underlying == typeof(DateTime) || underlying == typeof(DateTimeOffset) || underlying == typeof(Guid);
    }

    static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    /// <summary>Written by hand so that file names may carry what HttpClient would refuse to send (NUL, CR LF).</summary>
    static ByteArrayContent Multipart(string field, string fileName, string contentType, byte[] bytes)
    {
        const string boundary = "drill-boundary-7f3a";
        var head = Encoding.UTF8.GetBytes(
            $"--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{fileName.Replace("\"", "")}\"\r\nContent-Type: {contentType}\r\n\r\n");
        var tail = Encoding.ASCII.GetBytes($"\r\n--{boundary}--\r\n");
        var content = new ByteArrayContent([.. head, .. bytes, .. tail]);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={boundary}");
        return content;
    }

    static ByteArrayContent BrokenMultipart(Random random)
    {
        var bytes = Encoding.ASCII.GetBytes(random.Next(2) == 0
            ? "--wrong\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n%PDF-1.4"
            : "garbage without any boundary at all");
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(random.Next(2) == 0 ? "multipart/form-data; boundary=expected" : "multipart/form-data");
        return content;
    }

    static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    static JsonNode? TryParse(string body)
    {
        try
        {
            return JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + $"…({text.Length} chars)";
}
