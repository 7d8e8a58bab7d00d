using Dapper;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using Polly.CircuitBreaker;
using Polly.Registry;
using Polly.Timeout;
using Recert.Api.Features.Applications;
using Recert.Api.Features.Audits;
using Recert.Api.Features.Email;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Checkout;

public enum RefundState
{
    Due,
    Refunded,
}

public sealed record RefundResponse(
    Guid Id,
    Guid CheckoutId,
    Guid ApplicationId,
    string Number,
    string HolderName,
    long AmountCents,
    string Currency,
    string Reason,
    RefundState State,
    string? GatewayReference,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RefundedAt,
    int AgeDays);

/// <summary>
/// Money that landed for an application already closed (withdrawn or rejected while its charge was in flight, or a
/// timed-out charge reconciled after close). Queued when the late charge is recorded; staff refund it through the gateway.
/// </summary>
public static class RefundStore
{
    public static async Task QueueAsync(DbSession db, Guid checkoutId, ApplicationRow application, long amountCents, string currency, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (amountCents <= 0)
        {
            return;
        }

        const string sql = """
            insert into refunds (checkout_id, application_id, user_id, amount_cents, currency, reason, state, created_at)
            select @CheckoutId, @ApplicationId, k.user_id, @AmountCents, @Currency, @Reason, 'due', @Now from checkouts k where k.id = @CheckoutId
            on conflict (checkout_id, application_id) do nothing
            """;
        await db.Connection.ExecuteAsync(db.Command(sql, new
        {
            CheckoutId = checkoutId,
            ApplicationId = application.Id,
            AmountCents = amountCents,
            Currency = currency,
            Reason = $"Paid after the application was {application.Status}.",
            Now = now.UtcDateTime,
        }, cancellationToken));
    }

    public const string Select = """
        select r.id, r.checkout_id, r.application_id, c.number, c.first_name || ' ' || c.last_name as holder_name, r.amount_cents, r.currency,
               r.reason, r.state, r.gateway_reference, r.created_at, r.refunded_at
        from refunds r join applications a on a.id = r.application_id join certifications c on c.id = a.certification_id
        """;

    public sealed record RefundRow(Guid Id, Guid CheckoutId, Guid ApplicationId, string Number, string HolderName, long AmountCents, string Currency,
        string Reason, string State, string? GatewayReference, DateTime CreatedAt, DateTime? RefundedAt)
    {
        public RefundResponse ToResponse(DateOnly today, TimeZoneInfo zone) => new(Id, CheckoutId, ApplicationId, Number, HolderName, AmountCents, Currency, Reason,
            EnumText.Parse<RefundState>(State), GatewayReference, Utc(CreatedAt), RefundedAt is { } at ? Utc(at) : null,
            today.DayNumber - DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(CreatedAt, zone)).DayNumber);

        static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
    }
}

public sealed record RefundQueueQuery(RefundState State) : IQuery<IReadOnlyList<RefundResponse>>;

internal sealed class RefundQueueHandler(NpgsqlDataSource dataSource, OrganisationClock clock) : IRequestHandler<RefundQueueQuery, IReadOnlyList<RefundResponse>>
{
    public async Task<IReadOnlyList<RefundResponse>> Handle(RefundQueueQuery request, CancellationToken cancellationToken)
    {
        const string sql = RefundStore.Select + " where r.state = @State order by r.created_at, r.id limit 500";
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<RefundStore.RefundRow>(new CommandDefinition(sql, new { State = EnumText.Of(request.State) }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToResponse(clock.Today, clock.Zone)).ToList();
    }
}

/// <summary>
/// Refunds one queued charge. Like the checkout, not one transaction: the gateway is called outside any transaction
/// with the refund's own idempotency key (a double click or a retry never refunds twice), then the outcome is recorded.
/// </summary>
public sealed record IssueRefundRequest(Guid RefundId) : IRequest<RefundResponse>;

internal sealed class IssueRefundHandler(NpgsqlDataSource dataSource, IPaymentGateway gateway, ResiliencePipelineProvider<string> pipelines, IMediator mediator)
    : IRequestHandler<IssueRefundRequest, RefundResponse>
{
    sealed record Due(Guid Id, string State, long AmountCents, string Currency, string ChargeReference);

    public async Task<RefundResponse> Handle(IssueRefundRequest request, CancellationToken cancellationToken)
    {
        const string sql = """
            select r.id, r.state, r.amount_cents, r.currency, k.gateway_reference as charge_reference
            from refunds r join checkouts k on k.id = r.checkout_id where r.id = @Id
            """;
        Due due;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            due = await connection.QuerySingleOrDefaultAsync<Due>(new CommandDefinition(sql, new { Id = request.RefundId }, cancellationToken: cancellationToken))
                  ?? throw new NotFoundException("No such refund.");
        }

        if (due.State != "due")
        {
            throw new ConflictException("This charge was already refunded.", "refund.already-refunded");
        }

        Refund refund;
        try
        {
            refund = await pipelines.GetPipeline(PaymentService.Pipeline).ExecuteAsync(
                async token => await gateway.RefundAsync(new RefundRequest($"recert-refund-{due.Id:N}", due.ChargeReference, due.AmountCents, due.Currency), token),
                CancellationToken.None);
        }
        catch (RefundRefusedException refused)
        {
            throw new ConflictException($"The payment gateway refused the refund: {refused.Message}", "refund.refused");
        }
        catch (Exception exception) when (exception is TimeoutRejectedException or PaymentTransientException or BrokenCircuitException)
        {
            throw new PaymentUnavailableException("The payment service is unavailable; nothing was refunded yet. Try again in a few minutes (it will not refund twice).");
        }

        return await mediator.Send(new RecordRefundCommand(due.Id, refund.Reference), CancellationToken.None);
    }
}

