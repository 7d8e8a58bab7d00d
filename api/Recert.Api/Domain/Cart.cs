namespace Recert.Api.Domain;

public enum CartItemKind
{
    Renewal,
    Petition,
}

public sealed record CartLine(CartItemKind Kind, Guid SubjectId, string Description, IReadOnlyList<FeeItem> Fees, string Currency)
{
    public long AmountCents => Fees.Sum(f => f.AmountCents);
}

public sealed record CartTotal(long TotalCents, string Currency);

public static class CartRules
{
    /// <summary>One charge per cart: every line must be in the same currency.</summary>
    public static CartTotal Total(IReadOnlyCollection<CartLine> lines, string defaultCurrency = "USD")
    {
        var currencies = lines.Select(l => l.Currency).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (currencies.Count > 1)
        {
            throw new InvalidOperationException("A cart holds one currency; lines in " + string.Join(", ", currencies) + ".");
        }

        return new CartTotal(lines.Sum(l => l.AmountCents), currencies.SingleOrDefault() ?? defaultCurrency);
    }
}

public static class PetitionRules
{
    /// <summary>Same course and provider whatever the case, spacing or punctuation: "Kettlebell  Basics!" = "kettlebell basics".</summary>
    public static string CourseKey(string title, string providerName) => Normalise(title) + "|" + Normalise(providerName);

    static string Normalise(string text)
    {
        var kept = new string(text.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : ' ').ToArray());
        return string.Join(' ', kept.Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }
}
