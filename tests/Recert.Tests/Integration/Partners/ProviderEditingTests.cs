using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Npgsql;
using Recert.Tests.Support;

namespace Recert.Tests.Integration.Partners;

/// <summary>Staff edit providers and courses; every change is kept with who, when, before and after (issue 12).</summary>
public sealed class ProviderEditingTests : PartnerTest
{
    static object ProviderBody(string name = "Acme Fitness Academy", string? contactName = "Pat Lee", string contactEmail = "partners@acmefitnessacademy.test",
        string approvedFrom = "2024-01-01", string approvedUntil = "2027-12-31")
        => new { name, contactName, contactEmail, approvedFrom, approvedUntil };

    static object CourseBody(string title = "Course KB-101", decimal ceus = 0.5m, string area = "exercise-technique",
        string approvedFrom = "2025-01-01", string approvedUntil = "2026-12-31", string? activityId = null)
        => new { title, ceus, area, approvedFrom, approvedUntil, activityId };

    async Task<Guid> CourseIdAsync(HttpClient staff, Guid providerId, string code)
    {
        var courses = await staff.GetFromJsonAsync<JsonArray>($"/api/v1/staff/providers/{providerId}/courses");
        return courses!.Single(c => c!["code"]!.GetValue<string>() == code)!["id"]!.GetValue<Guid>();
    }

    [Test]
    public async Task Editing_a_provider_keeps_each_changed_field_before_and_after_with_who_and_when()
    {
        var provider = await ProviderAsync();
        var staff = await StaffAsync();

        var edited = await staff.PutAsJsonAsync($"/api/v1/staff/providers/{provider.Id}",
            ProviderBody(name: "Acme Fitness Institute", contactName: "  ", approvedUntil: "2028-06-30"));
        Assert.That(edited.StatusCode, Is.EqualTo(HttpStatusCode.OK), await edited.Content.ReadAsStringAsync());
        var body = await ReadJsonAsync(edited);
        Assert.Multiple(() =>
        {
            Assert.That(body["name"]!.GetValue<string>(), Is.EqualTo("Acme Fitness Institute"));
            Assert.That(body["contactName"], Is.Null);
            Assert.That(body["approvedUntil"]!.GetValue<string>(), Is.EqualTo("2028-06-30"));
        });

        // Saving the same values again is not a change.
        Assert.That((await staff.PutAsJsonAsync($"/api/v1/staff/providers/{provider.Id}",
            ProviderBody(name: "Acme Fitness Institute", contactName: null, approvedUntil: "2028-06-30"))).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var history = await staff.GetFromJsonAsync<JsonArray>($"/api/v1/staff/providers/{provider.Id}/history");
        var change = history!.Single()!;
        var fields = change["changes"]!.AsArray().ToDictionary(c => c!["field"]!.GetValue<string>(), c => (Before: c!["before"]?.GetValue<string>(), After: c!["after"]?.GetValue<string>()));
        Assert.Multiple(() =>
        {
            Assert.That(change["courseId"], Is.Null);
            Assert.That(change["changedBy"]!.GetValue<string>(), Is.Not.Empty);
            Assert.That(change["changedAt"]!.GetValue<DateTimeOffset>(), Is.EqualTo(new DateTimeOffset(2026, 6, 1, 19, 0, 0, TimeSpan.Zero)).Within(TimeSpan.FromMinutes(10)));
            Assert.That(fields.Keys, Is.EquivalentTo(new[] { "name", "contactName", "approvedUntil" }));
            Assert.That(fields["name"], Is.EqualTo(("Acme Fitness Academy", "Acme Fitness Institute")));
            Assert.That(fields["contactName"], Is.EqualTo(("Pat Lee", (string?)null)));
            Assert.That(fields["approvedUntil"], Is.EqualTo(("2027-12-31", "2028-06-30")));
        });

        var one = await staff.GetFromJsonAsync<JsonObject>($"/api/v1/staff/providers/{provider.Id}");
        Assert.That(one!["name"]!.GetValue<string>(), Is.EqualTo("Acme Fitness Institute"));
    }

    [Test]
    public async Task Blank_optional_fields_mean_none_when_a_provider_or_course_is_added_as_when_it_is_edited()
    {
        var staff = await StaffAsync();
        var created = await staff.PostAsJsonAsync("/api/v1/staff/providers", ProviderBody(name: "Blank Contact Academy", contactName: "   "));
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var provider = await ReadJsonAsync(created);
        var providerId = provider["id"]!.GetValue<Guid>();

        var course = await staff.PostAsJsonAsync($"/api/v1/staff/providers/{providerId}/courses", new
        {
            code = "BL-1", title = "Blank activity id", ceus = 0.5m, area = "nutrition", approvedFrom = "2025-01-01", approvedUntil = "2026-12-31", activityId = " ",
        });
        Assert.That(course.StatusCode, Is.EqualTo(HttpStatusCode.Created), await course.Content.ReadAsStringAsync());
        var badIri = await staff.PostAsJsonAsync($"/api/v1/staff/providers/{providerId}/courses", new
        {
            code = "BL-2", title = "Not an IRI", ceus = 0.5m, area = "nutrition", approvedFrom = "2025-01-01", approvedUntil = "2026-12-31", activityId = "kb-101",
        });
        var problem = await AssertProblemAsync(badIri, HttpStatusCode.BadRequest);
        Assert.Multiple(async () =>
        {
            Assert.That(provider["contactName"], Is.Null);
            Assert.That(await ScalarAsync<bool>("select contact_name is null from providers where id = @Id", new { Id = providerId }), Is.True);
            Assert.That((await ReadJsonAsync(course))["activityId"], Is.Null);
            Assert.That(problem["errors"]!.AsObject().ContainsKey("activityId"), Is.True);
        });
    }

    [Test]
    public async Task A_bad_or_conflicting_provider_edit_is_a_problem_and_changes_nothing()
    {
        var provider = await ProviderAsync();
        await ProviderAsync("Other Academy");
        var staff = await StaffAsync();

        var problem = await AssertProblemAsync(await staff.PutAsJsonAsync($"/api/v1/staff/providers/{provider.Id}",
            ProviderBody(contactEmail: "not-an-email", approvedFrom: "2028-01-01", approvedUntil: "2027-12-31")), HttpStatusCode.BadRequest);
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.SupersetOf(new[] { "contactEmail", "approvedUntil" }));
        var conflict = await AssertProblemAsync(await staff.PutAsJsonAsync($"/api/v1/staff/providers/{provider.Id}", ProviderBody(name: "other academy")), HttpStatusCode.Conflict);
        Assert.That(conflict["code"]!.GetValue<string>(), Is.EqualTo("provider.exists"));
        await AssertProblemAsync(await staff.PutAsJsonAsync($"/api/v1/staff/providers/{Guid.NewGuid()}", ProviderBody(name: "Nobody")), HttpStatusCode.NotFound);

        Assert.That(await ScalarAsync<long>("select count(*) from provider_changes"), Is.Zero);
        Assert.That(await ScalarAsync<string>("select name from providers where id = @Id", new { provider.Id }), Is.EqualTo("Acme Fitness Academy"));
    }

