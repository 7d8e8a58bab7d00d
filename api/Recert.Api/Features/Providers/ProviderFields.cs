using FluentValidation;
using Recert.Api.Domain;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Providers;

/// <summary>The period in which a provider, or one of its courses, is approved.</summary>
public interface IApprovalPeriod
{
    DateOnly ApprovedFrom { get; }
    DateOnly ApprovedUntil { get; }
}

/// <summary>What staff record of a provider, whether adding it or correcting it.</summary>
public interface IProviderFields : IApprovalPeriod
{
    string Name { get; }
    string? ContactName { get; }
    string ContactEmail { get; }
}

/// <summary>What staff record of a course, whether adding it or correcting it (the code is given once, when it is added).</summary>
public interface ICourseFields : IApprovalPeriod
{
    string Title { get; }
    decimal Ceus { get; }
    CeuArea Area { get; }
    string? ActivityId { get; }
}

/// <summary>One set of rules for a provider's fields, so adding and correcting cannot drift apart.</summary>
public abstract class ProviderFieldsValidator<T> : AbstractValidator<T>
    where T : IProviderFields
{
    protected ProviderFieldsValidator()
    {
        RuleFor(c => c.Name).NotEmpty().MaximumLength(200);
        RuleFor(c => c.ContactName).MaximumLength(200);
        RuleFor(c => c.ContactEmail).NotEmpty().MaximumLength(254).EmailAddress();
        this.ApprovalPeriodRules();
    }
}

/// <summary>One set of rules for a course's fields, so adding and correcting cannot drift apart.</summary>
public abstract class CourseFieldsValidator<T> : AbstractValidator<T>
    where T : ICourseFields
{
    protected CourseFieldsValidator()
    {
        RuleFor(c => c.Title).NotEmpty().MaximumLength(200);
        RuleFor(c => c.Ceus).Must(Domain.Ceus.IsValidAmount)
            .WithMessage("CEUs must be more than 0 and at most 100, with at most two decimals (e.g. 0.05).");
        RuleFor(c => c.Area).IsInEnum();
        this.ApprovalPeriodRules();
        RuleFor(c => c.ActivityId).MaximumLength(500)
            .Must(id => Uri.TryCreate(id, UriKind.Absolute, out _)).When(c => !string.IsNullOrWhiteSpace(c.ActivityId))
            .WithMessage("activityId must be an absolute IRI (the xAPI activity id of the course).");
    }
}

static class ProviderFields
{
    public static void ApprovalPeriodRules<T>(this AbstractValidator<T> validator)
        where T : IApprovalPeriod
    {
        validator.RuleFor(c => c.ApprovedFrom).NotEmpty().SaneDate();
        validator.RuleFor(c => c.ApprovedUntil).SaneDate();
        validator.RuleFor(c => c.ApprovedUntil).NotEmpty().GreaterThanOrEqualTo(c => c.ApprovedFrom)
            .WithMessage("approvedUntil must be on or after approvedFrom.");
    }

    /// <summary>A blank contact name is none.</summary>
    public static string? ContactNameOf(IProviderFields provider) => string.IsNullOrWhiteSpace(provider.ContactName) ? null : provider.ContactName.Trim();

    /// <summary>A blank xAPI activity id is no activity id: the course is matched by its code alone.</summary>
    public static string? ActivityIdOf(ICourseFields course) => string.IsNullOrWhiteSpace(course.ActivityId) ? null : course.ActivityId.Trim();
}
