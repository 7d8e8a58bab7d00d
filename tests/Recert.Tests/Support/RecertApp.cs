using Recert.Tests;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Recert.Tests.Support;

/// <summary>The real API over the test database, with the clock under the test's control.</summary>
public sealed class RecertApp : WebApplicationFactory<Program>
{
    public const string StaffEmail = "staff@recert.test";
    // Staff passwords need 15+ characters, not a common one, not containing the email's local part.
    public const string StaffPassword = "back-office-password-for-tests";

    readonly Dictionary<string, string?> settings;
    readonly Action<IServiceCollection>? configureServices;

    public RecertApp(Dictionary<string, string?>? extraSettings = null, Action<IServiceCollection>? configureServices = null)
    {
        this.configureServices = configureServices;
        settings = new Dictionary<string, string?>
        {
            // The PostgreSQL server is shared: a bounded pool makes bursts of concurrent requests wait for a connection
            // instead of exhausting the server's connection slots.
            ["ConnectionStrings:Recert"] = new Npgsql.NpgsqlConnectionStringBuilder(TestDatabase.ConnectionString) { MaxPoolSize = 30, Timeout = 30, ApplicationName = AppName() }.ConnectionString,
            ["Recert:RateLimits:AuthPerMinute"] = "100000",
            ["Recert:RateLimits:ProviderPerMinute"] = "100000",
            ["Recert:RateLimits:PartnerUnauthenticatedPerMinute"] = "100000",
            // Drills send a thousand requests at once on purpose; admission control has its own tests.
            ["Recert:Capacity:ConcurrentRequests"] = "4000",
            ["Recert:Credentials:VerifyPerMinute"] = "100000",
            // The fake clock stands still: without this, one test's many uploads would hit the per-account rate.
            ["Recert:Uploads:MaxPerMinute"] = "100000",
            ["Recert:Uploads:MaxPerDay"] = "100000",
            // Tests run webhook dispatch passes themselves (WebhookDispatcher.DispatchOnceAsync).
            ["Recert:Webhooks:DispatcherEnabled"] = "false",
            // Test receivers listen on http://127.0.0.1; which addresses are allowed is up to each test class (default: public only).
            ["Recert:Webhooks:AllowHttp"] = "true",
            ["Recert:BootstrapStaff:Email"] = StaffEmail,
            ["Recert:BootstrapStaff:Password"] = StaffPassword,
            // Tests run the scheduled jobs (outbox, reminders, overdue audits) themselves, one deterministic pass at a time.
            ["Recert:BackgroundJobs:Enabled"] = "false",
            ["Recert:Email:PickupDirectory"] = Path.Combine(Path.GetTempPath(), "recert-test-mail"),
            ["Recert:Payments:TimeoutSeconds"] = "1",
            ["Recert:Payments:RetryDelayMilliseconds"] = "10",
            // The tests of one class share the app: failures staged by one test must not open the breaker for the next.
            ["Recert:Payments:CircuitBreakerMinimumThroughput"] = "100000",
        };
        foreach (var (key, value) in extraSettings ?? [])
        {
            settings[key] = value;
        }
    }

    /// <summary>pg_stat_activity then says which test class's app holds a connection.</summary>
    static string AppName()
    {
        var name = NUnit.Framework.TestContext.CurrentContext.Test.ClassName ?? "tests";
        return name[(name.LastIndexOf('.') + 1)..];
    }

    /// <summary>Noon in Los Angeles on 2026-06-01 unless a test moves it.</summary>
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 6, 1, 19, 0, 0, TimeSpan.Zero));

    /// <summary>Arm it to hold concurrent requests until they are all in flight (see <see cref="RequestBarrier"/>).</summary>
    public RequestBarrier Barrier { get; } = new();

    public void SetToday(DateOnly date, int hourInLosAngeles = 12)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");
        var local = date.ToDateTime(new TimeOnly(hourInLosAngeles, 0));
        Time.AdjustTime(new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime());
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Time);
            services.AddSingleton<IStartupFilter>(new RequestBarrierStartupFilter(Barrier));
            configureServices?.Invoke(services);
        });
    }
}