    [Test]
    public async Task A_completion_waiting_for_its_learner_is_credited_with_the_course_as_it_was_sent_not_as_edited_since()
    {
        var provider = await ProviderAsync();
        var staff = await StaffAsync();
        Assert.That(Outcome((await PushAsync(provider.Client, Record("early", number: "CPT-779", completedOn: "2026-03-01")))[0]), Is.EqualTo("pending-learner"));
        var courseId = await CourseIdAsync(staff, provider.Id, "KB-101");
        var edited = await staff.PutAsJsonAsync($"/api/v1/staff/providers/{provider.Id}/courses/{courseId}",
            CourseBody(title: "Kettlebell Basics", ceus: 0.8m, area: "program-design"));
        Assert.That(edited.StatusCode, Is.EqualTo(HttpStatusCode.OK), await edited.Content.ReadAsStringAsync());

        var listed = await ReadJsonAsync(await provider.Client.GetAsync("/api/v1/completions/early"));
        Assert.That(listed["ceus"]!.GetValue<decimal>(), Is.EqualTo(0.5m), "the provider sees what it sent");

        await CreateCertificationAsync(staff, "CPT-779", HolderEmail("CPT-779"), Expiry.AddYears(-2).AddDays(1), Expiry);
        var ledger = await ScalarAsync<string>("select title || '|' || ceus || '|' || area || '|' || state from ce_activities where source = 'provider'");
        Assert.That(ledger, Is.EqualTo("Course KB-101|0.50|exercise-technique|recorded"));
    }

