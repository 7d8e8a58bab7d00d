using System.Text.Json;
using Dapper;
using FluentValidation;
using MediatR;
using Recert.Api.Domain;
using Recert.Api.Features.Certifications;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Applications;

public sealed record SubmitApplicationCommand(string Number, RenewalPlan Plan) : ICommand<ApplicationResponse>;

public sealed class SubmitApplicationValidator : AbstractValidator<SubmitApplicationCommand>
{
    public SubmitApplicationValidator() => RuleFor(c => c.Plan).IsInEnum();
}

internal sealed class SubmitApplicationHandler(DbSession db, ICurrentUser currentUser, OrganisationClock clock)
    : IRequestHandler<SubmitApplicationCommand, ApplicationResponse>
{
    public async Task<ApplicationResponse> Handle(SubmitApplicationCommand request, CancellationToken cancellationToken)
    {
        // Locking the certification serialises submissions for it, so two clicks cannot open two applications.
        var certification = await CertificationStore.FindAccessibleAsync(
            db.Connection, request.Number, currentUser, cancellationToken, db.Transaction, forUpdate: true);

        var open = (await ApplicationStore.ListForCertificationAsync(db.Connection, certification.Id, cancellationToken, db.Transaction))
            .FirstOrDefault(a => ApplicationLifecycle.IsOpen(a.StatusValue));
        if (open is not null)
        {
            throw new ConflictException($"Application {open.Id} is already open for {certification.Number} ({open.Status}).", "application.open");
        }

        if (request.Plan == RenewalPlan.ForLife && certification.ForLife)
        {
            throw new RuleViolationException("plan.already-for-life", "This certification is already Certify for Life: choose 'renew'.");
        }

        var receivedOn = clock.Today;
        var eligibility = await CertificationStore.EvaluateAsync(db.Connection, certification, receivedOn, clock.TimeZoneLabel, cancellationToken, db.Transaction);
        if (!eligibility.Eligible)
        {
            throw new RuleViolationException("The application cannot be submitted yet: " + string.Join(" ", eligibility.Unmet.Select(u => u.Message)), eligibility.Unmet);
        }

        var quote = eligibility.Fees[request.Plan];
        const string sql = """
            insert into applications (certification_id, plan, status, submission_window, received_on, cycle_start, expires_on,
                                      fees, total_cents, currency, submitted_by, created_at, updated_at)
            values (@CertificationId, @Plan, 'submitted', @Window, @ReceivedOn, @CycleStart, @ExpiresOn,
                    @Fees::jsonb, @TotalCents, @Currency, @SubmittedBy, @Now, @Now)
            returning id
            """;
        var id = await db.Connection.ExecuteScalarAsync<Guid>(db.Command(sql, new
        {
            CertificationId = certification.Id,
            Plan = EnumText.Of(request.Plan),
            Window = EnumText.Of(eligibility.Window),
            ReceivedOn = receivedOn,
            certification.CycleStart,
            certification.ExpiresOn,
            Fees = JsonSerializer.Serialize(quote.Items.Select(i => new FeeItemResponse(i.Code, i.AmountCents)), Json.Options),
            quote.TotalCents,
            quote.Currency,
            SubmittedBy = currentUser.Id,
            Now = clock.Now.UtcDateTime,
        }, cancellationToken));

        var row = await ApplicationStore.FindAccessibleAsync(db.Connection, id, currentUser, cancellationToken, db.Transaction);
        return row.ToResponse();
    }
}
