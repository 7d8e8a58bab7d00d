using System.Text.Json;
using Dapper;
using Npgsql;
using Recert.Api.Domain;
using Recert.Api.Features.Certifications;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Checkout;

public sealed record CartItemResponse(CartItemKind Kind, Guid SubjectId, string Number, string Description, IReadOnlyList<FeeItemResponse> Fees, long AmountCents, string Currency);

public sealed record CartResponse(IReadOnlyList<CartItemResponse> Items, long TotalCents, string Currency, Guid? CheckoutInProgress);

/// <summary>
/// The cart is not stored: it is whatever the certificant owes now — each submitted (unpaid) application with the fees
/// quoted on submission, and each petition whose fee is unpaid.
/// </summary>
public static class CartStore
{
    sealed record ApplicationLine(Guid Id, string Number, string Plan, string Fees, string Currency);

    sealed record PetitionLine(Guid Id, string Number, string Title, long FeeCents, string Currency);

    public static async Task<IReadOnlyList<CartItemResponse>> LoadAsync(NpgsqlConnection connection, Guid userId, CancellationToken cancellationToken, NpgsqlTransaction? transaction = null)
    {
        const string applications = """
            select a.id, c.number, a.plan, a.fees::text as fees, a.currency
            from applications a join certifications c on c.id = a.certification_id
            where c.user_id = @UserId and a.status = 'submitted'
            order by a.created_at
            """;
        const string petitions = """
            select p.id, c.number, p.title, p.fee_cents, p.currency
            from petitions p join certifications c on c.id = p.certification_id
            where c.user_id = @UserId and p.status = 'awaiting-payment'
            order by p.created_at
            """;
        var items = new List<CartItemResponse>();
        foreach (var a in await connection.QueryAsync<ApplicationLine>(new CommandDefinition(applications, new { UserId = userId }, transaction, cancellationToken: cancellationToken)))
        {
            var fees = JsonSerializer.Deserialize<List<FeeItemResponse>>(a.Fees, Json.Options)!;
            var plan = EnumText.Parse<RenewalPlan>(a.Plan) == RenewalPlan.ForLife ? "Certify for Life" : "Renewal";
            items.Add(new CartItemResponse(CartItemKind.Renewal, a.Id, a.Number, $"{plan} of {a.Number}", fees, fees.Sum(f => f.AmountCents), a.Currency));
        }

        foreach (var p in await connection.QueryAsync<PetitionLine>(new CommandDefinition(petitions, new { UserId = userId }, transaction, cancellationToken: cancellationToken)))
        {
            items.Add(new CartItemResponse(CartItemKind.Petition, p.Id, p.Number, $"Petition fee (nonrefundable): {p.Title}",
                [new FeeItemResponse(FeeCodes.Petition, p.FeeCents)], p.FeeCents, p.Currency));
        }

        return items;
    }

    public static async Task<CartResponse> CartAsync(NpgsqlConnection connection, Guid userId, CancellationToken cancellationToken, NpgsqlTransaction? transaction = null)
    {
        var items = await LoadAsync(connection, userId, cancellationToken, transaction);
        CartTotal total;
        try
        {
            total = CartRules.Total(items.Select(item => new CartLine(item.Kind, item.SubjectId, item.Description,
                item.Fees.Select(f => new FeeItem(f.Code, f.AmountCents)).ToList(), item.Currency)).ToList());
        }
        catch (InvalidOperationException exception)
        {
            throw new RuleViolationException("cart.mixed-currency", exception.Message);
        }

        const string pending = "select id from checkouts where user_id = @UserId and state = 'pending'";
        var inProgress = await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(pending, new { UserId = userId }, transaction, cancellationToken: cancellationToken));
        return new CartResponse(items, total.TotalCents, total.Currency, inProgress);
    }
}
