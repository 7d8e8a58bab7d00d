using Dapper;
using Microsoft.Extensions.Options;
using MimeKit;
using Npgsql;
using Polly;
using Polly.Registry;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Email;

/// <summary>
/// Delivers the outbox. Each email is claimed with FOR UPDATE SKIP LOCKED (so several instances never send the same
/// one), sent, and marked sent in the same short transaction right after the send. A failed send stays pending with a
/// later next attempt: a broken SMTP server delays mail, it never loses it.
/// </summary>
public sealed class EmailOutboxSender(
    NpgsqlDataSource dataSource,
    IEmailTransport transport,
    OrganisationClock clock,
    ResiliencePipelineProvider<string> pipelines,
    IOptions<EmailOptions> options,
    IOptions<Accounts.AccountOptions> accountOptions,
    ILogger<EmailOutboxSender> logger)
{
    public const string Pipeline = "email";
    const int BatchSize = 50;

    sealed record PendingEmail(Guid Id, string ToAddress, string Subject, string Body, int Attempts, string? LinkPath);

    /// <summary>One pass over the emails due now; returns how many were sent.</summary>
    public async Task<int> SendPendingAsync(CancellationToken cancellationToken = default)
    {
        var sent = 0;
        var failedIds = new HashSet<Guid>();
        for (var i = 0; i < BatchSize; i++)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            const string claim = """
                select id, to_address, subject, body, attempts, link_path from email_outbox
                where sent_at is null and next_attempt_at <= @Now and not (id = any(@Skip))
                order by next_attempt_at, created_at
                limit 1
                for update skip locked
                """;
            var email = await connection.QuerySingleOrDefaultAsync<PendingEmail>(new CommandDefinition(
                claim, new { Now = clock.Now.UtcDateTime, Skip = failedIds.ToArray() }, transaction, cancellationToken: cancellationToken));
            if (email is null)
            {
                break;
            }

            try
            {
                await pipelines.GetPipeline(Pipeline).ExecuteAsync(
                    async token => await transport.SendAsync(ToMessage(email), token), cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                var attempts = email.Attempts + 1;
                logger.LogWarning(exception, "Email {EmailId} not sent (attempt {Attempts}); it stays in the outbox.", email.Id, attempts);
                const string failed = "update email_outbox set attempts = @Attempts, last_error = @Error, next_attempt_at = @Next where id = @Id";
                await connection.ExecuteAsync(new CommandDefinition(failed, new
                {
                    email.Id,
                    Attempts = attempts,
                    Error = Truncate(exception.GetType().Name + ": " + exception.Message, 500),
                    Next = clock.Now.UtcDateTime + Backoff(attempts),
                }, transaction, cancellationToken: CancellationToken.None));
                await transaction.CommitAsync(CancellationToken.None);
                failedIds.Add(email.Id);
                continue;
            }

            const string markSent = "update email_outbox set sent_at = @Now, attempts = attempts + 1, last_error = null where id = @Id";
            await connection.ExecuteAsync(new CommandDefinition(markSent, new { email.Id, Now = clock.Now.UtcDateTime }, transaction, cancellationToken: CancellationToken.None));
            await transaction.CommitAsync(CancellationToken.None);
            sent++;
        }

        return sent;
    }

    /// <summary>1, 2, 4 … minutes, at most an hour.</summary>
    public static TimeSpan Backoff(int attempts) => TimeSpan.FromMinutes(Math.Min(60, Math.Pow(2, Math.Min(attempts - 1, 6))));

    MimeMessage ToMessage(PendingEmail email)
    {
        var message = new MimeMessage
        {
            // The same id on every attempt lets mail systems recognise a resend.
            MessageId = $"{email.Id:N}@recert",
            Subject = email.Subject,
            Body = new TextPart("plain") { Text = WithLink(email) },
            Date = clock.Now,
        };
        message.From.Add(MailboxAddress.Parse(options.Value.From));
        message.To.Add(MailboxAddress.Parse(email.ToAddress));
        return message;
    }

    /// <summary>Every email about a certification says where to see it in the portal, just before the signature.</summary>
    string WithLink(PendingEmail email)
    {
        if (email.LinkPath is not { Length: > 0 } path)
        {
            return email.Body;
        }

        var line = $"\n\nSee it in Recert: {accountOptions.Value.PublicBaseUrl.TrimEnd('/')}{path}";
        var signature = email.Body.LastIndexOf(EmailTemplates.Signature, StringComparison.Ordinal);
        return signature < 0 ? email.Body + line : email.Body.Insert(signature, line);
    }

    static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}

/// <summary>
/// Delivers the outbox every poll while the API is up. Every instance runs it: claims with SKIP LOCKED share the work.
/// The scheduled renewal jobs (reminders, overdue audits) run once per period through <see cref="ScheduledJobs"/>.
/// </summary>
public sealed class RenewalBackgroundService(IServiceProvider services, IConfiguration configuration, IOptions<EmailOptions> options, ILogger<RenewalBackgroundService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("Recert:BackgroundJobs:Enabled", true))
        {
            return;
        }

        var period = TimeSpan.FromSeconds(Math.Max(1, options.Value.PollSeconds));
        var sender = services.GetRequiredService<EmailOutboxSender>();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await sender.SendPendingAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(exception, "A pass of the email outbox failed; the next pass retries.");
            }

            try
            {
                await Task.Delay(period, TimeProvider.System, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
