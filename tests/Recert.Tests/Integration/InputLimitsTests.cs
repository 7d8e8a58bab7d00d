using System.Net;
using System.Net.Http.Json;
using Dapper;
using Npgsql;
using Recert.Tests.Support;

namespace Recert.Tests.Integration;

/// <summary>Pages, dates and partner text fields are bounded: out of range is a 400 naming the field, never a 500.</summary>
public sealed class InputLimitsTests : PartnerTest
{
    [TestCase("/api/v1/staff/applications?page=100000000")]
    [TestCase("/api/v1/staff/certifications?page=100000000")]
    [TestCase("/api/v1/staff/providers?page=100000000")]
    [TestCase("/api/v1/staff/applications?page=0")]
    [TestCase("/api/v1/staff/certifications?pageSize=0")]
    [TestCase("/api/v1/staff/applications?pageSize=1000")]
    [TestCase("/api/v1/staff/certifications?page=2147483647&pageSize=100")]
    public async Task Staff_lists_refuse_pages_out_of_range(string path)
    {
        var staff = await StaffAsync();
        var problem = await AssertProblemAsync(await staff.GetAsync(path), HttpStatusCode.BadRequest);
        Assert.That(problem.ToJsonString(), Does.Contain("between"));
    }

    [Test]
    public async Task The_last_allowed_page_is_answered_empty()
    {
        var staff = await StaffAsync();
        var page = await ReadJsonAsync(await staff.GetAsync("/api/v1/staff/certifications?page=10000&pageSize=100"));
        Assert.That(page["items"]!.AsArray(), Is.Empty);
    }

    [TestCase("9999-12-31", "2027-12-31")]
    [TestCase("2026-01-01", "9999-12-31")]
    [TestCase("0001-01-01", "2027-12-31")]
    [TestCase("1899-12-31", "2027-12-31")]
    public async Task Certification_dates_outside_1900_to_2200_are_refused(string cycleStart, string expiresOn)
    {
        var staff = await StaffAsync();
        var response = await staff.PostAsJsonAsync("/api/v1/certifications", new
        {
            number = "CPT-900", credential = "CPT", firstName = "Dana", lastName = "Rivera", email = "dana@example.test",
            cycleStart, expiresOn,
        });
        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.That(problem.ToJsonString(), Does.Contain("1900-01-01"));
        Assert.That((await staff.GetAsync("/api/v1/staff/certifications/CPT-900/history")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Certification_dates_on_the_bounds_are_accepted()
    {
        var staff = await StaffAsync();
        await CreateCertificationAsync(staff, "CPT-901", "edge@example.test", new DateOnly(1900, 1, 1), new DateOnly(2200, 12, 31));
    }

    [TestCase("9999-12-31")]
    [TestCase("0001-01-01")]
    public async Task Eligibility_on_a_date_out_of_range_is_a_400(string on)
    {
        var holder = await HolderAsync("CPT-902", new DateOnly(2026, 12, 31));
        await AssertProblemAsync(await holder.GetAsync($"/api/v1/certifications/CPT-902/eligibility?on={on}"), HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task Provider_and_course_dates_out_of_range_are_refused()
    {
        var staff = await StaffAsync();
        var response = await staff.PostAsJsonAsync("/api/v1/staff/providers", new
        {
            name = "Far Future", contactName = "Pat", contactEmail = "pat@far.test", approvedFrom = "2024-01-01", approvedUntil = "9999-12-31",
        });
        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    const string ActivityId = "https://lms.acme.test/courses/kb";

    static HttpRequestMessage Statement(string number, string name)
    {
        var body = new
        {
            id = Guid.NewGuid(),
            actor = new { objectType = "Agent", name, account = new { homePage = "https://recert.example", name = number } },
            verb = new { id = "http://adlnet.gov/expapi/verbs/completed" },
            @object = new { objectType = "Activity", id = ActivityId },
            timestamp = "2026-03-01T18:00:00Z",
        };
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/xapi/statements") { Content = JsonContent.Create(body) };
        request.Headers.Add("X-Experience-API-Version", "1.0.3");
        return request;
    }

    [TestCase("long-number")]
    [TestCase("control-in-number")]
    [TestCase("control-in-name")]
    [TestCase("long-name")]
    public async Task Xapi_statements_obey_the_batch_rules_for_number_and_name(string kind)
    {
        var provider = await ProviderAsync("Acme", "OTHER-1");
        await CourseAsync(await StaffAsync(), provider.Id, "KB-101", activityId: ActivityId);
        var (number, name) = kind switch
        {
            "long-number" => (new string('9', 200_000), "Dana Rivera"),
            "control-in-number" => ("CPT-\u0007500", "Dana Rivera"),
            "control-in-name" => ("CPT-500", "Dana Riv\u0000era"),
            _ => ("CPT-500", "Dana " + new string('r', 101)),
        };

        var problem = await AssertProblemAsync(await provider.Client.SendAsync(Statement(number, name)), HttpStatusCode.BadRequest);
        Assert.That(problem.ToJsonString(), Does.Contain("control characters"));
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        Assert.That(await connection.ExecuteScalarAsync<long>("select count(*) from completions"), Is.Zero, "nothing of a refused statement is stored");
    }

    [Test]
    public async Task Xapi_statement_with_acceptable_fields_is_still_recorded()
    {
        await HolderAsync("CPT-500", Expiry);
        var provider = await ProviderAsync("Acme", "OTHER-1");
        await CourseAsync(await StaffAsync(), provider.Id, "KB-101", activityId: ActivityId);
        var response = await provider.Client.SendAsync(Statement("CPT-500", "Dana Rivera"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }
}
