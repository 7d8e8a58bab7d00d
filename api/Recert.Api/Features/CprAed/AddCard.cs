using Dapper;
using FluentValidation;
using MediatR;
using Recert.Api.Domain;
using Recert.Api.Features.Certifications;
using Recert.Api.Features.Documents;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.CprAed;

public sealed record AddCardCommand(
    string Number,
    CardKind Kind,
    string Provider,
    DateOnly IssuedOn,
    DateOnly ExpiresOn,
    bool HandsOn,
    Guid? FrontDocumentId,
    Guid? BackDocumentId,
    string? IssuerName = null) : ICommand<CardResponse>;

public sealed record CardResponse(
    Guid Id,
    CardKind Kind,
    string Provider,
    DateOnly IssuedOn,
    DateOnly ExpiresOn,
    bool HandsOn,
    Guid? FrontDocumentId,
    Guid? BackDocumentId,
    bool CurrentToday,
    string? IssuerName,
    bool Editable = false)
{
    public static CardResponse From(CardRow row, DateOnly today, bool editable) => new(
        row.Id, EnumText.Parse<CardKind>(row.Kind), row.Provider, row.IssuedOn, row.ExpiresOn, row.HandsOn,
        row.FrontDocumentId, row.BackDocumentId,
        row.ExpiresOn >= today && row.HandsOn && row.FrontDocumentId is not null && row.BackDocumentId is not null,
        row.IssuerName,
        editable);
}

public sealed class AddCardValidator : AbstractValidator<AddCardCommand>
{
    public AddCardValidator(OrganisationClock clock)
    {
        RuleFor(c => c.Kind).IsInEnum();
        RuleFor(c => c.Provider).NotEmpty().WithMessage("Choose who issued your card.").MaximumLength(100);
        RuleFor(c => c.IssuerName).Must(name => !string.IsNullOrWhiteSpace(name))
            .When(c => IsOther(c.Provider)).WithMessage("Enter the name of the organisation that issued your card.");
        RuleFor(c => c.IssuerName).MaximumLength(100);
        RuleFor(c => c.IssuedOn).SaneDate();
        RuleFor(c => c.ExpiresOn).SaneDate();
        RuleFor(c => c.IssuedOn).NotEmpty().LessThanOrEqualTo(_ => clock.Today).WithMessage("The issue date cannot be in the future.");
        RuleFor(c => c.ExpiresOn).NotEmpty().GreaterThanOrEqualTo(c => c.IssuedOn).WithMessage("The card cannot expire before it was issued.");
    }

    public static bool IsOther(string? provider) => string.Equals(provider?.Trim(), "other", StringComparison.OrdinalIgnoreCase);
}

internal sealed class AddCardHandler(DbSession db, ICurrentUser currentUser, OrganisationClock clock)
    : IRequestHandler<AddCardCommand, CardResponse>
{
    public async Task<CardResponse> Handle(AddCardCommand request, CancellationToken cancellationToken)
    {
        var certification = await CertificationStore.FindAccessibleAsync(db.Connection, request.Number, currentUser, cancellationToken, db.Transaction);

        const string issuerSql = "select name from cpr_aed_issuers where lower(name) = lower(@Name) and retired_at is null";
        var issuer = await db.Connection.QuerySingleOrDefaultAsync<string>(db.Command(issuerSql, new { Name = request.Provider.Trim() }, cancellationToken))
            ?? throw new FieldException("provider", "Choose an accepted issuer from GET /api/v1/cpr-aed/issuers, or 'other'.");

        foreach (var (documentId, field) in new[] { (request.FrontDocumentId, "frontDocumentId"), (request.BackDocumentId, "backDocumentId") })
        {
            if (documentId is { } id)
            {
                await DocumentStore.EnsureUsableAsync(db, id, certification, currentUser.Id, field, cancellationToken);
            }
        }

        const string sql = """
            insert into cpr_aed_cards (certification_id, kind, provider, issued_on, expires_on, hands_on, front_document_id, back_document_id, issuer_name)
            values (@CertificationId, @Kind, @Provider, @IssuedOn, @ExpiresOn, @HandsOn, @FrontDocumentId, @BackDocumentId, @IssuerName)
            returning id, kind, provider, issued_on, expires_on, hands_on, front_document_id, back_document_id, issuer_name
            """;
        var row = await db.Connection.QuerySingleAsync<CardRow>(db.Command(sql, new
        {
            CertificationId = certification.Id,
            Kind = EnumText.Of(request.Kind),
            Provider = issuer,
            request.IssuedOn,
            request.ExpiresOn,
            request.HandsOn,
            request.FrontDocumentId,
            request.BackDocumentId,
            // Only an 'other' card names its issuer; a listed issuer is its own name.
            IssuerName = AddCardValidator.IsOther(issuer) ? string.Join(' ', request.IssuerName!.Split(' ', StringSplitOptions.RemoveEmptyEntries)) : null,
        }, cancellationToken));
        var locks = await EvidenceLocks.CardLocksAsync(db.Connection, certification.Id, cancellationToken, db.Transaction, row.Id);
        return CardResponse.From(row, clock.Today, !currentUser.IsStaff && locks.GetValueOrDefault(row.Id) is null);
    }
}
