namespace Recert.Api.Infrastructure;

/// <summary>The resource does not exist, or the caller may not know it does (another user's id).</summary>
public sealed class NotFoundException(string message) : Exception(message);

/// <summary>The request conflicts with the current state (409).</summary>
public sealed class ConflictException(string message, string code = "conflict") : Exception(message)
{
    public string Code { get; } = code;
}

/// <summary>Well-formed, but a business rule says no (422). Each unmet rule has a machine-readable code.</summary>
public sealed class RuleViolationException(string message, IReadOnlyList<Domain.UnmetRule> unmet) : Exception(message)
{
    public RuleViolationException(string code, string message)
        : this(message, [new Domain.UnmetRule(code, message)])
    {
    }

    public IReadOnlyList<Domain.UnmetRule> Unmet { get; } = unmet;
}

/// <summary>Authenticated but not allowed (403).</summary>
public sealed class ForbiddenException(string message, string? code = null) : Exception(message)
{
    public string? Code { get; } = code;
}

/// <summary>
/// A field-level problem found after validation (400), e.g. a document that is not the caller's; a file over its size
/// limit is 413 with the same field error.
/// </summary>
public sealed class FieldException(string field, string message, int status = StatusCodes.Status400BadRequest) : Exception(message)
{
    public string Field { get; } = field;

    public int Status { get; } = status;
}

/// <summary>The caller has used up a quota or rate (429); <see cref="RetryAfter"/> says when it frees up.</summary>
public sealed class TooManyRequestsException(string message, string code, TimeSpan retryAfter) : Exception(message)
{
    public string Code { get; } = code;

    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>The body or file is larger than allowed (413), whichever layer notices first.</summary>
public sealed class PayloadTooLargeException(string message) : Exception(message);
