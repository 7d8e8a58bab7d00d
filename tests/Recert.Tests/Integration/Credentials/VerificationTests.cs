using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Recert.Tests.Support;

namespace Recert.Tests.Integration.Credentials;

/// <summary>Public verification (issue 11): what anyone may learn about a certification, and nothing more.</summary>
public sealed class VerificationTests : RenewalTest
{
    const string Number = "CPT-700001";
    static readonly DateOnly Expires = new(2027, 3, 31);

    static readonly string[] ListedFields = ["holderName", "credential", "status", "validThrough", "forLife"];

    static async Task<string> LinkAsync(HttpClient holder, string number = Number)
        => (await GetJsonAsync(holder, $"/api/v1/certifications/{number}/verification-link"))["url"]!.GetValue<string>();

    static string PathOf(string url) => new Uri(url).AbsolutePath.Replace("/verify/c/", "/api/v1/verify/c/");

    static async Task<string> ProblemWithoutTraceIdAsync(HttpResponseMessage response)
    {
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.That(problem["traceId"], Is.Not.Null, "each problem carries its own trace id; everything else must be identical");
        problem.Remove("traceId");
        return problem.ToJsonString();
    }

    [Test]
    public async Task Verification_by_number_and_last_name_answers_exactly_the_listed_fields()
    {
        var holder = await HolderAsync(Number, Expires);
        var anonymous = Anonymous();

        var byName = await GetJsonAsync(anonymous, $"/api/v1/verify?number=cpt-700001&lastName=%20RIVERA%20");
        var byLink = await GetJsonAsync(anonymous, PathOf(await LinkAsync(holder)));

        Assert.Multiple(() =>
        {
            Assert.That(byName.Select(p => p.Key), Is.EquivalentTo(ListedFields));
            Assert.That(byName["holderName"]!.GetValue<string>(), Is.EqualTo("Dana Rivera"));
            Assert.That(byName["credential"]!.GetValue<string>(), Is.EqualTo("Certified Personal Trainer (CPT)"));
            Assert.That(byName["status"]!.GetValue<string>(), Is.EqualTo("active"));
            Assert.That(byName["validThrough"]!.GetValue<string>(), Is.EqualTo("2027-03-31"));
            Assert.That(byName["forLife"]!.GetValue<bool>(), Is.False);
            Assert.That(byLink.ToJsonString(), Is.EqualTo(byName.ToJsonString()), "the link answers exactly what the name look-up answers");
        });
    }

