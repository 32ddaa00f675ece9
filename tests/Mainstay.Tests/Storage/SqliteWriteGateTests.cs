using Mainstay.Data;
using Mainstay.Hosting;
using Mainstay.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Tests.Storage;

/// <summary>
/// SQLite writers queue in the process (<see cref="SqliteWriteGate"/>): a second transaction on the same file waits for
/// the first to end, however it ends (commit, rollback, or disposal without either, which is how a refused action leaves).
/// </summary>
public sealed class SqliteWriteGateTests : IAsyncLifetime
{
    private StorageSettings _storage = null!;

    public async Task InitializeAsync()
    {
        _storage = TestStorage.Create(TestDatabase.Sqlite);
        await using var db = DataServices.Open(_storage);
        await db.Database.MigrateAsync();
    }

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData("commit")]
    [InlineData("rollback")]
    [InlineData("dispose")]
    public async Task A_second_writer_waits_until_the_first_transaction_ends(string ending)
    {
        await using var first = DataServices.Open(_storage);
        await using var second = DataServices.Open(_storage);
        var firstTx = await first.Database.BeginTransactionAsync();

        var secondStarted = second.Database.BeginTransactionAsync(); // queues on the gate (a broken gate would block here in SQLite's busy wait)
        Assert.False(secondStarted.IsCompleted, "a second SQLite writer started while the first transaction was open");

        switch (ending)
        {
            case "commit":
                await firstTx.CommitAsync();
                break;
            case "rollback":
                await firstTx.RollbackAsync();
                break;
        }

        await firstTx.DisposeAsync();
        await using var secondTx = await secondStarted.WaitAsync(TimeSpan.FromMinutes(2));
        await secondTx.CommitAsync();
    }

    [Fact]
    public async Task Many_concurrent_writers_all_get_their_turn()
    {
        await using (var setup = DataServices.Open(_storage))
        {
            await setup.Database.ExecuteSqlRawAsync("""INSERT INTO "Counters" ("Name", "Value") VALUES ('gate-test', 0)""");
        }

        await Task.WhenAll(Enumerable.Range(0, 24).Select(async _ =>
        {
            await using var db = DataServices.Open(_storage);
            await using var tx = await db.Database.BeginTransactionAsync();
            await db.NextNumberAsync("gate-test", CancellationToken.None);
            await tx.CommitAsync();
        }));

        await using var check = DataServices.Open(_storage);
        Assert.Equal(24, await check.NextNumberAsync("gate-test", CancellationToken.None) - 1);
    }
}
