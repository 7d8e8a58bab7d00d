using System.Text.Json;
using Dapper;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.Options;
using Recert.Api.Domain;
using Recert.Api.Features.Audits;
using Recert.Api.Features.Email;
using Recert.Api.Features.Petitions;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Checkout;

public sealed record ReceiptResponse(
    Guid Id,
    Guid CheckoutId,
    long AmountCents,
    string Currency,
    IReadOnlyList<CartItemResponse> Items,
    string GatewayReference,
    DateTimeOffset PaidAt,
    long RefundedCents = 0);

public sealed record CheckoutResult(PaymentOutcomeKind Outcome, Guid CheckoutId, ReceiptResponse? Receipt, string? Message) : Infrastructure.Behaviours.IMeasured
{
    public void Measure(Infrastructure.RecertMetrics metrics) => metrics.Payment(Outcome.ToString().ToLowerInvariant());
}

/// <summary>
/// Pays the whole cart with one charge. Not one transaction: the checkout row is committed (pending) before the
/// gateway is called, the gateway is called outside any transaction, and the outcome is recorded afterwards. The
/// idempotency key is the checkout's, so retries and reconciliation never charge twice.
/// </summary>
public sealed record CheckoutCartRequest(string PaymentToken) : IRequest<CheckoutResult>;

public sealed class CheckoutCartValidator : AbstractValidator<CheckoutCartRequest>
{
    public CheckoutCartValidator() => RuleFor(c => c.PaymentToken).NotEmpty().MaximumLength(200);
}

internal sealed class CheckoutCartHandler(IMediator mediator, PaymentService payments) : IRequestHandler<CheckoutCartRequest, CheckoutResult>
{
    public async Task<CheckoutResult> Handle(CheckoutCartRequest request, CancellationToken cancellationToken)
    {
        var cancelled = await mediator.Send(new CancelUncountablePetitionsCommand(), cancellationToken);
        if (cancelled.Count > 0)
        {
            // Nothing is charged this time: the trainer sees why the total changed before paying the rest.
            var unmet = cancelled.Select(p => new UnmetRule("petition.cannot-count",
                $"The petition for \"{p.Title}\" was removed from your cart and its fee was not charged. {p.Cycle.Message}")).ToList();
            throw new RuleViolationException(string.Join(" ", unmet.Select(u => u.Message)), unmet);
        }

        var checkout = await mediator.Send(new BeginCheckoutCommand(), cancellationToken);
        if (checkout.Stale)
        {
            // An earlier checkout whose outcome was never recorded (lost reply, crash): settle it before charging again.
            var earlier = await payments.ReconcileAsync(checkout.IdempotencyKey, cancellationToken);
            if (earlier.Kind == PaymentOutcomeKind.Unknown)
            {
                return new CheckoutResult(earlier.Kind, checkout.Id, null, earlier.Message);
            }

            var settled = await mediator.Send(new CompleteCheckoutCommand(checkout.Id, earlier), cancellationToken);
            if (settled.Outcome == PaymentOutcomeKind.Succeeded)
            {
                return settled;
            }

            checkout = await mediator.Send(new BeginCheckoutCommand(), cancellationToken);
        }

        var outcome = checkout.AmountCents == 0
            ? new PaymentOutcome(PaymentOutcomeKind.Succeeded, "no-charge", null)
            : await payments.ChargeAsync(
                new ChargeRequest(checkout.IdempotencyKey, checkout.AmountCents, checkout.Currency, request.PaymentToken, $"Recert checkout {checkout.Id}"),
                cancellationToken);
        if (outcome.Kind == PaymentOutcomeKind.Unknown)
        {
            return new CheckoutResult(outcome.Kind, checkout.Id, null, outcome.Message);
        }

        return await mediator.Send(new CompleteCheckoutCommand(checkout.Id, outcome), CancellationToken.None);
    }
}

public sealed record BegunCheckout(Guid Id, string IdempotencyKey, long AmountCents, string Currency, bool Stale);

public sealed record BeginCheckoutCommand : ICommand<BegunCheckout>;

