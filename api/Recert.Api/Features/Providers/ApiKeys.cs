using Dapper;
using FluentValidation;
using MediatR;
using Npgsql;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Providers;

public sealed record ApiKeyResponse(Guid Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>The key itself is in this answer only: it is stored hashed.</summary>
public sealed record IssuedApiKeyResponse(Guid Id, string Name, string Prefix, string Key, DateTimeOffset CreatedAt);

public sealed record IssueApiKeyCommand(Guid ProviderId, string? Name) : ICommand<IssuedApiKeyResponse>;

public sealed class IssueApiKeyValidator : AbstractValidator<IssueApiKeyCommand>
{
    public IssueApiKeyValidator() => RuleFor(c => c.Name).MaximumLength(100);
}

internal sealed class IssueApiKeyHandler(DbSession db, ICurrentUser currentUser, OrganisationClock clock) : IRequestHandler<IssueApiKeyCommand, IssuedApiKeyResponse>
{
    public Task<IssuedApiKeyResponse> Handle(IssueApiKeyCommand request, CancellationToken cancellationToken)
        => ApiKeyIssuer.IssueAsync(db, request.ProviderId, request.Name, currentUser.Id, clock.Now, cancellationToken);
}

/// <summary>A provider's own portal user issues a key: refused while the provider is suspended, like its other writes.</summary>
public sealed record IssueOwnApiKeyCommand(Guid ProviderId, string? Name) : ICommand<IssuedApiKeyResponse>, IProviderWrite;

public sealed class IssueOwnApiKeyValidator : AbstractValidator<IssueOwnApiKeyCommand>
{
    public IssueOwnApiKeyValidator() => RuleFor(c => c.Name).MaximumLength(100);
}

internal sealed class IssueOwnApiKeyHandler(DbSession db, ICurrentUser currentUser, OrganisationClock clock) : IRequestHandler<IssueOwnApiKeyCommand, IssuedApiKeyResponse>
{
    public Task<IssuedApiKeyResponse> Handle(IssueOwnApiKeyCommand request, CancellationToken cancellationToken)
        => ApiKeyIssuer.IssueAsync(db, request.ProviderId, request.Name, currentUser.Id, clock.Now, cancellationToken);
}

static class ApiKeyIssuer
{
    public static async Task<IssuedApiKeyResponse> IssueAsync(DbSession db, Guid providerId, string? requestedName, Guid? createdBy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await ProviderStore.FindAsync(db.Connection, providerId, cancellationToken, db.Transaction);
        var (prefix, key) = ProviderKeys.Generate();
        var name = string.IsNullOrWhiteSpace(requestedName) ? "API key" : requestedName.Trim();
        const string sql = """
            insert into provider_api_keys (provider_id, name, prefix, key_hash, created_by, created_at)
            values (@ProviderId, @Name, @Prefix, @KeyHash, @CreatedBy, @CreatedAt)
            returning id
            """;
        var id = await db.Connection.ExecuteScalarAsync<Guid>(db.Command(sql, new
        {
            ProviderId = providerId,
            Name = name,
            Prefix = prefix,
            KeyHash = ProviderKeys.Hash(key),
            CreatedBy = createdBy,
            CreatedAt = now.UtcDateTime,
        }, cancellationToken));
        return new IssuedApiKeyResponse(id, name, prefix, key, now);
    }
}

public sealed record RevokeApiKeyCommand(Guid ProviderId, Guid KeyId) : ICommand<ApiKeyResponse>;

internal sealed class RevokeApiKeyHandler(DbSession db, OrganisationClock clock) : IRequestHandler<RevokeApiKeyCommand, ApiKeyResponse>
{
    public async Task<ApiKeyResponse> Handle(RevokeApiKeyCommand request, CancellationToken cancellationToken)
    {
        const string sql = """
            update provider_api_keys set revoked_at = coalesce(revoked_at, @Now)
            where id = @KeyId and provider_id = @ProviderId
            returning id, name, prefix, created_at, revoked_at
            """;
        var row = await db.Connection.QuerySingleOrDefaultAsync<ApiKeyRow>(db.Command(sql, new
        {
            request.KeyId,
            request.ProviderId,
            Now = clock.Now.UtcDateTime,
        }, cancellationToken)) ?? throw new NotFoundException($"No API key {request.KeyId} for this provider.");
        return row.ToResponse();
    }
}

public sealed record ListApiKeysQuery(Guid ProviderId) : IQuery<IReadOnlyList<ApiKeyResponse>>;

internal sealed class ListApiKeysHandler(NpgsqlDataSource dataSource) : IRequestHandler<ListApiKeysQuery, IReadOnlyList<ApiKeyResponse>>
{
    public async Task<IReadOnlyList<ApiKeyResponse>> Handle(ListApiKeysQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await ProviderStore.FindAsync(connection, request.ProviderId, cancellationToken);
        const string sql = """
            select id, name, prefix, created_at, revoked_at from provider_api_keys
            where provider_id = @ProviderId order by created_at, id
            """;
        var rows = await connection.QueryAsync<ApiKeyRow>(new CommandDefinition(sql, new { request.ProviderId }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToResponse()).ToList();
    }
}

sealed record ApiKeyRow(Guid Id, string Name, string Prefix, DateTime CreatedAt, DateTime? RevokedAt)
{
    public ApiKeyResponse ToResponse() => new(Id, Name, Prefix, Utc(CreatedAt), RevokedAt is { } revoked ? Utc(revoked) : null);

    static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
