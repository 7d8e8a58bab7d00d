using Dapper;
using FluentValidation;
using Recert.Api.Domain;
using Recert.Api.Features.Certifications;
using Recert.Api.Features.Documents;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.CprAed;

/// <summary>What a trainer records of a CPR/AED card, whether adding it or correcting it.</summary>
public interface ICardFields
{
    CardKind Kind { get; }
    string Provider { get; }
    DateOnly IssuedOn { get; }
    DateOnly ExpiresOn { get; }
    bool HandsOn { get; }
    Guid? FrontDocumentId { get; }
    Guid? BackDocumentId { get; }
    string? IssuerName { get; }
}

/// <summary>One set of rules and messages for a card's fields, so adding and correcting cannot drift apart.</summary>
public abstract class CardFieldsValidator<T> : AbstractValidator<T>
    where T : ICardFields
{
    protected CardFieldsValidator(OrganisationClock clock)
    {
        RuleFor(c => c.Kind).IsInEnum().WithMessage("Choose what the card covers: CPR, AED or both.");
        RuleFor(c => c.Provider).NotEmpty().WithMessage("Choose who issued your card.").MaximumLength(100);
        RuleFor(c => c.IssuerName).Must(name => !string.IsNullOrWhiteSpace(name))
            .When(c => CardFields.IsOther(c.Provider)).WithMessage("Enter the name of the organisation that issued your card.");
        RuleFor(c => c.IssuerName).MaximumLength(100).WithMessage("Keep the issuer's name to 100 characters or fewer.");
        RuleFor(c => c.IssuedOn).SaneDate().When(c => c.IssuedOn != default);
        RuleFor(c => c.ExpiresOn).SaneDate().When(c => c.ExpiresOn != default);
        RuleFor(c => c.IssuedOn).NotEmpty().WithMessage("Enter the date the card was issued.")
            .LessThanOrEqualTo(_ => clock.Today).WithMessage("The issue date cannot be in the future.");
        RuleFor(c => c.ExpiresOn).NotEmpty().WithMessage("Enter the date the card expires.")
            .GreaterThanOrEqualTo(c => c.IssuedOn).WithMessage("The card cannot expire before it was issued.");
    }
}

static class CardFields
{
    public static bool IsOther(string? provider) => string.Equals(provider?.Trim(), "other", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The issuer as the accepted list spells it (a 400 on `provider` if it is not listed or is retired) and, for 'other', the issuer's name
    /// with its spacing tidied; the card's documents must be this trainer's and usable.
    /// </summary>
    public static async Task<(string Provider, string? IssuerName)> CheckAsync(
        DbSession db, CertificationRow certification, ICardFields card, Guid? userId, CancellationToken cancellationToken)
    {
        const string issuerSql = "select name from cpr_aed_issuers where lower(name) = lower(@Name) and retired_at is null";
        var issuer = await db.Connection.QuerySingleOrDefaultAsync<string>(db.Command(issuerSql, new { Name = card.Provider.Trim() }, cancellationToken))
            ?? throw new FieldException("provider", "Choose an accepted issuer from GET /api/v1/cpr-aed/issuers, or 'other'.");
        foreach (var (documentId, field) in new[] { (card.FrontDocumentId, "frontDocumentId"), (card.BackDocumentId, "backDocumentId") })
        {
            if (documentId is { } id)
            {
                await DocumentStore.EnsureUsableAsync(db, id, certification, userId, field, cancellationToken);
            }
        }

        // Only an 'other' card names its issuer; a listed issuer is its own name.
        return (issuer, IsOther(issuer) ? string.Join(' ', card.IssuerName!.Split(' ', StringSplitOptions.RemoveEmptyEntries)) : null);
    }
}
