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
    string? ActivityId) : ICommand<CourseResponse>;

public sealed class CreateCourseValidator : AbstractValidator<CreateCourseCommand>
{
    public CreateCourseValidator()
    {
        RuleFor(c => c.Code).NotEmpty().MaximumLength(50).Matches("^[A-Za-z0-9._-]+$")
            .WithMessage("Use letters, digits, dots, dashes and underscores only.");
        RuleFor(c => c.Title).NotEmpty().MaximumLength(200);
        RuleFor(c => c.Ceus).Must(Domain.Ceus.IsValidAmount)
            .WithMessage("CEUs must be more than 0 and at most 100, with at most two decimals (e.g. 0.05).");
        RuleFor(c => c.Area).IsInEnum();
        RuleFor(c => c.ApprovedFrom).NotEmpty().SaneDate();
        RuleFor(c => c.ApprovedUntil).SaneDate();
        RuleFor(c => c.ApprovedUntil).NotEmpty().GreaterThanOrEqualTo(c => c.ApprovedFrom)
            .WithMessage("approvedUntil must be on or after approvedFrom.");
        RuleFor(c => c.ActivityId).MaximumLength(500)
            .Must(id => Uri.TryCreate(id, UriKind.Absolute, out _)).When(c => c.ActivityId is not null)
            .WithMessage("activityId must be an absolute IRI (the xAPI activity id of the course).");
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
            ActivityId = request.ActivityId?.Trim(),
        }, cancellationToken)) ?? throw new ConflictException(
            $"This provider already has a course {request.Code.Trim().ToUpperInvariant()} (or one with this activityId).", "course.exists");
        return row.ToResponse();
    }
}
