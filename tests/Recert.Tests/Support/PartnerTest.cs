using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Recert.Tests.Support;

/// <summary>Helpers for the partner API: a provider with courses and an API key, pushing completions as it.</summary>
public abstract class PartnerTest : IntegrationTest
{
    protected static readonly DateOnly Expiry = new(2026, 12, 31);

    protected sealed record Provider(Guid Id, string Key, HttpClient Client);

    protected async Task<Provider> ProviderAsync(string name = "Acme Fitness Academy", params string[] courseCodes)
    {
        var staff = await StaffAsync();
        var created = await staff.PostAsJsonAsync("/api/v1/staff/providers", new
        {
            name,
            contactName = "Pat Lee",
            contactEmail = "partners@" + name.Replace(" ", "").ToLowerInvariant() + ".test",
            approvedFrom = new DateOnly(2024, 1, 1),
            approvedUntil = new DateOnly(2027, 12, 31),
        });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var id = (await ReadJsonAsync(created))["id"]!.GetValue<Guid>();

        foreach (var code in courseCodes.Length == 0 ? ["KB-101"] : courseCodes)
        {
            await CourseAsync(staff, id, code);
        }

        var issued = await staff.PostAsJsonAsync($"/api/v1/staff/providers/{id}/keys", new { name = "test" });
        Assert.That(issued.StatusCode, Is.EqualTo(HttpStatusCode.Created), await issued.Content.ReadAsStringAsync());
        var key = (await ReadJsonAsync(issued))["key"]!.GetValue<string>();
        return new Provider(id, key, KeyClient(key));
    }

    protected static async Task CourseAsync(HttpClient staff, Guid providerId, string code, decimal ceus = 0.5m,
        DateOnly? approvedFrom = null, DateOnly? approvedUntil = null, string? activityId = null)
    {
        var response = await staff.PostAsJsonAsync($"/api/v1/staff/providers/{providerId}/courses", new
        {
            code,
            title = $"Course {code}",
            ceus,
            area = "exercise-technique",
            approvedFrom = approvedFrom ?? new DateOnly(2025, 1, 1),
            approvedUntil = approvedUntil ?? new DateOnly(2026, 12, 31),
            activityId,
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
    }

    public const string ProviderUserPassword = "a-long-password-1";

    /// <summary>A person staff invite to the provider, who accepts the emailed invitation (and is signed in by it).</summary>
    protected async Task<HttpClient> ProviderUserAsync(HttpClient staff, Guid providerId, string email, string password = ProviderUserPassword)
    {
        var invited = await staff.PostAsJsonAsync($"/api/v1/staff/providers/{providerId}/users", new { email, firstName = "Sam", lastName = "Okoro" });
        Assert.That(invited.StatusCode, Is.EqualTo(HttpStatusCode.Created), await invited.Content.ReadAsStringAsync());
        var client = Anonymous();
        var accepted = await client.PostAsJsonAsync("/api/v1/auth/accept-invitation", new { token = await EmailedTokenAsync(email, "provider-invitation"), password });
        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.OK), await accepted.Content.ReadAsStringAsync());
        return client;
    }

    protected HttpClient KeyClient(string key)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    protected static object Record(string externalId, string number = "CPT-500", string lastName = "Rivera", string courseCode = "KB-101", string completedOn = "2026-03-01")
        => new { externalId, courseCode, certificationNumber = number, lastName, completedOn };

    protected static HttpRequestMessage Batch(object[] records, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/completions") { Content = JsonContent.Create(new { completions = records }) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return request;
    }

    protected static async Task<JsonArray> PushAsync(HttpClient client, params object[] records)
    {
        var response = await client.SendAsync(Batch(records));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await ReadJsonAsync(response))["results"]!.AsArray();
    }

    protected static string Outcome(JsonNode? result) => result!["result"]!.GetValue<string>();

    protected static string? Code(JsonNode? result) => result!["code"]?.GetValue<string>();

    /// <summary>The provider entries of a certification's CEU ledger, straight from the table.</summary>
    protected async Task<IReadOnlyList<(string State, string CourseKey, DateOnly CompletedOn)>> ProviderLedgerAsync(string number)
    {
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        var rows = await connection.QueryAsync<(string, string, DateTime)>(
            """
            select a.state, a.course_key, a.completed_on from ce_activities a join certifications c on c.id = a.certification_id
            where upper(c.number) = upper(@Number) and a.source = 'provider' order by a.completed_on, a.created_at, a.id
            """, new { Number = number });
        return rows.Select(r => (r.Item1, r.Item2, DateOnly.FromDateTime(r.Item3))).ToList();
    }

    protected T Service<T>() where T : notnull => App.Services.GetRequiredService<T>();
}
