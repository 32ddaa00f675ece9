using System.Globalization;
using Mainstay.Data;
using Mainstay.Features.Audit;
using Mainstay.Features.Dosing;
using Mainstay.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mainstay.Tests.Storage;

/// <summary>
/// The dose recorder's batches are written as prepared statements (<see cref="PreparedWrites"/>), not through EF's
/// SaveChanges. On SQLite and PostgreSQL: every column of a row written that way holds exactly what EF writes for the same
/// values, an updated row is found by its concurrency token (a stale one fails as EF fails), a unique index refuses as EF
/// refuses, and the audit chain still verifies.
/// </summary>
public abstract class PreparedWritesTests(TestDatabase database)
{
    [Fact]
    public async Task Rows_written_as_prepared_statements_equal_those_EF_writes()
    {
        await using var server = await ClinicServer.StartAsync(database);
        Dispense template;
        Guid lotId;
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
            template = await db.Dispenses.AsNoTracking().OrderBy(d => d.Id).FirstAsync();
            lotId = await db.StockLots.Where(l => l.SiteId == template.SiteId).Select(l => l.Id).FirstAsync();
        }

        // Every kind of column set: text, decimals with cents, a date, a timestamp with microseconds, nulls and not.
        // ClaimedSlot stays null, so the two copies take no slot and leave the report rows alone.
        var at = new DateTimeOffset(2026, 3, 8, 9, 41, 7, TimeSpan.Zero).AddTicks(1234560);
        Dispense Copy(string key) => new()
        {
            Id = Guid.CreateVersion7(),
            PatientId = template.PatientId,
            SiteId = template.SiteId,
            OrderId = template.OrderId,
            LineageId = template.LineageId,
            DoseDate = new DateOnly(2026, 3, 8),
            Slot = 7,
            ClaimedSlot = null,
            Medication = template.Medication,
            OrderedMg = 62.5m,
            AmountMg = 31.25m,
            PartialReason = "spilled",
            Witness = "nurse2",
            LotId = lotId,
            Lot = "L-ÄÖ \"quoted\"",
            Observed = true,
            At = at,
            Nurse = "nurse",
            TakeHome = true,
            BottleNumber = "B-7",
            ReturnCheck = null,
            ReturnedAt = at.AddDays(1),
            IdempotencyKey = key,
        };
        AuditEvent Event(Dispense d) => new()
        {
            At = at,
            Username = "nurse",
            Role = "nurse",
            SiteId = d.SiteId,
            Action = "dispense",
            ResourceType = "MedicationAdministration",
            ResourceId = d.Id.ToString(),
            PatientId = d.PatientId,
            Purpose = "treatment",
        };