/// <summary>The gateway could not be reached for a staff action (503); retrying is safe.</summary>
public sealed class PaymentUnavailableException(string message) : Exception(message);

public sealed record RecordRefundCommand(Guid RefundId, string GatewayReference) : ICommand<RefundResponse>;

internal sealed class RecordRefundHandler(DbSession db, ICurrentUser currentUser, OrganisationClock clock) : IRequestHandler<RecordRefundCommand, RefundResponse>
{
    sealed record Locked(Guid Id, Guid CheckoutId, Guid ApplicationId, string State, long AmountCents, string Currency);

    public async Task<RefundResponse> Handle(RecordRefundCommand request, CancellationToken cancellationToken)
    {
        var now = clock.Now;
        const string lockSql = "select id, checkout_id, application_id, state, amount_cents, currency from refunds where id = @Id for update";
        var refund = await db.Connection.QuerySingleAsync<Locked>(db.Command(lockSql, new { Id = request.RefundId }, cancellationToken));
        if (refund.State == "due")
        {
            const string update = """
                update refunds set state = 'refunded', gateway_reference = @Reference, refunded_at = @Now, refunded_by = @StaffId where id = @Id;
                update receipts set refunded_cents = refunded_cents + @AmountCents where checkout_id = @CheckoutId;
                """;
            await db.Connection.ExecuteAsync(db.Command(update, new
            {
                refund.Id,
                Reference = request.GatewayReference,
                Now = now.UtcDateTime,
                StaffId = currentUser.RequireId(),
                refund.AmountCents,
                refund.CheckoutId,
            }, cancellationToken));

            var certificationId = await db.Connection.ExecuteScalarAsync<Guid>(db.Command("select certification_id from applications where id = @Id", new { Id = refund.ApplicationId }, cancellationToken));
            var holder = await RenewalStore.HolderAsync(db, certificationId, cancellationToken);
            await RenewalStore.RecordDecisionAsync(db, certificationId, "application", refund.ApplicationId, "refunded", null,
                new { refundId = refund.Id, refund.AmountCents, gatewayReference = request.GatewayReference }, currentUser.RequireId(), now, cancellationToken);
            await EmailOutbox.EnqueueAsync(db, new OutgoingEmail(
                "refund-issued",
                holder.Email,
                $"Your payment for {holder.Number} was refunded",
                $"Hello {holder.FirstName},\n\nYour application for {holder.Number} was closed before its payment arrived, so we refunded " +
                $"{refund.AmountCents / 100m:0.00} {refund.Currency} to the card you paid with (refund {request.GatewayReference}). " +
                "It can take a few business days to appear on your statement." + EmailTemplates.Signature,
                certificationId,
                DedupeKey: $"refund:{refund.Id}", LinkPath: EmailTemplates.Page(holder.Number, "/receipts")), now, cancellationToken);
        }

        var row = await db.Connection.QuerySingleAsync<RefundStore.RefundRow>(db.Command(RefundStore.Select + " where r.id = @Id", new { Id = refund.Id }, cancellationToken));
        return row.ToResponse(clock.Today, clock.Zone);
    }
}

public static class RefundEndpoints
{
    public static void MapRefundEndpoints(this IEndpointRouteBuilder app)
    {
        var staff = app.MapGroup("/api/v1/staff/refunds").WithTags("Back office").RequireAuthorization(Policies.Staff);

        staff.MapGet("/", async Task<Ok<IReadOnlyList<RefundResponse>>> (string? state, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new RefundQueueQuery(ParseState(state)), ct)))
            .WithSummary("Charges that landed after their application closed: due (default) or refunded, oldest first (staff)")
            .ProducesProblem(StatusCodes.Status400BadRequest);

        staff.MapPost("/{id:guid}/refund", async Task<Ok<RefundResponse>> (Guid id, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new IssueRefundRequest(id), ct)))
            .WithSummary("Refund a queued charge through the payment gateway; recorded on the receipt and emailed to the certificant (staff)")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
    }

    static RefundState ParseState(string? text)
        => string.IsNullOrEmpty(text) ? RefundState.Due
            : EnumText.TryParse<RefundState>(text, out var state) ? state
            : throw new FieldException("state", $"Use one of: {string.Join(", ", EnumText.All<RefundState>())}.");
}
