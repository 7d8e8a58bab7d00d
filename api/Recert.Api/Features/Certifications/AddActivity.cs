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
    string? CourseCode) : ICommand<LedgerEntry>;

public sealed class AddActivityValidator : AbstractValidator<AddActivityCommand>
{
    public AddActivityValidator(OrganisationClock clock)
    {
        RuleFor(c => c.Title).NotEmpty().MaximumLength(200);
        RuleFor(c => c.Area).IsInEnum();
        RuleFor(c => c.Source).Must(s => s is null or CeuSource.Other or CeuSource.CategoryA)
            .WithMessage("Only 'other' (certificants) and 'category-a' (staff) activities are added here; petitions and provider completions have their own endpoints.");
        RuleFor(c => c).Must(c => c.Ceus.HasValue ^ c.ContactHours.HasValue)
            .WithName("ceus").WithMessage("Give either ceus or contactHours, not both.");
        RuleFor(c => c.Ceus!.Value).Must(Domain.Ceus.IsValidAmount).When(c => c.Ceus.HasValue)
            .WithName("ceus").WithMessage("CEUs must be more than 0 and at most 100, with at most two decimals (e.g. 0.05).");
        RuleFor(c => c.ContactHours!.Value).Must(h => Domain.Ceus.IsValidAmount(Domain.Ceus.FromContactHours(h))).When(c => c.ContactHours.HasValue)
            .WithName("contactHours").WithMessage("Contact hours must be more than 0 and at most 1000, in steps of half an hour or finer (1 hour = 0.1 CEU).");
        RuleFor(c => c.CompletedOn).SaneDate();
        RuleFor(c => c.CompletedOn).NotEmpty().LessThanOrEqualTo(_ => clock.Today)
            .WithMessage("The completion date cannot be in the future.");
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

        var ceus = request.Ceus ?? Domain.Ceus.FromContactHours(request.ContactHours!.Value);
        var courseKey = source == CeuSource.CategoryA && !string.IsNullOrWhiteSpace(request.CourseCode)
            ? "A:" + request.CourseCode.Trim().ToUpperInvariant()
            : "T:" + string.Join(' ', request.Title.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToUpperInvariant();

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
            Ceus = ceus,
            request.CompletedOn,
            CourseKey = courseKey,
            request.DocumentId,
            CreatedBy = currentUser.Id,
        }, cancellationToken));

        var rows = await CertificationStore.LoadActivitiesAsync(db.Connection, certification.Id, cancellationToken, db.Transaction);
        var tally = Domain.Ceus.Tally(certification.CycleStart, certification.ExpiresOn, rows.Select(r => r.ToDomain()));
        var counted = tally.Activities.Single(a => a.Activity.Id == id);
        var locks = await EvidenceLocks.ActivityLocksAsync(db.Connection, certification.Id, cancellationToken, db.Transaction, id);
        return new LedgerEntry(id, source, request.Title.Trim(), request.Area, ceus, request.CompletedOn, ActivityState.Recorded,
            request.DocumentId, counted.Counts, counted.Reason, counted.Counts ? "Counts toward this cycle." : $"Does not count: {EnumText.Of(counted.Reason)}.",
            !currentUser.IsStaff && source == CeuSource.Other && locks.GetValueOrDefault(id) is null);
    }
}
