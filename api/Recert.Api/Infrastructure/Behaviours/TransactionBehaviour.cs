using MediatR;
using Npgsql;
using Polly;
using Polly.Registry;

namespace Recert.Api.Infrastructure.Behaviours;

/// <summary>
/// Runs each command in one transaction. A transient PostgreSQL failure (connection lost, serialization failure,
/// deadlock) before COMMIT rolls everything back and the whole command is retried through the "postgres" Polly
/// pipeline. A connection lost during COMMIT is different: the server may have committed, so running the command
/// again could apply it twice. It is never retried; the caller gets a 503 saying the outcome is unknown (a partner
/// retrying with its Idempotency-Key then gets the stored answer if the first attempt committed).
/// </summary>
public sealed class TransactionBehaviour<TRequest, TResponse>(
    DbSession session,
    ResiliencePipelineProvider<string> pipelines,
    IEnumerable<ICommitHook> commitHooks)
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
                    await CommitAsync(request!, token);
                    return response;
                }
                finally
                {
                    await session.CloseAsync();
                }
            },
            cancellationToken);
    }

    async Task CommitAsync(object request, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var hook in commitHooks)
            {
                await hook.BeforeCommitAsync(request, session.Connection, cancellationToken);
            }

            await session.CommitAsync(cancellationToken);
        }
        catch (NpgsqlException exception) when (exception is not PostgresException || IsConnectionLoss((PostgresException)exception))
        {
            // The COMMIT got no answer (I/O error, connection closed or the server going away): it may or may not have committed.
            throw new CommitOutcomeUnknownException(exception);
        }
    }

    static bool IsConnectionLoss(PostgresException exception)
        => exception.SqlState.StartsWith("08", StringComparison.Ordinal)
           || exception.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow;
}

/// <summary>The connection broke while committing: the command may have been applied. Never retried automatically.</summary>
public sealed class CommitOutcomeUnknownException(Exception inner)
    : Exception("The database connection broke while saving; the change may or may not have been saved.", inner)
{
    public const string Code = "transaction.outcome-unknown";
}

/// <summary>Runs just before a command's COMMIT on its connection. None in production; tests use it to break the connection there.</summary>
public interface ICommitHook
{
    Task BeforeCommitAsync(object request, NpgsqlConnection connection, CancellationToken cancellationToken);
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