    [Test]
    public async Task Narrowing_a_course_and_changing_its_CEUs_leaves_recorded_completions_as_they_were()
    {
        await HolderAsync("CPT-500", Expiry);
        var provider = await ProviderAsync();
        var staff = await StaffAsync();
        Assert.That(Outcome((await PushAsync(provider.Client, Record("before-edit", completedOn: "2026-03-01")))[0]), Is.EqualTo("accepted"));
        var courseId = await CourseIdAsync(staff, provider.Id, "KB-101");

        var edited = await staff.PutAsJsonAsync($"/api/v1/staff/providers/{provider.Id}/courses/{courseId}",
            CourseBody(title: "Kettlebell Basics", ceus: 0.8m, area: "program-design", approvedFrom: "2026-04-01", activityId: "https://lms.acme.test/kb-101"));
        Assert.That(edited.StatusCode, Is.EqualTo(HttpStatusCode.OK), await edited.Content.ReadAsStringAsync());

        // The completion recorded before keeps its CEUs, title and area; the narrowed period applies to new pushes only.
        var ledger = await ScalarAsync<string>("select title || '|' || ceus || '|' || area || '|' || state from ce_activities where source = 'provider'");
        Assert.That(ledger, Is.EqualTo("Course KB-101|0.50|exercise-technique|recorded"));
        var results = await PushAsync(provider.Client, Record("march", completedOn: "2026-03-15"), Record("april", completedOn: "2026-04-01"));
        Assert.Multiple(() =>
        {
            Assert.That(Code(results[0]), Is.EqualTo("course.not-approved-on-date"));
            Assert.That(Outcome(results[1]), Is.EqualTo("accepted"));
        });
        var newest = await ScalarAsync<decimal>("select ceus from ce_activities where source = 'provider' and completed_on = '2026-04-01'");
        Assert.That(newest, Is.EqualTo(0.8m));

        var history = await staff.GetFromJsonAsync<JsonArray>($"/api/v1/staff/providers/{provider.Id}/history");
        var change = history!.Single()!;
        var fields = change["changes"]!.AsArray().Select(c => $"{c!["field"]}:{c["before"]}→{c["after"]}").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(change["courseId"]!.GetValue<Guid>(), Is.EqualTo(courseId));
            Assert.That(change["courseCode"]!.GetValue<string>(), Is.EqualTo("KB-101"));
            Assert.That(fields, Is.EqualTo(new[]
            {
                "title:Course KB-101→Kettlebell Basics", "ceus:0.50→0.80", "area:exercise-technique→program-design",
                "approvedFrom:2025-01-01→2026-04-01", "activityId:→https://lms.acme.test/kb-101",
            }));
        });
    }

    [Test]
    public async Task A_bad_course_edit_is_a_problem_and_another_providers_course_is_not_found()
    {
        var provider = await ProviderAsync("Acme Fitness Academy", "KB-101", "KB-102");
        var other = await ProviderAsync("Other Academy", "OT-1");
        var staff = await StaffAsync();
        var courseId = await CourseIdAsync(staff, provider.Id, "KB-101");
        var sibling = await CourseIdAsync(staff, provider.Id, "KB-102");
        var foreign = await CourseIdAsync(staff, other.Id, "OT-1");
        Assert.That((await staff.PutAsJsonAsync($"/api/v1/staff/providers/{provider.Id}/courses/{sibling}", CourseBody(activityId: "https://lms.acme.test/x"))).StatusCode,
            Is.EqualTo(HttpStatusCode.OK));
        var before = await ScalarAsync<long>("select count(*) from provider_changes");

        var problem = await AssertProblemAsync(await staff.PutAsJsonAsync($"/api/v1/staff/providers/{provider.Id}/courses/{courseId}",
            CourseBody(title: "", ceus: 0.125m, approvedFrom: "2026-12-31", approvedUntil: "2026-01-01", activityId: "not an iri")), HttpStatusCode.BadRequest);
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.SupersetOf(new[] { "title", "ceus", "approvedUntil", "activityId" }));
        var conflict = await AssertProblemAsync(await staff.PutAsJsonAsync($"/api/v1/staff/providers/{provider.Id}/courses/{courseId}",
            CourseBody(activityId: "https://lms.acme.test/x")), HttpStatusCode.Conflict);
        Assert.That(conflict["code"]!.GetValue<string>(), Is.EqualTo("course.exists"));
        await AssertProblemAsync(await staff.PutAsJsonAsync($"/api/v1/staff/providers/{provider.Id}/courses/{foreign}", CourseBody()), HttpStatusCode.NotFound);

        Assert.That(await ScalarAsync<long>("select count(*) from provider_changes"), Is.EqualTo(before));
        Assert.That(await ScalarAsync<string>("select title from provider_courses where id = @Id", new { Id = courseId }), Is.EqualTo("Course KB-101"));
        await AssertProblemAsync(await (await CertificantAsync("nosy@example.test")).GetAsync($"/api/v1/staff/providers/{provider.Id}/history"), HttpStatusCode.Forbidden);
    }

    async Task<T> ScalarAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        return await connection.ExecuteScalarAsync<T>(sql, parameters) ?? throw new InvalidOperationException("No value.");
    }
}
