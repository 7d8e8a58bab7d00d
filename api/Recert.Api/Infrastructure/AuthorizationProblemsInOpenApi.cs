using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Recert.Api.Infrastructure;

/// <summary>
/// Every endpoint behind authorization can answer 401 (no session or key, or one that ended) and 403 (a role or caller
/// kind the endpoint refuses, or a cross-site write): the OpenAPI document says so for each, with the problem body,
/// so that generated clients expect them (checked by the authorization matrix against the document).
/// </summary>
public sealed class AuthorizationProblemsInOpenApi : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        if (!metadata.OfType<IAuthorizeData>().Any() || metadata.OfType<IAllowAnonymous>().Any())
        {
            return;
        }

        var problem = context.SchemaGenerator.GenerateSchema(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), context.SchemaRepository);
        operation.Responses ??= [];
        foreach (var (status, description) in new[] { ("401", "Unauthorized: sign in (or send a provider API key) first."), ("403", "Forbidden: this caller may not do this.") })
        {
            if (!operation.Responses.ContainsKey(status))
            {
                operation.Responses[status] = new OpenApiResponse
                {
                    Description = description,
                    Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = problem } },
                };
            }
        }
    }
}
