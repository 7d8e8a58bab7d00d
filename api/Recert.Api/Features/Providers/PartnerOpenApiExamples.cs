using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Recert.Api.Features.Providers;

/// <summary>Request and response examples for the partner endpoints in the OpenAPI document, and their provider-key security requirement.</summary>
public sealed class PartnerOpenApiExamples : IOperationFilter
{
    static readonly Dictionary<string, (string? Request, string? Response)> Examples = new(StringComparer.OrdinalIgnoreCase)
    {
        ["POST api/v1/completions"] = (
            """
            {"completions": [
              {"externalId": "enr-1001", "courseCode": "KB-101", "certificationNumber": "CPT-100001", "lastName": "Rivera", "completedOn": "2026-03-01"},
              {"externalId": "enr-1002", "courseCode": "KB-999", "certificationNumber": "CPT-100002", "lastName": "Chen", "completedOn": "2026-03-01"}
            ]}
            """,
            """
            {"accepted": 1, "duplicate": 0, "pendingLearner": 0, "rejected": 1, "results": [
              {"index": 0, "externalId": "enr-1001", "result": "accepted", "code": null, "message": null, "completionId": "0193f1de-8c2a-7c4e-9d1e-1a2b3c4d5e6f"},
              {"index": 1, "externalId": "enr-1002", "result": "rejected", "code": "course.unknown", "message": "This provider has no course KB-999.", "completionId": null}
            ]}
            """),
        ["POST api/v1/completions/csv"] = (null,
            """
            {"accepted": 1, "duplicate": 0, "pendingLearner": 1, "rejected": 0, "results": [
              {"index": 0, "externalId": "enr-1001", "result": "accepted", "code": null, "message": null, "completionId": "0193f1de-8c2a-7c4e-9d1e-1a2b3c4d5e6f"},
              {"index": 1, "externalId": "enr-1003", "result": "pending-learner", "code": "learner.pending", "message": "No certification has this number yet: the completion is kept and attached when it is registered.", "completionId": "0193f1de-8c2a-7c4e-9d1e-1a2b3c4d5e70"}
            ]}
            """),
        ["GET api/v1/learners/{certificationNumber}"] = (null, """{"certificationNumber": "CPT-100001", "matches": true, "status": "active"}"""),
        ["POST api/v1/webhooks/endpoints"] = (
            """{"url": "https://lms.example.com/hooks/recert", "eventTypes": ["completion.accepted", "completion.rejected", "completion.attached", "completion.voided"], "description": "production LMS"}""",
            null),
        ["POST api/v1/xapi/statements"] = (
            """
            {"id": "5c4a3b2e-1d0f-4e9a-8b7c-6d5e4f3a2b1c",
             "actor": {"objectType": "Agent", "name": "Dana Rivera", "account": {"homePage": "https://recert.example", "name": "CPT-100001"}},
             "verb": {"id": "http://adlnet.gov/expapi/verbs/completed", "display": {"en-US": "completed"}},
             "object": {"objectType": "Activity", "id": "https://lms.demo.test/courses/kb-101"},
             "timestamp": "2026-03-01T18:00:00Z"}
            """,
            """["5c4a3b2e-1d0f-4e9a-8b7c-6d5e4f3a2b1c"]"""),
        ["POST api/v1/staff/providers"] = (
            """{"name": "Acme Fitness Academy", "contactName": "Pat Lee", "contactEmail": "partners@acme.example", "approvedFrom": "2026-01-01", "approvedUntil": "2027-12-31"}""",
            null),
        ["POST api/v1/staff/providers/{id}/courses"] = (
            """{"code": "KB-101", "title": "Kettlebell Fundamentals", "ceus": 0.8, "area": "exercise-technique", "approvedFrom": "2026-01-01", "approvedUntil": "2027-12-31", "activityId": "https://lms.example.com/courses/kb-101"}""",
            null),
    };

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var policies = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<Microsoft.AspNetCore.Authorization.IAuthorizeData>().Select(a => a.Policy);
        if (policies.Contains(ProviderAuth.Policy) || policies.Contains(ProviderAuth.KeyOrSessionPolicy))
        {
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("providerKey", context.Document)] = [] });
        }

        // Either requirement suffices: the key, or the cookie of a provider portal session.
        if (policies.Contains(ProviderAuth.KeyOrSessionPolicy) || policies.Contains(ProviderAuth.PortalUserPolicy))
        {
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("cookie", context.Document)] = [] });
        }

        var route = context.ApiDescription.RelativePath?.Split('?')[0] ?? "";
        // Route constraints (":guid") are not part of the documented path.
        route = System.Text.RegularExpressions.Regex.Replace(route, @"\{([^}:]+):[^}]+\}", "{$1}");
        route = route.TrimEnd('/');
        if (!Examples.TryGetValue($"{context.ApiDescription.HttpMethod} {route}", out var example))
        {
            return;
        }

        if (example.Request is not null && operation.RequestBody?.Content is { } requestContent)
        {
            foreach (var media in requestContent.Values)
            {
                media.Example = JsonNode.Parse(example.Request);
            }
        }

        if (example.Response is not null && operation.Responses?.TryGetValue("200", out var response) == true && response.Content is { } responseContent)
        {
            foreach (var media in responseContent.Values)
            {
                media.Example = JsonNode.Parse(example.Response);
            }
        }
    }
}
