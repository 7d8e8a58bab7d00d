using System.Text.RegularExpressions;

namespace Recert.Api.Infrastructure;

/// <summary>
/// Minimal APIs bind a DateOnly query value with the invariant culture, so "01/06/2026" would quietly mean 6 January.
/// Dates in query strings must be ISO 8601 calendar dates (yyyy-MM-dd), moments ISO 8601 date-times; anything else is a
/// 400, never a guess.
/// </summary>
public static partial class IsoDateQuery
{
    public static TBuilder RequireIsoDates<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
        => builder.AddEndpointFilterFactory((context, next) =>
        {
            var dateParameters = context.MethodInfo.GetParameters()
                .Where(p => (Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType) is var type && (type == typeof(DateOnly) || type == typeof(DateTimeOffset)) && p.Name is not null)
                .Select(p => (Name: p.Name!, Moment: (Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType) == typeof(DateTimeOffset)))
                .ToArray();
            if (dateParameters.Length == 0)
            {
                return next;
            }

            return invocation =>
            {
                var query = invocation.HttpContext.Request.Query;
                foreach (var (name, moment) in dateParameters)
                {
                    if (query.TryGetValue(name, out var values) && values.Any(v => !(moment ? IsoMoment() : IsoDate()).IsMatch(v ?? "")))
                    {
                        throw new FieldException(name, moment
                            ? "Use an ISO 8601 date and time, e.g. 2026-06-01T12:00:00Z."
                            : "Use an ISO 8601 calendar date: yyyy-MM-dd.");
                    }

                    if (values.Any(v => DateOnly.TryParseExact(v, "yyyy-MM-dd", out var date) && !InputRules.IsSaneDate(date)))
                    {
                        throw new FieldException(name, InputRules.DateRangeMessage);
                    }
                }

                return next(invocation);
            };
        });

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})?)?$")]
    private static partial Regex IsoMoment();
}
