using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Recert.Api.Features.Checkout;
using Recert.Api.Infrastructure;
using Recert.Api.Infrastructure.Behaviours;
using Recert.Tests.Support;

namespace Recert.Tests.Integration.Renewal;

/// <summary>Withdrawal cannot race a charge; money that lands after close is refunded from a staff queue; stale checkouts settle by themselves.</summary>
public sealed class RefundsAndReconciliationTests : RenewalTest
{
    /// <summary>Holds BeginCheckout just before its COMMIT until the test lets it go: both requests are then in flight together.</summary>
    sealed class CheckoutBarrier : ICommitHook
    {
        public TaskCompletionSource Reached { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public bool Armed { get; set; }

        public async Task BeforeCommitAsync(object request, NpgsqlConnection connection, CancellationToken cancellationToken)
        {
            if (Armed && request is BeginCheckoutCommand)
            {
                Armed = false;
                Reached.TrySetResult();
                await Release.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            }
        }

        public void Reset()
        {
            Reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
            Release = new(TaskCreationOptions.RunContinuationsAsynchronously);
            Armed = false;
        }
    }

    readonly CheckoutBarrier barrier = new();

    protected override void ConfigureServices(IServiceCollection services)
    {
        base.ConfigureServices(services);
        services.AddSingleton<ICommitHook>(barrier);
    }

    [SetUp]
    public void ResetBarrier() => barrier.Reset();

    [Test]
    public async Task Withdrawing_while_the_checkout_is_in_flight_is_409_and_the_charge_pays_the_application()
    {
        var client = await EligibleHolderAsync("CPT-60");
        var application = await SubmitAsync(client, "CPT-60");
        barrier.Armed = true;

        var checkout = CheckoutAsync(client);
        await barrier.Reached.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var withdraw = client.PostAsync($"/api/v1/applications/{application["id"]}/withdraw", null);
        // The withdrawal is in flight too: it waits on the holder's row that the checkout holds.
        await WaitForLockWaitAsync();
        barrier.Release.SetResult();

        var withdrawn = await withdraw;
        var problem = await AssertProblemAsync(withdrawn, HttpStatusCode.Conflict);
        Assert.That(problem["code"]!.GetValue<string>(), Is.EqualTo("application.payment-in-progress"));
        Assert.That(problem["detail"]!.GetValue<string>(), Does.Contain("payment"));
        Assert.That((await checkout).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await GetJsonAsync(client, $"/api/v1/applications/{application["id"]}"))["status"]!.GetValue<string>(), Is.Not.EqualTo("withdrawn"));
        Assert.That(await ScalarAsync<long>("select count(*) from refunds"), Is.Zero);
    }

    async Task WaitForLockWaitAsync()
    {
        for (var i = 0; i < 100; i++)
        {
            if (await ScalarAsync<long>("select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'") > 0)
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail("The withdrawal never waited for the checkout's lock.");
    }

    [Test]
    public async Task Withdrawing_after_the_checkout_completed_is_refused_as_paid_and_before_it_started_leaves_nothing_to_charge()
    {
        var client = await EligibleHolderAsync("CPT-61");
        var application = await SubmitAsync(client, "CPT-61");
        var withdrawn = await client.PostAsync($"/api/v1/applications/{application["id"]}/withdraw", null);
        Assert.That(withdrawn.StatusCode, Is.EqualTo(HttpStatusCode.OK), await withdrawn.Content.ReadAsStringAsync());
        await AssertProblemAsync(await CheckoutAsync(client), HttpStatusCode.Conflict);
        Assert.That(await SuccessfulChargesAsync(), Is.Zero);
    }

    async Task<(Guid CheckoutId, Guid ApplicationId)> LostCheckoutOfAClosedApplicationAsync(string number)
    {
        var client = await EligibleHolderAsync(number);
        var application = await SubmitAsync(client, number);
        var applicationId = application["id"]!.GetValue<Guid>();
        var userId = await ScalarAsync<Guid>("select user_id from certifications where number = @Number", new { Number = number });
        var checkoutId = Guid.NewGuid();
        // As if the API died after the gateway charged, and the application was closed (staff rejected it) meanwhile.
        await ScalarAsync<int>("""
            insert into checkouts (id, user_id, idempotency_key, state, amount_cents, currency, items, created_at)
            select @Id, @UserId, 'recert-checkout-' || @Id::text, 'pending', 9900, 'USD',
                   jsonb_build_array(jsonb_build_object('kind', 'renewal', 'subjectId', @ApplicationId, 'number', @Number, 'description', 'Renewal', 'fees', '[]'::jsonb, 'amountCents', 9900, 'currency', 'USD')),
                   @CreatedAt;
            insert into sandbox_charges (idempotency_key, reference, token, amount_cents, currency, outcome)
            values ('recert-checkout-' || @Id::text, 'ch_sandbox_' || left(md5(@Id::text), 16), 'tok_visa', 9900, 'USD', 'succeeded');
            update applications set status = 'withdrawn' where id = @ApplicationId;
            select 1;
            """, new { Id = checkoutId, UserId = userId, ApplicationId = applicationId, Number = number, CreatedAt = App.Time.GetUtcNow().UtcDateTime.AddMinutes(-5) });
        return (checkoutId, applicationId);
    }

    JobLeases Leases(string holder) => new(App.Services.GetRequiredService<NpgsqlDataSource>(), App.Time, App.Services.GetRequiredService<RecertMetrics>(), NullLogger<JobLeases>.Instance) { Holder = holder };

    Task<bool> RunReconcilerAsync(JobLeases leases)
        => leases.RunIfDueAsync(PendingCheckoutReconciler.JobName, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5),
            App.Services.GetRequiredService<PendingCheckoutReconciler>().ReconcileOnceAsync, CancellationToken.None);

