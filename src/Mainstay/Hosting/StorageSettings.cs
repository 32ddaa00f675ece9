using Mainstay.Data;

namespace Mainstay.Hosting;

/// <summary>
/// Where the clinic's data lives: a data folder (SQLite database, data-protection keys, exports)
/// and, optionally, a PostgreSQL connection string. A connection string with <c>Host=</c> means
/// PostgreSQL; anything else is read as a SQLite connection string.
/// </summary>
public sealed record StorageSettings(string DataDirectory, string? DatabaseConnection)
{
    public const string DataEnvironmentVariable = "MAINSTAY_DATA";
    public const string DatabaseEnvironmentVariable = "MAINSTAY_DATABASE";
    public const string BusyTimeoutEnvironmentVariable = "MAINSTAY_BUSY_TIMEOUT_SECONDS";
    public const string MaxDatabaseEnvironmentVariable = "MAINSTAY_MAX_DATABASE_MB";

    /// <summary>
    /// How long a write waits for a lock another writer holds (SQLite's busy timeout, PostgreSQL's lock_timeout) before
    /// the person is told the database is busy and that nothing was saved.
    /// </summary>
    public int BusyTimeoutSeconds { get; init; } = 30;

    /// <summary>
    /// SQLite only: the size the database file may grow to, in MB (a quota on a shared disk). A write that needs more is
    /// refused as a full disk would refuse it, and nothing of it is saved. Null: only the disk limits it.
    /// </summary>
    public int? MaxDatabaseMegabytes { get; init; }

    /// <summary>
    /// EF Core interceptors added to every context after Mainstay's own. The product sets none; tests use them to make the
    /// database fail at a chosen moment (a commit whose answer is lost, say), which a real database does only by accident.
    /// </summary>
    public IReadOnlyList<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor> Interceptors { get; init; } = [];

    public static StorageSettings Resolve(string? dataOption, string? databaseOption)
    {
        var data = dataOption
            ?? NonEmpty(Environment.GetEnvironmentVariable(DataEnvironmentVariable))
            ?? Path.Combine(Environment.CurrentDirectory, "mainstay-data");
        var database = databaseOption ?? NonEmpty(Environment.GetEnvironmentVariable(DatabaseEnvironmentVariable));
        return new StorageSettings(Path.GetFullPath(data), NonEmpty(database))
        {
            BusyTimeoutSeconds = Whole(BusyTimeoutEnvironmentVariable, 1, 3600) ?? 30,
            MaxDatabaseMegabytes = Whole(MaxDatabaseEnvironmentVariable, 1, 16 * 1024 * 1024),
        };
    }

    /// <summary>A whole number from the environment, or null when unset; out of range or not a number stops with a message naming it.</summary>
    private static int? Whole(string variable, int least, int most)
    {
        if (NonEmpty(Environment.GetEnvironmentVariable(variable)) is not { } text)
        {
            return null;
        }

        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= least && n <= most
            ? n
            : throw new SettingsException($"{variable}={text} must be a whole number from {least} to {most}.");
    }

    public DatabaseProvider Provider =>
        DatabaseConnection is not null && DatabaseConnection.Contains("Host=", StringComparison.OrdinalIgnoreCase)
            ? DatabaseProvider.PostgreSql
            : DatabaseProvider.Sqlite;

    public string SqlitePath => Path.Combine(DataDirectory, "mainstay.db");

    /// <summary>
    /// The connection string, with the busy timeout applied (SQLite's Default Timeout, PostgreSQL's lock_timeout). PostgreSQL
    /// sessions also start with JIT compilation off: the reports' queries are index lookups repeated per person, which JIT
    /// makes slower (its compiling cost about 0.23 s of a 1-second query on the full network; docs/PERFORMANCE.md). Options
    /// given in the connection string come after it (the last of a setting wins), so "Options=-c jit=on" turns it back on;
    /// the busy timeout comes last of all.
    /// </summary>
    public string ConnectionString => Provider switch
    {
        DatabaseProvider.PostgreSql => new Npgsql.NpgsqlConnectionStringBuilder(DatabaseConnection!)
        {
            Options = string.Join(' ', "-c jit=off", new Npgsql.NpgsqlConnectionStringBuilder(DatabaseConnection!).Options, $"-c lock_timeout={BusyTimeoutSeconds * 1000}").Trim(),
        }.ConnectionString,
        DatabaseProvider.Sqlite => new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(
            DatabaseConnection ?? $"Data Source={SqlitePath};Foreign Keys=True;Pooling=True")
        {
            DefaultTimeout = BusyTimeoutSeconds,
        }.ToString(),
    };

    /// <summary>What to print: the database without its password.</summary>
    public string Describe() => Provider switch
    {
        DatabaseProvider.PostgreSql => "PostgreSQL " + string.Join(';',
            DatabaseConnection!.Split(';', StringSplitOptions.RemoveEmptyEntries)
                .Where(p => !p.TrimStart().StartsWith("Password", StringComparison.OrdinalIgnoreCase))),
        DatabaseProvider.Sqlite => $"SQLite {SqlitePath}",
    };

    private static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}

/// <summary>A setting (an environment variable) that cannot be used; the command stops with its message and exit code 2.</summary>
public sealed class SettingsException(string message) : Exception(message);
