using Microsoft.EntityFrameworkCore;

namespace Mainstay.Data;

/// <summary>
/// Copies SQLite's write-ahead log back into the database file on a thread of its own, for the writes that must not
/// wait for it. Left to itself, SQLite does that copy (a checkpoint: a thousand pages read and written, then an fsync of
/// the database file) inside whichever commit takes the log past a thousand pages. At the dosing window that commit is
/// the dose writer's, with every station's dose waiting behind it: in a rush of 3,000 doses, six or seven commits took
/// 8–14 ms instead of 2–3. The dose writer therefore commits with the automatic checkpoint turned off
/// (<see cref="WithoutCheckpointAsync"/>) and, every <see cref="CommitsPerCheckpoint"/> commits, asks for one here. A
/// passive checkpoint takes no write lock: the writer keeps appending to the log meanwhile. Other writes keep SQLite's
/// automatic checkpoint, so the log never grows without one. PostgreSQL has nothing to do here.
/// </summary>
public sealed class WalCheckpoints(IServiceScopeFactory scopes, ILogger<WalCheckpoints> log) : IDisposable
{
    /// <summary>About a thousand log pages: a batch of doses dirties a few dozen.</summary>
    public const int CommitsPerCheckpoint = 24;

    /// <summary>SQLite's default (a thousand pages), which every other connection keeps.</summary>
    private const string Automatic = "PRAGMA wal_autocheckpoint=1000";

    private readonly SemaphoreSlim wake = new(0, 1);
    private readonly Lock gate = new();
    private Thread? worker;
    private int commits;
    private int completed;
    private bool stopping;

    /// <summary>Checkpoints run so far (for tests and the bench).</summary>
    public int Completed => Volatile.Read(ref completed);

    /// <summary>
    /// Runs <paramref name="write"/> on <paramref name="db"/>'s connection (opened here for the whole of it) with the
    /// automatic checkpoint off, so its commit only appends to the log; counts the commit toward the next background
    /// checkpoint. On PostgreSQL simply runs it.
    /// </summary>
    public async Task<T> WithoutCheckpointAsync<T>(MainstayDb db, Func<Task<T>> write, CancellationToken ct)
    {
        if (db.Provider != DatabaseProvider.Sqlite)
        {
            return await write();
        }

        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_autocheckpoint=0", ct);
            try
            {
                return await write();
            }
            finally
            {
                // The connection goes back to the pool: the next user gets SQLite's own checkpoint again.
                await db.Database.ExecuteSqlRawAsync(Automatic, CancellationToken.None);
                Committed();
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private void Committed()
    {
        if (Interlocked.Increment(ref commits) % CommitsPerCheckpoint != 0)
        {
            return;
        }

        lock (gate)
        {
            if (stopping)
            {
                return;
            }

            if (worker is null)
            {
                worker = new Thread(CheckpointWhenAsked) { IsBackground = true, Name = "Mainstay WAL checkpoints" };
                worker.Start();
            }
        }

        try
        {
            wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // One is already asked for; it will copy these pages too.
        }
    }

    private void CheckpointWhenAsked()
    {
        while (true)
        {
            wake.Wait();
            lock (gate)
            {
                if (stopping)
                {
                    return;
                }
            }

            try
            {
                CheckpointAsync().GetAwaiter().GetResult();
                Interlocked.Increment(ref completed);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The next request tries again, and any other write's automatic checkpoint still copies the log.
                log.LogWarning(ex, "A background checkpoint of the write-ahead log failed.");
            }
        }
    }

    private async Task CheckpointAsync()
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
        await db.Database.OpenConnectionAsync();
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                // busy, pages in the log, pages copied: read so that the checkpoint runs to its end
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            stopping = true;
        }

        try
        {
            wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // already awake
        }
    }
}
