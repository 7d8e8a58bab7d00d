using Microsoft.AspNetCore.Mvc;

namespace Recert.Api.Infrastructure;

public static class Problems
{
    /// <summary>For the few answers made outside an endpoint (authentication challenges, rate limiting).</summary>
    public static async Task WriteAsync(HttpContext context, int status, string title)
    {
        context.Response.StatusCode = status;
        var writer = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await writer.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title },
        });
    }
}
