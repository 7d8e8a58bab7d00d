using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Recert.Tests.Support;

namespace Recert.Tests.Drills;

/// <summary>Who calls an endpoint in the drills. Add a caller here (e.g. a provider's machine credentials) when a new kind of client appears.</summary>
public enum Caller
{
    Anonymous,
    Owner,
    OtherCertificant,
    Staff,
}

/// <summary>
/// The data every drill starts from: a holder (the owner) with activities, a card, a document and an open application;
/// another certificant holding a certification of their own; a certification nobody has claimed yet; staff.
/// </summary>
public sealed record DrillWorld(
    IReadOnlyDictionary<Caller, HttpClient> Clients,
    string OwnerNumber,
    string OtherNumber,
    string UnclaimedNumber,
    Guid OwnerDocumentId,
    Guid? OwnerApplicationId)
{
    public const string OwnerLastName = "Rivera";
    public const string UnclaimedLastName = "Okafor";

    public HttpClient Client(Caller caller) => Clients[caller];
}

/// <summary>Endpoints as the app really maps them, so that the drills cover endpoints added later without a hand-written list.</summary>
public static partial class AppEndpoints
{
    public sealed record Mapped(string Method, string Route, RouteEndpoint Endpoint)
    {
        public override string ToString() => $"{Method} {Route}";
    }

    public static IReadOnlyList<Mapped> All(IServiceProvider services)
        => services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(endpoint => (endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"])
                .Select(method => new Mapped(method, Normalize(endpoint.RoutePattern.RawText ?? ""), endpoint)))
            .OrderBy(m => m.Route, StringComparer.Ordinal).ThenBy(m => m.Method, StringComparer.Ordinal)
            .ToList();

    /// <summary>"/api/v1/applications/{id:guid}/" → "/api/v1/applications/{id}".</summary>
    public static string Normalize(string route)
    {
        var withoutConstraints = RouteParameter().Replace(route, match => "{" + match.Groups[1].Value + "}");
        var trimmed = "/" + withoutConstraints.Trim('/');
        return trimmed;
    }

    [GeneratedRegex(@"\{\*?(\w+)(?:[:=?][^}]*)?\}")]
    private static partial Regex RouteParameter();
}

public abstract class DrillTest : IntegrationTest
{
    /// <summary>Builds the world through the public API, as a user would.</summary>
    protected async Task<DrillWorld> BuildWorldAsync(bool withApplication = true)
    {
        var today = new DateOnly(2026, 6, 1);
        App.SetToday(today);
        var staff = await StaffAsync();

        var owner = await HolderAsync("DRILL-OWNER-1", new DateOnly(2026, 12, 31));
        await MakeEligibleAsync(owner, "DRILL-OWNER-1", new DateOnly(2026, 3, 1), new DateOnly(2028, 1, 31));
        await AddOtherCeuAsync(owner, "DRILL-OWNER-1", 0.5m, new DateOnly(2023, 2, 1), title: "Before the cycle");
        var documentId = await UploadPdfAsync(owner);

        var other = await HolderAsync("DRILL-OTHER-2", new DateOnly(2027, 3, 31));
        await AddOtherCeuAsync(other, "DRILL-OTHER-2", 1.0m, new DateOnly(2026, 2, 1));

        await CreateCertificationAsync(staff, "DRILL-UNCLAIMED-3", "unclaimed@example.test", new DateOnly(2025, 1, 1), new DateOnly(2026, 12, 31), DrillWorld.UnclaimedLastName);

        Guid? applicationId = null;
        if (withApplication)
        {
            var response = await owner.PostAsJsonAsync("/api/v1/certifications/DRILL-OWNER-1/applications", new { plan = "renew" });
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
            applicationId = (await ReadJsonAsync(response))["id"]!.GetValue<Guid>();
        }

        return new DrillWorld(
            new Dictionary<Caller, HttpClient>
            {
                [Caller.Anonymous] = Anonymous(),
                [Caller.Owner] = owner,
                [Caller.OtherCertificant] = other,
                [Caller.Staff] = staff,
            },
            "DRILL-OWNER-1",
            "DRILL-OTHER-2",
            "DRILL-UNCLAIMED-3",
            documentId,
            applicationId);
    }

    /// <summary>A fingerprint of everything stored, to prove that a drill changed nothing.</summary>
    protected static async Task<IReadOnlyDictionary<string, string>> SnapshotAsync()
    {
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> 'schemaversions' order by 1",
            connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var fingerprint = new Dictionary<string, string>();
        foreach (var table in tables)
        {
            await using var command = new NpgsqlCommand(
                $"select count(*)::text || ':' || coalesce(md5(string_agg(t::text, '|' order by t::text)), '') from \"{table}\" t", connection);
            fingerprint[table] = (string)(await command.ExecuteScalarAsync())!;
        }

        return fingerprint;
    }
}
