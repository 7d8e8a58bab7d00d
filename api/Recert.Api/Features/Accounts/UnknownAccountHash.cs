using Microsoft.AspNetCore.Identity;

namespace Recert.Api.Features.Accounts;

/// <summary>
/// A hash made once by the application's own hasher (so with its iteration count, 210,000), against which sign-ins for
/// unknown emails are verified: they then cost the same PBKDF2 work as sign-ins for known ones.
/// </summary>
public sealed class UnknownAccountHash(IPasswordHasher<object> hasher)
{
    readonly Lazy<string> hash = new(() => hasher.HashPassword(new object(), Guid.NewGuid().ToString()));

    public string Value => hash.Value;
}
