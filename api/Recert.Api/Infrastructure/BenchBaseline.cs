using Npgsql;

namespace Recert.Api.Infrastructure;

/// <summary>
/// The floor the eligibility read is compared with in bench/: the same route shape, cookie authentication and one
/// Npgsql query, but no MediatR, validation, Dapper or domain rules. Mapped only when Recert:Bench:BaselineEndpoint
/// is true, and never described in the OpenAPI document.
/// </summary>
public static class BenchBaseline
{
    public static void MapBenchBaseline(this IEndpointRouteBuilder app)
        => app.MapGet("/bench/baseline/{number}", async (string number, NpgsqlDataSource dataSource, CancellationToken ct) =>
            {
                await using var command = dataSource.CreateCommand("select number, expires_on from certifications where upper(number) = upper($1)");
                command.Parameters.Add(new NpgsqlParameter { Value = number });
                await using var reader = await command.ExecuteReaderAsync(ct);
                return await reader.ReadAsync(ct)
                    ? Results.Ok(new { number = reader.GetString(0), expiresOn = reader.GetFieldValue<DateOnly>(1) })
                    : Results.NotFound();
            })
            .RequireAuthorization()
            .ExcludeFromDescription();
}
