using Dapper;
using FluentValidation;
using MediatR;
using Npgsql;
using Recert.Api.Features.Providers;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Webhooks;

public sealed record WebhookEndpointResponse(
    Guid Id,
    string Url,
    IReadOnlyList<string> EventTypes,
    string? Description,
    bool Disabled,
    DateTimeOffset CreatedAt,
    DateTimeOffset? PreviousSecretExpiresAt);

/// <summary>The secret is in this answer only (creation and rotation).</summary>
public sealed record WebhookEndpointCreatedResponse(Guid Id, string Url, IReadOnlyList<string> EventTypes, string? Description, string Secret);

public sealed record CreateWebhookEndpointCommand(Guid ProviderId, string Url, IReadOnlyList<string>? EventTypes, string? Secret, string? Description)
    : ICommand<WebhookEndpointCreatedResponse>, IProviderWrite;

public sealed class CreateWebhookEndpointValidator : AbstractValidator<CreateWebhookEndpointCommand>
{
    public CreateWebhookEndpointValidator()
    {
        RuleFor(c => c.Url).Must(StandardWebhooks.IsValidUrl)
            .WithMessage("Give an absolute http:// or https:// URL (at most 2000 characters, no user info or fragment).");
        RuleFor(c => c.EventTypes).NotEmpty().WithMessage($"Subscribe to at least one of: {string.Join(", ", WebhookEventTypes.All)}.");
        RuleForEach(c => c.EventTypes).Must(t => WebhookEventTypes.All.Contains(t))
            .WithMessage($"Event types are: {string.Join(", ", WebhookEventTypes.All)}.");
        RuleFor(c => c.Secret).Must(s => StandardWebhooks.TryGetKey(s, out _)).When(c => c.Secret is not null)
            .WithMessage("A secret is whsec_ followed by the base64 of 24 to 64 random bytes; leave it out to have one generated.");
        RuleFor(c => c.Description).MaximumLength(200);
    }
}

internal sealed class CreateWebhookEndpointHandler(DbSession db, OrganisationClock clock, WebhookDestinations destinations, WebhookSecrets secrets)
    : IRequestHandler<CreateWebhookEndpointCommand, WebhookEndpointCreatedResponse>
{
    const int MaxEndpointsPerProvider = 20;

    public async Task<WebhookEndpointCreatedResponse> Handle(CreateWebhookEndpointCommand request, CancellationToken cancellationToken)
    {
        await destinations.EnsureAllowedAsync(request.Url, cancellationToken);
        const string count = "select count(*) from webhook_endpoints where provider_id = @ProviderId and disabled_at is null";
        if (await db.Connection.ExecuteScalarAsync<long>(db.Command(count, new { request.ProviderId }, cancellationToken)) >= MaxEndpointsPerProvider)
        {
            throw new RuleViolationException("webhook.too-many-endpoints", $"A provider may have at most {MaxEndpointsPerProvider} active endpoints.");
        }

        var secret = request.Secret ?? StandardWebhooks.NewSecret();
        var eventTypes = request.EventTypes!.Distinct().ToArray();
        const string sql = """
            insert into webhook_endpoints (provider_id, url, event_types, secret, description, created_at, updated_at)
            values (@ProviderId, @Url, @EventTypes, @Secret, @Description, @Now, @Now)
            returning id
            """;
        var id = await db.Connection.ExecuteScalarAsync<Guid>(db.Command(sql, new
        {
            request.ProviderId,
            Url = request.Url.Trim(),
            EventTypes = eventTypes,
            Secret = secrets.Protect(secret),
            Description = request.Description?.Trim(),
            Now = clock.Now.UtcDateTime,
        }, cancellationToken));
        return new WebhookEndpointCreatedResponse(id, request.Url.Trim(), eventTypes, request.Description?.Trim(), secret);
    }
}

public sealed record ListWebhookEndpointsQuery(Guid ProviderId) : IQuery<IReadOnlyList<WebhookEndpointResponse>>;

