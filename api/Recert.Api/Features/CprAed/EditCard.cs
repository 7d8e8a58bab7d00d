using Dapper;
using FluentValidation;
using MediatR;
using Recert.Api.Domain;
using Recert.Api.Features.Certifications;
using Recert.Api.Features.Documents;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.CprAed;

public sealed record EditCardCommand(
    string Number,
    Guid CardId,
    CardKind Kind,
    string Provider,
    DateOnly IssuedOn,
    DateOnly ExpiresOn,
    bool HandsOn,
    Guid? FrontDocumentId,
    Guid? BackDocumentId,
    string? IssuerName = null) : ICommand<CardResponse>;

public sealed class EditCardValidator : AbstractValidator<EditCardCommand>
{
    public EditCardValidator(OrganisationClock clock)
    {
        RuleFor(c => c.Kind).IsInEnum().WithMessage("Choose what the card covers: CPR, AED or both.");
        RuleFor(c => c.Provider).NotEmpty().WithMessage("Choose who issued your card.").MaximumLength(100);
        RuleFor(c => c.IssuerName).Must(name => !string.IsNullOrWhiteSpace(name))
            .When(c => AddCardValidator.IsOther(c.Provider)).WithMessage("Enter the name of the organisation that issued your card.");
        RuleFor(c => c.IssuerName).MaximumLength(100).WithMessage("Keep the issuer's name to 100 characters or fewer.");
        RuleFor(c => c.IssuedOn).SaneDate();
        RuleFor(c => c.ExpiresOn).SaneDate();
        RuleFor(c => c.IssuedOn).NotEmpty().WithMessage("Enter the date the card was issued.")
            .LessThanOrEqualTo(_ => clock.Today).WithMessage("The issue date cannot be in the future.");
        RuleFor(c => c.ExpiresOn).NotEmpty().WithMessage("Enter the date the card expires.")
            .GreaterThanOrEqualTo(c => c.IssuedOn).WithMessage("The card cannot expire before it was issued.");
    }
}

/// <summary>A trainer corrects a card they recorded, until a submitted application or an audit relies on it.</summary>
internal sealed class EditCardHandler(DbSession db, ICurrentUser currentUser, OrganisationClock clock)
    : IRequestHandler<EditCardCommand, CardResponse>
{
    public async Task<CardResponse> Handle(EditCardCommand request, CancellationToken cancellationToken)
    {
        var certification = await CertificationStore.FindAccessibleAsync(db.Connection, request.Number, currentUser, cancellationToken, db.Transaction, forUpdate: true);
        await CardEdits.EnsureOwnEditableCardAsync(db, certification, request.CardId, cancellationToken);

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
            update cpr_aed_cards
            set kind = @Kind, provider = @Provider, issued_on = @IssuedOn, expires_on = @ExpiresOn, hands_on = @HandsOn,
                front_document_id = @FrontDocumentId, back_document_id = @BackDocumentId, issuer_name = @IssuerName
            where id = @Id and certification_id = @CertificationId
            returning id, kind, provider, issued_on, expires_on, hands_on, front_document_id, back_document_id, issuer_name
            """;
        var row = await db.Connection.QuerySingleAsync<CardRow>(db.Command(sql, new
        {
            Id = request.CardId,
            CertificationId = certification.Id,
            Kind = EnumText.Of(request.Kind),
            Provider = issuer,
            request.IssuedOn,
            request.ExpiresOn,
            request.HandsOn,
            request.FrontDocumentId,
            request.BackDocumentId,
            IssuerName = AddCardValidator.IsOther(issuer) ? string.Join(' ', request.IssuerName!.Split(' ', StringSplitOptions.RemoveEmptyEntries)) : null,
        }, cancellationToken));
        return CardResponse.From(row, clock.Today, editable: true);
    }
}

public sealed record RemoveCardCommand(string Number, Guid CardId) : ICommand<Unit>;

internal sealed class RemoveCardHandler(DbSession db, ICurrentUser currentUser) : IRequestHandler<RemoveCardCommand, Unit>
{
    public async Task<Unit> Handle(RemoveCardCommand request, CancellationToken cancellationToken)
    {
        var certification = await CertificationStore.FindAccessibleAsync(db.Connection, request.Number, currentUser, cancellationToken, db.Transaction, forUpdate: true);
        await CardEdits.EnsureOwnEditableCardAsync(db, certification, request.CardId, cancellationToken);
        const string sql = "delete from cpr_aed_cards where id = @Id and certification_id = @CertificationId";
        await db.Connection.ExecuteAsync(db.Command(sql, new { Id = request.CardId, CertificationId = certification.Id }, cancellationToken));
        return Unit.Value;
    }
}

static class CardEdits
{
    public static async Task EnsureOwnEditableCardAsync(DbSession db, CertificationRow certification, Guid cardId, CancellationToken cancellationToken)
    {
        const string sql = "select id from cpr_aed_cards where id = @Id and certification_id = @CertificationId for update";
        _ = await db.Connection.QuerySingleOrDefaultAsync<Guid?>(db.Command(sql, new { Id = cardId, CertificationId = certification.Id }, cancellationToken))
            ?? throw new NotFoundException($"No card {cardId} was found on {certification.Number}.");
        var locks = await EvidenceLocks.CardLocksAsync(db.Connection, certification.Id, cancellationToken, db.Transaction, cardId);
        EvidenceLocks.EnsureCardEditable(locks.GetValueOrDefault(cardId));
    }
}
