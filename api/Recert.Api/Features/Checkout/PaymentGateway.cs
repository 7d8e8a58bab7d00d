using System.Collections.Concurrent;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using Polly;
using Polly.CircuitBreaker;
using Polly.Registry;
using Polly.Retry;
using Polly.Timeout;

namespace Recert.Api.Features.Checkout;

public sealed record ChargeRequest(string IdempotencyKey, long AmountCents, string Currency, string PaymentToken, string Description);

public enum ChargeStatus
{
    Succeeded,
    Declined,
}

public sealed record Charge(string Reference, ChargeStatus Status, string? Message);

public sealed record RefundRequest(string IdempotencyKey, string ChargeReference, long AmountCents, string Currency);

public sealed record Refund(string Reference);

/// <summary>The gateway refused a refund (unknown charge, more than was charged): nothing was refunded.</summary>
public sealed class RefundRefusedException(string message) : Exception(message);

/// <summary>The gateway could not take the charge this time (it was not made); trying again may work.</summary>
public sealed class PaymentTransientException(string message) : Exception(message);

/// <summary>
/// The port to the card processor. A charge carries an idempotency key: the same key always answers with the same
/// charge, never a second one.
/// </summary>
public interface IPaymentGateway
{
    Task<Charge> ChargeAsync(ChargeRequest request, CancellationToken cancellationToken);

    /// <summary>The charge made with this key, if any: how an outcome lost to a timeout is found again.</summary>
    Task<Charge?> FindChargeAsync(string idempotencyKey, CancellationToken cancellationToken);

    /// <summary>Gives back (part of) a charge. The same key always answers with the same refund, never a second one.</summary>
    Task<Refund> RefundAsync(RefundRequest request, CancellationToken cancellationToken);
}

public sealed class PaymentOptions
{
    public double TimeoutSeconds { get; set; } = 10;
    public int MaxRetries { get; set; } = 3;
    public int RetryDelayMilliseconds { get; set; } = 200;
    /// <summary>Calls within 30 seconds before the breaker may open (at half of them failing, for 15 seconds).</summary>
    public int CircuitBreakerMinimumThroughput { get; set; } = 20;
}

/// <summary>
/// A sandbox that behaves like a real gateway: charges are kept by idempotency key (in PostgreSQL, so they survive a
/// restart), test tokens succeed, decline, fail transiently or time out after charging. See docs/renewal.md.
/// </summary>
public sealed class SandboxPaymentGateway(NpgsqlDataSource dataSource) : IPaymentGateway
{
    public const string Visa = "tok_visa";
    public const string Declined = "tok_declined";
    public const string TransientThenOk = "tok_transient_then_ok";
    public const string Unavailable = "tok_unavailable";
    public const string Timeout = "tok_timeout";

    readonly ConcurrentDictionary<string, int> attempts = new();

    sealed record StoredCharge(string Reference, string Outcome, string? Token);

    public async Task<Charge> ChargeAsync(ChargeRequest request, CancellationToken cancellationToken)
    {
        if (await FindChargeAsync(request.IdempotencyKey, cancellationToken) is { } existing)
        {
            return existing;
        }

        var attempt = attempts.AddOrUpdate(request.IdempotencyKey, 1, (_, n) => n + 1);
        switch (request.PaymentToken)
        {
            case Unavailable:
            case TransientThenOk when attempt == 1:
                throw new PaymentTransientException("The card processor is temporarily unavailable.");
        }

        var declined = request.PaymentToken is not (Visa or TransientThenOk or Timeout);
        var charge = await StoreAsync(request, declined ? ChargeStatus.Declined : ChargeStatus.Succeeded, cancellationToken);
        if (request.PaymentToken == Timeout)
        {
            // The charge is made but the reply never arrives: only the caller's timeout ends the wait.
            await Task.Delay(System.Threading.Timeout.InfiniteTimeSpan, cancellationToken);
        }

        return charge;
    }

    public async Task<Charge?> FindChargeAsync(string idempotencyKey, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        const string sql = "select reference, outcome, token from sandbox_charges where idempotency_key = @Key";
        var row = await connection.QuerySingleOrDefaultAsync<StoredCharge>(new CommandDefinition(sql, new { Key = idempotencyKey }, cancellationToken: cancellationToken));
        return row is null ? null : ToCharge(row);
    }

    async Task<Charge> StoreAsync(ChargeRequest request, ChargeStatus status, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        const string sql = """
            insert into sandbox_charges (idempotency_key, reference, token, amount_cents, currency, outcome)
            values (@Key, @Reference, @Token, @AmountCents, @Currency, @Outcome)
            on conflict (idempotency_key) do nothing;
            select reference, outcome, token from sandbox_charges where idempotency_key = @Key;
            """;
        var row = await connection.QuerySingleAsync<StoredCharge>(new CommandDefinition(sql, new
        {
            Key = request.IdempotencyKey,
            Reference = "ch_sandbox_" + Guid.NewGuid().ToString("N")[..20],
            Token = request.PaymentToken,
            request.AmountCents,
            request.Currency,
            Outcome = status == ChargeStatus.Succeeded ? "succeeded" : "declined",
        }, cancellationToken: cancellationToken));
        return ToCharge(row);
    }

    public async Task<Refund> RefundAsync(RefundRequest request, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        const string existing = "select reference from sandbox_refunds where idempotency_key = @Key";
        if (await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(existing, new { Key = request.IdempotencyKey }, transaction, cancellationToken: cancellationToken)) is { } known)
        {
            return new Refund(known);
        }

