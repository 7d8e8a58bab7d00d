using System.Security.Cryptography;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Npgsql;

namespace Recert.Api.Features.Webhooks;

/// <summary>
/// Webhook signing secrets are kept encrypted (ASP.NET Core Data Protection, a purpose of their own): the API must
/// read them back to sign, so they cannot be hashed like API keys. Rows written before encryption hold the plain
/// <c>whsec_</c> value; <see cref="Reveal"/> still accepts that form, and <see cref="WebhookSecretsAtRestService"/>
/// encrypts such rows at start-up.
/// </summary>
public sealed class WebhookSecrets(IDataProtectionProvider provider)
{
    const string Purpose = "Recert.Webhooks.SigningSecret.v1";

    readonly IDataProtector protector = provider.CreateProtector(Purpose);

    public string Protect(string secret) => protector.Protect(secret);

    /// <summary>The plain secret, or null when it cannot be decrypted (its Data Protection key is gone).</summary>
    public string? Reveal(string stored)
    {
        if (stored.StartsWith(StandardWebhooks.SecretPrefix, StringComparison.Ordinal))
        {
            return stored;
        }

        try
        {
            return protector.Unprotect(stored);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>Encrypts the secrets still stored in clear; returns how many rows it changed.</summary>
    public async Task<int> EncryptLegacyAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        const string select = """
            select id, secret, previous_secret from webhook_endpoints
            where secret like 'whsec\_%' or previous_secret like 'whsec\_%'
            """;
        const string update = """
            update webhook_endpoints set secret = @NewSecret, previous_secret = @NewPrevious
            where id = @Id and secret = @Secret and previous_secret is not distinct from @PreviousSecret
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<LegacyRow>(new CommandDefinition(select, cancellationToken: cancellationToken))).AsList();
        var changed = 0;
        foreach (var row in rows)
        {
            changed += await connection.ExecuteAsync(new CommandDefinition(update, new
            {
                row.Id,
                row.Secret,
                row.PreviousSecret,
                NewSecret = ProtectIfPlain(row.Secret),
                NewPrevious = row.PreviousSecret is null ? null : ProtectIfPlain(row.PreviousSecret),
            }, cancellationToken: cancellationToken));
        }

        return changed;
    }

    string ProtectIfPlain(string value) => value.StartsWith(StandardWebhooks.SecretPrefix, StringComparison.Ordinal) ? Protect(value) : value;

    sealed record LegacyRow(Guid Id, string Secret, string? PreviousSecret);
}

/// <summary>Once at start-up: encrypts webhook secrets left in clear by versions before encryption at rest.</summary>
public sealed class WebhookSecretsAtRestService(WebhookSecrets secrets, NpgsqlDataSource dataSource, ILogger<WebhookSecretsAtRestService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            var changed = await secrets.EncryptLegacyAsync(dataSource, cancellationToken);
            if (changed > 0)
            {
                logger.LogInformation("Encrypted the signing secrets of {Count} webhook endpoints stored in clear.", changed);
            }
        }
        catch (Exception exception) when (exception is NpgsqlException or PostgresException)
        {
            // Not fatal: the dispatcher accepts the plain form, and the next start tries again.
            logger.LogWarning("Could not encrypt the webhook secrets stored in clear ({Error}).", exception.GetType().Name);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
