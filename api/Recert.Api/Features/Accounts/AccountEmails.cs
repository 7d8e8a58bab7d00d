using Recert.Api.Features.Email;

namespace Recert.Api.Features.Accounts;

/// <summary>The account emails. Links open the portal (<see cref="AccountOptions.PublicBaseUrl"/>).</summary>
public static class AccountEmails
{
    static string Link(AccountOptions options, string path, string? token = null)
        => options.PublicBaseUrl.TrimEnd('/') + path + (token is null ? "" : "?token=" + token);

    public static OutgoingEmail VerifyEmail(AccountOptions options, string to, string name, string token)
        => new("verify-email", to, "Confirm your email address for Recert",
            $"Hello {name},\n\nConfirm that this is your email address by opening this link within 24 hours:\n\n{Link(options, "/verify-email", token)}\n\n" +
            "Until you do, certifications issued to this address are not shown in your account. " +
            "If you did not create a Recert account, ignore this email." + EmailTemplates.Signature);

    public static OutgoingEmail AlreadyRegistered(AccountOptions options, string to, string name)
        => new("register-existing", to, "Someone tried to create a Recert account with your email",
            $"Hello {name},\n\nSomeone (perhaps you) tried to create a new Recert account with this email address, which already has one. " +
            $"No new account was created. Sign in here:\n\n{Link(options, "/sign-in")}\n\n" +
            "If you have forgotten your password, use \"Forgot password\" on that page. If it was not you, you can ignore this email." + EmailTemplates.Signature);

    public static OutgoingEmail ChangeEmail(AccountOptions options, string to, string name, string token)
        => new("change-email", to, "Confirm your new email address for Recert",
            $"Hello {name},\n\nYou asked to use this address for your Recert account. Confirm it by opening this link within 24 hours:\n\n" +
            $"{Link(options, "/verify-email", token)}\n\nUntil you do, your account keeps its current address. If you did not ask for this, ignore this email." + EmailTemplates.Signature);

    public static OutgoingEmail EmailChangeRequested(AccountOptions options, string to, string name, string newEmail)
        => new("email-change-requested", to, "Your Recert email address is being changed",
            $"Hello {name},\n\nSomeone signed in to your Recert account asked to change its email address to {newEmail}. " +
            "The change takes effect once the new address is confirmed. If this was not you, sign in and change your password, " +
            $"or call an advisor.\n\n{Link(options, "/sign-in")}" + EmailTemplates.Signature);

    public static OutgoingEmail EmailInUse(AccountOptions options, string to)
        => new("email-in-use", to, "This address already has a Recert account",
            "Hello,\n\nSomeone asked to move a Recert account to this email address, but this address already belongs to an account, " +
            $"so nothing was changed. Sign in here:\n\n{Link(options, "/sign-in")}" + EmailTemplates.Signature);

    public static OutgoingEmail ConfirmClaim(AccountOptions options, string to, string holderName, string number, string accountEmail, string token)
        => new("claim-confirm", to, $"Confirm that {number} is yours",
            $"Hello {holderName},\n\nThe Recert account {accountEmail} asked to manage certification {number}, which was issued to this address. " +
            $"If that is you, sign in to that account and open this link within 24 hours:\n\n{Link(options, "/confirm-claim", token)}\n\n" +
            "If you did not ask for this, do not open the link: nothing changes unless it is opened by that account." + EmailTemplates.Signature);

    public static OutgoingEmail ClaimDecided(AccountOptions options, string to, string name, string number, bool approved, string? reason)
        => new(approved ? "claim-approved" : "claim-declined", to,
            approved ? $"{number} is now in your Recert account" : $"Your request for {number} was declined",
            approved
                ? $"Hello {name},\n\nOur staff confirmed that {number} is yours; it is now in your account:\n\n{Link(options, "/")}" + EmailTemplates.Signature
                : $"Hello {name},\n\nOur staff could not confirm that {number} is yours" + (string.IsNullOrWhiteSpace(reason) ? "." : $": {reason}") +
                  "\nCall an advisor if you think this is a mistake." + EmailTemplates.Signature);

    public static OutgoingEmail PasswordReset(AccountOptions options, string to, string name, string token)
        => new("password-reset", to, "Reset your Recert password",
            $"Hello {name},\n\nSomeone (we hope you) asked to reset the password of your Recert account. Open this link within one hour to choose a new one:\n\n{Link(options, "/reset-password", token)}\n\n" +
            "The link works once. If you did not ask for it, ignore this email: your password stays as it is." + EmailTemplates.Signature);

    public static OutgoingEmail PasswordChanged(string to, string name)
        => new("password-changed", to, "Your Recert password was changed",
            $"Hello {name},\n\nThe password of your Recert account was just changed, and every other session was signed out. " +
            "If this was not you, reset your password at once and call an advisor." + EmailTemplates.Signature);

    public static OutgoingEmail MfaReset(string to, string name)
        => new("mfa-reset", to, "Your Recert two-step sign-in was reset",
            $"Hello {name},\n\nA colleague reset the two-step sign-in of your staff account and signed out its sessions. " +
            "At your next sign-in you will set up your authenticator app again. If you did not ask for this, tell your manager." + EmailTemplates.Signature);
}
