using System.Globalization;
using Mainstay.Clinical.Medication;
using Mainstay.Data;
using Mainstay.Features.Dosing;
using Mainstay.Features.Orders;
using Mainstay.Web;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Inventory;

/// <summary>
/// The one way stock moves: every change of a lot's balance is a ledger line written in the caller's transaction.
/// Before the first write to a lot in a unit of work, the ledger is checked against the lot (the last line's balance
/// must equal the lot's balance); every line's balance-after is the previous balance plus its quantity; no lot goes
/// below zero. A disagreement refuses the write instead of hiding it. Once a site's day is closed
/// (<see cref="StockDayClose"/>), no line of that day is written there except a correction.
/// </summary>
public sealed class StockLedger(MainstayDb db, TimeProvider clock)
{
    private readonly HashSet<Guid> _checked = [];
    private readonly Dictionary<(int Site, DateOnly Day), ClosedDay?> _closed = [];
    private readonly Dictionary<(int Site, Moud Medication), List<StockLot>> _lots = [];

    public static string Mg(decimal mg) => mg.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>A count in a lot's unit as printed: "1,000 mL", "1 tablet", "24,161.25 tablets" (mL and unknown units unchanged).</summary>
    public static string Units(decimal count, string? unit) =>
        count.ToString("#,0.###", CultureInfo.InvariantCulture) + (unit is null ? "" : " " + unit
            + (count != 1 && unit is "tablet" or "film" or "vial" or "capsule" ? "s" : ""));

    /// <summary>
    /// The named lot at the site, else the earliest-expiring lot holding <paramref name="amountMg"/>. Null when the site keeps
    /// no stock of the medication. The site's lots are read (and tracked) once per unit of work: a batch of doses takes
    /// them from the balances the earlier doses left.
    /// </summary>
    public async Task<Outcome<StockLot?>> ChooseLotAsync(int siteId, Moud medication, decimal amountMg, string? lotName, CancellationToken ct)
    {
        if (!_lots.TryGetValue((siteId, medication), out var lots))
        {
            lots = await LotsOf.For(db)(db, siteId, medication).ToListAsync(ct);
            _lots[(siteId, medication)] = lots;
        }
        if (lots.Count == 0)
        {
            return new Outcome<StockLot?>(null, null); // no stock kept here for this medication (e.g. prescriptions filled elsewhere)
        }

        var name = MedicationOrders.Name(medication);
        if (lotName is { Length: > 0 })
        {
            return lots.SingleOrDefault(l => l.Lot == lotName.Trim()) is { } named
                ? named
                : Refusal.Invalid("lot", $"There is no lot '{lotName}' of {name} at this site.");
        }

        return lots.Where(l => l.BalanceMg >= amountMg).OrderBy(l => l.ExpiresOn ?? DateOnly.MaxValue).ThenBy(l => l.Lot).FirstOrDefault() is { } lot
            ? lot
            : Refusal.Conflict($"No lot of {name} at this site holds {Mg(amountMg)} mg: receive stock first.");
    }

    /// <summary>Moves <paramref name="quantityMg"/> (signed: in positive, out negative) and adds the ledger line; the caller saves.</summary>
    public async Task<Refusal?> PostAsync(StockLot lot, InventoryEntry entry, CancellationToken ct)
    {
        if (entry.Kind != "correction" && await ClosedAsync(lot.SiteId, entry.At, ct) is { } closed)
        {
            return Refusal.Conflict(
                $"The stock of this site was closed for {closed.Day:yyyy-MM-dd} at {closed.ClosedAt.ToLocalTime():HH:mm} by {closed.ClosedBy}: nothing more " +
                "moves in or out of it that day. A mistake found after the close is entered as a witnessed correction.");
        }

        if (_checked.Add(lot.Id))
        {
            var last = await LastBalance.For(db)(db, lot.Id);
            if ((last ?? 0m) != lot.BalanceMg)
            {
                return Refusal.Conflict(
                    $"Lot {lot.Lot}: the ledger's balance ({Mg(last ?? 0m)} mg) differs from the lot's ({Mg(lot.BalanceMg)} mg). Nothing was written; reconcile the lot first.");
            }
        }

        if (lot.BalanceMg + entry.QuantityMg < 0)
        {
            return Refusal.Conflict($"Lot {lot.Lot} holds only {Mg(lot.BalanceMg)} mg.");
        }

        lot.BalanceMg += entry.QuantityMg;
        lot.Version++;
        entry.LotId = lot.Id;
        entry.SiteId = lot.SiteId;
        entry.BalanceAfterMg = lot.BalanceMg;
        db.InventoryEntries.Add(entry);
        return null;
    }

    /// <summary>The close covering the clinic day of <paramref name="at"/> at the site (that day or a later one), read once per unit of work.</summary>
    public async Task<ClosedDay?> ClosedAsync(int siteId, DateTimeOffset at, CancellationToken ct)
    {
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, clock.LocalTimeZone).DateTime);
        if (!_closed.TryGetValue((siteId, day), out var closed))
        {
            closed = await CloseCovering.For(db)(db, siteId, day);
            _closed[(siteId, day)] = closed;
        }

        return closed;
    }

    // Read for every batch of doses: compiled once rather than translated each time.
    private static readonly PerProvider<Func<MainstayDb, int, Moud, IAsyncEnumerable<StockLot>>> LotsOf = new(() => EF.CompileAsyncQuery(
        (MainstayDb db, int siteId, Moud medication) => db.StockLots.Where(l => l.SiteId == siteId && l.Medication == medication)));

    private static readonly PerProvider<Func<MainstayDb, Guid, Task<decimal?>>> LastBalance = new(() => EF.CompileAsyncQuery(
        (MainstayDb db, Guid lotId) => db.InventoryEntries.Where(e => e.LotId == lotId).OrderByDescending(e => e.Id)
            .Select(e => (decimal?)e.BalanceAfterMg).FirstOrDefault()));

    private static readonly PerProvider<Func<MainstayDb, int, DateOnly, Task<ClosedDay?>>> CloseCovering = new(() => EF.CompileAsyncQuery(
        (MainstayDb db, int siteId, DateOnly day) => db.StockDayCloses.Where(c => c.SiteId == siteId && c.Day >= day).OrderBy(c => c.Day)
            .Select(c => new ClosedDay(c.Id, c.Day, c.ClosedAt, c.ClosedBy)).FirstOrDefault()));
}

/// <summary>A site's closed day as the ledger sees it.</summary>
public sealed record ClosedDay(Guid Id, DateOnly Day, DateTimeOffset ClosedAt, string ClosedBy);