internal sealed class BeginCheckoutHandler(DbSession db, ICurrentUser currentUser, OrganisationClock clock)
    : IRequestHandler<BeginCheckoutCommand, BegunCheckout>
{
    /// <summary>A pending checkout older than this lost its outcome and is reconciled; a younger one is still running.</summary>
    public static readonly TimeSpan InFlight = TimeSpan.FromMinutes(2);

    sealed record PendingCheckout(Guid Id, string IdempotencyKey, long AmountCents, string Currency, DateTime CreatedAt);

    public async Task<BegunCheckout> Handle(BeginCheckoutCommand request, CancellationToken cancellationToken)
    {
        var userId = currentUser.RequireId();
        // One checkout at a time per certificant: parallel requests queue here, then see the pending one.
        await db.Connection.ExecuteAsync(db.Command("select 1 from users where id = @UserId for update", new { UserId = userId }, cancellationToken));

        const string pendingSql = "select id, idempotency_key, amount_cents, currency, created_at from checkouts where user_id = @UserId and state = 'pending'";
        var pending = await db.Connection.QuerySingleOrDefaultAsync<PendingCheckout>(db.Command(pendingSql, new { UserId = userId }, cancellationToken));
        if (pending is not null)
        {
            if (clock.Now.UtcDateTime - pending.CreatedAt < InFlight)
            {
                throw new ConflictException("A payment for this cart is already in progress; wait for its result.", "checkout.in-progress");
            }

            return new BegunCheckout(pending.Id, pending.IdempotencyKey, pending.AmountCents, pending.Currency, Stale: true);
        }

        var cart = await CartStore.CartAsync(db.Connection, userId, cancellationToken, db.Transaction);
        if (cart.Items.Count == 0)
        {
            throw new ConflictException("The cart is empty: nothing to pay.", "cart.empty");
        }

        var id = Guid.NewGuid();
        var key = $"recert-checkout-{id:N}";
        const string insert = """
            insert into checkouts (id, user_id, idempotency_key, state, amount_cents, currency, items, created_at)
            values (@Id, @UserId, @Key, 'pending', @AmountCents, @Currency, @Items::jsonb, @Now)
            """;
        await db.Connection.ExecuteAsync(db.Command(insert, new
        {
            Id = id,
            UserId = userId,
            Key = key,
            AmountCents = cart.TotalCents,
            cart.Currency,
            Items = JsonSerializer.Serialize(cart.Items, Json.Options),
            Now = clock.Now.UtcDateTime,
        }, cancellationToken));
        return new BegunCheckout(id, key, cart.TotalCents, cart.Currency, Stale: false);
    }
}

public sealed record CompleteCheckoutCommand(Guid CheckoutId, PaymentOutcome Outcome) : ICommand<CheckoutResult>;

