using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Recert.Api.Features.Auth;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Sessions;

public enum SignInOutcome
{
    SignedIn,
    MfaEnrolmentRequired,
    MfaCodeRequired,
}

/// <summary>Issues the session cookie for a new row of the session table, and ends it again at logout.</summary>
public sealed class SessionSignIn(SessionStore store, MfaState mfa)
{
    /// <summary>
    /// After a correct password: a certificant is signed in; a staff member gets a pending session that can only reach
    /// the MFA endpoints until the TOTP step is done (see <see cref="SessionCookieValidation"/>).
    /// </summary>
    public async Task<SignInOutcome> AfterPasswordAsync(HttpContext http, UserResponse user, CancellationToken cancellationToken)
    {
        if (user.Role != Roles.Staff)
        {
            await IssueAsync(http, user, mfaPending: false, cancellationToken);
            return SignInOutcome.SignedIn;
        }

        await IssueAsync(http, user, mfaPending: true, cancellationToken);
        return await mfa.IsEnrolledAsync(user.Id, cancellationToken) ? SignInOutcome.MfaCodeRequired : SignInOutcome.MfaEnrolmentRequired;
    }

    /// <summary>After the TOTP step: a fresh session (a new token, so the pending one cannot be promoted by a copy).</summary>
    public Task AfterMfaAsync(HttpContext http, UserResponse user, CancellationToken cancellationToken)
        => IssueAsync(http, user, mfaPending: false, cancellationToken);

    public async Task SignOutAsync(HttpContext http, CancellationToken cancellationToken)
    {
        if (SessionClaims.TokenHash(http.User) is { } hash)
        {
            await store.EndAsync(hash, cancellationToken);
        }

        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    async Task IssueAsync(HttpContext http, UserResponse user, bool mfaPending, CancellationToken cancellationToken)
    {
        var token = await store.CreateAsync(user.Id, user.Role, mfaPending, cancellationToken);
        List<Claim> claims =
        [
            new(ClaimTypes.NameIdentifier, user.Id.ToString()),
            new(ClaimTypes.Email, user.Email),
            new(ClaimTypes.Role, user.Role),
            new(SessionClaims.Token, token),
        ];
        if (mfaPending)
        {
            claims.Add(new Claim(SessionClaims.MfaPending, "true"));
        }

        // The same claim a provider's API key gives, so the partner endpoints serve the provider portal unchanged.
        if (user.Role == Roles.Provider && user.ProviderId is { } providerId)
        {
            claims.Add(new Claim(Providers.ProviderAuth.ProviderIdClaim, providerId.ToString()));
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme));
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal);
        http.User = principal;
    }
}

/// <summary>Checks the cookie's session against the table on every request (see docs/DECISIONS.md, "Sessions, passwords and MFA").</summary>
public static class SessionCookieValidation
{
    /// <summary>The only paths a staff session with the TOTP step still to do may reach.</summary>
    static readonly string[] MfaPaths = ["/api/v1/auth/mfa", "/api/v1/auth/logout"];

    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var http = context.HttpContext;
        var hash = SessionClaims.TokenHash(context.Principal);
        var store = http.RequestServices.GetRequiredService<SessionStore>();
        var session = hash is null ? null : await store.FindLiveAsync(hash, http.RequestAborted);
        var claimedRole = context.Principal?.FindFirstValue(ClaimTypes.Role);
        var claimedPending = context.Principal?.HasClaim(c => c.Type == SessionClaims.MfaPending) == true;

        if (session is null || session.Role != claimedRole || session.MfaPending != claimedPending)
        {
            // A changed role ends the session: the next sign-in goes through the steps of the new role (MFA for staff).
            if (session is not null)
            {
                await store.EndAsync(hash!, http.RequestAborted);
            }

            context.RejectPrincipal();
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }

        if (session.MfaPending && !MfaPaths.Any(path => http.Request.Path.StartsWithSegments(path, StringComparison.OrdinalIgnoreCase)))
        {
            context.RejectPrincipal();
        }
    }
}
