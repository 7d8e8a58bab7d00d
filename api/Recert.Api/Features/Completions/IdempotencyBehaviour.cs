using System.Text.Json;
using MediatR;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Completions;

/// <summary>A partner command that may carry an Idempotency-Key, bound to the hash of the request it came in.</summary>
public interface IIdempotentCommand
{
    Guid ProviderId { get; }

    string? IdempotencyKey { get; }

    string? RequestHash { get; }
}

/// <summary>Set for the request when its command was not run but answered from the key's stored answer.</summary>
public sealed class IdempotentReplay
{
    public IdempotentAnswer? Answer { get; set; }
}

/// <summary>
/// Runs inside the command's transaction (see <see cref="IdempotencyStore"/>): claims the key on the command's connection,
/// replays a stored answer, or runs the command and stores its answer so that both commit together.
/// </summary>
public sealed class IdempotencyBehaviour<TRequest, TResponse>(DbSession db, IdempotencyStore store, IdempotentReplay replay)
    : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        if (request is not IIdempotentCommand { IdempotencyKey: { } key } command)
        {
            return await next();
        }

        var requestHash = command.RequestHash ?? throw new InvalidOperationException("An Idempotency-Key needs the hash of its request.");
        if (await store.ClaimAsync(db, command.ProviderId, key, requestHash, cancellationToken) is { } stored)
        {
            replay.Answer = stored;
            return JsonSerializer.Deserialize<TResponse>(stored.Body, Json.Options)!;
        }

        var response = await next();
        await store.CompleteAsync(db, command.ProviderId, key, requestHash,
            new IdempotentAnswer(StatusCodes.Status200OK, JsonSerializer.Serialize(response, Json.Options)), cancellationToken);
        return response;
    }
}
