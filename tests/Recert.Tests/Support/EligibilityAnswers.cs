using System.Security.Claims;
using System.Text.Json;
using Dapper;
using MediatR;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Recert.Api.Features.Certifications;
using Recert.Api.Infrastructure;

namespace Recert.Tests.Support;

/// <summary>
/// A stored eligibility answer (eligibility_answers, migration 0970) must be what the rules answer now. Every integration
/// test checks it when it ends: each answer still counted as today's is cleared and computed again, in process, as staff,
/// and the two must be the same text. Any write path that changes what eligibility reads without clearing the answer
/// fails the test that took it.
/// </summary>
public static class EligibilityAnswers
{
    public static async Task<IReadOnlyList<string>> StaleAsync(IServiceProvider services)
    {
        var today = services.GetRequiredService<OrganisationClock>().Today;
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        var stored = (await connection.QueryAsync<(string Number, string Answer)>("""
            select c.number, a.answer
            from eligibility_answers a
            join certifications c on c.id = a.certification_id
            where a.answer is not null and a.answered_on = @today
              and a.generation = (select generation from eligibility_answer_generation)
            """, new { today })).AsList();
        if (stored is [])
        {
            return [];
        }

        await connection.ExecuteAsync("update eligibility_answers set answer = null");
        var accessor = services.GetRequiredService<IHttpContextAccessor>();
        var stale = new List<string>();
        foreach (var (number, answer) in stored)
        {
            await using var scope = services.CreateAsyncScope();
            accessor.HttpContext = new DefaultHttpContext
            {
                RequestServices = scope.ServiceProvider,
                User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, Guid.NewGuid().ToString()), new Claim(ClaimTypes.Role, Roles.Staff)], "tests")),
            };
            try
            {
                var now = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new GetEligibilityQuery(number, null));
                if (JsonSerializer.Serialize(now, Recert.Api.Infrastructure.Json.Options) != answer)
                {
                    stale.Add($"{number}: stored {answer}");
                }
            }
            finally
            {
                accessor.HttpContext = null;
            }
        }

        return stale;
    }
}
