using System.Net;
using System.Text.Json;
using Mainstay.Tests.Infrastructure;

namespace Mainstay.Tests.Features.Dosing;

/// <summary>
/// Close of day: every lot counted with a witness, variances posted and flagged to the director, nothing written to the
/// closed day but a correction, the reconciliation starting from the close's snapshot; on SQLite and PostgreSQL. Its own
/// server: a closed day stops the doses of the rest of the day at that site.
/// </summary>
public abstract class StockDayCloseTests(ClinicFixture fixture)
{
    private ClinicServer Server => fixture.Server;

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.Now);

    private const string Witness = "prescriber";
    private const string WitnessPassword = "prescriber-demo-2026";

    private async Task<(Guid Patient, Guid Order)> PatientWithOrderAsync(int siteId)
    {
        using var prescriber = await Server.As("prescriber");
        var p = await prescriber.PostJson("/api/v1/patients", new
        {
            givenName = "Close",
            familyName = "Day" + Guid.NewGuid().ToString("N")[..6],
            birthDate = "1981-04-12",
            sexAtBirth = "male",
            siteId,
        }).Expect(HttpStatusCode.Created);
        var id = p.GetProperty("id").GetGuid();
        var o = await prescriber.PostJson($"/api/v1/patients/{id}/orders", new { medication = "methadone", doseMg = 30, startDate = Today.ToString("yyyy-MM-dd") })
            .Expect(HttpStatusCode.Created);
        return (id, o.GetProperty("id").GetGuid());
    }

    private static async Task<List<(Guid Id, string Lot, decimal Balance)>> LotsAsync(HttpClient client, int siteId) =>
        (await client.GetAsync($"/api/v1/inventory/lots?siteId={siteId}").Expect(HttpStatusCode.OK)).EnumerateArray()
        .Select(l => (l.GetProperty("id").GetGuid(), l.GetProperty("lot").GetString()!, l.GetProperty("balanceMg").GetDecimal())).ToList();

    private static Dictionary<Guid, JsonElement> ByLot(JsonElement reconciliation) =>
        reconciliation.EnumerateArray().ToDictionary(r => r.GetProperty("lotId").GetGuid());

    [Fact]
    public async Task A_close_counts_every_lot_flags_the_shortfall_to_the_director_and_leaves_the_day_to_corrections_only()
    {
        using var nurse = await Server.As("nurse");
        using var director = await Server.As("director");
        var lotName = "C" + Guid.NewGuid().ToString("N")[..8];
        var receipt = await nurse.PostJson("/api/v1/inventory/receipts", new
        {
            siteId = 1,
            medication = "methadone",
            lot = lotName,
            expiresOn = Today.AddYears(3).ToString("yyyy-MM-dd"),
            quantityMg = 5000,
            supplier = "Acme",
            invoice = "INV-C1",
            form = "oral concentrate 10 mg/mL",
            mgPerUnit = 10,
            unit = "mL",
        }).Expect(HttpStatusCode.Created);

        // The finished form is all three fields or none, and a lot's label does not change.
        await nurse.PostJson("/api/v1/inventory/receipts", new { siteId = 1, medication = "methadone", lot = lotName, quantityMg = 1, supplier = "Acme", invoice = "INV-C1b", form = "oral concentrate" })
            .ExpectProblem(HttpStatusCode.BadRequest, "mgPerUnit");
        await nurse.PostJson("/api/v1/inventory/receipts", new
        {
            siteId = 1,
            medication = "methadone",
            lot = lotName,
            quantityMg = 1,
            supplier = "Acme",
            invoice = "INV-C1c",
            form = "oral solution 1 mg/mL",
            mgPerUnit = 1,
            unit = "mL",
        }).ExpectProblem(HttpStatusCode.Conflict);
        var shortLot = receipt.GetProperty("lotId").GetGuid();
        var (patient, order) = await PatientWithOrderAsync(1);
        var (late, lateOrder) = await PatientWithOrderAsync(1);
        await nurse.PostJson("/api/v1/dosing/dispenses", new { patientId = patient, orderId = order }).Expect(HttpStatusCode.Created);

        var status = await nurse.GetAsync("/api/v1/inventory/closes?siteId=1").Expect(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, status.GetProperty("todaysClose").ValueKind);
        Assert.True(status.GetProperty("biennial").GetProperty("neverTaken").GetBoolean());

        var lots = await LotsAsync(nurse, 1);
        Assert.Contains(lots, l => l.Id == shortLot);
        object Count((Guid Id, string Lot, decimal Balance) l, decimal? counted = null, string? reason = null) =>
            new { lotId = l.Id, countedMg = counted ?? l.Balance, reason };

        // Every lot holding stock is counted; a difference has a reason; a witness signs.
        var missing = await nurse.PostJson("/api/v1/inventory/closes", new
        {
            siteId = 1,
            counts = lots.Where(l => l.Id != shortLot).Select(l => Count(l)).ToArray(),
            witness = Witness,
            witnessPassword = WitnessPassword,
        }).ExpectProblem(HttpStatusCode.BadRequest, "counts");
        Assert.Contains($"Lot {lotName} (methadone) holds 5000 mg on the book and was not counted", missing.GetProperty("detail").GetString());
        var counts = lots.Select(l => l.Id == shortLot ? Count(l, 4995m) : Count(l)).ToArray();
        await nurse.PostJson("/api/v1/inventory/closes", new { siteId = 1, counts, witness = Witness, witnessPassword = WitnessPassword })
            .ExpectProblem(HttpStatusCode.BadRequest, "counts");
        await nurse.PostJson("/api/v1/inventory/closes", new { siteId = 1, counts = lots.Select(l => Count(l)).ToArray() })
            .ExpectProblem(HttpStatusCode.BadRequest, "witness");
        await nurse.PostJson("/api/v1/inventory/closes", new { siteId = 1, counts = new[] { new { lotId = shortLot, countedMg = -1m } }, witness = Witness, witnessPassword = WitnessPassword })
            .ExpectProblem(HttpStatusCode.BadRequest, "counts[0].countedMg");
        await nurse.PostJson("/api/v1/inventory/closes", new { siteId = 1, counts = new[] { Count(lots[0]), Count(lots[0]) }, witness = Witness, witnessPassword = WitnessPassword })
            .ExpectProblem(HttpStatusCode.BadRequest, "counts");
        await nurse.PostJson("/api/v1/inventory/closes", new { siteId = 1, counts = lots.Select(l => Count(l)).ToArray(), witness = "nurse", witnessPassword = "nurse-demo-2026" })
            .ExpectProblem(HttpStatusCode.BadRequest, "witness");

        counts = lots.Select(l => l.Id == shortLot ? Count(l, 4995m, "meniscus misread at the morning count") : Count(l)).ToArray();
        var closed = await nurse.PostJson("/api/v1/inventory/closes", new { siteId = 1, counts, witness = Witness, witnessPassword = WitnessPassword, biennial = true })
            .Expect(HttpStatusCode.Created);
        var close = closed.GetProperty("close");
        var closeId = close.GetProperty("id").GetGuid();
        Assert.Equal(Today.ToString("yyyy-MM-dd"), close.GetProperty("day").GetString());
        Assert.Equal(1, close.GetProperty("discrepancies").GetInt32());
        Assert.True(close.GetProperty("awaitingReview").GetBoolean());
        Assert.Equal("prescriber", close.GetProperty("witnessedBy").GetString());
        var counted = closed.GetProperty("lots").EnumerateArray().Single(l => l.GetProperty("lotId").GetGuid() == shortLot);
        Assert.Equal(5000m, counted.GetProperty("expectedMg").GetDecimal());
        Assert.Equal(-5m, counted.GetProperty("varianceMg").GetDecimal());
        Assert.Equal("Schedule II", counted.GetProperty("schedule").GetString());
        Assert.Equal(499.5m, counted.GetProperty("countedUnits").GetDecimal());
        Assert.Equal("mL", counted.GetProperty("unit").GetString());
        Assert.True(counted.GetProperty("ledgerBalanced").GetBoolean());
        Assert.Equal(lots.Count, closed.GetProperty("lots").GetArrayLength());
        Assert.Equal(4995m, (await LotsAsync(nurse, 1)).Single(l => l.Id == shortLot).Balance);

        // The day is closed: no second close, no dose, no stock in or out.
        await nurse.PostJson("/api/v1/inventory/closes", new { siteId = 1, counts, witness = Witness, witnessPassword = WitnessPassword }).ExpectProblem(HttpStatusCode.Conflict);
        var refused = await nurse.PostJson("/api/v1/dosing/dispenses", new { patientId = late, orderId = lateOrder }).ExpectProblem(HttpStatusCode.Conflict);
        Assert.Contains("closed", refused.GetProperty("detail").GetString());
        await nurse.PostJson("/api/v1/inventory/waste", new { lotId = shortLot, quantityMg = 10, reason = "spilled", witness = Witness, witnessPassword = WitnessPassword })
            .ExpectProblem(HttpStatusCode.Conflict);
        await nurse.PostJson("/api/v1/inventory/receipts", new { siteId = 1, medication = "methadone", lot = lotName, quantityMg = 100, supplier = "Acme", invoice = "INV-C2" })
            .ExpectProblem(HttpStatusCode.Conflict);
        await nurse.PostJson("/api/v1/inventory/transfers", new { lotId = shortLot, toSiteId = 2, quantityMg = 100, reason = "east short" })
            .ExpectProblem(HttpStatusCode.Conflict);

        // Only the director reviews; the review records whether it was a theft or significant loss and its deadlines.
        await nurse.PostJson($"/api/v1/inventory/closes/{closeId}/review", new { note = "fine" }).ExpectProblem(HttpStatusCode.Forbidden);
        await director.PostJson($"/api/v1/inventory/closes/{closeId}/review", new { note = " " }).ExpectProblem(HttpStatusCode.BadRequest, "note");
        var reviewed = await director.PostJson($"/api/v1/inventory/closes/{closeId}/review", new { note = "Recounted with the nurse: 5 mg unaccounted; reported.", theftOrSignificantLoss = true })
            .Expect(HttpStatusCode.OK);
        Assert.False(reviewed.GetProperty("close").GetProperty("awaitingReview").GetBoolean());
        Assert.Equal("director", reviewed.GetProperty("close").GetProperty("reviewedBy").GetString());
        Assert.Equal(Today.AddDays(45).ToString("yyyy-MM-dd"), reviewed.GetProperty("deadlines").GetProperty("form106By").GetString());
        await director.PostJson($"/api/v1/inventory/closes/{closeId}/review", new { note = "again" }).ExpectProblem(HttpStatusCode.Conflict);

        // A correction is the one line the closed day takes: witnessed, with a reason, and back before the director.
        await nurse.PostJson("/api/v1/inventory/corrections", new { lotId = shortLot, quantityMg = 5, reason = "found", witness = Witness, witnessPassword = WitnessPassword })
            .ExpectProblem(HttpStatusCode.BadRequest, "correctsDay");
        await nurse.PostJson("/api/v1/inventory/corrections", new
        {
            lotId = shortLot,
            quantityMg = 5,
            reason = "found",
            correctsDay = Today.AddDays(-1).ToString("yyyy-MM-dd"),
            witness = Witness,
            witnessPassword = WitnessPassword,
        }).ExpectProblem(HttpStatusCode.Conflict);
        await nurse.PostJson("/api/v1/inventory/corrections", new { lotId = shortLot, quantityMg = 5, reason = "found", correctsDay = Today.ToString("yyyy-MM-dd") })
            .ExpectProblem(HttpStatusCode.BadRequest, "witness");
        var correction = await nurse.PostJson("/api/v1/inventory/corrections", new
        {
            lotId = shortLot,
            quantityMg = 5,
            reason = "5 mg found in the pump's priming line",
            correctsDay = Today.ToString("yyyy-MM-dd"),
            witness = Witness,
            witnessPassword = WitnessPassword,
        }).Expect(HttpStatusCode.Created);
        Assert.Equal("correction", correction.GetProperty("kind").GetString());
        Assert.Equal(5000m, correction.GetProperty("balanceAfterMg").GetDecimal());
        Assert.Equal(Today.ToString("yyyy-MM-dd"), correction.GetProperty("correctsDay").GetString());

        var view = await director.GetAsync($"/api/v1/inventory/closes/{closeId}").Expect(HttpStatusCode.OK);
        Assert.True(view.GetProperty("close").GetProperty("awaitingReview").GetBoolean());
        Assert.Equal(1, view.GetProperty("close").GetProperty("corrections").GetInt32());
        Assert.Equal("5 mg found in the pump's priming line", view.GetProperty("corrections")[0].GetProperty("reason").GetString());
        status = await director.GetAsync("/api/v1/inventory/closes?siteId=1").Expect(HttpStatusCode.OK);
        Assert.Equal(closeId, status.GetProperty("todaysClose").GetProperty("id").GetGuid());
        Assert.Equal(Today.AddYears(2).ToString("yyyy-MM-dd"), status.GetProperty("biennial").GetProperty("dueBy").GetString());
        await director.PostJson($"/api/v1/inventory/closes/{closeId}/review", new { note = "Correction seen: nothing missing after all." }).Expect(HttpStatusCode.OK);

        // The reconciliation from the close's snapshot says what the full one says, lot by lot.
        var fromClose = ByLot(await director.GetAsync("/api/v1/inventory/reconciliation?siteId=1").Expect(HttpStatusCode.OK));
        var full = ByLot(await director.GetAsync("/api/v1/inventory/reconciliation?siteId=1&full=true").Expect(HttpStatusCode.OK));
        Assert.Equal(full.Keys.Order(), fromClose.Keys.Order());
        foreach (var (lot, r) in full)
        {
            var s = fromClose[lot];
            Assert.Equal(Today.ToString("yyyy-MM-dd"), s.GetProperty("checkedSince").GetString());
            Assert.Equal(JsonValueKind.Null, r.GetProperty("checkedSince").ValueKind);
            foreach (var field in new[] { "receivedMg", "outMg", "adjustedMg", "ledgerMg", "bookMg" })
            {
                Assert.Equal(r.GetProperty(field).GetDecimal(), s.GetProperty(field).GetDecimal());
            }

            Assert.Equal(r.GetProperty("lines").GetInt32(), s.GetProperty("lines").GetInt32());
            Assert.Equal(r.GetProperty("balances").GetBoolean(), s.GetProperty("balances").GetBoolean());
        }

        Assert.True(full[shortLot].GetProperty("balances").GetBoolean());
        Assert.Equal(3, full[shortLot].GetProperty("lines").GetInt32()); // receipt, the close's count, the correction
        await director.GetAsync("/api/v1/inventory/reconciliation?siteId=1&full=maybe").ExpectProblem(HttpStatusCode.BadRequest, "full");

        // The inventory a regulator reads, as a file.
        using var csv = await director.GetAsync($"/api/v1/inventory/closes/{closeId}?format=csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var text = await csv.Content.ReadAsStringAsync();
        Assert.StartsWith("site,day,taken,medication,schedule,lot,form,expires_on,expired,book_mg,counted_mg,counted_units,unit,variance_mg,reason,counted_by,witnessed_by,biennial,", text);
        Assert.Contains($",close of business,methadone,Schedule II,{lotName},oral concentrate 10 mg/mL,", text);
        Assert.Contains(",5000,4995,499.5,mL,-5,meniscus misread at the morning count,nurse,prescriber,yes", text);
        Assert.Contains(",close of business,buprenorphine,Schedule III,BUP-DTN-2611A,sublingual tablet 8 mg,", text);
        Assert.Contains("5 mg found in the pump's priming line", text);
        await director.GetAsync($"/api/v1/inventory/closes/{Guid.NewGuid()}").ExpectProblem(HttpStatusCode.NotFound);
        await director.GetAsync("/api/v1/inventory/closes/not-a-guid").ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Two_closes_of_one_site_at_the_same_moment_make_one_close()
    {
        using var nurse = await Server.As("nurse");
        using var director = await Server.As("director");
        var lots = await LotsAsync(nurse, 2);
        var counts = lots.Select(l => new { lotId = l.Id, countedMg = l.Balance }).ToArray();
        var tries = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            using var response = await nurse.PostJson("/api/v1/inventory/closes", new { siteId = 2, counts, witness = "director", witnessPassword = "director-demo-2026" });
            Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, await response.Content.ReadAsStringAsync());
            return response.StatusCode;
        }));
        Assert.Equal(1, tries.Count(s => s == HttpStatusCode.Created));
        Assert.All(tries.Where(s => s != HttpStatusCode.Created), s => Assert.Equal(HttpStatusCode.Conflict, s));
        var status = await director.GetAsync("/api/v1/inventory/closes?siteId=2").Expect(HttpStatusCode.OK);
        Assert.Equal(0, status.GetProperty("todaysClose").GetProperty("discrepancies").GetInt32());
        Assert.False(status.GetProperty("todaysClose").GetProperty("awaitingReview").GetBoolean());
        await director.PostJson($"/api/v1/inventory/closes/{status.GetProperty("todaysClose").GetProperty("id").GetGuid()}/review", new { note = "nothing" })
            .ExpectProblem(HttpStatusCode.Conflict);
    }
}

public sealed class StockDayCloseOnSqlite(SqliteClinic fixture) : StockDayCloseTests(fixture), IClassFixture<SqliteClinic>;

public sealed class StockDayCloseOnPostgres(PostgresClinic fixture) : StockDayCloseTests(fixture), IClassFixture<PostgresClinic>;
