namespace Recert.Api.Infrastructure;

/// <summary>
/// Query-string values are free text, but never control characters: PostgreSQL cannot store NUL in text (it would fail the
/// query), and no search, name or cursor contains one. Every endpoint answers such a value the same way, with a 400 naming
/// the parameter, whether or not its handler would have sent it to the database.
/// </summary>
public static class QueryTextRules
{
    public static IApplicationBuilder UseQueryTextRules(this IApplicationBuilder app)
        => app.Use((context, next) =>
        {
            foreach (var (name, values) in context.Request.Query)
            {
                if (values.Any(v => v is not null && v.Any(char.IsControl)))
                {
                    throw new FieldException(name, "Query values may not contain control characters (such as NUL).");
                }
            }

            return next(context);
        });
}
