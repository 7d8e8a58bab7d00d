using System.Net;
using System.Net.Http.Json;
using Recert.Tests.Support;

namespace Recert.Tests.Integration.Renewal;

/// <summary>Audit rate 0: every paid application is approved at once.</summary>
public sealed class CheckoutTests : RenewalTest
{
    [Test]
    public async Task On_time_renewal_is_paid_approved_and_moves_the_certification_to_its_next_cycle()
    {
        var client = await EligibleHolderAsync("CPT-30");
        var application = await SubmitAsync(client, "CPT-30");

        var cart = await GetJsonAsync(client, "/api/v1/me/cart");
        Assert.Multiple(() =>
        {
            Assert.That(cart["totalCents"]!.GetValue<long>(), Is.EqualTo(9900));
            Assert.That(cart["items"]!.AsArray().Single()!["subjectId"]!.GetValue<Guid>(), Is.EqualTo(application["id"]!.GetValue<Guid>()));
        });

        var counting = (await GetJsonAsync(client, "/api/v1/certifications/CPT-30/ceus"))["activities"]!.AsArray()
            .Where(a => a!["counts"]!.GetValue<bool>()).Select(a => a!["id"]!.GetValue<Guid>()).Order().ToArray();
        Assert.That(counting, Is.Not.Empty);

        var receipt = await PayAsync(client);
        var paid = await GetJsonAsync(client, $"/api/v1/applications/{application["id"]}");
        var certification = await GetJsonAsync(client, "/api/v1/certifications/CPT-30");
        var ledger = await GetJsonAsync(client, "/api/v1/certifications/CPT-30/ceus");
        var receipts = await GetArrayAsync(client, "/api/v1/me/receipts");
        Assert.Multiple(async () =>
        {
            Assert.That(receipt["amountCents"]!.GetValue<long>(), Is.EqualTo(9900));
            Assert.That(receipt["gatewayReference"]!.GetValue<string>(), Does.StartWith("ch_sandbox_"));
            Assert.That(paid["status"]!.GetValue<string>(), Is.EqualTo("approved"));
            Assert.That(certification["cycleStart"]!.GetValue<string>(), Is.EqualTo("2026-08-01"));
            Assert.That(certification["expiresOn"]!.GetValue<string>(), Is.EqualTo("2028-07-31"));
            // The CEUs used by this renewal stop counting.
            Assert.That(ledger["counted"]!.GetValue<decimal>(), Is.EqualTo(0m));
            Assert.That(ledger["activities"]!.AsArray().Where(a => a!["reason"]!.GetValue<string>() == "used-in-earlier-renewal").Select(a => a!["id"]!.GetValue<Guid>()).Order(), Is.EqualTo(counting));
            Assert.That(receipts.Select(r => r!["id"]!.GetValue<Guid>()), Is.EqualTo(new[] { receipt["id"]!.GetValue<Guid>() }));
            Assert.That(await QueuedEmailKindsAsync("CPT-30"), Is.EqualTo(new[] { "application-received", "decision-approved" }));
            // Exactly the activities that counted towards this renewal are marked as used by it.
            Assert.That(await ScalarAsync<string>("select string_agg(activity.id::text, ',' order by activity.id) from ce_activities activity where activity.used_in_application_id = @Id", new { Id = application["id"]!.GetValue<Guid>() }), Is.EqualTo(string.Join(",", counting.Select(id => id.ToString()).Order(StringComparer.Ordinal))));
        });

        var emptied = await GetJsonAsync(client, "/api/v1/me/cart");
        Assert.That(emptied["items"]!.AsArray(), Is.Empty);
        var again = await AssertProblemAsync(await CheckoutAsync(client), HttpStatusCode.Conflict);
        Assert.That(again["code"]!.GetValue<string>(), Is.EqualTo("cart.empty"));
    }

