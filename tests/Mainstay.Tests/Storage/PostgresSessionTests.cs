using Mainstay.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Mainstay.Tests.Storage;

/// <summary>What the application's PostgreSQL sessions start with: the options it adds to the connection string it is given.</summary>
public sealed class PostgresSessionTests
{
    [Fact]
    public async Task Sessions_start_with_jit_off_and_the_busy_timeout_and_options_given_come_after()
    {
        var given = TestStorage.Create(TestDatabase.PostgreSql);
        Directory.Delete(given.DataDirectory); // only the connection string is used
        var server = new NpgsqlConnectionStringBuilder(given.DatabaseConnection) { Database = "postgres", Pooling = false };
        var storage = given with { DatabaseConnection = server.ConnectionString, BusyTimeoutSeconds = 7 };
        Assert.Equal(("off", "7s", ""), await SettingsAsync(storage));

        // An administrator's own options are kept, and turn JIT back on when they say so.
        server.Options = "-c jit=on -c application_name=front-desk";
        Assert.Equal(("on", "7s", "front-desk"), await SettingsAsync(storage with { DatabaseConnection = server.ConnectionString }));
    }

    private static async Task<(string Jit, string LockTimeout, string Application)> SettingsAsync(Mainstay.Hosting.StorageSettings storage)
    {
        // Through the application's own database context, as every request and report opens it.
        await using var db = Mainstay.Data.DataServices.Open(storage);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT current_setting('jit'), current_setting('lock_timeout'), current_setting('application_name')";
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetString(0), reader.GetString(1), reader.GetString(2));
    }
}
