using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Mainstay.Data;
using Mainstay.Features.Audit;
using Mainstay.Hosting;
using Mainstay.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Mainstay.Tests.Storage;

/// <summary>
/// The power-cut test of the dosing window: <c>mainstay serve</c> is killed with SIGKILL in the middle of a rush of
/// dispenses from several stations, again and again, and started on the same data. After every kill: each dispense the
/// server acknowledged is stored, no patient is dosed twice (unacknowledged requests are retried with their
/// Idempotency-Key, as a station would), every dose has its one ledger line and its audit event, each lot's balance
/// equals its ledger, and the audit chain verifies.
/// </summary>
public abstract class CrashTests(TestDatabase database, ITestOutputHelper output)
{
    // At least Kills kills, and more (up to MaxKills) until one of them found a request in flight: a kill comes at an
    // acknowledgment while another request is on its way, but that request may still be answered before the process dies.
    // Enough doses for every kill: a cycle acknowledges at most its kill point plus the other stations' requests in flight
    // (3+5+7+9+9+9+9+9 + 8 × 5 = 100), so the doses never run out before the last kill.
    private const int Patients = 110;
    private const int Stations = 6;
    private const int Kills = 4;
    private const int MaxKills = 8;

    private sealed record DoseRequest(string Key, Guid Patient, Guid Order);

