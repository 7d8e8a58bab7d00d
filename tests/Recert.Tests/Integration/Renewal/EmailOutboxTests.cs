using Microsoft.Extensions.DependencyInjection;
using Recert.Api.Features.Email;
using Recert.Tests.Support;

namespace Recert.Tests.Integration.Renewal;

public sealed class EmailOutboxTests : RenewalTest
{
    Task<int> SendPendingAsync() => App.Services.GetRequiredService<EmailOutboxSender>().SendPendingAsync();

    [Test]
    public async Task An_smtp_outage_delays_mail_and_the_email_is_later_sent_exactly_once()
    {
        var client = await EligibleHolderAsync("CPT-70");
        await SubmitAsync(client, "CPT-70");
        await PayAsync(client);

        Mail.Failing = true;
        Assert.That(await SendPendingAsync(), Is.EqualTo(0));
        Assert.Multiple(async () =>
        {
            Assert.That(Mail.Sent, Is.Empty);
            Assert.That(await ScalarAsync<long>("select count(*) from email_outbox where sent_at is null and attempts = 1 and last_error is not null"), Is.EqualTo(3));
        });

        // The server is back, but the emails wait for their next attempt; then they go, once.
        Mail.Failing = false;
        Assert.That(await SendPendingAsync(), Is.EqualTo(0));
        App.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.That(await SendPendingAsync(), Is.EqualTo(3));  // the holder's verification email (issue 9) and the two renewal emails
        Assert.That(await SendPendingAsync(), Is.EqualTo(0));
        Assert.Multiple(async () =>
        {
            Assert.That(Mail.Sent.Select(m => m.Subject), Is.EquivalentTo(new[]
            {
                "Confirm your email address for Recert",
                "We received your recertification application (CPT-70)",
                "CPT-70 is renewed until July 31, 2028",
            }));
            Assert.That(Mail.Sent.Select(m => m.To.ToString()), Is.All.EqualTo(HolderEmail("CPT-70")));
            Assert.That(await ScalarAsync<long>("select count(*) from email_outbox where sent_at is null"), Is.EqualTo(0));
        });
    }

    [Test]
    public async Task Several_senders_running_at_once_send_each_email_once()
    {
        var client = await EligibleHolderAsync("CPT-71");
        await SubmitAsync(client, "CPT-71");
        await PayAsync(client);

        var sent = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(SendPendingAsync)));
        Assert.Multiple(() =>
        {
            // The holder's verification email (issue 9) and the two renewal emails.
            Assert.That(sent.Sum(), Is.EqualTo(3));
            Assert.That(Mail.Sent, Has.Count.EqualTo(3));
        });
    }

    [Test]
    public async Task Expiry_reminders_go_out_at_90_30_and_7_days_once_each_and_stop_once_renewed()
    {
        await HolderAsync("CPT-72", Expiry);
        var renewing = await EligibleHolderAsync("CPT-73");

        Task<int> QueueAsync() => RunAsync(s => s.GetRequiredService<ReminderScheduler>().QueueDueRemindersAsync());
        App.SetToday(Expiry.AddDays(-91));
        Assert.That(await QueueAsync(), Is.EqualTo(0));
        App.SetToday(Expiry.AddDays(-90));
        Assert.That(await QueueAsync(), Is.EqualTo(2));
        Assert.That(await QueueAsync(), Is.EqualTo(0));

        await SignInAgainAsync(renewing, HolderEmail("CPT-73"));
        await SubmitAsync(renewing, "CPT-73");
        await PayAsync(renewing);

        App.SetToday(Expiry.AddDays(-30));
        Assert.That(await QueueAsync(), Is.EqualTo(1));
        App.SetToday(Expiry.AddDays(-3));
        Assert.That(await QueueAsync(), Is.EqualTo(1));
        Assert.That(await QueueAsync(), Is.EqualTo(0));
        Assert.Multiple(async () =>
        {
            Assert.That(await QueuedEmailKindsAsync("CPT-72"), Is.EqualTo(new[] { "expiry-reminder-90", "expiry-reminder-30", "expiry-reminder-7" }));
            Assert.That(await QueuedEmailKindsAsync("CPT-73"), Does.Not.Contain("expiry-reminder-30"));
        });
    }
}

/// <summary>The default transport of the README's run command: .eml files in a folder a person can open.</summary>
public sealed class EmailPickupDirectoryTests : RenewalTest
{
    readonly string directory = Path.Combine(Path.GetTempPath(), "recert-pickup-" + Guid.NewGuid().ToString("N"));

    protected override Dictionary<string, string?> Settings => new(base.Settings) { ["Recert:Email:PickupDirectory"] = directory };

    protected override void ConfigureServices(IServiceCollection services)
    {
    }

    [OneTimeTearDown]
    public void RemoveDirectory()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public async Task Emails_are_written_as_eml_files()
    {
        var client = await EligibleHolderAsync("CPT-74");
        await SubmitAsync(client, "CPT-74");
        await PayAsync(client);

        Assert.That(await App.Services.GetRequiredService<EmailOutboxSender>().SendPendingAsync(), Is.EqualTo(3));  // the holder's verification email (issue 9) and the two renewal emails
        var files = Directory.GetFiles(directory, "*.eml");
        var texts = files.Select(File.ReadAllText).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(files, Has.Length.EqualTo(3));
            Assert.That(texts, Has.One.Contains("Subject: We received your recertification application (CPT-74)"));
            Assert.That(texts, Has.All.Contains("To: " + HolderEmail("CPT-74")));
        });
    }
}

/// <summary>The real MailKit transport against an SMTP server that is down, then up.</summary>
public sealed class SmtpOutageTests : RenewalTest
{
    static readonly int Port = TinySmtpServer.FreePort();

    protected override Dictionary<string, string?> Settings => new(base.Settings)
    {
        ["Recert:Email:Smtp:Host"] = "127.0.0.1",
        ["Recert:Email:Smtp:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Recert:Email:Smtp:UseStartTls"] = "false",
        ["Recert:Email:From"] = "Recert <no-reply@recert.test>",
    };

    protected override void ConfigureServices(IServiceCollection services)
    {
    }

    [Test]
    public async Task Mail_waits_while_the_server_is_down_and_is_sent_once_when_it_is_back()
    {
        var client = await EligibleHolderAsync("CPT-75");
        await SubmitAsync(client, "CPT-75");
        await PayAsync(client);
        var sender = App.Services.GetRequiredService<EmailOutboxSender>();

        Assert.That(await sender.SendPendingAsync(), Is.EqualTo(0));
        Assert.That(await ScalarAsync<long>("select count(*) from email_outbox where sent_at is null and last_error is not null"), Is.EqualTo(3));

        await using var server = new TinySmtpServer(Port);
        server.Start();
        App.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.That(await sender.SendPendingAsync(), Is.EqualTo(3));  // the holder's verification email (issue 9) and the two renewal emails
        Assert.That(await sender.SendPendingAsync(), Is.EqualTo(0));
        Assert.Multiple(() =>
        {
            Assert.That(server.Messages, Has.Count.EqualTo(3));
            Assert.That(server.Messages, Has.One.Contains("Subject: CPT-75 is renewed until July 31, 2028"));
            Assert.That(server.Messages, Has.All.Contains("From: Recert <no-reply@recert.test>"));
        });
    }
}
