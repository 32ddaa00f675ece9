using Mainstay.Tests.Infrastructure;
using Npgsql;

namespace Mainstay.Tests.Storage;

/// <summary>What every PostgreSQL session of the application starts with, from the connection string it is given.</summary>
public sealed class PostgresSessionTests
{
    [Fact]
    public async Task Sessions_start_with_jit_off_and_the_busy_timeout_and_options_given_come_after()
    {
        var storage = TestStorage.Create(TestDatabase.PostgreSql) with { BusyTimeoutSeconds = 7 };
        var server = new NpgsqlConnectionStringBuilder(storage.DatabaseConnection) { Database = "postgres", Pooling = false };
        Assert.Equal(("off", "7s"), await SettingsAsync(storage with { DatabaseConnection = server.ConnectionString }));

        // An administrator's own options are kept, and turn JIT back on when they say so.
        server.Options = "-c jit=on -c application_name=front-desk";
        Assert.Equal(("on", "7s"), await SettingsAsync(storage with { DatabaseConnection = server.ConnectionString }));
    }

    private static async Task<(string Jit, string LockTimeout)> SettingsAsync(Mainstay.Hosting.StorageSettings storage)
    {
        await using var connection = new NpgsqlConnection(storage.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT current_setting('jit'), current_setting('lock_timeout')", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetString(0), reader.GetString(1));
    }
}
