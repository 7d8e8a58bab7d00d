using System.Net;
using System.Net.Http.Json;
using Dapper;
using Npgsql;
using Recert.Tests.Support;

namespace Recert.Tests.Integration;

/// <summary>Issue 9: an account owns a certification only through a verified email, a confirmed claim or a staff decision.</summary>
public sealed class AccountModelTests : IntegrationTest
{
    const string Password = "a-long-password-1";

    static readonly DateOnly CycleStart = new(2025, 1, 1);
    static readonly DateOnly Expiry = new(2026, 12, 31);

    async Task<IReadOnlyList<string>> NumbersAsync(HttpClient client)
        => (await ReadJsonAsync(await client.GetAsync("/api/v1/me")))["certificationNumbers"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();

    static async Task<HttpResponseMessage> RegisterAsync(HttpClient client, string email, string password = Password, string firstName = "Dana")
        => await client.PostAsJsonAsync("/api/v1/auth/register", new { email, password, firstName, lastName = "Rivera" });

    static async Task<HttpResponseMessage> VerifyAsync(HttpClient client, string token)
        => await client.PostAsJsonAsync("/api/v1/auth/verify-email", new { token });

    static async Task<HttpResponseMessage> ClaimAsync(HttpClient client, string number, string lastName)
        => await client.PostAsJsonAsync("/api/v1/me/certifications", new { number, lastName });

    static async Task<int> CountAsync(string sql, object? parameters = null)
    {
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        return await connection.ExecuteScalarAsync<int>(sql, parameters);
    }

    [Test]
    public async Task Registering_the_email_a_certification_carries_grants_it_only_once_the_email_is_verified()
    {
        var staff = await StaffAsync();
        await CreateCertificationAsync(staff, "CPT-10", "holder@example.test", CycleStart, Expiry);
        var client = await CertificantAsync("holder@example.test", verify: false);

        Assert.That(await NumbersAsync(client), Is.Empty, "Unverified: the account signs in but owns nothing by email.");
        await AssertProblemAsync(await client.GetAsync("/api/v1/certifications/CPT-10"), HttpStatusCode.NotFound);
        Assert.That((await ReadJsonAsync(await client.GetAsync("/api/v1/me")))["emailVerified"]!.GetValue<bool>(), Is.False);

        var verified = await VerifyAsync(Anonymous(), await EmailedTokenAsync("holder@example.test", "verify-email"));
        Assert.That(verified.StatusCode, Is.EqualTo(HttpStatusCode.OK), await verified.Content.ReadAsStringAsync());
        Assert.That((await ReadJsonAsync(verified))["linkedCertificationNumbers"]!.AsArray().Select(n => n!.GetValue<string>()), Is.EqualTo(new[] { "CPT-10" }));
        Assert.That(await NumbersAsync(client), Is.EqualTo(new[] { "CPT-10" }));
    }

    [Test]
    public async Task Staff_registering_a_certification_links_it_to_a_verified_account_only()
    {
        var staff = await StaffAsync();
        var verified = await CertificantAsync("verified@example.test");
        var unverified = await CertificantAsync("unverified@example.test", verify: false);

        await CreateCertificationAsync(staff, "CPT-20", "VERIFIED@example.test", CycleStart, Expiry);
        await CreateCertificationAsync(staff, "CPT-21", "unverified@example.test", CycleStart, Expiry);

        Assert.That(await NumbersAsync(verified), Is.EqualTo(new[] { "CPT-20" }));
        Assert.That(await NumbersAsync(unverified), Is.Empty);
    }

    [Test]
    public async Task Registering_an_existing_email_answers_the_same_and_emails_the_owner_instead()
    {
        var first = await RegisterAsync(Anonymous(), "taken@example.test");
        var firstBody = await first.Content.ReadAsStringAsync();
        var again = await RegisterAsync(Anonymous(), "TAKEN@example.test", "a-different-password", "Mallory");
        var againBody = await again.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(again.StatusCode, Is.EqualTo(first.StatusCode));
            Assert.That(againBody, Is.EqualTo(firstBody));
            Assert.That(again.Headers.Contains("Set-Cookie"), Is.False, "Registering never signs in: that would tell the two cases apart.");
        });
        Assert.That(await LatestEmailBodyAsync("taken@example.test", "register-existing"), Does.Contain("already has one"));
        Assert.That(await CountAsync("select count(*) from users where lower(email) = 'taken@example.test'"), Is.EqualTo(1));
        // The first registrant's password still signs in; the second one's does not.
        await SignInAgainAsync(Anonymous(), "taken@example.test");
        await AssertProblemAsync(await Anonymous().PostAsJsonAsync("/api/v1/auth/login", new { email = "taken@example.test", password = "a-different-password" }), HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task A_claim_by_number_and_last_name_alone_grants_nothing_following_the_emailed_link_does()
    {
        var staff = await StaffAsync();
        await CreateCertificationAsync(staff, "CPT-30", "on-file@example.test", CycleStart, Expiry, lastName: "O'Neil");
        var claimant = await CertificantAsync("new-address@example.test", "O'Neil");

        var claimed = await ClaimAsync(claimant, "cpt-30", "o'neil");
        Assert.That(claimed.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await claimed.Content.ReadAsStringAsync());
        Assert.That(await NumbersAsync(claimant), Is.Empty);

        var email = await LatestEmailBodyAsync("on-file@example.test", "claim-confirm");
        Assert.That(email, Does.Contain("CPT-30").And.Contain("new-address@example.test").And.Contain("/confirm-claim?token="));
        var token = await EmailedTokenAsync("on-file@example.test", "claim-confirm");

        // Opened by anyone but the claimant (here another signed-in certificant) the link does nothing.
        var other = await CertificantAsync("someone-else@example.test", "O'Neil");
        var problem = await AssertProblemAsync(await other.PostAsJsonAsync("/api/v1/me/certifications/confirm", new { token }), HttpStatusCode.BadRequest);
        Assert.That(problem["code"]!.GetValue<string>(), Is.EqualTo("token.invalid"));
        await AssertProblemAsync(await Anonymous().PostAsJsonAsync("/api/v1/me/certifications/confirm", new { token }), HttpStatusCode.Unauthorized);

        var confirmed = await claimant.PostAsJsonAsync("/api/v1/me/certifications/confirm", new { token });
        Assert.That(confirmed.StatusCode, Is.EqualTo(HttpStatusCode.OK), await confirmed.Content.ReadAsStringAsync());
        Assert.That((await ReadJsonAsync(confirmed))["number"]!.GetValue<string>(), Is.EqualTo("CPT-30"));
        Assert.That(await NumbersAsync(claimant), Is.EqualTo(new[] { "CPT-30" }));
        Assert.That(await NumbersAsync(other), Is.Empty);

        var reused = await AssertProblemAsync(await claimant.PostAsJsonAsync("/api/v1/me/certifications/confirm", new { token }), HttpStatusCode.Gone);
        Assert.That(reused["code"]!.GetValue<string>(), Is.EqualTo("token.used"));
    }

    [Test]
    public async Task Unknown_numbers_wrong_names_and_held_numbers_answer_exactly_like_a_match()
    {
        var staff = await StaffAsync();
        await CreateCertificationAsync(staff, "CPT-40", "free@example.test", CycleStart, Expiry, lastName: "Okafor");
        await HolderAsync("CPT-41", Expiry);
        var prober = await CertificantAsync("prober@example.test");

        var answers = new List<(HttpStatusCode Status, string Body)>();
        foreach (var (number, lastName) in new[] { ("CPT-40", "Okafor"), ("CPT-99999", "Okafor"), ("CPT-40", "Smith"), ("CPT-41", "Rivera") })
        {
            var response = await ClaimAsync(prober, number, lastName);
            answers.Add((response.StatusCode, await response.Content.ReadAsStringAsync()));
        }

        Assert.That(answers.Select(a => a.Status), Is.All.EqualTo(HttpStatusCode.Accepted));
        Assert.That(answers.Select(a => a.Body).Distinct().Count(), Is.EqualTo(1), string.Join("\n", answers.Select(a => a.Body)));
        // Only the real, unheld match sent anything: to its address on file, never to the holder of CPT-41.
        Assert.That(await CountAsync("select count(*) from email_outbox where kind = 'claim-confirm'"), Is.EqualTo(1));
        Assert.That(await LatestEmailBodyAsync(HolderEmail("CPT-41"), "claim-confirm"), Is.Null);
        Assert.That(await NumbersAsync(prober), Is.Empty);
    }

    [Test]
    public async Task A_claim_of_a_certification_without_an_email_on_file_waits_for_staff()
    {
        var staff = await StaffAsync();
        await CreateCertificationAsync(staff, "CPT-50", "", CycleStart, Expiry, lastName: "Okafor");
        await CreateCertificationAsync(staff, "CPT-51", "", CycleStart, Expiry, lastName: "Okafor");
        var claimant = await CertificantAsync("queued@example.test", "Okafor");

        Assert.That((await ClaimAsync(claimant, "CPT-50", "Okafor")).StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That((await ClaimAsync(claimant, "CPT-50", "Okafor")).StatusCode, Is.EqualTo(HttpStatusCode.Accepted), "A repeated claim stays one request.");
        App.Time.Advance(TimeSpan.FromSeconds(1)); // the queue is oldest first
        Assert.That((await ClaimAsync(claimant, "CPT-51", "Okafor")).StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That(await NumbersAsync(claimant), Is.Empty);

        var queue = (await staff.GetFromJsonAsync<System.Text.Json.Nodes.JsonArray>("/api/v1/staff/claims"))!;
        Assert.That(queue.Select(q => q!["certificationNumber"]!.GetValue<string>()), Is.EqualTo(new[] { "CPT-50", "CPT-51" }));
        Assert.That(queue[0]!["claimantEmail"]!.GetValue<string>(), Is.EqualTo("queued@example.test"));
        var approveId = queue[0]!["id"]!.GetValue<Guid>();
        var declineId = queue[1]!["id"]!.GetValue<Guid>();

        await AssertProblemAsync(await claimant.PostAsync($"/api/v1/staff/claims/{approveId}/approve", null), HttpStatusCode.Forbidden);
        var missingReason = await AssertProblemAsync(await staff.PostAsJsonAsync($"/api/v1/staff/claims/{declineId}/decline", new { reason = " " }), HttpStatusCode.BadRequest);
        Assert.That(missingReason["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "reason" }));

        var approved = await staff.PostAsync($"/api/v1/staff/claims/{approveId}/approve", null);
        Assert.That(approved.StatusCode, Is.EqualTo(HttpStatusCode.OK), await approved.Content.ReadAsStringAsync());
        var declined = await staff.PostAsJsonAsync($"/api/v1/staff/claims/{declineId}/decline", new { reason = "The name does not match our records." });
        Assert.That(declined.StatusCode, Is.EqualTo(HttpStatusCode.OK), await declined.Content.ReadAsStringAsync());

        Assert.That(await NumbersAsync(claimant), Is.EqualTo(new[] { "CPT-50" }));
        Assert.That(await LatestEmailBodyAsync("queued@example.test", "claim-approved"), Does.Contain("CPT-50"));
        Assert.That(await LatestEmailBodyAsync("queued@example.test", "claim-declined"), Does.Contain("The name does not match our records."));
        await AssertProblemAsync(await staff.PostAsync($"/api/v1/staff/claims/{approveId}/approve", null), HttpStatusCode.Conflict);
        await AssertProblemAsync(await staff.PostAsync($"/api/v1/staff/claims/{Guid.NewGuid()}/approve", null), HttpStatusCode.NotFound);
        Assert.That((await staff.GetFromJsonAsync<System.Text.Json.Nodes.JsonArray>("/api/v1/staff/claims"))!, Is.Empty);
    }

    [Test]
    public async Task A_verification_link_expires_after_24_hours_works_once_and_cannot_be_forged()
    {
        var staff = await StaffAsync();
        await CreateCertificationAsync(staff, "CPT-60", "late@example.test", CycleStart, Expiry);
        var client = await CertificantAsync("late@example.test", verify: false);
        var stale = await EmailedTokenAsync("late@example.test", "verify-email");

        App.Time.Advance(TimeSpan.FromHours(24));
        var expired = await AssertProblemAsync(await VerifyAsync(Anonymous(), stale), HttpStatusCode.Gone);
        Assert.That(expired["code"]!.GetValue<string>(), Is.EqualTo("token.expired"));

        var forged = await AssertProblemAsync(await VerifyAsync(Anonymous(), stale[..^2] + "xx"), HttpStatusCode.BadRequest);
        Assert.That(forged["code"]!.GetValue<string>(), Is.EqualTo("token.invalid"));
        await SignInAgainAsync(client, "late@example.test");
        Assert.That(await NumbersAsync(client), Is.Empty);

        // "Send a new link", from the expired-link page (not signed in): the same answer for addresses without an account.
        var resent = await Anonymous().PostAsJsonAsync("/api/v1/auth/verify-email/resend", new { email = "late@example.test" });
        var nobody = await Anonymous().PostAsJsonAsync("/api/v1/auth/verify-email/resend", new { email = "nobody@example.test" });
        Assert.That(resent.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That(await nobody.Content.ReadAsStringAsync(), Is.EqualTo(await resent.Content.ReadAsStringAsync()));
        var fresh = await EmailedTokenAsync("late@example.test", "verify-email");
        Assert.That(fresh, Is.Not.EqualTo(stale));

        App.Time.Advance(TimeSpan.FromHours(23));
        Assert.That((await VerifyAsync(Anonymous(), fresh)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await SignInAgainAsync(client, "late@example.test");
        Assert.That(await NumbersAsync(client), Is.EqualTo(new[] { "CPT-60" }));
        var reused = await AssertProblemAsync(await VerifyAsync(Anonymous(), fresh), HttpStatusCode.Gone);
        Assert.That(reused["code"]!.GetValue<string>(), Is.EqualTo("token.used"));
        Assert.That(await CountAsync("select count(*) from account_tokens where token_hash = convert_to(@Token, 'UTF8')", new { Token = fresh }), Is.Zero,
            "Only the hash of a token is stored.");
    }

    [Test]
    public async Task New_links_are_limited_per_account_with_a_retry_after()
    {
        var client = await CertificantAsync("many@example.test", verify: false);
        for (var i = 0; i < 5; i++)
        {
            Assert.That((await client.PostAsJsonAsync("/api/v1/auth/verify-email/resend", new { })).StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        }

        var limited = await client.PostAsJsonAsync("/api/v1/auth/verify-email/resend", new { });
        await AssertProblemAsync(limited, HttpStatusCode.TooManyRequests);
        Assert.That(int.Parse(limited.Headers.GetValues("Retry-After").Single()), Is.InRange(1, 3600));
        Assert.That(await CountAsync("select count(*) from email_outbox where kind = 'verify-email'"), Is.EqualTo(6), "The registration's email and five resends.");
    }

    [Test]
    public async Task Claims_are_limited_per_account()
    {
        var claimant = await CertificantAsync("eager@example.test");
        for (var i = 0; i < 10; i++)
        {
            Assert.That((await ClaimAsync(claimant, $"CPT-{i}", "Rivera")).StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        }

        var limited = await ClaimAsync(claimant, "CPT-11", "Rivera");
        await AssertProblemAsync(limited, HttpStatusCode.TooManyRequests);
        Assert.That(limited.Headers.RetryAfter, Is.Not.Null);
        // Another account is not held back by this one's attempts.
        Assert.That((await ClaimAsync(await CertificantAsync("patient@example.test"), "CPT-11", "Rivera")).StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
    }

    [Test]
    public async Task Changing_the_email_takes_effect_when_the_new_address_is_verified_and_the_old_one_is_told()
    {
        var staff = await StaffAsync();
        await CreateCertificationAsync(staff, "CPT-70", "new-home@example.test", CycleStart, Expiry);
        var client = await CertificantAsync("old-home@example.test");

        var wrongPassword = await AssertProblemAsync(await client.PutAsJsonAsync("/api/v1/me/email", new { newEmail = "new-home@example.test", currentPassword = "not-my-password" }), HttpStatusCode.BadRequest);
        Assert.That(wrongPassword["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "currentPassword" }));

        var changed = await client.PutAsJsonAsync("/api/v1/me/email", new { newEmail = "new-home@example.test", currentPassword = Password });
        Assert.That(changed.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await changed.Content.ReadAsStringAsync());
        Assert.That(await LatestEmailBodyAsync("old-home@example.test", "email-change-requested"), Does.Contain("new-home@example.test"));
        var me = await ReadJsonAsync(await client.GetAsync("/api/v1/me"));
        Assert.That(me["email"]!.GetValue<string>(), Is.EqualTo("old-home@example.test"), "Unchanged until the new address is verified.");
        Assert.That(await NumbersAsync(client), Is.Empty);

        var verified = await VerifyAsync(Anonymous(), await EmailedTokenAsync("new-home@example.test", "change-email"));
        Assert.That(verified.StatusCode, Is.EqualTo(HttpStatusCode.OK), await verified.Content.ReadAsStringAsync());
        Assert.That(await NumbersAsync(client), Is.EqualTo(new[] { "CPT-70" }));
        await SignInAgainAsync(Anonymous(), "new-home@example.test");
        await AssertProblemAsync(await Anonymous().PostAsJsonAsync("/api/v1/auth/login", new { email = "old-home@example.test", password = Password }), HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task Moving_to_an_address_that_has_an_account_answers_the_same_and_changes_nothing()
    {
        await CertificantAsync("occupied@example.test");
        var client = await CertificantAsync("mover@example.test");
        var toFree = await client.PutAsJsonAsync("/api/v1/me/email", new { newEmail = "free-address@example.test", currentPassword = Password });
        var toTaken = await client.PutAsJsonAsync("/api/v1/me/email", new { newEmail = "occupied@example.test", currentPassword = Password });

        Assert.That(toTaken.StatusCode, Is.EqualTo(toFree.StatusCode));
        Assert.That(await toTaken.Content.ReadAsStringAsync(), Is.EqualTo(await toFree.Content.ReadAsStringAsync()));
        Assert.That(await LatestEmailBodyAsync("occupied@example.test", "change-email"), Is.Null);
        Assert.That(await LatestEmailBodyAsync("occupied@example.test", "email-in-use"), Is.Not.Null);
    }

    [Test]
    public async Task Repeated_wrong_passwords_delay_that_account_with_a_retry_after_and_the_right_password_works_after_the_delay()
    {
        await CertificantAsync("target@example.test");
        var attacker = Anonymous();
        for (var i = 0; i < 5; i++)
        {
            await AssertProblemAsync(await attacker.PostAsJsonAsync("/api/v1/auth/login", new { email = "target@example.test", password = $"guess-{i}" }), HttpStatusCode.Unauthorized);
        }

        // The fifth failure starts a 1-second delay: even the right password waits it out.
        var waiting = await Anonymous().PostAsJsonAsync("/api/v1/auth/login", new { email = "target@example.test", password = Password });
        var problem = await AssertProblemAsync(waiting, HttpStatusCode.TooManyRequests);
        Assert.That(waiting.Headers.GetValues("Retry-After").Single(), Is.EqualTo("1"));
        Assert.That(problem["detail"]!.GetValue<string>(), Does.Contain("1 second."));

        // Each further failure doubles the delay, up to 15 minutes at most.
        var delays = new List<int>();
        for (var i = 0; i < 14; i++)
        {
            var blocked = await attacker.PostAsJsonAsync("/api/v1/auth/login", new { email = "target@example.test", password = "guess" });
            App.Time.Advance(TimeSpan.FromSeconds(int.Parse(blocked.Headers.GetValues("Retry-After").Single())));
            await AssertProblemAsync(await attacker.PostAsJsonAsync("/api/v1/auth/login", new { email = "target@example.test", password = "guess" }), HttpStatusCode.Unauthorized);
            var next = await attacker.PostAsJsonAsync("/api/v1/auth/login", new { email = "target@example.test", password = "guess" });
            await AssertProblemAsync(next, HttpStatusCode.TooManyRequests);
            delays.Add(int.Parse(next.Headers.GetValues("Retry-After").Single()));
        }

        Assert.That(delays.Take(5), Is.EqualTo(new[] { 2, 4, 8, 16, 32 }));
        Assert.That(delays.Max(), Is.EqualTo(900));

        // Other accounts are untouched, and once the wait is over the owner's password signs in and clears the count.
        await StaffAsync();
        App.Time.Advance(TimeSpan.FromMinutes(15));
        await SignInAgainAsync(Anonymous(), "target@example.test");
        await AssertProblemAsync(await attacker.PostAsJsonAsync("/api/v1/auth/login", new { email = "target@example.test", password = "guess" }), HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task An_unknown_email_is_throttled_exactly_like_a_known_one()
    {
        await CertificantAsync("known@example.test");
        var answers = new Dictionary<string, List<string>>();
        foreach (var email in new[] { "known@example.test", "unknown@example.test" })
        {
            answers[email] = [];
            for (var i = 0; i < 7; i++)
            {
                var response = await Anonymous().PostAsJsonAsync("/api/v1/auth/login", new { email, password = "wrong-password" });
                var body = await response.Content.ReadAsStringAsync();
                answers[email].Add($"{(int)response.StatusCode} {response.Headers.RetryAfter} {System.Text.Json.Nodes.JsonNode.Parse(body)!["detail"]}");
            }
        }

        Assert.That(answers["unknown@example.test"], Is.EqualTo(answers["known@example.test"]));
        Assert.That(answers["known@example.test"][5], Does.StartWith("429"));
    }
}
