using Dapper;
using MediatR;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Providers;

/// <summary>A command a provider's API key sends that changes something: refused while the provider is suspended.</summary>
public interface IProviderWrite
{
    Guid ProviderId { get; }
}

/// <summary>
/// The one place suspension stops a provider's writes (completions, CSV, voids, xAPI, webhooks): 403 with code
/// provider.suspended. Reads stay open so a suspended provider can still see what it sent. Runs inside the command's
/// transaction and reads the provider row FOR SHARE, so a write already past this check commits before a suspension
/// that races with it, and none starts after.
/// </summary>
public sealed class ProviderSuspensionBehaviour<TRequest, TResponse>(DbSession db) : IPipelineBehavior<TRequest, TResponse>
{
    public const string Code = "provider.suspended";

    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        if (request is IProviderWrite write)
        {
            const string sql = "select suspended_at is not null from providers where id = @ProviderId for share";
            var suspended = await db.Connection.QuerySingleOrDefaultAsync<bool>(db.Command(sql, new { write.ProviderId }, cancellationToken));
            if (suspended)
            {
                throw new ForbiddenException("The provider is suspended: its API keys can read but not send or change anything until staff reinstate it.", Code);
            }
        }

        return await next();
    }
}
