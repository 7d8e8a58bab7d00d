using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Accounts;

/// <summary>
/// Per-account sign-in throttle, in PostgreSQL so that every API instance sees the same count. After
/// <see cref="AccountOptions.FreeLoginFailures"/> failures each further failure doubles the wait (1 s, 2 s, 4 s …) up to
/// <see cref="AccountOptions.MaxLoginDelay"/>. It never locks an account for good: once the wait is over the right password
/// signs in (and clears the count), and failures older than a day are forgotten. Unknown emails are counted the same way,
/// so the answer does not tell whether an account exists.
/// </summary>
public sealed class LoginThrottle(NpgsqlDataSource dataSource, OrganisationClock clock, IOptions<AccountOptions> options)
{
    static readonly TimeSpan FailureMemory = TimeSpan.FromDays(1);

    public static TimeSpan DelayAfter(int failures, int freeFailures, TimeSpan max)
        => failures < freeFailures ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Min(max.TotalSeconds, Math.Pow(2, Math.Min(failures - freeFailures, 30))));

    /// <summary>Throws 429 while the email is waiting out a delay.</summary>
    public async Task EnsureAllowedAsync(string email, CancellationToken cancellationToken)
    {
        const string sql = "select blocked_until from login_throttle where account_key = @Key";
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var blockedUntil = await connection.QuerySingleOrDefaultAsync<DateTime?>(new CommandDefinition(sql, new { Key = AccountTokens.Key("login", email) }, cancellationToken: cancellationToken));
        var now = clock.Now;
        if (blockedUntil is { } until && new DateTimeOffset(DateTime.SpecifyKind(until, DateTimeKind.Utc)) > now)
        {
            var wait = new DateTimeOffset(DateTime.SpecifyKind(until, DateTimeKind.Utc)) - now;
            throw new TooManyRequestsException($"Too many failed sign-ins for this email. Try again in {Describe(wait)}.", "sign-in.throttled", wait);
        }
    }

    public async Task RecordFailureAsync(string email, CancellationToken cancellationToken)
    {
        var now = clock.Now;
        const string sql = """
            insert into login_throttle (account_key, failures, last_failure_at) values (@Key, 1, @Now)
            on conflict (account_key) do update set
                failures = case when login_throttle.last_failure_at < @ForgetBefore then 1 else login_throttle.failures + 1 end,
                last_failure_at = @Now
            returning failures
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var key = AccountTokens.Key("login", email);
        var failures = await connection.ExecuteScalarAsync<int>(new CommandDefinition(sql, new { Key = key, Now = now.UtcDateTime, ForgetBefore = (now - FailureMemory).UtcDateTime }, cancellationToken: CancellationToken.None));
        var delay = DelayAfter(failures, options.Value.FreeLoginFailures, options.Value.MaxLoginDelay);
        if (delay > TimeSpan.Zero)
        {
            const string block = "update login_throttle set blocked_until = @Until where account_key = @Key";
            await connection.ExecuteAsync(new CommandDefinition(block, new { Key = key, Until = (now + delay).UtcDateTime }, cancellationToken: CancellationToken.None));
        }
    }

    public async Task ResetAsync(string email, CancellationToken cancellationToken)
    {
        const string sql = "delete from login_throttle where account_key = @Key";
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(sql, new { Key = AccountTokens.Key("login", email) }, cancellationToken: cancellationToken));
    }

    static string Describe(TimeSpan wait)
        => wait.TotalSeconds < 90 ? Plural(Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)), "second") : Plural((int)Math.Ceiling(wait.TotalMinutes), "minute");

    static string Plural(int count, string unit) => count == 1 ? $"1 {unit}" : $"{count} {unit}s";
}
