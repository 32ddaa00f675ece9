using Microsoft.Data.Sqlite;
using Npgsql;

namespace Mainstay.Data;

/// <summary>Why the database refused a write that was itself valid.</summary>
public enum StorageFailure
{
    /// <summary>Another writer held the lock longer than the busy timeout (SQLite BUSY/LOCKED, PostgreSQL lock_not_available).</summary>
    Busy,

    /// <summary>No room to write (SQLite FULL: the disk or the size quota; PostgreSQL disk_full).</summary>
    Full,

    /// <summary>The database server cannot be reached or is starting or shutting down.</summary>
    Unavailable,
}

/// <summary>
/// Recognises the database's own refusals, wherever EF Core wrapped them, and says what to tell the person. Each one
/// rolled back the transaction it happened in, so the message can say nothing was saved.
/// </summary>
public static class StorageFailures
{
    public static StorageFailure? Classify(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case DatabaseBusyException:
                case SqliteException { SqliteErrorCode: 5 or 6 }: // SQLITE_BUSY, SQLITE_LOCKED
                case PostgresException { SqlState: "55P03" or "40P01" }: // lock_not_available, deadlock_detected
                    return StorageFailure.Busy;
                case SqliteException { SqliteErrorCode: 13 }: // SQLITE_FULL
                case PostgresException { SqlState: "53100" }: // disk_full
                    return StorageFailure.Full;
                case PostgresException { SqlState: "53300" or "57P01" or "57P02" or "57P03" }: // too_many_connections, admin/crash shutdown, cannot_connect_now
                case NpgsqlException { InnerException: System.Net.Sockets.SocketException or TimeoutException or IOException }:
                    return StorageFailure.Unavailable;
            }
        }

        return null;
    }

    /// <summary>503 for a busy or unreachable database (try again), 507 Insufficient Storage for a full one.</summary>
    public static int Status(StorageFailure failure) => failure == StorageFailure.Full ? StatusCodes.Status507InsufficientStorage : StatusCodes.Status503ServiceUnavailable;

    public static string Title(StorageFailure failure) => failure switch
    {
        StorageFailure.Busy => "The database is busy",
        StorageFailure.Full => "The database has no room to save",
        _ => "The database cannot be reached",
    };

    public static string Detail(StorageFailure failure) => failure switch
    {
        StorageFailure.Busy => new DatabaseBusyException().Message,
        StorageFailure.Full => "The server's disk (or the database's size limit) is full, so nothing of this was saved. Tell your administrator; "
                               + "records already saved are safe and can still be read. Keep this page open and try again once space is freed.",
        _ => "The database server cannot be reached, so nothing of this was saved. Try again in a moment; if it persists, tell your administrator.",
    };
}
