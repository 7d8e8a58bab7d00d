using FluentValidation;
using MediatR;
using Recert.Api.Domain;
using Recert.Api.Features.Applications;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Audits;

public sealed record FailAuditCommand(Guid ApplicationId, IReadOnlyList<string> Reasons) : ICommand<ApplicationResponse>;

public sealed class FailAuditValidator : AbstractValidator<FailAuditCommand>
{
    public FailAuditValidator()
    {
        RuleFor(c => c.Reasons).NotEmpty().WithMessage("Give at least one reason.");
        RuleForEach(c => c.Reasons).NotEmpty().MaximumLength(1000);
    }
}

internal sealed class FailAuditHandler(DbSession db, ICurrentUser currentUser, OrganisationClock clock) : IRequestHandler<FailAuditCommand, ApplicationResponse>
{
    public async Task<ApplicationResponse> Handle(FailAuditCommand request, CancellationToken cancellationToken)
    {
        var application = await RenewalStore.LockApplicationAsync(db, request.ApplicationId, cancellationToken);
        if (application.StatusValue != ApplicationStatus.DocumentationSubmitted)
        {
            throw new ConflictException($"Staff fail an audit once its documentation is submitted; this application is {application.Status}.", "audit.not-submitted");
        }

        await AuditDeadlines.FailAsync(db, application, request.Reasons.Select(r => r.Trim()).ToList(), currentUser.RequireId(), clock.Now, cancellationToken);
        return (await ApplicationStore.FindAccessibleAsync(db.Connection, application.Id, currentUser, cancellationToken, db.Transaction)).ToResponse();
    }
}
