using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Recert.Api.Features.Email;

public sealed class EmailOptions
{
    public string From { get; set; } = "Recert <no-reply@recert.local>";
    /// <summary>When set (and no SMTP host), each email is written there as an .eml file a person can open.</summary>
    public string? PickupDirectory { get; set; }
    public SmtpOptions Smtp { get; set; } = new();
    public int PollSeconds { get; set; } = 15;
}

public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public string? User { get; set; }
    public string? Password { get; set; }
    public bool UseStartTls { get; set; } = true;
}

/// <summary>The port through which mail leaves; a failure throws and the email stays in the outbox.</summary>
public interface IEmailTransport
{
    Task SendAsync(MimeMessage message, CancellationToken cancellationToken);
}

public sealed class SmtpEmailTransport(IOptions<EmailOptions> options) : IEmailTransport
{
    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var smtp = options.Value.Smtp;
        using var client = new SmtpClient { Timeout = 30_000 };
        await client.ConnectAsync(smtp.Host ?? throw new InvalidOperationException("Set Recert:Email:Smtp:Host."), smtp.Port, smtp.UseStartTls ? SecureSocketOptions.StartTls : SecureSocketOptions.Auto, cancellationToken);
        if (!string.IsNullOrEmpty(smtp.User))
        {
            await client.AuthenticateAsync(smtp.User, smtp.Password ?? string.Empty, cancellationToken);
        }

        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(true, cancellationToken);
    }
}

public sealed class PickupDirectoryEmailTransport(IOptions<EmailOptions> options, IHostEnvironment environment) : IEmailTransport
{
    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var directory = options.Value.PickupDirectory is { Length: > 0 } configured
            ? configured
            : Path.Combine(environment.ContentRootPath, ".data", "mail");
        Directory.CreateDirectory(directory);
        var name = $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{message.MessageId ?? Guid.NewGuid().ToString("N")}.eml";
        var path = Path.Combine(directory, string.Concat(name.Split(Path.GetInvalidFileNameChars())));
        await using var file = File.Create(path);
        await message.WriteToAsync(file, cancellationToken);
    }
}
