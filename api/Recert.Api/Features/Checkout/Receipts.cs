using System.Text.Json;
using Dapper;
using MediatR;
using Npgsql;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Checkout;

public static class ReceiptStore
{
    public const string Select = "select id, checkout_id, amount_cents, currency, items::text as items, gateway_reference, paid_at, refunded_cents from receipts";

    public sealed record ReceiptRow(Guid Id, Guid CheckoutId, long AmountCents, string Currency, string Items, string GatewayReference, DateTime PaidAt, long RefundedCents)
    {
        public ReceiptResponse ToResponse() => new(Id, CheckoutId, AmountCents, Currency,
            JsonSerializer.Deserialize<List<CartItemResponse>>(Items, Json.Options)!, GatewayReference,
            new DateTimeOffset(DateTime.SpecifyKind(PaidAt, DateTimeKind.Utc)), RefundedCents);
    }

    public static async Task<ReceiptResponse?> FindAsync(DbSession db, Guid checkoutId, CancellationToken cancellationToken)
        => (await db.Connection.QuerySingleOrDefaultAsync<ReceiptRow>(db.Command(Select + " where checkout_id = @CheckoutId", new { CheckoutId = checkoutId }, cancellationToken)))?.ToResponse();
}

public sealed record GetCartQuery : IQuery<CartResponse>;

internal sealed class GetCartHandler(NpgsqlDataSource dataSource, ICurrentUser currentUser) : IRequestHandler<GetCartQuery, CartResponse>
{
    public async Task<CartResponse> Handle(GetCartQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await CartStore.CartAsync(connection, currentUser.RequireId(), cancellationToken);
    }
}

public sealed record ListReceiptsQuery : IQuery<IReadOnlyList<ReceiptResponse>>;

internal sealed class ListReceiptsHandler(NpgsqlDataSource dataSource, ICurrentUser currentUser) : IRequestHandler<ListReceiptsQuery, IReadOnlyList<ReceiptResponse>>
{
    public async Task<IReadOnlyList<ReceiptResponse>> Handle(ListReceiptsQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<ReceiptStore.ReceiptRow>(new CommandDefinition(
            ReceiptStore.Select + " where user_id = @UserId order by paid_at desc", new { UserId = currentUser.RequireId() }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToResponse()).ToList();
    }
}