internal sealed class ListWebhookEndpointsHandler(NpgsqlDataSource dataSource)
    : IRequestHandler<ListWebhookEndpointsQuery, IReadOnlyList<WebhookEndpointResponse>>
{
    public async Task<IReadOnlyList<WebhookEndpointResponse>> Handle(ListWebhookEndpointsQuery request, CancellationToken cancellationToken)
    {
        const string sql = """
            select id, url, array_to_string(event_types, ' ') as event_types, description, disabled_at, created_at, previous_secret_expires_at
            from webhook_endpoints where provider_id = @ProviderId order by created_at, id
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<EndpointRow>(new CommandDefinition(sql, new { request.ProviderId }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToResponse()).ToList();
    }
}

public sealed record DisableWebhookEndpointCommand(Guid ProviderId, Guid EndpointId) : ICommand<bool>, IProviderWrite;

internal sealed class DisableWebhookEndpointHandler(DbSession db, OrganisationClock clock) : IRequestHandler<DisableWebhookEndpointCommand, bool>
{
    public async Task<bool> Handle(DisableWebhookEndpointCommand request, CancellationToken cancellationToken)
    {
        const string sql = """
            with endpoint as (
                update webhook_endpoints set disabled_at = coalesce(disabled_at, @Now), updated_at = @Now
                where id = @EndpointId and provider_id = @ProviderId
                returning id),
            abandoned as (
                update webhook_deliveries set state = 'failed', last_error = 'The endpoint was disabled.', updated_at = @Now
                where endpoint_id in (select id from endpoint) and state = 'pending')
            select count(*) from endpoint
            """;
        var found = await db.Connection.ExecuteScalarAsync<long>(db.Command(sql, new { request.EndpointId, request.ProviderId, Now = clock.Now.UtcDateTime }, cancellationToken));
        return found > 0 ? true : throw new NotFoundException($"No webhook endpoint {request.EndpointId}.");
    }
}

public sealed record RotateWebhookSecretCommand(Guid ProviderId, Guid EndpointId, string? Secret) : ICommand<WebhookEndpointCreatedResponse>, IProviderWrite;

public sealed class RotateWebhookSecretValidator : AbstractValidator<RotateWebhookSecretCommand>
{
    public RotateWebhookSecretValidator()
        => RuleFor(c => c.Secret).Must(s => StandardWebhooks.TryGetKey(s, out _)).When(c => c.Secret is not null)
            .WithMessage("A secret is whsec_ followed by the base64 of 24 to 64 random bytes; leave it out to have one generated.");
}

internal sealed class RotateWebhookSecretHandler(DbSession db, OrganisationClock clock, WebhookSecrets secrets)
    : IRequestHandler<RotateWebhookSecretCommand, WebhookEndpointCreatedResponse>
{
    public static readonly TimeSpan PreviousSecretLifetime = TimeSpan.FromHours(24);

    public async Task<WebhookEndpointCreatedResponse> Handle(RotateWebhookSecretCommand request, CancellationToken cancellationToken)
    {
        var secret = request.Secret ?? StandardWebhooks.NewSecret();
        var now = clock.Now;
        const string sql = """
            update webhook_endpoints
            set previous_secret = secret, previous_secret_expires_at = @PreviousUntil, secret = @Secret, updated_at = @Now
            where id = @EndpointId and provider_id = @ProviderId and disabled_at is null
            returning id, url, array_to_string(event_types, ' ') as event_types, description
            """;
        var row = await db.Connection.QuerySingleOrDefaultAsync<RotatedRow>(db.Command(sql, new
        {
            request.EndpointId,
            request.ProviderId,
            Secret = secrets.Protect(secret),
            PreviousUntil = (now + PreviousSecretLifetime).UtcDateTime,
            Now = now.UtcDateTime,
        }, cancellationToken)) ?? throw new NotFoundException($"No active webhook endpoint {request.EndpointId}.");
        return new WebhookEndpointCreatedResponse(row.Id, row.Url, row.EventTypes.Split(' '), row.Description, secret);
    }

    sealed record RotatedRow(Guid Id, string Url, string EventTypes, string? Description);
}

sealed record EndpointRow(Guid Id, string Url, string EventTypes, string? Description, DateTime? DisabledAt, DateTime CreatedAt, DateTime? PreviousSecretExpiresAt)
{
    public WebhookEndpointResponse ToResponse() => new(Id, Url, EventTypes.Split(' '), Description, DisabledAt is not null, Utc(CreatedAt),
        PreviousSecretExpiresAt is { } expires ? Utc(expires) : null);

    static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
