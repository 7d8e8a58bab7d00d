using Dapper;
using FluentValidation;
using MediatR;
using Recert.Api.Domain;
using Recert.Api.Features.Documents;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Certifications;

public sealed record AddActivityCommand(
    string Number,
    CeuSource? Source,
    string Title,
    CeuArea Area,
    decimal? Ceus,
    decimal? ContactHours,
    DateOnly CompletedOn,
    Guid? DocumentId,
    string? CourseCode) : ICommand<LedgerEntry>, IActivityFields;

public sealed class AddActivityValidator : ActivityFieldsValidator<AddActivityCommand>
{
    public AddActivityValidator(OrganisationClock clock)
        : base(clock)
    {
        RuleFor(c => c.Source).Must(s => s is null or CeuSource.Other or CeuSource.CategoryA)
            .WithMessage("Only 'other' (certificants) and 'category-a' (staff) activities are added here; petitions and provider completions have their own endpoints.");
        RuleFor(c => c.CourseCode).MaximumLength(50);
    }
}

internal sealed class AddActivityHandler(DbSession db, ICurrentUser currentUser, OrganisationClock clock)
    : IRequestHandler<AddActivityCommand, LedgerEntry>
{
    public async Task<LedgerEntry> Handle(AddActivityCommand request, CancellationToken cancellationToken)
    {
        var certification = await CertificationStore.FindAccessibleAsync(db.Connection, request.Number, currentUser, cancellationToken, db.Transaction);
        var source = request.Source ?? CeuSource.Other;
        if (source == CeuSource.CategoryA && !currentUser.IsStaff)
        {
            throw new ForbiddenException("Category A courses are listed by the certification body; add your course as 'other' or petition it.");
        }

        // Category A is recorded as completed, whatever the cycle; what the trainer reports must be able to count.
        if (source == CeuSource.Other)
        {
            await CertificationStore.EnsureActivityCanCountAsync(db.Connection, certification, request.CompletedOn, clock, cancellationToken, db.Transaction);
        }

        if (request.DocumentId is { } documentId)
        {
            await DocumentStore.EnsureUsableAsync(db, documentId, certification, currentUser.Id, "documentId", cancellationToken);
        }

        var courseKey = source == CeuSource.CategoryA && !string.IsNullOrWhiteSpace(request.CourseCode)
            ? "A:" + request.CourseCode.Trim().ToUpperInvariant()
            : ActivityFields.TitleCourseKey(request.Title);

        const string sql = """
            insert into ce_activities (certification_id, source, title, area, ceus, completed_on, state, course_key, document_id, created_by)
            values (@CertificationId, @Source, @Title, @Area, @Ceus, @CompletedOn, 'recorded', @CourseKey, @DocumentId, @CreatedBy)
            returning id
            """;
        var id = await db.Connection.ExecuteScalarAsync<Guid>(db.Command(sql, new
        {
            CertificationId = certification.Id,
            Source = EnumText.Of(source),
            Title = request.Title.Trim(),
            Area = EnumText.Of(request.Area),
            Ceus = ActivityFields.CeusOf(request),
            request.CompletedOn,
            CourseKey = courseKey,
            request.DocumentId,
            CreatedBy = currentUser.Id,
        }, cancellationToken));

        var locks = await EvidenceLocks.ActivityLocksAsync(db.Connection, certification.Id, cancellationToken, db.Transaction, id);
        return await ActivityFields.CountedEntryAsync(
            db, certification, id, !currentUser.IsStaff && source == CeuSource.Other && locks.GetValueOrDefault(id) is null, cancellationToken);
    }
}
