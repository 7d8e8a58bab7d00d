using Dapper;
using FluentValidation;
using MediatR;
using Recert.Api.Domain;
using Recert.Api.Features.Documents;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Certifications;

public sealed record EditActivityCommand(
    string Number,
    Guid ActivityId,
    string Title,
    CeuArea Area,
    decimal? Ceus,
    decimal? ContactHours,
    DateOnly CompletedOn,
    Guid? DocumentId) : ICommand<LedgerEntry>;

public sealed class EditActivityValidator : AbstractValidator<EditActivityCommand>
{
    public EditActivityValidator(OrganisationClock clock)
    {
        RuleFor(c => c.Title).NotEmpty().WithMessage("Enter the activity's title.").MaximumLength(200).WithMessage("Keep the title to 200 characters or fewer.");
        RuleFor(c => c.Area).IsInEnum().WithMessage("Choose the area the activity covers.");
        RuleFor(c => c).Must(c => c.Ceus.HasValue ^ c.ContactHours.HasValue)
            .WithName("ceus").WithMessage("Give either ceus or contactHours, not both.");
        RuleFor(c => c.Ceus!.Value).Must(Domain.Ceus.IsValidAmount).When(c => c.Ceus.HasValue)
            .WithName("ceus").WithMessage("CEUs must be more than 0 and at most 100, with at most two decimals (e.g. 0.05).");
        RuleFor(c => c.ContactHours!.Value).Must(h => Domain.Ceus.IsValidAmount(Domain.Ceus.FromContactHours(h))).When(c => c.ContactHours.HasValue)
            .WithName("contactHours").WithMessage("Contact hours must be more than 0 and at most 1000, in steps of half an hour or finer (1 hour = 0.1 CEU).");
        RuleFor(c => c.CompletedOn).SaneDate();
        RuleFor(c => c.CompletedOn).NotEmpty().WithMessage("Enter the date you completed the activity.")
            .LessThanOrEqualTo(_ => clock.Today).WithMessage("The completion date cannot be in the future.");
    }
}

/// <summary>
/// A trainer corrects an "other" activity they reported. The same cycle check as adding one guards the new date, so an
/// edit cannot slip in what could not be added.
/// </summary>
internal sealed class EditActivityHandler(DbSession db, ICurrentUser currentUser, OrganisationClock clock)
    : IRequestHandler<EditActivityCommand, LedgerEntry>
{
    public async Task<LedgerEntry> Handle(EditActivityCommand request, CancellationToken cancellationToken)
    {
        var certification = await CertificationStore.FindAccessibleAsync(db.Connection, request.Number, currentUser, cancellationToken, db.Transaction, forUpdate: true);
        await ActivityEdits.FindOwnOtherActivityAsync(db, certification, request.ActivityId, cancellationToken);
        await CertificationStore.EnsureActivityCanCountAsync(db.Connection, certification, request.CompletedOn, clock, cancellationToken, db.Transaction);
        if (request.DocumentId is { } documentId)
        {
            await DocumentStore.EnsureUsableAsync(db, documentId, certification, currentUser.Id, "documentId", cancellationToken);
        }

        var title = request.Title.Trim();
        var ceus = request.Ceus ?? Domain.Ceus.FromContactHours(request.ContactHours!.Value);
        const string sql = """
            update ce_activities
            set title = @Title, area = @Area, ceus = @Ceus, completed_on = @CompletedOn, document_id = @DocumentId, course_key = @CourseKey
            where id = @Id and certification_id = @CertificationId
            """;
        await db.Connection.ExecuteAsync(db.Command(sql, new
        {
            Id = request.ActivityId,
            CertificationId = certification.Id,
            Title = title,
            Area = EnumText.Of(request.Area),
            Ceus = ceus,
            request.CompletedOn,
            request.DocumentId,
            CourseKey = "T:" + string.Join(' ', title.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToUpperInvariant(),
        }, cancellationToken));

        var rows = await CertificationStore.LoadActivitiesAsync(db.Connection, certification.Id, cancellationToken, db.Transaction);
        var tally = Domain.Ceus.Tally(certification.CycleStart, certification.ExpiresOn, rows.Select(r => r.ToDomain()));
        var counted = tally.Activities.Single(a => a.Activity.Id == request.ActivityId);
        return new LedgerEntry(request.ActivityId, CeuSource.Other, title, request.Area, ceus, request.CompletedOn, counted.Activity.State,
            request.DocumentId, counted.Counts, counted.Reason,
            counted.Counts ? "Counts toward this cycle." : $"Does not count: {EnumText.Of(counted.Reason)}.", Editable: true);
    }
}

public sealed record RemoveActivityCommand(string Number, Guid ActivityId) : ICommand<Unit>;

internal sealed class RemoveActivityHandler(DbSession db, ICurrentUser currentUser) : IRequestHandler<RemoveActivityCommand, Unit>
{
    public async Task<Unit> Handle(RemoveActivityCommand request, CancellationToken cancellationToken)
    {
        var certification = await CertificationStore.FindAccessibleAsync(db.Connection, request.Number, currentUser, cancellationToken, db.Transaction, forUpdate: true);
        await ActivityEdits.FindOwnOtherActivityAsync(db, certification, request.ActivityId, cancellationToken);
        const string sql = "delete from ce_activities where id = @Id and certification_id = @CertificationId";
        await db.Connection.ExecuteAsync(db.Command(sql, new { Id = request.ActivityId, CertificationId = certification.Id }, cancellationToken));
        return Unit.Value;
    }
}

static class ActivityEdits
{
    /// <summary>
    /// The activity, if it is on this certification (another's id is 404), is one the trainer reported ("other": courses,
    /// completions and petitions are recorded by others and change through them: 409) and no application relies on it (409).
    /// </summary>
    public static async Task FindOwnOtherActivityAsync(DbSession db, CertificationRow certification, Guid activityId, CancellationToken cancellationToken)
    {
        const string sql = "select source from ce_activities where id = @Id and certification_id = @CertificationId for update";
        var source = await db.Connection.QuerySingleOrDefaultAsync<string>(db.Command(sql, new { Id = activityId, CertificationId = certification.Id }, cancellationToken))
            ?? throw new NotFoundException($"No activity {activityId} was found on {certification.Number}.");
        if (source != EnumText.Of(CeuSource.Other))
        {
            throw new ConflictException(source switch
            {
                "petition" => "A petitioned activity is decided by staff; it cannot be changed or removed here.",
                "provider" => "This activity was reported by its provider; ask the provider to correct it.",
                _ => "This Category A activity was recorded by the certification body; contact the certification department to correct it.",
            }, "activity.not-yours-to-edit");
        }

        var locks = await EvidenceLocks.ActivityLocksAsync(db.Connection, certification.Id, cancellationToken, db.Transaction, activityId);
        EvidenceLocks.EnsureActivityEditable(locks.GetValueOrDefault(activityId));
    }
}