    [Test]
    public async Task A_stale_checkout_is_settled_by_the_job_and_its_late_charge_is_refunded_from_the_staff_queue()
    {
        var (checkoutId, applicationId) = await LostCheckoutOfAClosedApplicationAsync("CPT-62");

        Assert.That(await RunReconcilerAsync(Leases("instance-a")), Is.True);
        Assert.That(await ScalarAsync<string>("select state from checkouts where id = @Id", new { Id = checkoutId }), Is.EqualTo("succeeded"));
        Assert.That(await ScalarAsync<long>("select count(*) from receipts where checkout_id = @Id", new { Id = checkoutId }), Is.EqualTo(1));

        var staff = await StaffAsync();
        var queue = await GetArrayAsync(staff, "/api/v1/staff/refunds");
        Assert.That(queue, Has.Count.EqualTo(1));
        var refund = queue[0]!;
        Assert.Multiple(() =>
        {
            Assert.That(refund["applicationId"]!.GetValue<Guid>(), Is.EqualTo(applicationId));
            Assert.That(refund["amountCents"]!.GetValue<long>(), Is.EqualTo(9900));
            Assert.That(refund["state"]!.GetValue<string>(), Is.EqualTo("due"));
            Assert.That(refund["number"]!.GetValue<string>(), Is.EqualTo("CPT-62"));
        });

        var issued = await staff.PostAsync($"/api/v1/staff/refunds/{refund["id"]}/refund", null);
        Assert.That(issued.StatusCode, Is.EqualTo(HttpStatusCode.OK), await issued.Content.ReadAsStringAsync());
        var body = await ReadJsonAsync(issued);
        Assert.That(body["state"]!.GetValue<string>(), Is.EqualTo("refunded"));
        Assert.That(body["gatewayReference"]!.GetValue<string>(), Does.StartWith("re_sandbox_"));
        Assert.That(await ScalarAsync<long>("select count(*) from sandbox_refunds"), Is.EqualTo(1));
        Assert.That(await QueuedEmailKindsAsync("CPT-62"), Does.Contain("refund-issued"));

        var holder = Anonymous();
        await SignInAgainAsync(holder, HolderEmail("CPT-62"));
        var receipts = await GetArrayAsync(holder, "/api/v1/me/receipts");
        Assert.That(receipts.Single()!["refundedCents"]!.GetValue<long>(), Is.EqualTo(9900));

        var again = await staff.PostAsync($"/api/v1/staff/refunds/{refund["id"]}/refund", null);
        Assert.That((await AssertProblemAsync(again, HttpStatusCode.Conflict))["code"]!.GetValue<string>(), Is.EqualTo("refund.already-refunded"));
        Assert.That(await ScalarAsync<long>("select count(*) from sandbox_refunds"), Is.EqualTo(1));
        Assert.That(await GetArrayAsync(staff, "/api/v1/staff/refunds"), Is.Empty);
        Assert.That(await GetArrayAsync(staff, "/api/v1/staff/refunds?state=refunded"), Has.Count.EqualTo(1));
        await AssertProblemAsync(await staff.GetAsync("/api/v1/staff/refunds?state=nope"), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await staff.PostAsync($"/api/v1/staff/refunds/{Guid.NewGuid()}/refund", null), HttpStatusCode.NotFound);
        await AssertProblemAsync(await holder.GetAsync("/api/v1/staff/refunds"), HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task The_job_runs_once_per_period_across_instances_and_records_its_last_run()
    {
        await LostCheckoutOfAClosedApplicationAsync("CPT-63");
        var a = Leases("instance-a");
        var b = Leases("instance-b");

        var both = await Task.WhenAll(RunReconcilerAsync(a), RunReconcilerAsync(b), RunReconcilerAsync(a), RunReconcilerAsync(b));
        Assert.That(both.Count(ran => ran), Is.EqualTo(1), "one instance runs the period's pass");
        var row = await a.FindAsync(PendingCheckoutReconciler.JobName, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(row!.Runs, Is.EqualTo(1));
            Assert.That(row.LeaseHolder, Is.Null);
            Assert.That(row.LastOutcome, Is.EqualTo("1 of 1 stale checkouts settled"));
        });
        Assert.That(await ScalarAsync<long>("select count(*) from refunds"), Is.EqualTo(1));

        Assert.That(await RunReconcilerAsync(b), Is.False, "not due again yet");
        App.Time.Advance(TimeSpan.FromSeconds(61));
        Assert.That(await RunReconcilerAsync(b), Is.True);
        Assert.That((await b.FindAsync(PendingCheckoutReconciler.JobName, CancellationToken.None))!.LastOutcome, Is.EqualTo("0 of 0 stale checkouts settled"));
        Assert.That(await ScalarAsync<long>("select count(*) from refunds"), Is.EqualTo(1), "settled once, queued once");
    }

    [Test]
    public async Task A_lease_left_by_a_dead_holder_is_taken_once_it_expires()
    {
        await ScalarAsync<int>("insert into jobs (name, lease_holder, lease_expires_at, last_started_at, runs) values (@Name, 'dead', @Until, @Started, 1); select 1;",
            new { Name = PendingCheckoutReconciler.JobName, Until = App.Time.GetUtcNow().UtcDateTime.AddMinutes(5), Started = App.Time.GetUtcNow().UtcDateTime.AddMinutes(-2) });
        Assert.That(await RunReconcilerAsync(Leases("instance-a")), Is.False, "the lease is still held");
        App.Time.Advance(TimeSpan.FromMinutes(6));
        Assert.That(await RunReconcilerAsync(Leases("instance-a")), Is.True);
    }
}
