using FluentValidation;
using MediatR;
using Recert.Api.Domain;
using Recert.Api.Features.Applications;
using Recert.Api.Features.Email;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Audits;

public sealed record RejectApplicationCommand(Guid ApplicationId, string Reason) : ICommand<ApplicationResponse>;

public sealed class RejectApplicationValidator : AbstractValidator<RejectApplicationCommand>
{
    public RejectApplicationValidator() => RuleFor(c => c.Reason).NotEmpty().MaximumLength(1000);
}

internal sealed class RejectApplicationHandler(DbSession db, ICurrentUser currentUser, OrganisationClock clock) : IRequestHandler<RejectApplicationCommand, ApplicationResponse>
{
    public async Task<ApplicationResponse> Handle(RejectApplicationCommand request, CancellationToken cancellationToken)
    {
        var application = await RenewalStore.LockApplicationAsync(db, request.ApplicationId, cancellationToken);
        var now = clock.Now;
        var staffId = currentUser.RequireId();
        var reason = request.Reason.Trim();
        await RenewalStore.MoveAsync(db, application, ApplicationStatus.Rejected, now, cancellationToken, reason);
        await RenewalStore.RecordDecisionAsync(db, application.CertificationId, "application", application.Id, "rejected", reason, null, staffId, now, cancellationToken);
        var holder = await RenewalStore.HolderAsync(db, application.CertificationId, cancellationToken);
        await EmailOutbox.EnqueueAsync(db, EmailTemplates.Rejected(holder.CertificationId, holder.Email, holder.FirstName, holder.Number, reason), now, cancellationToken);
        return (await ApplicationStore.FindAccessibleAsync(db.Connection, application.Id, currentUser, cancellationToken, db.Transaction)).ToResponse();
    }
}

/// <summary>The audit deadline: an audit without documentation after its due date fails. Run by the background job.</summary>
