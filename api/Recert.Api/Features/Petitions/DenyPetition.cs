using FluentValidation;
using MediatR;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Petitions;

public sealed record DenyPetitionCommand(Guid Id, string Reason) : ICommand<PetitionResponse>;

public sealed class DenyPetitionValidator : AbstractValidator<DenyPetitionCommand>
{
    public DenyPetitionValidator() => RuleFor(c => c.Reason).NotEmpty().MaximumLength(1000);
}

internal sealed class DenyPetitionHandler(DbSession db, ICurrentUser currentUser, OrganisationClock clock) : IRequestHandler<DenyPetitionCommand, PetitionResponse>
{
    public async Task<PetitionResponse> Handle(DenyPetitionCommand request, CancellationToken cancellationToken)
    {
        var petition = await PetitionStore.FindAccessibleAsync(db.Connection, request.Id, currentUser, cancellationToken, db.Transaction, forUpdate: true);
        await PetitionStore.DenyAsync(db, petition, request.Reason.Trim(), currentUser.RequireId(), clock.Now, cancellationToken);
        return (await PetitionStore.FindAccessibleAsync(db.Connection, petition.Id, currentUser, cancellationToken, db.Transaction)).ToResponse();
    }
}
