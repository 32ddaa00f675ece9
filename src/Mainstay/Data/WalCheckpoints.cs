using Mainstay.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Data;

/// <summary>
/// The dose writer's own SQLite connection, and the copying of SQLite's write-ahead log back into the database file on a
/// thread of its own. Left to itself, SQLite does that copy (a checkpoint: a thousand pages read and written, then an
/// fsync of the database file) inside whichever commit takes the log past a thousand pages. At the dosing window that
/// commit is the dose writer's, with every station's dose waiting behind it: in a rush of 3,000 doses, six or seven
/// commits took 8–14 ms instead of 2–3. The dose writer therefore commits on a connection of its own with the automatic
/// checkpoint turned off (<see cref="OpenWriterContext"/>) and, every <see cref="CommitsPerCheckpoint"/> commits, asks
/// for one here. A passive checkpoint takes no write lock: the writer keeps appending to the log meanwhile. Other
/// connections keep SQLite's automatic checkpoint, so the log never grows without one. PostgreSQL has nothing to do here.
/// </summary>
public sealed class WalCheckpoints(IServiceScopeFactory scopes, StorageSettings storage, ILogger<WalCheckpoints> log) : IDisposable
{
    /// <summary>About a thousand log pages: a batch of doses dirties a few dozen.</summary>
    public const int CommitsPerCheckpoint = 24;

    /// <summary>
    /// The writer connection's page cache (SQLite's default is 2,000 KiB): the index pages a morning's doses touch, for
    /// a few thousand patients, stay in memory from batch to batch.
    /// </summary>
    public const int WriterCacheKiB = 32 * 1024;

    private readonly SemaphoreSlim wake = new(0, 1);
    private readonly Lock gate = new();
    private Thread? worker;
    private int commits;
    private int completed;
    private bool stopping;
    private SqliteConnection? writerConnection;
    private DbContextOptions<SqliteMainstayDb>? writerOptions;

    /// <summary>Checkpoints run so far (for tests and the bench).</summary>
    public int Completed => Volatile.Read(ref completed);

    /// <summary>
    /// On SQLite, a new context on the dose writer's own connection, which stays open from batch to batch (the caller
    /// disposes the context, never the connection). A pooled connection came to each batch with an empty page cache:
    /// SQLite empties a connection's cache when another connection has written since it last read, and the writer took
    /// whichever connection a station had used last, so every batch read its index pages from the file again. This one
    /// only the writer uses, so its cache stays valid. Its commits only append to the log (automatic checkpoint off);
    /// <see cref="Committed"/> counts them toward the background checkpoint. Null on PostgreSQL, where the writer takes
    /// a pooled context. Called from the writer's thread only.
    /// </summary>
    public MainstayDb? OpenWriterContext()
    {
        if (storage.Provider != DatabaseProvider.Sqlite)
        {
            return null;
        }

        if (writerConnection is null || writerOptions is null)
        {
            // Not pooled: its pragmas differ from every other connection's, so it must never be handed to anyone else.
            var connection = new SqliteConnection(new SqliteConnectionStringBuilder(storage.ConnectionString) { Pooling = false }.ConnectionString);
            try
            {
                connection.Open();
                SqliteDurability.For(storage).Apply(connection);
                using var command = connection.CreateCommand();
                command.CommandText = $"PRAGMA wal_autocheckpoint=0; PRAGMA cache_size=-{WriterCacheKiB};";
                command.ExecuteNonQuery();
            }
            catch
            {
                connection.Dispose();
                throw;
            }

            var options = new DbContextOptionsBuilder<SqliteMainstayDb>();
            DataServices.ConfigureSqlite(options, storage, connection);
            (writerConnection, writerOptions) = (connection, options.Options);
        }

        return new SqliteMainstayDb(writerOptions);
    }

    /// <summary>Closes the writer's connection (after a failed batch, or when the writer stops); the next batch opens a new one.</summary>
    public void CloseWriterConnection()
    {
        writerConnection?.Dispose();
        (writerConnection, writerOptions) = (null, null);
    }

    /// <summary>Counts a commit of the dose writer toward the next background checkpoint.</summary>
    public void Committed()
    {
        if (storage.Provider != DatabaseProvider.Sqlite)
        {
            return;
        }

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
