using System.Collections.Concurrent;
using System.Data.Common;
using Mainstay.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Mainstay.Data;

public static class DataServices
{
    /// <summary>Registers the provider-specific context and exposes it as <see cref="MainstayDb"/>.</summary>
    public static IServiceCollection AddMainstayData(this IServiceCollection services, StorageSettings storage)
    {
        switch (storage.Provider)
        {
            case DatabaseProvider.PostgreSql:
                services.AddDbContextPool<PostgresMainstayDb>(o => ConfigurePostgres(o, storage));
                services.AddScoped<MainstayDb>(sp => sp.GetRequiredService<PostgresMainstayDb>());
                break;
            case DatabaseProvider.Sqlite:
                Directory.CreateDirectory(storage.DataDirectory);
                services.AddDbContextPool<SqliteMainstayDb>(o => ConfigureSqlite(o, storage));
                services.AddScoped<MainstayDb>(sp => sp.GetRequiredService<SqliteMainstayDb>());
                break;
        }

        return services;
    }

    internal static void ConfigureSqlite(DbContextOptionsBuilder o, StorageSettings storage) =>
        GatedAndDurable(o.UseSqlite(storage.ConnectionString), storage);

    /// <summary>As <see cref="ConfigureSqlite(DbContextOptionsBuilder, StorageSettings)"/>, on a connection the caller owns (and keeps open).</summary>
    internal static void ConfigureSqlite(DbContextOptionsBuilder o, StorageSettings storage, DbConnection connection) =>
        GatedAndDurable(o.UseSqlite(connection), storage);

    private static void GatedAndDurable(DbContextOptionsBuilder o, StorageSettings storage) =>
        o.AddInterceptors(SqliteDurability.For(storage), SqliteWriteGateInterceptor.Instance, AccountChangeWatch.Instance)
            .AddInterceptors(storage.Interceptors)
            .ReplaceService<Microsoft.EntityFrameworkCore.Storage.IRelationalTransactionFactory, SqliteGatedTransactionFactory>();

    internal static void ConfigurePostgres(DbContextOptionsBuilder o, StorageSettings storage) =>
        o.UseNpgsql(storage.ConnectionString).AddInterceptors(AccountChangeWatch.Instance).AddInterceptors(storage.Interceptors);

    /// <summary>Opens a context outside the web host (CLI commands, tests, benchmarks).</summary>
    public static MainstayDb Open(StorageSettings storage)
    {
        switch (storage.Provider)
        {
            case DatabaseProvider.PostgreSql:
                var pg = new DbContextOptionsBuilder<PostgresMainstayDb>();
                ConfigurePostgres(pg, storage);
                return new PostgresMainstayDb(pg.Options);
            case DatabaseProvider.Sqlite:
                Directory.CreateDirectory(storage.DataDirectory);
                var lite = new DbContextOptionsBuilder<SqliteMainstayDb>();
                ConfigureSqlite(lite, storage);
                return new SqliteMainstayDb(lite.Options);
            default:
                throw new InvalidOperationException($"Unknown provider {storage.Provider}.");
        }
    }
}

/// <summary>
/// What is acknowledged is on disk: every SQLite connection runs in WAL mode with
/// <c>synchronous=FULL</c> (fsync at every commit) and waits up to the busy timeout (30 s unless set) for a busy writer;
/// with a size quota, <c>max_page_count</c> caps the file. The pragmas run once per native connection: a pooled
/// connection keeps them, and EF opens the pooled connection again for every query outside a transaction.
/// </summary>
internal sealed class SqliteDurability : DbConnectionInterceptor
{
    /// <summary>SQLite's default page size, which Mainstay's databases keep.</summary>
    public const int PageBytes = 4096;

    private static readonly ConcurrentDictionary<(int, int?), SqliteDurability> Instances = new();

    private readonly string pragmas;

    private SqliteDurability(int busyTimeoutSeconds, int? maxMegabytes) =>
        pragmas = $"PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout={busyTimeoutSeconds * 1000};"
                  + (maxMegabytes is { } mb ? $" PRAGMA max_page_count={(long)mb * 1024 * 1024 / PageBytes};" : "");

    public static SqliteDurability For(StorageSettings storage) =>
        Instances.GetOrAdd((storage.BusyTimeoutSeconds, storage.MaxDatabaseMegabytes), k => new SqliteDurability(k.Item1, k.Item2));

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, object> Prepared = [];

    /// <summary>Runs the pragmas on a connection opened outside EF (once per native connection).</summary>
    public void Apply(DbConnection connection)
    {
        var handle = (connection as Microsoft.Data.Sqlite.SqliteConnection)?.Handle;
        if (handle is not null && Prepared.TryGetValue(handle, out _))
        {
            return;
        }

        using var command = connection.CreateCommand();
        command.CommandText = pragmas;
        command.ExecuteNonQuery();
        if (handle is not null)
        {
            Prepared.AddOrUpdate(handle, Prepared);
        }
    }
}
