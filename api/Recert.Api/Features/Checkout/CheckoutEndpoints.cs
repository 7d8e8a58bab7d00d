using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Checkout;

public static class CheckoutEndpoints
{
    public static void MapCheckoutEndpoints(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/v1/me").WithTags("Checkout").RequireAuthorization(Policies.Certificant);

        me.MapGet("/cart", async Task<Ok<CartResponse>> (IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new GetCartQuery(), ct)))
            .WithSummary("What the certificant owes: submitted applications (fees as quoted) and unpaid petition fees");

        me.MapPost("/cart/checkout", async Task<Results<Ok<ReceiptResponse>, ProblemHttpResult>> (CheckoutBody body, IMediator mediator, CancellationToken ct) =>
            {
                var result = await mediator.Send(new CheckoutCartRequest(body.PaymentToken), ct);
                return result.Outcome switch
                {
                    PaymentOutcomeKind.Succeeded => TypedResults.Ok(result.Receipt!),
                    PaymentOutcomeKind.Declined => Problem(StatusCodes.Status402PaymentRequired, "The payment was declined.", result, "payment.declined"),
                    PaymentOutcomeKind.Failed => Problem(StatusCodes.Status503ServiceUnavailable, "The payment did not go through.", result, "payment.failed"),
                    _ => Problem(StatusCodes.Status503ServiceUnavailable, "The payment is not confirmed yet.", result, "payment.unknown"),
                };
            })
            .WithSummary("Pay the whole cart with one charge (sandbox test tokens: see docs/renewal.md); a retry or double click never charges twice")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status402PaymentRequired)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        me.MapGet("/receipts", async Task<Ok<IReadOnlyList<ReceiptResponse>>> (IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new ListReceiptsQuery(), ct)))
            .WithSummary("The certificant's receipts, newest first");
    }

    static ProblemHttpResult Problem(int status, string title, CheckoutResult result, string code)
        => TypedResults.Problem(
            statusCode: status,
            title: title,
            detail: result.Message,
            extensions: new Dictionary<string, object?> { ["code"] = code, ["checkoutId"] = result.CheckoutId });
}

public sealed record CheckoutBody(string PaymentToken);
