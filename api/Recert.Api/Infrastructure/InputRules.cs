using FluentValidation;

namespace Recert.Api.Infrastructure;

/// <summary>
/// Bounds every list and every date a client can send, in one place: a page number or a date far outside what the
/// organisation can mean is a 400 naming the field, never an OFFSET or calendar overflow deep in a handler.
/// </summary>
public static class InputRules
{
    public static readonly DateOnly EarliestDate = new(1900, 1, 1);
    public static readonly DateOnly LatestDate = new(2200, 12, 31);

    public const int MaxPage = 10_000;
    public const int DefaultMaxPageSize = 100;

    public static string DateRangeMessage => $"Use a date between {EarliestDate:yyyy-MM-dd} and {LatestDate:yyyy-MM-dd}.";

    public static bool IsSaneDate(DateOnly date) => date >= EarliestDate && date <= LatestDate;

    public static IRuleBuilderOptions<T, DateOnly> SaneDate<T>(this IRuleBuilder<T, DateOnly> rule)
        => rule.Must(IsSaneDate).WithMessage(DateRangeMessage);

    public static IRuleBuilderOptions<T, DateOnly?> SaneDate<T>(this IRuleBuilder<T, DateOnly?> rule)
        => rule.Must(date => date is not { } value || IsSaneDate(value)).WithMessage(DateRangeMessage);

    public static IRuleBuilderOptions<T, int> PageNumber<T>(this IRuleBuilder<T, int> rule)
        => rule.InclusiveBetween(1, MaxPage).WithMessage($"page is between 1 and {MaxPage}.");

    public static IRuleBuilderOptions<T, int> PageSize<T>(this IRuleBuilder<T, int> rule, int max = DefaultMaxPageSize)
        => rule.InclusiveBetween(1, max).WithMessage($"pageSize is between 1 and {max}.");
}

/// <summary>A page of a list: validated by <see cref="InputRules"/>, so the offset always fits.</summary>
public interface IPagedQuery
{
    int Page { get; }

    int PageSize { get; }
}

public static class Paging
{
    public static int Offset(this IPagedQuery query) => (query.Page - 1) * query.PageSize;
}
