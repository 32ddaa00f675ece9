using Mainstay.Data;
using Mainstay.Features.Patients;
using Mainstay.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mainstay.Tests.Storage;

/// <summary>
/// Two writers that read the same chart and each record its next revision: the second is refused as a concurrency conflict
/// (which every action answers with a 409), whichever row the save writes first, the chart's version token or the revision
/// numbered by it. On SQLite and PostgreSQL.
/// </summary>
public abstract class ChartRevisionConflictTests(TestDatabase database)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)] // as prepared statements in a transaction (the FHIR import's save), which write inserts first
    public async Task The_second_of_two_revisions_from_the_same_version_is_a_concurrency_conflict_and_nothing_of_it_is_saved(bool batch)
    {
        await using var server = await ClinicServer.StartAsync(database);
        await using var first = server.Services.CreateAsyncScope();
        await using var second = server.Services.CreateAsyncScope();
        var a = first.ServiceProvider.GetRequiredService<MainstayDb>();
        var b = second.ServiceProvider.GetRequiredService<MainstayDb>();
        var id = await a.Patients.OrderBy(p => p.Id).Select(p => p.Id).FirstAsync();
        var (chartA, chartB) = (await a.Patients.SingleAsync(p => p.Id == id), await b.Patients.SingleAsync(p => p.Id == id));
        var version = chartA.Version;

        static void Change(MainstayDb db, Patient chart, string phone) => PatientRegistry.RecordRevision(db, chart,
            new Dictionary<string, object?[]> { ["phone"] = [chart.Phone, phone] }, "test", null, "test", DateTimeOffset.UtcNow);
        Change(a, chartA, "(937) 555-0101");
        chartA.Phone = "(937) 555-0101";
        Change(b, chartB, "(937) 555-0102");
        chartB.Phone = "(937) 555-0102";

        await a.SaveChangesAsync();
        if (batch)
        {
            await using var tx = await b.Database.BeginTransactionAsync();
            await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => b.SaveBatchAsync(CancellationToken.None));
        }
        else
        {
            await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => b.SaveChangesAsync());
        }

        await using var check = server.Services.CreateAsyncScope();
        var db = check.ServiceProvider.GetRequiredService<MainstayDb>();
        var saved = await db.Patients.AsNoTracking().SingleAsync(p => p.Id == id);
        Assert.Equal(("(937) 555-0101", version + 1), (saved.Phone, saved.Version));
        Assert.Equal(["test"], await db.PatientRevisions.AsNoTracking().Where(r => r.PatientId == id && r.Version == version + 1).Select(r => r.Reason).ToListAsync());
    }
}

public sealed class ChartRevisionConflictOnSqlite() : ChartRevisionConflictTests(TestDatabase.Sqlite);

public sealed class ChartRevisionConflictOnPostgres() : ChartRevisionConflictTests(TestDatabase.PostgreSql);