        const string charge = """
            select c.amount_cents - coalesce((select sum(r.amount_cents) from sandbox_refunds r where r.charge_reference = c.reference), 0)
            from sandbox_charges c where c.reference = @Reference and c.outcome = 'succeeded' and c.currency = @Currency for update
            """;
        var refundable = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(charge, new { Reference = request.ChargeReference, request.Currency }, transaction, cancellationToken: cancellationToken))
            ?? throw new RefundRefusedException("No such charge to refund.");
        if (request.AmountCents <= 0 || request.AmountCents > refundable)
        {
            throw new RefundRefusedException($"At most {refundable} cents of this charge can still be refunded.");
        }

        var reference = "re_sandbox_" + Guid.NewGuid().ToString("N")[..20];
        const string insert = "insert into sandbox_refunds (idempotency_key, reference, charge_reference, amount_cents) values (@Key, @Reference, @ChargeReference, @AmountCents)";
        await connection.ExecuteAsync(new CommandDefinition(insert, new { Key = request.IdempotencyKey, Reference = reference, request.ChargeReference, request.AmountCents }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return new Refund(reference);
    }

    static Charge ToCharge(StoredCharge row) => row.Outcome == "succeeded"
        ? new Charge(row.Reference, ChargeStatus.Succeeded, null)
        : new Charge(row.Reference, ChargeStatus.Declined, row.Token == Declined ? "Your card was declined." : "The payment token is not valid.");
}

public enum PaymentOutcomeKind
{
    Succeeded,
    Declined,
    /// <summary>Nothing was charged; the certificant may try again.</summary>
    Failed,
    /// <summary>The gateway may have charged but could not say so; reconciled later.</summary>
    Unknown,
}

public sealed record PaymentOutcome(PaymentOutcomeKind Kind, string? Reference, string? Message);

/// <summary>
/// Calls the gateway through the "payments" Polly pipeline (retry on transient failure → circuit breaker → timeout per
/// attempt). A timeout is never retried blindly: the charge is looked up by its idempotency key instead.
/// </summary>
public sealed class PaymentService(IPaymentGateway gateway, ResiliencePipelineProvider<string> pipelines, ILogger<PaymentService> logger)
{
    public const string Pipeline = "payments";

    public async Task<PaymentOutcome> ChargeAsync(ChargeRequest request, CancellationToken cancellationToken)
    {
        try
        {
            var charge = await pipelines.GetPipeline(Pipeline).ExecuteAsync(
                async token => await gateway.ChargeAsync(request, token), CancellationToken.None);
            return From(charge);
        }
        catch (TimeoutRejectedException)
        {
            logger.LogWarning("Payment {Key} timed out; reconciling by idempotency key.", request.IdempotencyKey);
            return await ReconcileAsync(request.IdempotencyKey, cancellationToken);
        }
        catch (PaymentTransientException exception)
        {
            logger.LogWarning("Payment {Key} failed transiently after retries: {Message}", request.IdempotencyKey, exception.Message);
            return new PaymentOutcome(PaymentOutcomeKind.Failed, null, "The payment service is unavailable; nothing was charged. Try again in a few minutes.");
        }
        catch (BrokenCircuitException)
        {
            return new PaymentOutcome(PaymentOutcomeKind.Failed, null, "The payment service is unavailable; nothing was charged. Try again in a few minutes.");
        }
    }

    /// <summary>Looks the charge up by its key: found → its outcome; not found → nothing was charged; lookup failed → unknown.</summary>
    public async Task<PaymentOutcome> ReconcileAsync(string idempotencyKey, CancellationToken cancellationToken)
    {
        try
        {
            var charge = await pipelines.GetPipeline(Pipeline).ExecuteAsync(
                async token => await gateway.FindChargeAsync(idempotencyKey, token), cancellationToken);
            return charge is null
                ? new PaymentOutcome(PaymentOutcomeKind.Failed, null, "The payment did not go through; nothing was charged. Try again.")
                : From(charge);
        }
        catch (Exception exception) when (exception is TimeoutRejectedException or PaymentTransientException or BrokenCircuitException)
        {
            return new PaymentOutcome(PaymentOutcomeKind.Unknown, null, "We could not confirm the payment yet. Do not pay again: it will be confirmed shortly.");
        }
    }

    static PaymentOutcome From(Charge charge) => charge.Status == ChargeStatus.Succeeded
        ? new PaymentOutcome(PaymentOutcomeKind.Succeeded, charge.Reference, null)
        : new PaymentOutcome(PaymentOutcomeKind.Declined, charge.Reference, charge.Message);

    public static void AddPipeline(IServiceCollection services)
    {
        services.AddResiliencePipeline(Pipeline, (builder, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<PaymentOptions>>().Value;
            // Real time even when the application clock is faked: timeouts and back-off are about the network.
            builder.TimeProvider = TimeProvider.System;
            builder
                .AddRetry(new RetryStrategyOptions
                {
                    ShouldHandle = new PredicateBuilder().Handle<PaymentTransientException>(),
                    MaxRetryAttempts = options.MaxRetries,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = TimeSpan.FromMilliseconds(options.RetryDelayMilliseconds),
                })
                .AddCircuitBreaker(new CircuitBreakerStrategyOptions
                {
                    ShouldHandle = new PredicateBuilder().Handle<PaymentTransientException>().Handle<TimeoutRejectedException>(),
                    FailureRatio = 0.5,
                    MinimumThroughput = Math.Max(2, options.CircuitBreakerMinimumThroughput),
                    SamplingDuration = TimeSpan.FromSeconds(30),
                    BreakDuration = TimeSpan.FromSeconds(15),
                })
                .AddTimeout(TimeSpan.FromSeconds(options.TimeoutSeconds));
        });
    }
}