    [TestCase(10, 12900, "late")]
    [TestCase(100, 17900, "late-after-90-days")]
    public async Task A_late_renewal_pays_the_late_fees_and_keeps_the_calendar(int daysLate, long totalCents, string window)
    {
        var client = await EligibleHolderAsync("CPT-31");
        App.SetToday(Expiry.AddDays(daysLate));
        await SignInAgainAsync(client, HolderEmail("CPT-31"));

        var application = await SubmitAsync(client, "CPT-31");
        var receipt = await PayAsync(client);
        var certification = await GetJsonAsync(client, "/api/v1/certifications/CPT-31");
        Assert.Multiple(() =>
        {
            Assert.That(application["window"]!.GetValue<string>(), Is.EqualTo(window));
            Assert.That(receipt["amountCents"]!.GetValue<long>(), Is.EqualTo(totalCents));
            Assert.That(certification["cycleStart"]!.GetValue<string>(), Is.EqualTo("2026-08-01"));
            Assert.That(certification["expiresOn"]!.GetValue<string>(), Is.EqualTo("2028-07-31"));
            Assert.That(certification["status"]!.GetValue<string>(), Is.EqualTo("active"));
        });
    }

    [Test]
    public async Task Certify_for_life_is_paid_once_and_the_next_renewal_quotes_no_renewal_fee()
    {
        var client = await EligibleHolderAsync("CPT-32");
        await SubmitAsync(client, "CPT-32", "for-life");
        var receipt = await PayAsync(client);
        var certification = await GetJsonAsync(client, "/api/v1/certifications/CPT-32");
        Assert.Multiple(() =>
        {
            Assert.That(receipt["amountCents"]!.GetValue<long>(), Is.EqualTo(29900));
            Assert.That(certification["forLife"]!.GetValue<bool>(), Is.True);
            Assert.That(certification["expiresOn"]!.GetValue<string>(), Is.EqualTo("2028-07-31"));
        });

        // Next cycle: new CEUs are needed (the old ones were used), the renewal fee is not.
        App.SetToday(new DateOnly(2028, 6, 1));
        await SignInAgainAsync(client, HolderEmail("CPT-32"));
        await AddOtherCeuAsync(client, "CPT-32", 2.0m, new DateOnly(2027, 3, 1), title: "Second cycle course");
        var next = await SubmitAsync(client, "CPT-32");
        Assert.That(next["fees"]!["totalCents"]!.GetValue<long>(), Is.EqualTo(0));
        var free = await PayAsync(client, "tok_declined");
        Assert.That(free["amountCents"]!.GetValue<long>(), Is.EqualTo(0));
        Assert.That((await GetJsonAsync(client, "/api/v1/certifications/CPT-32"))["expiresOn"]!.GetValue<string>(), Is.EqualTo("2030-07-31"));

        // Late fees still apply to a for-life certification.
        App.SetToday(new DateOnly(2030, 8, 10));
        await SignInAgainAsync(client, HolderEmail("CPT-32"));
        await AddOtherCeuAsync(client, "CPT-32", 2.0m, new DateOnly(2029, 3, 1), title: "Third cycle course");
        await AddCardAsync(client, "CPT-32", new DateOnly(2032, 1, 1));
        var late = await SubmitAsync(client, "CPT-32");
        Assert.That(late["fees"]!["totalCents"]!.GetValue<long>(), Is.EqualTo(3000));
    }

