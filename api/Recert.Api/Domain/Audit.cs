using System.Security.Cryptography;

namespace Recert.Api.Domain;

public sealed record AuditDrawResult(decimal Rate, bool Drawn);

/// <summary>SPEC.md "Audit": each paid application is drawn independently and unpredictably.</summary>
public static class AuditDraw
{
    const int Resolution = 1_000_000;

    /// <summary>
    /// Draws with probability <paramref name="rate"/> (0..1). <paramref name="uniform"/> is an integer in
    /// [0, 1 000 000); production passes a cryptographically secure one so the outcome cannot be predicted.
    /// </summary>
    public static AuditDrawResult Draw(decimal rate, int uniform)
    {
        if (rate is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(rate), "The audit rate is a probability between 0 and 1.");
        }

        if (uniform is < 0 or >= Resolution)
        {
            throw new ArgumentOutOfRangeException(nameof(uniform));
        }

        return new AuditDrawResult(rate, uniform < rate * Resolution);
    }

    public static AuditDrawResult DrawSecurely(decimal rate) => Draw(rate, RandomNumberGenerator.GetInt32(Resolution));

    /// <summary>Overdue once the due date has passed without documentation.</summary>
    public static bool IsOverdue(DateOnly dueOn, DateOnly today) => today > dueOn;

    public static decimal? ObservedRate(int draws, int drawn) => draws == 0 ? null : decimal.Round((decimal)drawn / draws, 4);
}