    [Fact]
    public async Task Killing_the_server_mid_rush_loses_no_acknowledged_dose_and_doubles_none()
    {
        var storage = TestStorage.Create(database);
        var requests = new List<DoseRequest>();
        await using (var setup = await ClinicServer.StartAsync(storage))
        {
            using var prescriber = await setup.As("prescriber");
            for (var i = 0; i < Patients; i++)
            {
                var patient = await prescriber.PostJson("/api/v1/patients", new
                {
                    givenName = "Crash",
                    familyName = "Rush" + i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    birthDate = "1984-04-04",
                    sexAtBirth = "female",
                    siteId = 1,
                }).Expect(HttpStatusCode.Created);
                var id = patient.GetProperty("id").GetGuid();
                var order = await prescriber.PostJson($"/api/v1/patients/{id}/orders", new { medication = "methadone", doseMg = 30, startDate = DateTime.Now.ToString("yyyy-MM-dd") })
                    .Expect(HttpStatusCode.Created);
                requests.Add(new DoseRequest(Guid.NewGuid().ToString("N"), id, order.GetProperty("id").GetGuid()));
            }
        }

        ClearPools();
        var acknowledged = new ConcurrentDictionary<string, Guid>();
        var unexpected = new ConcurrentBag<string>();
        var todo = new ConcurrentQueue<DoseRequest>(requests);
        string? token = null;
        var kills = 0;
        var inFlightAtKills = 0;
        var replayed = 0;
        for (var cycle = 0; !todo.IsEmpty; cycle++)
        {
            await using var server = await ServerProcess.StartAsync(storage);
            using var nurse = new HttpClient { BaseAddress = server.BaseAddress };
            // One token for the whole test: the keys that sign it are on disk, so it outlives every kill.
            token ??= (await nurse.PostJson("/api/v1/auth/token", new { username = "nurse", password = "nurse-demo-2026" }).Expect(HttpStatusCode.OK))
                .GetProperty("access_token").GetString();
            nurse.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

            var last = (kills >= Kills && inFlightAtKills > 0) || kills == MaxKills;
            var killAfter = 3 + (2 * Math.Min(cycle, 3));
            var acknowledgedThisCycle = 0;
            var inFlight = 0;
            var killing = 0; // once the kill point is reached no station sends another request this cycle
            var unknown = new ConcurrentQueue<DoseRequest>();
            async Task Station()
            {
                while (Volatile.Read(ref killing) == 0 && todo.TryDequeue(out var r))
                {
                    try
                    {
                        using var message = new HttpRequestMessage(HttpMethod.Post, "/api/v1/dosing/dispenses")
                        {
                            Content = JsonContent.Create(new { patientId = r.Patient, orderId = r.Order }),
                        };
                        message.Headers.Add("Idempotency-Key", r.Key);
                        Interlocked.Increment(ref inFlight);
                        HttpResponseMessage sent;
                        try
                        {
                            sent = await nurse.SendAsync(message);
                        }
                        finally
                        {
                            Interlocked.Decrement(ref inFlight);
                        }

                        using var response = sent;
                        if (response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK)
                        {
                            if (response.StatusCode == HttpStatusCode.OK)
                            {
                                Interlocked.Increment(ref replayed); // stored before the kill, acknowledged only now
                            }

                            acknowledged[r.Key] = (await response.Json()).GetProperty("id").GetGuid();
                            // The kill comes at an acknowledgment while another dose is on its way: the recorder answers a
                            // whole batch at once, so right after one answer there may be none in flight.
                            if (!last && Interlocked.Increment(ref acknowledgedThisCycle) >= killAfter && Volatile.Read(ref inFlight) > 0
                                && Interlocked.CompareExchange(ref killing, 1, 0) == 0)
                            {
                                Interlocked.Increment(ref kills);
                                await server.KillAsync();
                            }
                        }
                        else
                        {
                            unexpected.Add($"{r.Patient}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                    {
                        // The server died with this request in flight: it may or may not be stored. The station retries it.
                        unknown.Enqueue(r);
                        return;
                    }
                }
            }

            await Task.WhenAll(Enumerable.Range(0, Stations).Select(_ => Task.Run(Station)));
            await server.KillAsync();
            inFlightAtKills += unknown.Count;
            todo = new ConcurrentQueue<DoseRequest>(unknown.Concat(todo));
            await CheckAsync(storage, requests, acknowledged);
        }

        output.WriteLine($"{database}: {kills} kills, {inFlightAtKills} requests in flight at a kill, {replayed} of them found stored on retry, {acknowledged.Count} doses, none lost or doubled");
        Assert.Empty(unexpected);
        Assert.InRange(kills, Kills, MaxKills);
        Assert.True(inFlightAtKills > 0, $"no request was in flight at any of the {kills} kills");
        Assert.Empty(todo);
        Assert.Equal(Patients, acknowledged.Count);
    }

    private static async Task CheckAsync(StorageSettings storage, List<DoseRequest> requests, ConcurrentDictionary<string, Guid> acknowledged)
    {
        var patients = requests.Select(r => r.Patient).ToList();
        await using var db = DataServices.Open(storage);
        var dispenses = await db.Dispenses.AsNoTracking().Where(d => patients.Contains(d.PatientId)).ToListAsync();
        foreach (var (key, id) in acknowledged)
        {
            Assert.Contains(dispenses, d => d.Id == id && d.IdempotencyKey == key);
        }

        Assert.All(dispenses.GroupBy(d => d.PatientId), g => Assert.Single(g));

        var ledger = await db.InventoryEntries.AsNoTracking().ToListAsync();
        Assert.All(dispenses, d => Assert.Single(ledger, e => e.DispenseId == d.Id && e.QuantityMg == -d.AmountMg));
        foreach (var lot in await db.StockLots.AsNoTracking().ToListAsync())
        {
            var lines = ledger.Where(e => e.LotId == lot.Id).OrderBy(e => e.Id).ToList();
            Assert.Equal(lot.BalanceMg, lines.Sum(e => e.QuantityMg));
            Assert.Equal(lot.BalanceMg, lines.LastOrDefault()?.BalanceAfterMg ?? 0m);
        }

        var ids = dispenses.Select(d => d.Id.ToString()).ToList();
        var audited = await db.AuditEvents.AsNoTracking().Where(a => a.Action == "dispense" && ids.Contains(a.ResourceId!)).Select(a => a.ResourceId).ToListAsync();
        Assert.Equal(ids.Order(StringComparer.Ordinal), audited.Order(StringComparer.Ordinal));
        var chain = await AuditQueries.VerifyAsync(db, null, CancellationToken.None);
        Assert.True(chain.IsIntact, chain.Message);
        await db.DisposeAsync();
        ClearPools();
    }

    private static void ClearPools()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Npgsql.NpgsqlConnection.ClearAllPools();
    }
}

public sealed class CrashOnSqlite(ITestOutputHelper output) : CrashTests(TestDatabase.Sqlite, output);

public sealed class CrashOnPostgres(ITestOutputHelper output) : CrashTests(TestDatabase.PostgreSql, output);