    [Test]
    public async Task Two_checkouts_in_parallel_charge_once()
    {
        var client = await EligibleHolderAsync("CPT-33");
        await SubmitAsync(client, "CPT-33");

        App.Barrier.Arm("/api/v1/me/cart/checkout", 4);
        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => CheckoutAsync(client)));
        Assert.That(App.Barrier.LastReleased, Is.EqualTo(4), "all four checkouts were in flight together");
        var statuses = responses.Select(r => r.StatusCode).ToList();
        Assert.Multiple(async () =>
        {
            Assert.That(statuses.Count(s => s == HttpStatusCode.OK), Is.EqualTo(1), string.Join(",", statuses));
            Assert.That(statuses.Where(s => s != HttpStatusCode.OK), Is.All.EqualTo(HttpStatusCode.Conflict));
            Assert.That(await SuccessfulChargesAsync(), Is.EqualTo(1));
            Assert.That(await ScalarAsync<long>("select count(*) from receipts"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_transient_gateway_failure_is_retried_and_charges_once()
    {
        var client = await EligibleHolderAsync("CPT-34");
        var application = await SubmitAsync(client, "CPT-34");

        var receipt = await PayAsync(client, "tok_transient_then_ok");
        Assert.Multiple(async () =>
        {
            Assert.That(receipt["amountCents"]!.GetValue<long>(), Is.EqualTo(9900));
            Assert.That(await SuccessfulChargesAsync(), Is.EqualTo(1));
            Assert.That((await GetJsonAsync(client, $"/api/v1/applications/{application["id"]}"))["status"]!.GetValue<string>(), Is.EqualTo("approved"));
        });
    }

    [Test]
    public async Task A_gateway_that_stays_unavailable_charges_nothing_and_the_cart_stays_payable()
    {
        var client = await EligibleHolderAsync("CPT-35");
        await SubmitAsync(client, "CPT-35");

        var problem = await AssertProblemAsync(await CheckoutAsync(client, "tok_unavailable"), HttpStatusCode.ServiceUnavailable);
        Assert.That(problem["code"]!.GetValue<string>(), Is.EqualTo("payment.failed"));
        var cart = await GetJsonAsync(client, "/api/v1/me/cart");
        Assert.Multiple(async () =>
        {
            Assert.That(cart["totalCents"]!.GetValue<long>(), Is.EqualTo(9900));
            Assert.That(cart["checkoutInProgress"], Is.Null);
            Assert.That(await ScalarAsync<long>("select count(*) from sandbox_charges"), Is.EqualTo(0));
        });

        await PayAsync(client);
        Assert.That(await SuccessfulChargesAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task A_declined_card_leaves_the_cart_payable_and_another_card_pays_it()
    {
        var client = await EligibleHolderAsync("CPT-36");
        var application = await SubmitAsync(client, "CPT-36");

        var problem = await AssertProblemAsync(await CheckoutAsync(client, "tok_declined"), HttpStatusCode.PaymentRequired);
        Assert.That(problem["code"]!.GetValue<string>(), Is.EqualTo("payment.declined"));
        var cart = await GetJsonAsync(client, "/api/v1/me/cart");
        Assert.Multiple(async () =>
        {
            Assert.That(cart["totalCents"]!.GetValue<long>(), Is.EqualTo(9900));
            Assert.That((await GetJsonAsync(client, $"/api/v1/applications/{application["id"]}"))["status"]!.GetValue<string>(), Is.EqualTo("submitted"));
            Assert.That(await GetArrayAsync(client, "/api/v1/me/receipts"), Is.Empty);
        });

        await PayAsync(client);
        Assert.Multiple(async () =>
        {
            Assert.That(await SuccessfulChargesAsync(), Is.EqualTo(1));
            Assert.That(await ScalarAsync<long>("select count(*) from checkouts where state = 'declined'"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_timed_out_charge_is_reconciled_by_its_idempotency_key_without_a_second_charge()
    {
        var client = await EligibleHolderAsync("CPT-37");
        var application = await SubmitAsync(client, "CPT-37");

        var receipt = await PayAsync(client, "tok_timeout");
        Assert.Multiple(async () =>
        {
            Assert.That(receipt["gatewayReference"]!.GetValue<string>(), Is.EqualTo(await ScalarAsync<string>("select reference from sandbox_charges")));
            Assert.That(await SuccessfulChargesAsync(), Is.EqualTo(1));
            Assert.That((await GetJsonAsync(client, $"/api/v1/applications/{application["id"]}"))["status"]!.GetValue<string>(), Is.EqualTo("approved"));
        });

        await AssertProblemAsync(await CheckoutAsync(client, "tok_timeout"), HttpStatusCode.Conflict);
        Assert.That(await SuccessfulChargesAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task A_checkout_left_pending_is_reconciled_before_anything_is_charged_again()
    {
        var client = await EligibleHolderAsync("CPT-38");
        await SubmitAsync(client, "CPT-38");
        // As if the process died after the gateway charged but before the outcome was recorded.
        var userId = await ScalarAsync<Guid>("select user_id from certifications where number = 'CPT-38'");
        var checkoutId = Guid.NewGuid();
        await ScalarAsync<int>("""
            insert into checkouts (id, user_id, idempotency_key, state, amount_cents, currency, items, created_at)
            select @Id, @UserId, 'recert-checkout-lost', 'pending', 9900, 'USD',
                   jsonb_build_array(jsonb_build_object('kind', 'renewal', 'subjectId', a.id, 'number', 'CPT-38', 'description', 'Renewal', 'fees', '[]'::jsonb, 'amountCents', 9900, 'currency', 'USD')),
                   @CreatedAt
            from applications a join certifications c on c.id = a.certification_id where c.number = 'CPT-38';
            insert into sandbox_charges (idempotency_key, reference, token, amount_cents, currency, outcome)
            values ('recert-checkout-lost', 'ch_sandbox_lost', 'tok_visa', 9900, 'USD', 'succeeded');
            select 1;
            """, new { Id = checkoutId, UserId = userId, CreatedAt = App.Time.GetUtcNow().UtcDateTime.AddMinutes(-5) });

        var receipt = await PayAsync(client);
        Assert.Multiple(async () =>
        {
            Assert.That(receipt["checkoutId"]!.GetValue<Guid>(), Is.EqualTo(checkoutId));
            Assert.That(receipt["gatewayReference"]!.GetValue<string>(), Is.EqualTo("ch_sandbox_lost"));
            Assert.That(await SuccessfulChargesAsync(), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Another_certificants_application_petition_and_audit_are_404_and_their_cart_is_their_own()
    {
        var owner = await EligibleHolderAsync("CPT-39");
        var application = await SubmitAsync(owner, "CPT-39");
        var document = await UploadPdfAsync(owner);
        var petition = await ReadJsonAsync(await owner.PostAsJsonAsync("/api/v1/certifications/CPT-39/petitions", new
        {
            title = "Kettlebell Basics", providerName = "Iron Academy", area = "exercise-technique", contactHours = 8, completedOn = "2026-03-01", documentId = document,
        }));

        var intruder = await HolderAsync("CPT-40", Expiry);
        await AssertProblemAsync(await intruder.GetAsync($"/api/v1/applications/{application["id"]}"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await intruder.GetAsync($"/api/v1/applications/{application["id"]}/audit"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await intruder.PostAsync($"/api/v1/applications/{application["id"]}/audit/submit", null), HttpStatusCode.NotFound);
        await AssertProblemAsync(await intruder.PostAsync($"/api/v1/applications/{application["id"]}/withdraw", null), HttpStatusCode.NotFound);
        await AssertProblemAsync(await intruder.GetAsync($"/api/v1/petitions/{petition["id"]}"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await intruder.GetAsync("/api/v1/certifications/CPT-39/petitions"), HttpStatusCode.NotFound);
        Assert.That((await GetJsonAsync(intruder, "/api/v1/me/cart"))["items"]!.AsArray(), Is.Empty);
        await AssertProblemAsync(await CheckoutAsync(intruder), HttpStatusCode.Conflict);
        Assert.That((await GetJsonAsync(owner, "/api/v1/me/cart"))["totalCents"]!.GetValue<long>(), Is.EqualTo(9900 + 2500));
        await PayAsync(owner);
        Assert.That(await GetArrayAsync(intruder, "/api/v1/me/receipts"), Is.Empty);
        await AssertProblemAsync(await intruder.PutAsJsonAsync($"/api/v1/applications/{application["id"]}/audit/items/{Guid.NewGuid()}", new { documentId = Guid.NewGuid() }), HttpStatusCode.NotFound);

        await AssertProblemAsync(await intruder.GetAsync("/api/v1/staff/queues"), HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task Bad_checkout_input_is_a_problem_never_a_500()
    {
        var client = await EligibleHolderAsync("CPT-41");
        await SubmitAsync(client, "CPT-41");
        foreach (var body in new[] { "{}", "{\"paymentToken\":\"\"}", "{\"paymentToken\":5}", "[]", "nope" })
        {
            await AssertProblemAsync(await client.PostAsync("/api/v1/me/cart/checkout", new StringContent(body, System.Text.Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        }

        Assert.That(await ScalarAsync<long>("select count(*) from checkouts"), Is.EqualTo(0));
    }
}
