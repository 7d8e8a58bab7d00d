using Dapper;
using FluentValidation;
using MediatR;
using Recert.Api.Domain;
using Recert.Api.Features.Certifications;
using Recert.Api.Features.Documents;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Petitions;

public sealed record CreatePetitionCommand(
    string Number,
    string Title,
    string ProviderName,
    CeuArea Area,
    decimal ContactHours,
    DateOnly CompletedOn,
    Guid DocumentId) : ICommand<PetitionResponse>;

public sealed class CreatePetitionValidator : AbstractValidator<CreatePetitionCommand>
{
    public CreatePetitionValidator(OrganisationClock clock)
    {
        RuleFor(c => c.Title).NotEmpty().MaximumLength(200);
        RuleFor(c => c.ProviderName).NotEmpty().MaximumLength(200);
        RuleFor(c => c.Area).IsInEnum();
        RuleFor(c => c.ContactHours).Must(h => Ceus.IsValidAmount(Ceus.FromContactHours(h)))
            .WithMessage("Contact hours must be more than 0 and at most 1000, in steps of half an hour or finer (1 hour = 0.1 CEU).");
        RuleFor(c => c.CompletedOn).SaneDate().When(c => c.CompletedOn != default);
        RuleFor(c => c.CompletedOn).NotEmpty().LessThanOrEqualTo(_ => clock.Today).WithMessage("The completion date cannot be in the future.");
        RuleFor(c => c.DocumentId).NotEmpty().WithMessage("Attach the course certificate (upload it with POST /api/v1/documents).");
    }
}

internal sealed class CreatePetitionHandler(DbSession db, ICurrentUser currentUser, OrganisationClock clock)
    : IRequestHandler<CreatePetitionCommand, PetitionResponse>
{
    public async Task<PetitionResponse> Handle(CreatePetitionCommand request, CancellationToken cancellationToken)
    {
        var certification = await CertificationStore.FindAccessibleAsync(db.Connection, request.Number, currentUser, cancellationToken, db.Transaction);
        if (currentUser.IsStaff)
        {
            throw new ForbiddenException("The certificant files a petition and pays its fee.");
        }

        // Before any (nonrefundable) fee is quoted: a petition that can count toward no cycle is refused.
        await CertificationStore.EnsureActivityCanCountAsync(db.Connection, certification, request.CompletedOn, clock, cancellationToken, db.Transaction);
        await DocumentStore.EnsureUsableAsync(db, request.DocumentId, certification, currentUser.Id, "documentId", cancellationToken);

        var today = clock.Today;
        var schedule = await CertificationStore.FeeScheduleOnAsync(db.Connection, today, cancellationToken, db.Transaction);
        var title = string.Join(' ', request.Title.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var provider = string.Join(' ', request.ProviderName.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var courseKey = PetitionRules.CourseKey(title, provider);
        var now = clock.Now.UtcDateTime;

        const string sql = """
            with activity as (
                insert into ce_activities (certification_id, source, title, area, ceus, completed_on, state, course_key, document_id, created_by)
                values (@CertificationId, 'petition', @Title, @Area, @Ceus, @CompletedOn, 'pending-review', @ActivityCourseKey, @DocumentId, @UserId)
                returning id
            )
            insert into petitions (certification_id, activity_id, title, provider_name, area, contact_hours, completed_on, document_id,
                                   course_key, fee_cents, currency, status, paid_at, created_by, created_at)
            select @CertificationId, activity.id, @Title, @ProviderName, @Area, @ContactHours, @CompletedOn, @DocumentId,
                   @CourseKey, @FeeCents, @Currency, @Status, @PaidAt, @UserId, @Now
            from activity
            returning id
            """;
        var id = await db.Connection.ExecuteScalarAsync<Guid>(db.Command(sql, new
        {
            CertificationId = certification.Id,
            Title = title,
            ProviderName = provider,
            Area = EnumText.Of(request.Area),
            Ceus = Ceus.FromContactHours(request.ContactHours),
            request.CompletedOn,
            ActivityCourseKey = "P:" + courseKey,
            request.DocumentId,
            UserId = currentUser.Id,
            request.ContactHours,
            CourseKey = courseKey,
            FeeCents = schedule.PetitionCents,
            schedule.Currency,
            // A free petition (fee set to 0) goes straight to review.
            Status = schedule.PetitionCents == 0 ? "awaiting-review" : "awaiting-payment",
            PaidAt = schedule.PetitionCents == 0 ? now : (DateTime?)null,
            Now = now,
        }, cancellationToken));

        return (await PetitionStore.FindAccessibleAsync(db.Connection, id, currentUser, cancellationToken, db.Transaction)).ToResponse();
    }
}
