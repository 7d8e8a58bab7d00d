using Microsoft.AspNetCore.Mvc;

namespace Recert.Api.Infrastructure;

public static class Problems
{
    /// <summary>For the few answers made outside an endpoint (authentication challenges, rate limiting).</summary>
    public static async Task WriteAsync(HttpContext context, int status, string title, string? code = null)
    {
        context.Response.StatusCode = status;
        var writer = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        var problem = new ProblemDetails { Status = status, Title = title };
        if (code is not null)
        {
            problem.Extensions["code"] = code;
        }

        await writer.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }
}