    [Test]
    public async Task Unknown_number_wrong_name_opted_out_holder_and_bad_tokens_get_one_identical_404()
    {
        var holder = await HolderAsync(Number, Expires);
        var link = PathOf(await LinkAsync(holder));
        var anonymous = Anonymous();

        var answers = new Dictionary<string, HttpResponseMessage>
        {
            ["unknown number"] = await anonymous.GetAsync("/api/v1/verify?number=CPT-999999&lastName=Rivera"),
            ["wrong name"] = await anonymous.GetAsync($"/api/v1/verify?number={Number}&lastName=Riviera"),
            ["overlong name"] = await anonymous.GetAsync($"/api/v1/verify?number={Number}&lastName={new string('a', 300)}"),
            ["malformed token"] = await anonymous.GetAsync("/api/v1/verify/c/not-a-token"),
            ["unknown token"] = await anonymous.GetAsync("/api/v1/verify/c/AAAAAAAAAAAAAAAAAAAAAA"),
        };
        var opted = await holder.PutAsJsonAsync($"/api/v1/certifications/{Number}/verification-link/name-lookup", new { enabled = false });
        Assert.That(opted.StatusCode, Is.EqualTo(HttpStatusCode.OK), await opted.Content.ReadAsStringAsync());
        answers["opted out"] = await anonymous.GetAsync($"/api/v1/verify?number={Number}&lastName=Rivera");

        var bodies = new Dictionary<string, string>();
        foreach (var (what, response) in answers)
        {
            await AssertProblemAsync(response, HttpStatusCode.NotFound);
            bodies[what] = await ProblemWithoutTraceIdAsync(response);
        }

        Assert.Multiple(async () =>
        {
            Assert.That(bodies.Values.Distinct(), Has.Exactly(1).Items, string.Join("\n", bodies.Select(b => $"{b.Key}: {b.Value}")));
            Assert.That((await ReadJsonAsync(opted))["nameLookup"]!.GetValue<bool>(), Is.False);
            Assert.That((await anonymous.GetAsync(link)).StatusCode, Is.EqualTo(HttpStatusCode.OK), "opting out of name look-up leaves the link working");
        });

        await holder.PutAsJsonAsync($"/api/v1/certifications/{Number}/verification-link/name-lookup", new { enabled = true });
        Assert.That((await anonymous.GetAsync($"/api/v1/verify?number={Number}&lastName=Rivera")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Missing_number_or_last_name_is_a_400_that_names_the_field()
    {
        var problem = await AssertProblemAsync(await Anonymous().GetAsync("/api/v1/verify?number=CPT-1"), HttpStatusCode.BadRequest);
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EquivalentTo(new[] { "lastName" }));
    }

    [TestCase("2027-03-31", "active")]
    [TestCase("2027-04-01", "expired-in-grace")]
    [TestCase("2028-03-30", "expired-in-grace")]
    [TestCase("2028-03-31", "lapsed")]
    public async Task Status_today_follows_the_certification_calendar_in_the_organisations_time_zone(string today, string status)
    {
        var holder = await HolderAsync(Number, Expires);
        var link = PathOf(await LinkAsync(holder));

        // Late evening in Los Angeles is already the next day in UTC: the organisation's calendar day decides.
        App.SetToday(DateOnly.Parse(today), hourInLosAngeles: 23);
        var answer = await GetJsonAsync(Anonymous(), link);
        Assert.That(answer["status"]!.GetValue<string>(), Is.EqualTo(status));
    }

    [Test]
    public async Task Staff_revocation_makes_verification_say_revoked_once()
    {
        await HolderAsync(Number, Expires);
        var staff = await StaffAsync();

        await AssertProblemAsync(await staff.PostAsJsonAsync($"/api/v1/certifications/{Number}/revocation", new { reason = " " }), HttpStatusCode.BadRequest);
        var revoked = await staff.PostAsJsonAsync($"/api/v1/certifications/{Number}/revocation", new { reason = "Misrepresented CEUs." });
        Assert.That(revoked.StatusCode, Is.EqualTo(HttpStatusCode.OK), await revoked.Content.ReadAsStringAsync());
        var again = await AssertProblemAsync(await staff.PostAsJsonAsync($"/api/v1/certifications/{Number}/revocation", new { reason = "Twice." }), HttpStatusCode.Conflict);

        var answer = await GetJsonAsync(Anonymous(), $"/api/v1/verify?number={Number}&lastName=Rivera");
        var history = await staff.GetStringAsync($"/api/v1/staff/certifications/{Number}/history");
        Assert.Multiple(() =>
        {
            Assert.That(answer["status"]!.GetValue<string>(), Is.EqualTo("revoked"));
            Assert.That(again["code"]?.GetValue<string>() ?? again.ToJsonString(), Does.Contain("certification.revoked"));
            Assert.That(history, Does.Contain("Misrepresented CEUs."), "the revocation is in the certification's history");
        });
    }

    [Test]
    public async Task Rotating_the_link_retires_the_old_one_at_once()
    {
        var holder = await HolderAsync(Number, Expires);
        var before = await LinkAsync(holder);
        Assert.That(await LinkAsync(holder), Is.EqualTo(before), "the holder is shown the same link again");

        var rotated = await holder.PostAsync($"/api/v1/certifications/{Number}/verification-link/rotate", null);
        Assert.That(rotated.StatusCode, Is.EqualTo(HttpStatusCode.OK), await rotated.Content.ReadAsStringAsync());
        var after = (await ReadJsonAsync(rotated))["url"]!.GetValue<string>();

        var anonymous = Anonymous();
        Assert.Multiple(async () =>
        {
            Assert.That(after, Is.Not.EqualTo(before));
            Assert.That(after, Does.Match("/verify/c/[A-Za-z0-9_-]{22}$"), "128 random bits, base64url");
            Assert.That(await LinkAsync(holder), Is.EqualTo(after));
            Assert.That((await anonymous.GetAsync(PathOf(before))).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That((await anonymous.GetAsync(PathOf(after))).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [Test]
    public async Task Tokens_are_stored_hashed_and_encrypted_never_in_clear()
    {
        var holder = await HolderAsync(Number, Expires);
        var token = (await LinkAsync(holder)).Split('/').Last();
        var clear = await ScalarAsync<long>(
            "select count(*) from credential_records r where r::text like '%' || @Token || '%'", new { Token = token });
        Assert.That(clear, Is.Zero);
    }

    [Test]
    public async Task Staff_see_how_often_a_certification_was_looked_up_but_not_by_whom()
    {
        var holder = await HolderAsync(Number, Expires);
        var link = PathOf(await LinkAsync(holder));
        var anonymous = Anonymous();
        await GetJsonAsync(anonymous, $"/api/v1/verify?number={Number}&lastName=Rivera");
        await GetJsonAsync(anonymous, $"/api/v1/verify?number={Number}&lastName=rivera");
        await GetJsonAsync(anonymous, link);
        await anonymous.GetAsync($"/api/v1/verify?number={Number}&lastName=Wrong");

        var lookups = await GetJsonAsync(await StaffAsync(), $"/api/v1/certifications/{Number}/verification-lookups");
        Assert.Multiple(() =>
        {
            Assert.That(lookups["byName"]!.GetValue<int>(), Is.EqualTo(2));
            Assert.That(lookups["byLink"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(lookups["days"]!.AsArray().Single()!.AsObject().Select(p => p.Key), Is.EquivalentTo(new[] { "date", "byName", "byLink" }));
            Assert.That(lookups["days"]![0]!["date"]!.GetValue<string>(), Is.EqualTo("2026-06-01"));
        });
    }
}

/// <summary>The public look-up's rate limit counts in PostgreSQL: two API instances on one database share one budget.</summary>
public sealed class VerificationRateLimitTests : IntegrationTest
{
    protected override Dictionary<string, string?> Settings => new() { ["Recert:Credentials:VerifyPerMinute"] = "3" };

    [Test]
    public async Task The_fourth_look_up_in_a_minute_from_one_address_is_refused_across_instances()
    {
        using var second = new RecertApp(Settings);
        second.SetToday(new DateOnly(2026, 6, 1));
        var first = Anonymous();
        var other = second.CreateClient();

        var statuses = new List<HttpStatusCode>
        {
            (await first.GetAsync("/api/v1/verify?number=CPT-1&lastName=A")).StatusCode,
            (await other.GetAsync("/api/v1/verify?number=CPT-1&lastName=A")).StatusCode,
            (await first.GetAsync("/api/v1/verify/c/AAAAAAAAAAAAAAAAAAAAAA")).StatusCode,
        };
        var refused = await other.GetAsync("/api/v1/verify?number=CPT-1&lastName=A");

        Assert.That(statuses, Is.All.EqualTo(HttpStatusCode.NotFound));
        await AssertProblemAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.That(refused.Headers.RetryAfter, Is.Not.Null);

        App.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.That((await first.GetAsync("/api/v1/verify?number=CPT-1&lastName=A")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "a new window starts afresh");
    }
}