        var byEf = Copy("by-ef-" + Guid.NewGuid());
        var prepared = Copy("prepared-" + Guid.NewGuid());
        var second = Copy("second-" + Guid.NewGuid()); // the same statement again: its values bound anew, not made by the type mapping
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
            db.Dispenses.Add(byEf);
            db.AuditEvents.Add(Event(byEf));
            db.InventoryEntries.Add(new InventoryEntry { SiteId = byEf.SiteId, LotId = lotId, Kind = "adjustment", QuantityMg = 0, BalanceAfterMg = 0, DispenseId = byEf.Id, At = at });
            await db.SaveChangesAsync();
        }

        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
            await using var tx = await db.BeginLockedWriteAsync(CancellationToken.None);
            // The ledger line first: the dose it refers to must still be inserted before it.
            db.InventoryEntries.Add(new InventoryEntry { SiteId = prepared.SiteId, LotId = lotId, Kind = "adjustment", QuantityMg = 0, BalanceAfterMg = 0, DispenseId = prepared.Id, At = at });
            db.Dispenses.Add(prepared);
            db.AuditEvents.Add(Event(prepared));
            db.Dispenses.Add(second);
            var secondEvent = Event(second);
            secondEvent.Sequence = -1; // a temporary key, as the recorder gives each event of a batch; the chain numbers them
            db.AuditEvents.Add(secondEvent);
            Assert.Equal(5, await db.SaveBatchAsync(CancellationToken.None));
            Assert.Empty(db.ChangeTracker.Entries());
            await tx.CommitAsync();
        }

        var efRow = await RowAsync(server, """SELECT * FROM "Dispenses" WHERE "Id" = @id""", byEf.Id);
        var preparedRow = await RowAsync(server, """SELECT * FROM "Dispenses" WHERE "Id" = @id""", prepared.Id);
        Assert.Equal(Without(efRow, "Id", "IdempotencyKey"), Without(preparedRow, "Id", "IdempotencyKey"));
        Assert.Equal(Without(efRow, "Id", "IdempotencyKey"), Without(await RowAsync(server, """SELECT * FROM "Dispenses" WHERE "Id" = @id""", second.Id), "Id", "IdempotencyKey"));
        Assert.Equal(
            Without(await RowAsync(server, """SELECT * FROM "InventoryEntries" WHERE "DispenseId" = @id""", byEf.Id), "Id", "DispenseId"),
            Without(await RowAsync(server, """SELECT * FROM "InventoryEntries" WHERE "DispenseId" = @id""", prepared.Id), "Id", "DispenseId"));

        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
            var read = await db.Dispenses.AsNoTracking().SingleAsync(d => d.Id == prepared.Id);
            Assert.Equal((at, 31.25m, "L-ÄÖ \"quoted\"", (int?)null), (read.At, read.AmountMg, read.Lot, read.ClaimedSlot));
            var chain = await AuditQueries.VerifyAsync(db, null, CancellationToken.None);
            Assert.True(chain.IsIntact, chain.Message);
        }
    }

    [Fact]
    public async Task An_update_checks_the_concurrency_token_and_a_unique_index_refuses_as_with_EF()
    {
        await using var server = await ClinicServer.StartAsync(database);
        Guid lotId;
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
            lotId = await db.StockLots.OrderBy(l => l.Id).Select(l => l.Id).FirstAsync();
        }

        // An update with the version read: written, and the version moves on.
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
            await using var tx = await db.BeginLockedWriteAsync(CancellationToken.None);
            var lot = await db.StockLots.SingleAsync(l => l.Id == lotId);
            lot.ExpiresOn = new DateOnly(2031, 1, 31);
            lot.Version++;
            Assert.Equal(1, await db.SaveBatchAsync(CancellationToken.None));
            await tx.CommitAsync();
        }

        // An update made from a stale read: refused, nothing written.
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
            await using var tx = await db.BeginLockedWriteAsync(CancellationToken.None);
            var lot = await db.StockLots.SingleAsync(l => l.Id == lotId);
            db.Entry(lot).Property(l => l.Version).OriginalValue = lot.Version - 1;
            lot.ExpiresOn = new DateOnly(2040, 1, 1);
            lot.Version++;
            await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => db.SaveBatchAsync(CancellationToken.None));
        }

        // A second row with a key the unique index already holds: refused as a unique violation, as EF reports it.
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
            Assert.Equal(new DateOnly(2031, 1, 31), await db.StockLots.Where(l => l.Id == lotId).Select(l => l.ExpiresOn).SingleAsync());
            var taken = await db.Dispenses.AsNoTracking().Where(d => d.ClaimedSlot != null).OrderBy(d => d.Id).FirstAsync();
            await using var tx = await db.BeginLockedWriteAsync(CancellationToken.None);
            taken.Id = Guid.CreateVersion7();
            taken.IdempotencyKey = null;
            db.Dispenses.Add(taken);
            var refused = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveBatchAsync(CancellationToken.None));
            Assert.True(DosingWindow.IsUniqueViolation(refused), refused.ToString());
        }
    }

    private static async Task<Dictionary<string, string?>> RowAsync(ClinicServer server, string sql, Guid id)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var parameter = db.Model.FindEntityType(typeof(Dispense))!.FindProperty(nameof(Dispense.Id))!.GetRelationalTypeMapping()
            .CreateParameter(command, "@id", id);
        command.Parameters.Add(parameter);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName,
            i => reader.IsDBNull(i) ? null : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture));
    }

    private static List<string> Without(Dictionary<string, string?> row, params string[] columns) =>
        [.. row.Where(c => !columns.Contains(c.Key)).OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}={c.Value ?? "NULL"}")];
}

public sealed class PreparedWritesOnSqlite() : PreparedWritesTests(TestDatabase.Sqlite);

public sealed class PreparedWritesOnPostgres() : PreparedWritesTests(TestDatabase.PostgreSql);
