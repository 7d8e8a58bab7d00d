using Dapper;
using MediatR;
using Recert.Api.Domain;
using Recert.Api.Features.Certifications;
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
    string? IssuerName = null) : ICommand<CardResponse>, ICardFields;

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

public sealed class AddCardValidator(OrganisationClock clock) : CardFieldsValidator<AddCardCommand>(clock);

internal sealed class AddCardHandler(DbSession db, ICurrentUser currentUser, OrganisationClock clock)
    : IRequestHandler<AddCardCommand, CardResponse>
{
    public async Task<CardResponse> Handle(AddCardCommand request, CancellationToken cancellationToken)
    {
        var certification = await CertificationStore.FindAccessibleAsync(db.Connection, request.Number, currentUser, cancellationToken, db.Transaction);

        var (issuer, issuerName) = await CardFields.CheckAsync(db, certification, request, currentUser.Id, cancellationToken);
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
            IssuerName = issuerName,
        }, cancellationToken));
        var locks = await EvidenceLocks.CardLocksAsync(db.Connection, certification.Id, cancellationToken, db.Transaction, row.Id);
        return CardResponse.From(row, clock.Today, !currentUser.IsStaff && locks.GetValueOrDefault(row.Id) is null);
    }
}
