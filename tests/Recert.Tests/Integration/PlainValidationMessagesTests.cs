using System.Net;
using System.Net.Http.Json;
using Recert.Tests.Support;

namespace Recert.Tests.Integration;

/// <summary>Issue 12: validation messages in plain words, next to the fields they name.</summary>
public sealed class PlainValidationMessagesTests : IntegrationTest
{
    [Test]
    public async Task Empty_sign_up_fields_say_what_to_enter_not_FluentValidation_defaults()
    {
        var response = await Anonymous().PostAsJsonAsync("/api/v1/auth/register", new { email = "", password = "", firstName = "", lastName = "" });
        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = problem["errors"]!;
        Assert.Multiple(() =>
        {
            Assert.That(errors["email"]![0]!.GetValue<string>(), Is.EqualTo("Enter your email."));
            Assert.That(errors["firstName"]![0]!.GetValue<string>(), Is.EqualTo("Enter your first name."));
            Assert.That(errors["lastName"]![0]!.GetValue<string>(), Is.EqualTo("Enter your last name."));
            Assert.That(problem.ToJsonString(), Does.Not.Contain("must not be empty").And.Not.Contain("'Email'"));
        });
    }

    [Test]
    public async Task Lengths_formats_and_choices_are_said_plainly_and_custom_messages_are_kept()
    {
        var malformed = await AssertProblemAsync(await Anonymous().PostAsJsonAsync("/api/v1/auth/register",
            new { email = "not-an-address", password = "a-long-password-1", firstName = new string('x', 101), lastName = "Rivera" }), HttpStatusCode.BadRequest);
        var client = await HolderAsync("CPT-V1", new DateOnly(2026, 12, 31));
        var ceu = await AssertProblemAsync(await client.PostAsJsonAsync("/api/v1/certifications/CPT-V1/ceus",
            new { title = new string('t', 201), area = "nutrition", ceus = 0.5m, completedOn = "2026-03-01" }), HttpStatusCode.BadRequest);
        Assert.Multiple(() =>
        {
            Assert.That(malformed["errors"]!["email"]![0]!.GetValue<string>(), Is.EqualTo("Enter an email address like name@example.com."));
            Assert.That(malformed["errors"]!["firstName"]![0]!.GetValue<string>(), Is.EqualTo("Keep your first name to 100 characters or fewer."));
            Assert.That(ceu["errors"]!["title"]![0]!.GetValue<string>(), Is.EqualTo("Keep the title to 200 characters or fewer."));
        });
        var future = await AssertProblemAsync(await client.PostAsJsonAsync("/api/v1/certifications/CPT-V1/ceus",
            new { title = "Workshop", area = "nutrition", ceus = 0.5m, completedOn = "2099-03-01" }), HttpStatusCode.BadRequest);
        Assert.That(future["errors"]!["completedOn"]![0]!.GetValue<string>(), Is.EqualTo("The completion date cannot be in the future."), "a rule's own message stays");
    }

    [Test]
    public async Task A_query_value_of_the_wrong_type_names_its_field_and_format_not_a_CSharp_type()
    {
        var client = await HolderAsync("CPT-V2", new DateOnly(2026, 12, 31));
        var date = await AssertProblemAsync(await client.GetAsync("/api/v1/certifications/CPT-V2/eligibility?on=2026-02-30"), HttpStatusCode.BadRequest);
        var page = await AssertProblemAsync(await Anonymous().GetAsync("/api/v1/providers?page=abc"), HttpStatusCode.BadRequest);
        Assert.Multiple(() =>
        {
            Assert.That(date["errors"]!["on"]![0]!.GetValue<string>(), Is.EqualTo("on must be a date as YYYY-MM-DD."));
            Assert.That(page["errors"]!["page"]![0]!.GetValue<string>(), Is.EqualTo("page must be a whole number."));
            Assert.That(date.ToJsonString() + page.ToJsonString(), Does.Not.Contain("Nullable").And.Not.Contain("Failed to bind"));
        });
    }

