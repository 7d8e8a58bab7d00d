using Dapper;
using FluentValidation;
using MediatR;
using Recert.Api.Domain;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Providers;

public sealed record CreateCourseCommand(
    Guid ProviderId,
    string Code,
    string Title,
    decimal Ceus,
    CeuArea Area,
    DateOnly ApprovedFrom,
    DateOnly ApprovedUntil,
    string? ActivityId) : ICommand<CourseResponse>, ICourseFields;

public sealed class CreateCourseValidator : CourseFieldsValidator<CreateCourseCommand>
{
    public CreateCourseValidator()
    {
        RuleFor(c => c.Code).NotEmpty().MaximumLength(50).Matches("^[A-Za-z0-9._-]+$")
            .WithMessage("Use letters, digits, dots, dashes and underscores only.");
    }
}

internal sealed class CreateCourseHandler(DbSession db) : IRequestHandler<CreateCourseCommand, CourseResponse>
{
    public async Task<CourseResponse> Handle(CreateCourseCommand request, CancellationToken cancellationToken)
    {
        await ProviderStore.FindAsync(db.Connection, request.ProviderId, cancellationToken, db.Transaction);
        const string sql = """
            insert into provider_courses (provider_id, code, title, ceus, area, approved_from, approved_until, activity_id)
            values (@ProviderId, @Code, @Title, @Ceus, @Area, @ApprovedFrom, @ApprovedUntil, @ActivityId)
            on conflict do nothing
            returning id, provider_id, code, title, ceus, area, approved_from, approved_until, activity_id
            """;
        var row = await db.Connection.QuerySingleOrDefaultAsync<CourseRow>(db.Command(sql, new
        {
            request.ProviderId,
            Code = request.Code.Trim().ToUpperInvariant(),
            Title = request.Title.Trim(),
            request.Ceus,
            Area = EnumText.Of(request.Area),
            request.ApprovedFrom,
            request.ApprovedUntil,
            ActivityId = ProviderFields.ActivityIdOf(request),
        }, cancellationToken)) ?? throw new ConflictException(
            $"This provider already has a course {request.Code.Trim().ToUpperInvariant()} (or one with this activityId).", "course.exists");
        return row.ToResponse();
    }
}
