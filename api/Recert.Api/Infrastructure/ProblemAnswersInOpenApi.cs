using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Recert.Api.Infrastructure;

/// <summary>
/// The problem answers every endpoint of a kind can give, written into the OpenAPI document where an endpoint does not
/// list them itself, so that generated clients expect them (checked against the document by the authorization matrix
/// and the bad-input drill): behind authorization 401 (no session or key, or one that ended) and 403 (a role or caller
/// kind the endpoint refuses, or a cross-site write); with parameters or a body 400 (malformed or invalid input);
/// with a body also 413 (too large) and 415 (not the content type it reads); with path parameters 404.
/// </summary>
public sealed class ProblemAnswersInOpenApi : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        var answers = new List<(string Status, string Description)>();
        if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
        {
            answers.Add(("401", "Unauthorized: sign in (or send a provider API key) first."));
            answers.Add(("403", "Forbidden: this caller may not do this."));
        }

        var hasBody = operation.RequestBody is not null;
        if (hasBody || operation.Parameters is { Count: > 0 })
        {
            answers.Add(("400", "Bad Request: malformed or invalid input; field errors are in `errors`."));
        }

        if (operation.Parameters?.Any(p => p.In == ParameterLocation.Path) == true)
        {
            answers.Add(("404", "Not Found."));
        }

        if (hasBody)
        {
            answers.Add(("413", "Content Too Large."));
            answers.Add(("415", "Unsupported Media Type: send the content type this operation reads."));
        }

        if (answers.Count == 0)
        {
            return;
        }

        var problem = context.SchemaGenerator.GenerateSchema(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), context.SchemaRepository);
        operation.Responses ??= [];
        foreach (var (status, description) in answers.Where(a => !operation.Responses.ContainsKey(a.Status)))
        {
            operation.Responses[status] = new OpenApiResponse
            {
                Description = description,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = problem } },
            };
        }
    }
}
