using Dapper;
using MediatR;
using Recert.Api.Domain;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Providers;

/// <summary>
/// Staff correct a course's title, CEUs, area, approval period or xAPI activity id; the code stays (providers report
/// completions by it). Completions already recorded keep what they were recorded with: the ledger holds a copy of the
/// title, CEUs and area, and the approval period is checked on the day a completion is pushed, never again.
/// </summary>
public sealed record UpdateCourseCommand(
    Guid ProviderId,
    Guid CourseId,
    string Title,
    decimal Ceus,
    CeuArea Area,
    DateOnly ApprovedFrom,
    DateOnly ApprovedUntil,
    string? ActivityId) : ICommand<CourseResponse>, ICourseFields;

public sealed class UpdateCourseValidator : CourseFieldsValidator<UpdateCourseCommand>;

internal sealed class UpdateCourseHandler(DbSession db, ICurrentUser currentUser, OrganisationClock clock) : IRequestHandler<UpdateCourseCommand, CourseResponse>
{
    public async Task<CourseResponse> Handle(UpdateCourseCommand request, CancellationToken cancellationToken)
    {
        await ProviderStore.FindAsync(db.Connection, request.ProviderId, cancellationToken, db.Transaction);
        var before = await db.Connection.QuerySingleOrDefaultAsync<CourseRow>(db.Command(
                         $"select {ProviderStore.CourseColumns} from provider_courses where id = @Id and provider_id = @ProviderId for update",
                         new { Id = request.CourseId, request.ProviderId }, cancellationToken))
                     ?? throw new NotFoundException($"No course {request.CourseId} for this provider.");
        var title = request.Title.Trim();
        var area = EnumText.Of(request.Area);
        var activityId = ProviderFields.ActivityIdOf(request);
        var changes = ProviderChanges.Diff(
            ("title", before.Title, title),
            ("ceus", ProviderChanges.Text(before.Ceus), ProviderChanges.Text(request.Ceus)),
            ("area", before.Area, area),
            ("approvedFrom", ProviderChanges.Text(before.ApprovedFrom), ProviderChanges.Text(request.ApprovedFrom)),
            ("approvedUntil", ProviderChanges.Text(before.ApprovedUntil), ProviderChanges.Text(request.ApprovedUntil)),
            ("activityId", before.ActivityId, activityId));
        if (changes.Count == 0)
        {
            return before.ToResponse();
        }

        if (activityId is not null && activityId != before.ActivityId)
        {
            var taken = await db.Connection.ExecuteScalarAsync<bool>(db.Command(
                "select exists (select 1 from provider_courses where provider_id = @ProviderId and activity_id = @ActivityId and id <> @Id)",
                new { request.ProviderId, ActivityId = activityId, Id = request.CourseId }, cancellationToken));
            if (taken)
            {
                throw new ConflictException("Another course of this provider already has this activityId.", "course.exists");
            }
        }

        const string sql = $"""
            update provider_courses set title = @Title, ceus = @Ceus, area = @Area, approved_from = @ApprovedFrom,
                approved_until = @ApprovedUntil, activity_id = @ActivityId
            where id = @Id
            returning {ProviderStore.CourseColumns}
            """;
        CourseRow row;
        try
        {
            row = await db.Connection.QuerySingleAsync<CourseRow>(db.Command(sql, new
            {
                Id = request.CourseId,
                Title = title,
                request.Ceus,
                Area = area,
                request.ApprovedFrom,
                request.ApprovedUntil,
                ActivityId = activityId,
            }, cancellationToken));
        }
        catch (Npgsql.PostgresException e) when (e.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation)
        {
            // Another edit took the name (or activity id) between the check above and this update.
            throw new ConflictException("Another course of this provider already has this activityId.", "course.exists");
        }

        await ProviderChanges.RecordAsync(db, request.ProviderId, request.CourseId, currentUser.RequireId(), clock.Now, changes, cancellationToken);
        return row.ToResponse();
    }
}
