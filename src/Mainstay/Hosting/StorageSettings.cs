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

    public static StorageSettings Resolve(string? dataOption, string? databaseOption)
    {
        var data = dataOption
            ?? NonEmpty(Environment.GetEnvironmentVariable(DataEnvironmentVariable))
            ?? Path.Combine(Environment.CurrentDirectory, "mainstay-data");
        var database = databaseOption ?? NonEmpty(Environment.GetEnvironmentVariable(DatabaseEnvironmentVariable));
        return new StorageSettings(Path.GetFullPath(data), NonEmpty(database));
    }

    public DatabaseProvider Provider =>
        DatabaseConnection is not null && DatabaseConnection.Contains("Host=", StringComparison.OrdinalIgnoreCase)
            ? DatabaseProvider.PostgreSql
            : DatabaseProvider.Sqlite;

    public string SqlitePath => Path.Combine(DataDirectory, "mainstay.db");

    public string ConnectionString => Provider switch
    {
        DatabaseProvider.PostgreSql => DatabaseConnection!,
        DatabaseProvider.Sqlite => DatabaseConnection
            ?? $"Data Source={SqlitePath};Foreign Keys=True;Pooling=True;Default Timeout=30",
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
