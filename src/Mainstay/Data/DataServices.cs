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
                services.AddDbContextPool<PostgresMainstayDb>(o => ConfigurePostgres(o, storage.ConnectionString));
                services.AddScoped<MainstayDb>(sp => sp.GetRequiredService<PostgresMainstayDb>());
                break;
            case DatabaseProvider.Sqlite:
                Directory.CreateDirectory(storage.DataDirectory);
                services.AddDbContextPool<SqliteMainstayDb>(o => ConfigureSqlite(o, storage.ConnectionString));
                services.AddScoped<MainstayDb>(sp => sp.GetRequiredService<SqliteMainstayDb>());
                break;
        }

        return services;
    }

    internal static void ConfigureSqlite(DbContextOptionsBuilder o, string connectionString) =>
        o.UseSqlite(connectionString)
            .AddInterceptors(SqliteDurability.Instance, SqliteWriteGateInterceptor.Instance)
            .ReplaceService<Microsoft.EntityFrameworkCore.Storage.IRelationalTransactionFactory, SqliteGatedTransactionFactory>();

    internal static void ConfigurePostgres(DbContextOptionsBuilder o, string connectionString) =>
        o.UseNpgsql(connectionString);

    /// <summary>Opens a context outside the web host (CLI commands, tests, benchmarks).</summary>
    public static MainstayDb Open(StorageSettings storage)
    {
        switch (storage.Provider)
        {
            case DatabaseProvider.PostgreSql:
                var pg = new DbContextOptionsBuilder<PostgresMainstayDb>();
                ConfigurePostgres(pg, storage.ConnectionString);
                return new PostgresMainstayDb(pg.Options);
            case DatabaseProvider.Sqlite:
                Directory.CreateDirectory(storage.DataDirectory);
                var lite = new DbContextOptionsBuilder<SqliteMainstayDb>();
                ConfigureSqlite(lite, storage.ConnectionString);
                return new SqliteMainstayDb(lite.Options);
            default:
                throw new InvalidOperationException($"Unknown provider {storage.Provider}.");
        }
    }
}

/// <summary>
/// What is acknowledged is on disk: every SQLite connection runs in WAL mode with
/// <c>synchronous=FULL</c> (fsync at every commit) and waits up to 30 s for a busy writer. The pragmas
/// run once per native connection: a pooled connection keeps them, and EF opens the pooled
/// connection again for every query outside a transaction.
/// </summary>
internal sealed class SqliteDurability : DbConnectionInterceptor
{
    public static readonly SqliteDurability Instance = new();

    private const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, object> Prepared = [];

    private static void Apply(DbConnection connection)
    {
        var handle = (connection as Microsoft.Data.Sqlite.SqliteConnection)?.Handle;
        if (handle is not null && Prepared.TryGetValue(handle, out _))
        {
            return;
        }

        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
        if (handle is not null)
        {
            Prepared.AddOrUpdate(handle, Prepared);
        }
    }
}
