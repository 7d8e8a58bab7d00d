using System.Security.Claims;

namespace Recert.Api.Infrastructure;

public static class Roles
{
    public const string Certificant = "certificant";
    public const string Staff = "staff";
    /// <summary>A person of a course provider, signed in to the provider portal; bound to one provider.</summary>
    public const string Provider = "provider";
}

public static class Policies
{
    public const string Staff = "staff";
    public const string Certificant = "certificant";
}

public interface ICurrentUser
{
    Guid? Id { get; }
    bool IsStaff { get; }
    Guid RequireId();
}

public sealed class HttpCurrentUser(IHttpContextAccessor accessor) : ICurrentUser
{
    ClaimsPrincipal? Principal => accessor.HttpContext?.User;

    public Guid? Id => Guid.TryParse(Principal?.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public bool IsStaff => Principal?.IsInRole(Roles.Staff) == true;

    public Guid RequireId() => Id ?? throw new ForbiddenException("Sign in first.");
}