    [Test]
    public async Task A_missing_or_null_body_says_to_send_json_not_to_use_a_service()
    {
        var client = await HolderAsync("CPT-V3", new DateOnly(2026, 12, 31));
        foreach (var body in new HttpContent?[] { null, new StringContent("", System.Text.Encoding.UTF8, "application/json"), new StringContent("null", System.Text.Encoding.UTF8, "application/json") })
        {
            var problem = await AssertProblemAsync(await client.PostAsync("/api/v1/certifications/CPT-V3/ceus", body), HttpStatusCode.BadRequest);
            Assert.That(problem["detail"]!.GetValue<string>(), Does.StartWith("The request has no body: send its fields as JSON"), body is null ? "no body" : "empty or null body");
        }

        var form = await AssertProblemAsync(await client.PostAsync("/api/v1/certifications/CPT-V3/ceus", new StringContent("title=x", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded")), HttpStatusCode.UnsupportedMediaType);
        Assert.That(form["detail"]!.GetValue<string>(), Does.Contain("'application/x-www-form-urlencoded").And.Contain("Content-Type: application/json"));
    }

    [Test]
    public async Task A_field_left_out_or_of_the_wrong_type_is_answered_next_to_that_field_and_nothing_is_stored()
    {
        var client = await HolderAsync("CPT-V4", new DateOnly(2026, 12, 31));
        const string route = "/api/v1/certifications/CPT-V4/ceus";
        var noArea = await AssertProblemAsync(await client.PostAsJsonAsync(route, new { title = "Summit", ceus = 0.5m, completedOn = "2026-03-01" }), HttpStatusCode.BadRequest);
        var badArea = await AssertProblemAsync(await client.PostAsJsonAsync(route, new { title = "Summit", area = "yoga", ceus = 0.5m, completedOn = "2026-03-01" }), HttpStatusCode.BadRequest);
        var badDate = await AssertProblemAsync(await client.PostAsJsonAsync(route, new { title = "Summit", area = "nutrition", ceus = 0.5m, completedOn = "03/01/2026" }), HttpStatusCode.BadRequest);
        var badNumber = await AssertProblemAsync(await client.PostAsJsonAsync(route, new { title = "Summit", area = "nutrition", ceus = "half", completedOn = "2026-03-01" }), HttpStatusCode.BadRequest);
        var empty = await AssertProblemAsync(await client.PostAsJsonAsync(route, new { area = "nutrition" }), HttpStatusCode.BadRequest);
        var noKind = await AssertProblemAsync(await client.PostAsJsonAsync("/api/v1/certifications/CPT-V4/cpr-aed",
            new { provider = "American Red Cross", issuedOn = "2026-01-10", expiresOn = "2028-01-10", handsOn = true }), HttpStatusCode.BadRequest);
        Assert.Multiple(() =>
        {
            Assert.That(noArea["errors"]!["area"]![0]!.GetValue<string>(), Is.EqualTo("Give area: it is required."), "not stored as the first area");
            Assert.That(badArea["errors"]!["area"]![0]!.GetValue<string>(), Does.StartWith("area must be one of assessment, exercise-technique, program-design, nutrition"));
            Assert.That(badDate["errors"]!["completedOn"]![0]!.GetValue<string>(), Is.EqualTo("completedOn must be a date as YYYY-MM-DD."));
            Assert.That(badNumber["errors"]!["ceus"]![0]!.GetValue<string>(), Is.EqualTo("ceus must be a number."));
            Assert.That(empty["errors"]!["ceus"]!.AsArray().Select(m => m!.GetValue<string>()), Is.EqualTo(new[] { "Give the amount, as ceus or as contactHours." }));
            Assert.That(empty["errors"]!["completedOn"]!.AsArray().Select(m => m!.GetValue<string>()), Is.EqualTo(new[] { "Enter the date you completed the activity." }));
            Assert.That(noKind["errors"]!["kind"]![0]!.GetValue<string>(), Is.EqualTo("Give kind: it is required."), "not stored as a combined card");
        });
        var ledger = System.Text.Json.Nodes.JsonNode.Parse(await client.GetStringAsync(route))!;
        Assert.That(ledger.ToJsonString(), Does.Not.Contain("Summit"));
    }

    [Test]
    public async Task An_amount_out_of_range_is_reported_on_its_own_field_name()
    {
        var client = await HolderAsync("CPT-V5", new DateOnly(2026, 12, 31));
        var problem = await AssertProblemAsync(await client.PostAsJsonAsync("/api/v1/certifications/CPT-V5/ceus",
            new { title = "Summit", area = "nutrition", ceus = -1m, completedOn = "2026-03-01" }), HttpStatusCode.BadRequest);
        Assert.That(problem["errors"]!.AsObject().Select(p => p.Key), Is.EqualTo(new[] { "ceus" }), "not 'ceus.value'");
    }

    [Test]
    public async Task A_fee_left_out_of_a_new_schedule_is_refused_not_stored_as_free()
    {
        var staff = await StaffAsync();
        var before = await staff.GetStringAsync("/api/v1/fee-schedule");
        var problem = await AssertProblemAsync(await staff.PutAsJsonAsync("/api/v1/fee-schedule",
            new { currency = "USD", renewalCents = 12900, lateCents = 3500, additionalLateCents = 5000, forLifeCents = 29900 }), HttpStatusCode.BadRequest);
        var retired = await AssertProblemAsync(await staff.PutAsJsonAsync("/api/v1/staff/cpr-aed/issuers/American%20Red%20Cross/retired", new { }), HttpStatusCode.BadRequest);
        var after = await staff.GetStringAsync("/api/v1/fee-schedule");
        Assert.Multiple(() =>
        {
            Assert.That(problem["errors"]!["petitionCents"]![0]!.GetValue<string>(), Is.EqualTo("Give petitionCents: it is required."));
            Assert.That(retired["errors"]!["retired"]![0]!.GetValue<string>(), Is.EqualTo("Give retired: it is required."));
            Assert.That(after, Is.EqualTo(before));
        });
    }
}
