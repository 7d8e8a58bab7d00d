using Dapper;
using Recert.Api.Domain;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Email;

/// <param name="LinkPath">The portal page the email is about (a relative path); the sender adds the public address.</param>
/// <param name="Notify">Also list it among the holder's in-app notifications, with the subject as its title.</param>
public sealed record OutgoingEmail(
    string Kind, string To, string Subject, string Body, Guid? CertificationId = null, string? DedupeKey = null, string? LinkPath = null, bool Notify = false);

/// <summary>
/// The transactional outbox: an email is written in the same transaction as the change it reports, so it is sent
/// if and only if the change commits. <see cref="EmailOutboxSender"/> delivers it later.
/// </summary>
public static class EmailOutbox
{
    /// <returns>False when an email with the same dedupe key was already queued.</returns>
    public static async Task<bool> EnqueueAsync(DbSession db, OutgoingEmail email, DateTimeOffset now, CancellationToken cancellationToken)
    {
        const string sql = """
            insert into email_outbox (certification_id, kind, dedupe_key, to_address, subject, body, link_path, created_at, next_attempt_at)
            values (@CertificationId, @Kind, @DedupeKey, @To, @Subject, @Body, @LinkPath, @Now, @Now)
            on conflict (dedupe_key) do nothing
            """;
        var inserted = await db.Connection.ExecuteAsync(db.Command(sql, new
        {
            email.CertificationId,
            email.Kind,
            email.DedupeKey,
            email.To,
            email.Subject,
            email.Body,
            email.LinkPath,
            Now = now.UtcDateTime,
        }, cancellationToken));
        if (inserted == 1 && email.Notify && email.CertificationId is { } certificationId && email.LinkPath is { } linkPath)
        {
            await Notifications.NotificationStore.AddAsync(db, certificationId, email.Kind, email.Subject, linkPath, now, cancellationToken);
        }

        return inserted == 1;
    }
}

/// <summary>
/// The texts of the emails; each names the certification and what happens next. Dates read as on the portal
/// (<see cref="HumanDates"/>), deadlines with the organisation's time zone.
/// </summary>
public static class EmailTemplates
{
    public const string Signature = "\n\nThe Recertification Department\nAdvisors: 800-460-6276 (Mon–Thu 5 am–6 pm, Fri 5 am–5 pm, Sat–Sun 7 am–4 pm Pacific)";

    public static OutgoingEmail ApplicationReceived(Guid certificationId, string to, string name, string number, long amountCents, string currency)
        => new("application-received", to, $"We received your recertification application ({number})",
            $"Hello {name},\n\nWe received your paid recertification application for {number} ({Money(amountCents, currency)}). " +
            "We will let you know as soon as it is decided." + Signature, certificationId, LinkPath: Page(number, "/receipts"));

    public static OutgoingEmail AuditRequested(Guid certificationId, string to, string name, string number, DateOnly dueOn, string timeZoneLabel)
        => new("audit-requested", to, $"Your recertification ({number}) was selected for audit",
            $"Hello {name},\n\nYour application for {number} was selected at random for audit. Attach the documentation of each " +
            $"CE activity and CPR/AED card listed in your application and submit it by {HumanDates.EndOfDay(dueOn, timeZoneLabel)}. " +
            "An audit not answered in time fails." + Signature, certificationId, LinkPath: Page(number, "/audit"), Notify: true);

    public static OutgoingEmail AuditReminder(Guid certificationId, Guid applicationId, string to, string name, string number, DateOnly dueOn, string timeZoneLabel)
        => new("audit-reminder", to, $"Reminder: your audit documentation for {number} is due on {HumanDates.Date(dueOn)}",
            $"Hello {name},\n\nYour audit documentation for {number} is due on {HumanDates.EndOfDay(dueOn, timeZoneLabel)}, 7 days from now or less." + Signature,
            certificationId, $"audit-reminder:{applicationId}", Page(number, "/audit"), Notify: true);

    public static OutgoingEmail Renewed(Guid certificationId, string to, string name, string number, DateOnly cycleStart, DateOnly expiresOn)
        => new("decision-approved", to, $"{number} is renewed until {HumanDates.Date(expiresOn)}",
            $"Hello {name},\n\nYour recertification is approved. {number} is valid from {HumanDates.Date(cycleStart)} until {HumanDates.Date(expiresOn)}." + Signature,
            certificationId, LinkPath: Page(number, ""), Notify: true);

    public static OutgoingEmail AuditFailed(Guid certificationId, string to, string name, string number, IEnumerable<string> reasons)
        => new("decision-audit-failed", to, $"The audit of your recertification ({number}) did not pass",
            $"Hello {name},\n\nThe audit of your application for {number} did not pass:\n- " + string.Join("\n- ", reasons) +
            "\n\nCall an advisor to talk about your options." + Signature, certificationId, LinkPath: Page(number, ""), Notify: true);

    public static OutgoingEmail Rejected(Guid certificationId, string to, string name, string number, string reason)
        => new("decision-rejected", to, $"Your recertification application ({number}) was rejected",
            $"Hello {name},\n\nYour application for {number} was rejected: {reason}" + Signature, certificationId, LinkPath: Page(number, ""), Notify: true);

    public static OutgoingEmail PetitionDecided(Guid certificationId, string to, string name, string number, string title, bool approved, decimal? ceus, string? reason)
        => new(approved ? "decision-petition-approved" : "decision-petition-denied", to,
            approved ? $"Your petition for \"{title}\" is approved" : $"Your petition for \"{title}\" is denied",
            approved
                ? $"Hello {name},\n\nYour petition for \"{title}\" is approved for {ceus:0.0#} CEU on {number}." + Signature
                : $"Hello {name},\n\nYour petition for \"{title}\" is denied: {reason}\nThe petition fee is nonrefundable." + Signature,
            certificationId, LinkPath: Page(number, "/petitions"), Notify: true);

    public static OutgoingEmail ExpiryReminder(Guid certificationId, string to, string name, string number, DateOnly expiresOn, int threshold, string timeZoneLabel)
        => new($"expiry-reminder-{threshold}", to, $"{number} expires on {HumanDates.Date(expiresOn)}",
            $"Hello {name},\n\n{number} expires on {HumanDates.EndOfDay(expiresOn, timeZoneLabel)}, in {threshold} days or less. " +
            "Make sure you have 2.0 CEUs and a current CPR/AED card, then renew online. Applications received after the " +
            "expiry date pay a late fee." + Signature,
            certificationId, $"expiry-reminder:{certificationId}:{expiresOn:yyyy-MM-dd}:{threshold}", Page(number, "/renew"));

    /// <summary>A certification's page in the portal (numbers are letters, digits and dashes; escaped all the same).</summary>
    public static string Page(string number, string rest) => "/certifications/" + Uri.EscapeDataString(number) + rest;

    static string Money(long cents, string currency) => $"{cents / 100m:0.00} {currency}";
}
