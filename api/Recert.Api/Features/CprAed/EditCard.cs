using Dapper;
using MediatR;
using Recert.Api.Domain;
using Recert.Api.Features.Certifications;
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
    string? IssuerName = null) : ICommand<CardResponse>, ICardFields;

public sealed class EditCardValidator(OrganisationClock clock) : CardFieldsValidator<EditCardCommand>(clock);

/// <summary>A trainer corrects a card they recorded, until a submitted application or an audit relies on it.</summary>
internal sealed class EditCardHandler(DbSession db, ICurrentUser currentUser, OrganisationClock clock)
    : IRequestHandler<EditCardCommand, CardResponse>
{
    public async Task<CardResponse> Handle(EditCardCommand request, CancellationToken cancellationToken)
    {
        var certification = await CertificationStore.FindAccessibleAsync(db.Connection, request.Number, currentUser, cancellationToken, db.Transaction, forUpdate: true);
        await CardEdits.EnsureOwnEditableCardAsync(db, certification, request.CardId, cancellationToken);

        var (issuer, issuerName) = await CardFields.CheckAsync(db, certification, request, currentUser.Id, cancellationToken);

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
            IssuerName = issuerName,
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
