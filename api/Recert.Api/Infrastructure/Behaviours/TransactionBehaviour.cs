using MediatR;
using Npgsql;
using Polly;
using Polly.Registry;

namespace Recert.Api.Infrastructure.Behaviours;

/// <summary>
/// Runs each command in one transaction. A transient PostgreSQL failure (connection lost, serialization failure,
/// deadlock) rolls everything back and the whole command is retried through the "postgres" Polly pipeline.
/// </summary>
public sealed class TransactionBehaviour<TRequest, TResponse>(
    DbSession session,
    ResiliencePipelineProvider<string> pipelines)
    : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        if (request is not ICommand<TResponse> || session.InTransaction)
        {
            return await next();
        }

        var pipeline = pipelines.GetPipeline(ResiliencePipelines.Postgres);
        return await pipeline.ExecuteAsync(
            async token =>
            {
                await session.BeginAsync(token);
                try
                {
                    var response = await next();
                    await session.CommitAsync(token);
                    return response;
                }
                finally
                {
                    await session.CloseAsync();
                }
            },
            cancellationToken);
    }
}

public static class ResiliencePipelines
{
    public const string Postgres = "postgres";

    public static bool IsTransient(Exception exception) => exception switch
    {
        PostgresException postgres => postgres.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected,
        NpgsqlException npgsql => npgsql.IsTransient,
        _ => false,
    };
}
