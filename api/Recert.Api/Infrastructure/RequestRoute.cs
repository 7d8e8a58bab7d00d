namespace Recert.Api.Infrastructure;

/// <summary>What a request was, for logs and traces: its route, since its path holds certification numbers and tokens.</summary>
public static class RequestRoute
{
    public static string Of(HttpContext context)
        => (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText is { } route ? "/" + route.TrimStart('/') : "(no route)";
}
