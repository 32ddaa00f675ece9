using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace Mainstay.Data;

/// <summary>
/// One writer at a time per SQLite file, queued in the process instead of in SQLite. SQLite lets one
/// connection write; the others get SQLITE_BUSY and wait in its busy handler, which sleeps a growing
/// 1–100 ms on a blocked thread-pool thread. Under a morning rush (32 stations dispensing at once)
/// that sleeping, not the work, set the pace. Here a transaction first takes the file's gate, a
/// <see cref="SemaphoreSlim"/> awaited without blocking a thread, in arrival order, and gives it back
/// the moment it commits, rolls back or is disposed. Readers never take it (WAL readers do not block).
/// Another process writing the same file still meets SQLite's own lock and busy timeout.
/// </summary>
public sealed class SqliteWriteGate
{
    /// <summary>How long a writer waits for the gate before the request is answered 503 (SQLite's busy timeout).</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static readonly ConcurrentDictionary<string, SqliteWriteGate> Gates = new(StringComparer.Ordinal);

    private readonly SemaphoreSlim slot = new(1, 1);
    private int waiting;

    private SqliteWriteGate()
    {
    }

    /// <summary>The gate of the file a connection points at (in-memory databases share one per connection string).</summary>
    public static SqliteWriteGate For(DbConnection connection) =>
        Gates.GetOrAdd(string.IsNullOrEmpty(connection.DataSource) || connection.DataSource == ":memory:"
            ? connection.ConnectionString
            : Path.GetFullPath(connection.DataSource), _ => new SqliteWriteGate());

    /// <summary>Writers queued for the gate right now (not counting the one that holds it).</summary>
    public int Waiting => Volatile.Read(ref waiting);

    public async Task EnterAsync(CancellationToken ct)
    {
        Interlocked.Increment(ref waiting);
        try
        {
            if (!await slot.WaitAsync(Patience, ct))
            {
                throw new DatabaseBusyException();
            }
        }
        finally
        {
            Interlocked.Decrement(ref waiting);
        }
    }

    public void Enter()
    {
        if (!slot.Wait(Patience))
        {
            throw new DatabaseBusyException();
        }
    }

    public void Exit() => slot.Release();
}

/// <summary>The database stayed busy with other writers longer than <see cref="SqliteWriteGate.Patience"/>; nothing was written.</summary>
public sealed class DatabaseBusyException() : TimeoutException("The database is busy with other writes; nothing was saved. Try again in a moment.");

/// <summary>Takes the gate before SQLite's BEGIN (and gives it back if BEGIN fails).</summary>
internal sealed class SqliteWriteGateInterceptor : DbTransactionInterceptor
{
    public static readonly SqliteWriteGateInterceptor Instance = new();

    public override InterceptionResult<DbTransaction> TransactionStarting(
        DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        var gate = SqliteWriteGate.For(connection);
        gate.Enter();
        try
        {
            return InterceptionResult<DbTransaction>.SuppressWithResult(connection.BeginTransaction(eventData.IsolationLevel));
        }
        catch
        {
            gate.Exit();
            throw;
        }
    }

    public override async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(
        DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        var gate = SqliteWriteGate.For(connection);
        await gate.EnterAsync(cancellationToken);
        try
        {
            return InterceptionResult<DbTransaction>.SuppressWithResult(await connection.BeginTransactionAsync(eventData.IsolationLevel, cancellationToken));
        }
        catch
        {
            gate.Exit();
            throw;
        }
    }
}

/// <summary>Makes EF's transactions give the gate back when they end (commit, rollback or dispose, whichever comes first).</summary>
internal sealed class SqliteGatedTransactionFactory(RelationalTransactionFactoryDependencies dependencies) : RelationalTransactionFactory(dependencies)
{
    public override RelationalTransaction Create(
        IRelationalConnection connection,
        DbTransaction transaction,
        Guid transactionId,
        IDiagnosticsLogger<DbLoggerCategory.Database.Transaction> logger,
        bool transactionOwned) =>
        transactionOwned
            ? new GatedTransaction(connection, transaction, transactionId, logger, Dependencies.SqlGenerationHelper)
            : base.Create(connection, transaction, transactionId, logger, transactionOwned); // UseTransaction: the caller's, never gated here

    private sealed class GatedTransaction(
        IRelationalConnection connection,
        DbTransaction transaction,
        Guid transactionId,
        IDiagnosticsLogger<DbLoggerCategory.Database.Transaction> logger,
        ISqlGenerationHelper sql)
        : RelationalTransaction(connection, transaction, transactionId, logger, transactionOwned: true, sql)
    {
        private readonly SqliteWriteGate gate = SqliteWriteGate.For(transaction.Connection!);
        private int released;

        protected override void ClearTransaction()
        {
            try
            {
                base.ClearTransaction();
            }
            finally
            {
                Release();
            }
        }

        protected override async Task ClearTransactionAsync(CancellationToken cancellationToken = default)
        {
            try
            {
                await base.ClearTransactionAsync(cancellationToken);
            }
            finally
            {
                Release();
            }
        }

        public override void Dispose()
        {
            try
            {
                base.Dispose();
            }
            finally
            {
                Release();
            }
        }

        public override async ValueTask DisposeAsync()
        {
            try
            {
                await base.DisposeAsync();
            }
            finally
            {
                Release();
            }
        }

        private void Release()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                gate.Exit();
            }
        }
    }
}
