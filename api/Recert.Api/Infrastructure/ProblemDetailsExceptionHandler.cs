using System.Text.Json;
using System.Text.RegularExpressions;
using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Recert.Api.Infrastructure;

/// <summary>The one place where exceptions become RFC 9457 problem details.</summary>
public sealed partial class ProblemDetailsExceptionHandler(
    IProblemDetailsService problemDetailsService,
    ILogger<ProblemDetailsExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = ToProblem(exception, httpContext);
        if (problem.Status >= 500)
        {
            logger.LogError(exception, "Unhandled exception for {Method} {Route}", httpContext.Request.Method, RequestRoute.Of(httpContext));
        }

        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            httpContext.Response.Headers.RetryAfter = "5";
        }

        if (exception is TooManyRequestsException tooMany)
        {
            httpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(Math.Max(1, tooMany.RetryAfter.TotalSeconds))).ToString();
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problemDetailsService.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    static ProblemDetails ToProblem(Exception exception, HttpContext httpContext) => exception switch
    {
        ValidationException validation => new HttpValidationProblemDetails(
            validation.Errors
                .GroupBy(e => ToCamelCase(e.PropertyName))
                .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray()))
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request is not valid.",
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        },
        FieldException field => new HttpValidationProblemDetails(
            new Dictionary<string, string[]> { [ToCamelCase(field.Field)] = [field.Message] })
        {
            Status = field.Status,
            Title = field.Status == StatusCodes.Status413PayloadTooLarge ? "The file is too large." : "The request is not valid.",
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        },
        BadHttpRequestException bad when UnboundParameter(bad) is var (name, expected) && name is not null => new HttpValidationProblemDetails(
            new Dictionary<string, string[]> { [name] = [$"{name} must be {expected}."] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request is not valid.",
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        },
        BadHttpRequestException bad when UnreadableFields(bad, httpContext) is { } errors => new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request is not valid.",
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        },
        BadHttpRequestException bad => new ProblemDetails
        {
            Status = bad.StatusCode,
            Title = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "The request body is too large." : "The request could not be read.",
            Detail = Describe(bad),
        },
        JsonException json => new ProblemDetails
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request could not be read.",
            Detail = json.Message,
        },
        Features.Auth.InvalidCredentialsException invalid => new ProblemDetails
        {
            Status = StatusCodes.Status401Unauthorized,
            Title = "Sign-in failed.",
            Detail = invalid.Message,
        },
        Features.Accounts.AccountTokenException token => new ProblemDetails
        {
            Status = token.Status,
            Title = token.Status == StatusCodes.Status410Gone ? "The link can no longer be used." : "The link is not valid.",
            Detail = token.Message,
            Extensions = { ["code"] = token.Code },
        },
        TooManyRequestsException tooMany => new ProblemDetails
        {
            Status = StatusCodes.Status429TooManyRequests,
            Title = "Too many requests.",
            Detail = tooMany.Message,
            Extensions = { ["code"] = tooMany.Code, ["retryAfterSeconds"] = (int)Math.Ceiling(Math.Max(1, tooMany.RetryAfter.TotalSeconds)) },
        },
        PayloadTooLargeException tooLarge => new ProblemDetails
        {
            Status = StatusCodes.Status413PayloadTooLarge,
            Title = "The request is too large.",
            Detail = tooLarge.Message,
        },
        Features.Checkout.PaymentUnavailableException unavailable => new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = "The payment service is unavailable.",
            Detail = unavailable.Message,
        },
        NotFoundException notFound => new ProblemDetails
        {
            Status = StatusCodes.Status404NotFound,
            Title = "Not found.",
            Detail = notFound.Message,
        },
        ConflictException conflict => new ProblemDetails
        {
            Status = StatusCodes.Status409Conflict,
            Title = "Conflict.",
            Detail = conflict.Message,
            Extensions = { ["code"] = conflict.Code },
        },
        ForbiddenException { Code: { } code } forbidden => new ProblemDetails
        {
            Status = StatusCodes.Status403Forbidden,
            Title = "Forbidden.",
            Detail = forbidden.Message,
            Extensions = { ["code"] = code },
        },
        ForbiddenException forbidden => new ProblemDetails
        {
            Status = StatusCodes.Status403Forbidden,
            Title = "Forbidden.",
            Detail = forbidden.Message,
        },
        RuleViolationException rule => new ProblemDetails
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = "The request breaks a rule.",
            Detail = rule.Message,
            Extensions = { ["unmet"] = rule.Unmet.Select(u => new { code = u.Code, message = u.Message }).ToArray() },
        },
        PostgresException { SqlState: PostgresErrorCodes.CharacterNotInRepertoire or PostgresErrorCodes.UntranslatableCharacter } => new ProblemDetails
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request could not be read.",
            Detail = "The text contains a character that cannot be stored (such as a NUL byte).",
        },
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } => new ProblemDetails
        {
            Status = StatusCodes.Status409Conflict,
            Title = "Conflict.",
            Detail = "The record already exists or was changed concurrently; reload and try again.",
        },
        Behaviours.CommitOutcomeUnknownException => new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = "The outcome of the request is unknown.",
            Detail = "The database connection broke while saving, so the change may or may not have been saved. Check before sending it again " +
                     "(partners: resend with the same Idempotency-Key to get the stored answer).",
            Extensions = { ["code"] = Behaviours.CommitOutcomeUnknownException.Code },
        },
        PostgresException { SqlState: PostgresErrorCodes.TooManyConnections or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.AdminShutdown }
            or NpgsqlException { IsTransient: true }
            or TimeoutException => new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = "The service is temporarily unavailable.",
            Detail = "The database could not be reached. Try again shortly.",
        },
        OperationCanceledException => new ProblemDetails
        {
            Status = 499,
            Title = "The request was cancelled.",
        },
        _ => new ProblemDetails
        {
            Status = StatusCodes.Status500InternalServerError,
            Title = "An unexpected error occurred.",
        },
    };

    // A JSON body that parses but does not fit the request: "missing required properties including: 'area', 'kind'", or
    // a value the field's type cannot take (Path: $.completedOn). Either names fields, so it is answered per field, with
    // the format the field takes (from the endpoint's request type: System.Text.Json names only the containing type).
    [GeneratedRegex("""missing required properties including: (?<names>.*)""")]
    private static partial Regex MissingProperties();

    static Dictionary<string, string[]>? UnreadableFields(BadHttpRequestException bad, HttpContext httpContext)
    {
        var json = FindJsonException(bad);
        if (json is null)
        {
            return null;
        }

        if (MissingProperties().Match(json.Message) is { Success: true } missing)
        {
            return Regex.Matches(missing.Groups["names"].Value, "'([^']+)'").ToDictionary(m => m.Groups[1].Value, m => new[] { $"Give {m.Groups[1].Value}: it is required." });
        }

        if (json.Path is not { Length: > 2 } path || !path.StartsWith("$.", StringComparison.Ordinal))
        {
            return null;
        }

        var field = path[2..];
        // The handler runs with the endpoint cleared; the feature keeps the one that failed.
        var endpoint = httpContext.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? httpContext.GetEndpoint();
        var requestType = endpoint?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
        var propertyType = requestType is null ? null : Json.Options.GetTypeInfo(requestType).Properties.FirstOrDefault(p => p.Name == field)?.PropertyType;
        propertyType = propertyType is null ? null : Nullable.GetUnderlyingType(propertyType) ?? propertyType;
        var expected = propertyType is { IsEnum: true }
            ? "one of " + string.Join(", ", Enum.GetValues(propertyType).Cast<Enum>().Select(v => JsonSerializer.Serialize(v, propertyType, Json.Options).Trim('"')))
            : Expected(propertyType?.Name ?? "");
        return new Dictionary<string, string[]> { [field] = [$"{field} must be {expected}."] };
    }

    static JsonException? FindJsonException(Exception exception)
    {
        for (Exception? inner = exception.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is JsonException json)
            {
                return json;
            }
        }

        return null;
    }

    static string Describe(BadHttpRequestException bad)
    {
        if (FindJsonException(bad) is not null)
        {
            return "The body is not valid JSON.";
        }

        // The framework's words for an empty body name a C# parameter and suggest "a Service": say what to send instead.
        if (bad.Message.StartsWith("Implicit body inferred for parameter", StringComparison.Ordinal))
        {
            return "The request has no body: send its fields as JSON (Content-Type: application/json), as the API documentation shows.";
        }

        return bad.Message;
    }

    // Minimal APIs report a route or query value of the wrong type as 'Failed to bind parameter "Nullable<int> page" from
    // "abc".': C# type names mean nothing to a caller, so the answer names the field and the format it takes instead.
    [GeneratedRegex("""^Failed to bind parameter "(?:Nullable<)?(?<type>[A-Za-z]+)>? (?<name>[A-Za-z][A-Za-z0-9]*)" from""")]
    private static partial Regex BindingFailure();

    static (string? Name, string Expected) UnboundParameter(BadHttpRequestException bad)
    {
        var match = BindingFailure().Match(bad.Message);
        if (!match.Success)
        {
            return (null, "");
        }

        return (match.Groups["name"].Value, Expected(match.Groups["type"].Value));
    }

    static string Expected(string typeName) => typeName switch
    {
        "DateOnly" => "a date as YYYY-MM-DD",
        "DateTimeOffset" or "DateTime" => "a date and time in ISO 8601, such as 2026-11-25T00:00:00Z",
        "Int32" or "int" or "Int64" or "long" => "a whole number",
        "Decimal" or "decimal" => "a number",
        "Boolean" or "bool" => "true or false",
        "Guid" => "an id such as 3f2504e0-4f89-41d3-9a0c-0305e82c3301",
        "String" or "string" => "text",
        _ => "a value of the documented format",
    };

    static string ToCamelCase(string name)
        => string.Join('.', name.Split('.').Select(part => part.Length == 0 ? part : char.ToLowerInvariant(part[0]) + part[1..]));
}
