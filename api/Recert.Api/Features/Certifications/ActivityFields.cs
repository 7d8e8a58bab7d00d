using FluentValidation;
using Recert.Api.Domain;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Certifications;

/// <summary>What a trainer reports of an activity, whether adding it or correcting it.</summary>
public interface IActivityFields
{
    string Title { get; }
    CeuArea Area { get; }
    decimal? Ceus { get; }
    decimal? ContactHours { get; }
    DateOnly CompletedOn { get; }
}

/// <summary>One set of rules and messages for an activity's fields, so adding and correcting cannot drift apart.</summary>
public abstract class ActivityFieldsValidator<T> : AbstractValidator<T>
    where T : IActivityFields
{
    protected ActivityFieldsValidator(OrganisationClock clock)
    {
        RuleFor(c => c.Title).NotEmpty().WithMessage("Enter the activity's title.").MaximumLength(200).WithMessage("Keep the title to 200 characters or fewer.");
        RuleFor(c => c.Area).IsInEnum().WithMessage("Choose the area the activity covers.");
        RuleFor(c => c).Must(c => c.Ceus.HasValue || c.ContactHours.HasValue)
            .OverridePropertyName("ceus").WithMessage("Give the amount, as ceus or as contactHours.");
        RuleFor(c => c).Must(c => !(c.Ceus.HasValue && c.ContactHours.HasValue))
            .OverridePropertyName("ceus").WithMessage("Give either ceus or contactHours, not both.");
        RuleFor(c => c.Ceus!.Value).Must(Domain.Ceus.IsValidAmount).When(c => c.Ceus.HasValue)
            .OverridePropertyName("ceus").WithMessage("CEUs must be more than 0 and at most 100, with at most two decimals (e.g. 0.05).");
        RuleFor(c => c.ContactHours!.Value).Must(h => Domain.Ceus.IsValidAmount(Domain.Ceus.FromContactHours(h))).When(c => c.ContactHours.HasValue)
            .OverridePropertyName("contactHours").WithMessage("Contact hours must be more than 0 and at most 1000, in steps of half an hour or finer (1 hour = 0.1 CEU).");
        RuleFor(c => c.CompletedOn).SaneDate().When(c => c.CompletedOn != default);
        RuleFor(c => c.CompletedOn).NotEmpty().WithMessage("Enter the date you completed the activity.")
            .LessThanOrEqualTo(_ => clock.Today).WithMessage("The completion date cannot be in the future.");
    }
}

static class ActivityFields
{
    public static decimal CeusOf(IActivityFields activity) => activity.Ceus ?? Domain.Ceus.FromContactHours(activity.ContactHours!.Value);

    /// <summary>A trainer's own activity is the same course as another when the titles match, case and spacing aside.</summary>
    public static string TitleCourseKey(string title) => "T:" + string.Join(' ', title.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToUpperInvariant();

    /// <summary>The ledger entry of an activity just written, counted among the certification's others as the ledger counts it.</summary>
    public static async Task<LedgerEntry> CountedEntryAsync(
        DbSession db, CertificationRow certification, Guid activityId, bool editable, CancellationToken cancellationToken)
    {
        var rows = await CertificationStore.LoadActivitiesAsync(db.Connection, certification.Id, cancellationToken, db.Transaction);
        var tally = Domain.Ceus.Tally(certification.CycleStart, certification.ExpiresOn, rows.Select(r => r.ToDomain()));
        var (row, counted) = rows.Zip(tally.Activities).Single(pair => pair.First.Id == activityId);
        return new LedgerEntry(row.Id, counted.Activity.Source, row.Title, counted.Activity.Area, row.Ceus, row.CompletedOn, counted.Activity.State,
            row.DocumentId, counted.Counts, counted.Reason, GetLedgerHandler.Explain(counted.Reason, certification), editable);
    }
}
