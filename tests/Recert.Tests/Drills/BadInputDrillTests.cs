using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Recert.Api.Infrastructure;

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

    static readonly string[] GarbageSegments =
    [
        "..%2F..%2Fetc%2Fpasswd", "%2e%2e%2f%2e%2e%2fwindows%2fwin.ini", "..%5C..%5Cboot.ini", "'%20OR%20'1'='1",
        "%F0%9F%92%A9%F0%9F%92%A9", "-1", "null", "undefined", "%7Bnumber%7D", "1e309", "NOPE-0000", "%20", "%E2%80%AE",
        "00000000-0000-0000-0000-000000000000", "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "a%2Fb", "%25%32%65",
    ];

    static readonly string[] BadDates = ["2026-02-30", "2026-13-01", "2026-00-10", "yesterday", "01/06/2026", "2026-6-1x", "99999-01-01", "2026-06-01T25:00", "%00", "NaN", "-2026-01-01"];

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
    }

    sealed record Shape(
        AppEndpoints.Mapped Endpoint,
        IReadOnlyList<string> RouteParameters,
        IReadOnlyList<ParameterInfo> QueryParameters,
        Type? JsonBody,
        bool Upload,
        IReadOnlySet<string> MethodsOnRoute);

    sealed record Case(int Index, Shape Shape, Kind Kind, Caller Caller, int Seed)
    {
        public override string ToString() => $"#{Index} {Kind} {Shape.Endpoint} as {Caller}";
    }

    // NUL in a path is refused by the test client itself (Kestrel answers 400 before the app), so paths here carry none.
    protected override Dictionary<string, string?> Settings => new()
    {
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:Microsoft.AspNetCore.Routing"] = "Error",
    };

    [Test]
    public async Task Malformed_requests_get_problem_details_4xx_and_change_nothing()
    {
        var world = await BuildWorldAsync();
        var before = await SnapshotAsync();
        var ledgerBefore = await world.Client(Caller.Owner).GetStringAsync($"/api/v1/certifications/{world.OwnerNumber}/ceus");

        var shapes = Shapes(AppEndpoints.All(App.Services));
        var cases = Plan(shapes, new Random(Seed));
        Assert.That(cases, Has.Count.EqualTo(Total));

        var failures = new ConcurrentQueue<string>();
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

            var problem = status is >= 400 and < 500 && response.Content.Headers.ContentType?.MediaType == "application/problem+json"
                ? TryParse(body)
                : null;
            if (problem?["status"]?.GetValue<int>() != status)
            {
                failures.Enqueue($"{@case} {request.Method} {Shorten(request.RequestUri!.ToString())} → {status} {response.Content.Headers.ContentType} {Shorten(body)}");
            }
        });

        TestContext.Progress.WriteLine($"Bad-input drill: {cases.Count} requests over {shapes.Count} endpoints, seed {Seed}.");
        TestContext.Progress.WriteLine("  by status: " + string.Join(", ", byStatus.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}×{kv.Value}")));
        TestContext.Progress.WriteLine("  by kind: " + string.Join(", ", byKind.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}×{kv.Value}")));

        var after = await SnapshotAsync();
        var ledgerAfter = await world.Client(Caller.Owner).GetStringAsync($"/api/v1/certifications/{world.OwnerNumber}/ceus");
        Assert.Multiple(() =>
        {
            Assert.That(failures, Is.Empty, $"{failures.Count} answers were not 4xx problem details; first ones:\n" + string.Join("\n", failures.Take(25)));
            Assert.That(after, Is.EqualTo(before), "Malformed requests changed stored data.");
            Assert.That(ledgerAfter, Is.EqualTo(ledgerBefore), "The owner's ledger changed.");
        });
    }

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
            var query = (method?.GetParameters() ?? [])
                .Where(p => !routeParameters.Contains(p.Name!, StringComparer.OrdinalIgnoreCase) && IsSimple(p.ParameterType))
                .ToList();
            return new Shape(endpoint, routeParameters, query, jsonBody, upload, methodsByRoute[endpoint.Route]);
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
                ? (Caller)random.Next(4)
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
        }

        if (shape.Upload)
        {
            kinds.AddRange([Kind.UploadNotADocument, Kind.UploadNotADocument, Kind.UploadNotADocument, Kind.UploadWrongShape, Kind.UploadWrongShape,
                Kind.WrongContentType, Kind.EmptyBody, Kind.UploadTooLarge]);
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
                var bad = random.Next(5) == 0 ? $"{Pick(random, BadDates)}&{queryParameter.Name}=2026-01-01" : Pick(random, BadDates);
                query = $"?{queryParameter.Name}={(bad == "%00" ? bad : Uri.EscapeDataString(bad).Replace("%26", "&").Replace("%3D", "="))}";
                break;
            case Kind.WrongType or Kind.NullValue or Kind.OverlongString or Kind.BadNumber or Kind.UnknownEnum:
                content = MutateField(@case.Kind, shape.JsonBody!, world, random) is { } mutated ? Json(mutated) : Json(BrokenJson(Template(shape.JsonBody!, world), random));
                break;
            case Kind.BrokenJson:
                content = Json(BrokenJson(Template(shape.JsonBody!, world), random));
                break;
            case Kind.WrongJsonKind:
                content = Json(Pick(random, ["[]", "42", "\"text\"", "null", "true", "[{}]", "-0"]));
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
        "number" => world.OwnerNumber,
        "id" when route.Contains("/documents/", StringComparison.Ordinal) => world.OwnerDocumentId.ToString(),
        "id" when route.Contains("/applications/", StringComparison.Ordinal) => world.OwnerApplicationId.ToString()!,
        _ => Guid.NewGuid().ToString(),
    };

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
