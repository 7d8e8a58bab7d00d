using Dapper;
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
    Guid? DocumentId) : ICommand<LedgerEntry>, IActivityFields;

public sealed class EditActivityValidator(OrganisationClock clock) : ActivityFieldsValidator<EditActivityCommand>(clock);

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
            Ceus = ActivityFields.CeusOf(request),
            request.CompletedOn,
            request.DocumentId,
            CourseKey = ActivityFields.TitleCourseKey(title),
        }, cancellationToken));

        return await ActivityFields.CountedEntryAsync(db, certification, request.ActivityId, editable: true, cancellationToken);
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