/// <summary>
/// Records the gateway's answer. Paid: receipt, applications paid (Certify for Life marks the certification for life),
/// "application received" email, audit draw; petitions paid go to review. Declined or failed: the cart stays payable.
/// </summary>
internal sealed class CompleteCheckoutHandler(DbSession db, OrganisationClock clock, IOptions<AuditOptions> auditOptions, ILogger<CompleteCheckoutHandler> logger)
    : IRequestHandler<CompleteCheckoutCommand, CheckoutResult>
{
    sealed record CheckoutRow(Guid Id, Guid UserId, string State, long AmountCents, string Currency, string Items, string? GatewayReference, string? Failure);

    public async Task<CheckoutResult> Handle(CompleteCheckoutCommand request, CancellationToken cancellationToken)
    {
        const string lockSql = "select id, user_id, state, amount_cents, currency, items::text as items, gateway_reference, failure from checkouts where id = @Id for update";
        var checkout = await db.Connection.QuerySingleAsync<CheckoutRow>(db.Command(lockSql, new { Id = request.CheckoutId }, cancellationToken));
        if (checkout.State != "pending")
        {
            return await ResultAsync(checkout, cancellationToken);
        }

        var now = clock.Now;
        var outcome = request.Outcome;
        var state = outcome.Kind switch
        {
            PaymentOutcomeKind.Succeeded => "succeeded",
            PaymentOutcomeKind.Declined => "declined",
            _ => "failed",
        };
        const string update = "update checkouts set state = @State, gateway_reference = @Reference, failure = @Failure, completed_at = @Now where id = @Id";
        await db.Connection.ExecuteAsync(db.Command(update, new { checkout.Id, State = state, outcome.Reference, Failure = outcome.Message, Now = now.UtcDateTime }, cancellationToken));
        if (outcome.Kind != PaymentOutcomeKind.Succeeded)
        {
            return new CheckoutResult(outcome.Kind, checkout.Id, null, outcome.Message);
        }

        const string receipt = """
            insert into receipts (checkout_id, user_id, amount_cents, currency, items, gateway_reference, paid_at)
            values (@Id, @UserId, @AmountCents, @Currency, @Items::jsonb, @Reference, @Now)
            """;
        await db.Connection.ExecuteAsync(db.Command(receipt, new { checkout.Id, checkout.UserId, checkout.AmountCents, checkout.Currency, checkout.Items, outcome.Reference, Now = now.UtcDateTime }, cancellationToken));

        var items = JsonSerializer.Deserialize<List<CartItemResponse>>(checkout.Items, Json.Options)!;
        foreach (var item in items.Where(i => i.Kind == CartItemKind.Petition))
        {
            await PetitionStore.MarkPaidAsync(db, item.SubjectId, checkout.Id, now, cancellationToken);
        }

        foreach (var item in items.Where(i => i.Kind == CartItemKind.Renewal))
        {
            await PayApplicationAsync(item, checkout.Id, now, cancellationToken);
        }

        checkout = await db.Connection.QuerySingleAsync<CheckoutRow>(db.Command(lockSql, new { Id = request.CheckoutId }, cancellationToken));
        return await ResultAsync(checkout, cancellationToken);
    }

    async Task PayApplicationAsync(CartItemResponse item, Guid checkoutId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var application = await RenewalStore.LockApplicationAsync(db, item.SubjectId, cancellationToken);
        if (!ApplicationLifecycle.CanMove(application.StatusValue, ApplicationStatus.Paid))
        {
            // Withdrawn or rejected while the charge was in flight: the money is on the receipt; staff refund it.
            logger.LogWarning("Application {ApplicationId} was {Status} when checkout {CheckoutId} succeeded; it needs a refund.", application.Id, application.Status, checkoutId);
            await RenewalStore.RecordDecisionAsync(db, application.CertificationId, "application", application.Id, "paid-after-close", "Needs a refund.", new { checkoutId }, null, now, cancellationToken);
            await RefundStore.QueueAsync(db, checkoutId, application, item.AmountCents, item.Currency, now, cancellationToken);
            return;
        }

        await RenewalStore.MoveAsync(db, application, ApplicationStatus.Paid, now, cancellationToken);
        await db.Connection.ExecuteAsync(db.Command("update applications set paid_checkout_id = @CheckoutId where id = @Id", new { CheckoutId = checkoutId, application.Id }, cancellationToken));
        if (EnumText.Parse<RenewalPlan>(application.Plan) == RenewalPlan.ForLife)
        {
            await db.Connection.ExecuteAsync(db.Command("update certifications set for_life = true where id = @Id", new { Id = application.CertificationId }, cancellationToken));
        }

        var holder = await RenewalStore.HolderAsync(db, application.CertificationId, cancellationToken);
        await EmailOutbox.EnqueueAsync(db, EmailTemplates.ApplicationReceived(holder.CertificationId, holder.Email, holder.FirstName, holder.Number, item.AmountCents, item.Currency), now, cancellationToken);
        var rate = await BackOffice.AuditRateStore.CurrentAsync(db, auditOptions.Value, cancellationToken);
        await RenewalStore.DrawAuditAsync(db, application with { Status = EnumText.Of(ApplicationStatus.Paid) }, rate, clock, cancellationToken);
    }

    async Task<CheckoutResult> ResultAsync(CheckoutRow checkout, CancellationToken cancellationToken)
    {
        var kind = checkout.State switch
        {
            "succeeded" => PaymentOutcomeKind.Succeeded,
            "declined" => PaymentOutcomeKind.Declined,
            "failed" => PaymentOutcomeKind.Failed,
            _ => PaymentOutcomeKind.Unknown,
        };
        var receipt = kind == PaymentOutcomeKind.Succeeded ? await ReceiptStore.FindAsync(db, checkout.Id, cancellationToken) : null;
        return new CheckoutResult(kind, checkout.Id, receipt, checkout.Failure);
    }
}
