namespace Recert.Api.Domain;

public enum CardKind
{
    Cpr,
    Aed,
    CprAed,
}

public sealed record CprAedCard(
    Guid Id,
    CardKind Kind,
    DateOnly ExpiresOn,
    bool HandsOn,
    bool HasFront,
    bool HasBack)
{
    public bool CoversCpr => Kind is CardKind.Cpr or CardKind.CprAed;
    public bool CoversAed => Kind is CardKind.Aed or CardKind.CprAed;
    public bool HasCopies => HasFront && HasBack;
}

public sealed record CardCheck(bool Current, string? UnmetCode, string? UnmetMessage);

public sealed record CprAedStatus(CardCheck Cpr, CardCheck Aed);

public static class CprAedRules
{
    /// <summary>
    /// A card is current on <paramref name="submittedOn"/> when it has not expired that day (a card expiring that day
    /// is still current), includes hands-on skills, and both copies are on file. The best card on file decides.
    /// </summary>
    public static CprAedStatus Evaluate(IReadOnlyCollection<CprAedCard> cards, DateOnly submittedOn)
        => new(
            Check("cpr", "CPR", cards.Where(c => c.CoversCpr).ToList(), submittedOn),
            Check("aed", "AED", cards.Where(c => c.CoversAed).ToList(), submittedOn));

    static CardCheck Check(string code, string name, List<CprAedCard> cards, DateOnly on)
    {
        if (cards.Count == 0)
        {
            return new(false, $"{code}.missing", $"Add your adult {name} card (expiry date, front and back copies).");
        }

        if (cards.Any(c => c.ExpiresOn >= on && c.HandsOn && c.HasCopies))
        {
            return new(true, null, null);
        }

        var unexpired = cards.Where(c => c.ExpiresOn >= on).ToList();
        if (unexpired.Count == 0)
        {
            var latest = cards.Max(c => c.ExpiresOn);
            return new(false, $"{code}.expired", $"Your {name} card expired on {HumanDates.Date(latest)}; add a current one.");
        }

        if (!unexpired.Any(c => c.HandsOn))
        {
            return new(false, $"{code}.no-hands-on", $"Your {name} course must include a hands-on skills component.");
        }

        return new(false, $"{code}.copies-missing", $"Upload the front and back of your {name} card.");
    }
}
