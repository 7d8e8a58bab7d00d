using System.Data;
using Dapper;
using Npgsql;

namespace Recert.Api.Infrastructure;

/// <summary>
/// The connection and transaction of the current command, opened by the transaction behaviour.
/// Handlers of commands write through it so that every write of one use case commits or rolls back together.
/// </summary>
public sealed class DbSession(NpgsqlDataSource dataSource) : IAsyncDisposable
{
    NpgsqlConnection? connection;
    NpgsqlTransaction? transaction;

    public bool InTransaction => transaction is not null;

    public NpgsqlConnection Connection
        => connection ?? throw new InvalidOperationException("No transaction: only commands write through DbSession.");

    public NpgsqlTransaction Transaction
        => transaction ?? throw new InvalidOperationException("No transaction: only commands write through DbSession.");

    public CommandDefinition Command(string sql, object? parameters, CancellationToken cancellationToken)
        => new(sql, parameters, Transaction, cancellationToken: cancellationToken);

    public async Task BeginAsync(CancellationToken cancellationToken)
    {
        connection = await dataSource.OpenConnectionAsync(cancellationToken);
        transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
    }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        await Transaction.CommitAsync(cancellationToken);
        await CloseAsync();
    }

    public async Task CloseAsync()
    {
        if (transaction is not null)
        {
            await transaction.DisposeAsync();
            transaction = null;
        }

        if (connection is not null)
        {
            await connection.DisposeAsync();
            connection = null;
        }
    }

    public ValueTask DisposeAsync() => new(CloseAsync());
}
