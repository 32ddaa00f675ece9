using Mainstay.Data;
using Mainstay.Features.Dosing;
using Mainstay.Features.Orders;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Inventory;

/// <summary>
/// A site's ledger added up line by line, one running tally per lot, starting from the snapshot of the last close of day
/// (or from nothing). Used by the reconciliation and by the close itself, which stores the tallies as the next snapshot.
/// </summary>
internal sealed class StockTally
{
    private readonly Dictionary<Guid, LotTally> lots;
    private readonly IReadOnlyDictionary<long, DateTimeOffset> breakTimes;

    private StockTally(Dictionary<Guid, LotTally> lots, IReadOnlyDictionary<long, DateTimeOffset> breakTimes, long lastLineId, DateOnly? since)
    {
        this.lots = lots;
        this.breakTimes = breakTimes;
        LastLineId = lastLineId;
        Since = since;
    }

    /// <summary>The highest ledger line of the site that was added up (0 when the site has none).</summary>
    public long LastLineId { get; }

    /// <summary>The closed day the tally started from; null when it started from the first line.</summary>
    public DateOnly? Since { get; }

    public static async Task<StockTally> ReadAsync(MainstayDb db, int siteId, IReadOnlyCollection<StockLot> siteLots, bool full, CancellationToken ct)
    {
        var close = full
            ? null
            : await db.StockDayCloses.AsNoTracking().Where(c => c.SiteId == siteId).OrderByDescending(c => c.Day).Include(c => c.Lots).FirstOrDefaultAsync(ct);
        var snapshot = close?.Lots.ToDictionary(l => l.LotId) ?? [];
        var tallies = siteLots.ToDictionary(l => l.Id, l => snapshot.TryGetValue(l.Id, out var s) ? LotTally.From(s) : new LotTally());
        var since = close?.LastLineId ?? 0;
        var last = since;
        // By lot, not by site: the (LotId, Id) index seeks each lot's lines after the snapshot, where (SiteId, At) would
        // read every line the site ever wrote. A site's lines are exactly its lots' lines.
        var lotIds = siteLots.Select(l => l.Id).ToList();
        var lines = db.InventoryEntries.AsNoTracking().Where(e => lotIds.Contains(e.LotId) && e.Id > since).OrderBy(e => e.Id)
            .Select(e => new { e.LotId, e.Id, e.Kind, e.QuantityMg, e.BalanceAfterMg }).AsAsyncEnumerable();
        await foreach (var e in lines.WithCancellation(ct))
        {
            last = e.Id;
            if (tallies.TryGetValue(e.LotId, out var tally))
            {
                tally.Add(e.Id, e.Kind, e.QuantityMg, e.BalanceAfterMg);
            }
        }

        var breaks = tallies.Values.Where(t => t.FirstBreakLine is not null).Select(t => t.FirstBreakLine!.Value).ToList();
        var times = breaks.Count == 0
            ? []
            : await db.InventoryEntries.AsNoTracking().Where(e => breaks.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.At, ct);
        return new StockTally(tallies, times, last, close?.Day);
    }

    public LotReconciliation Result(StockLot lot) => lots[lot.Id].Result(lot, breakTimes, Since);

    /// <summary>The lot's tally as the snapshot a close keeps (sums and the first break up to <see cref="LastLineId"/>).</summary>
    public void Keep(StockLot lot, StockDayCloseLot into)
    {
        var result = Result(lot);
        into.LedgerMg = result.LedgerMg;
        into.ReceivedMg = result.ReceivedMg;
        into.OutMg = result.OutMg;
        into.AdjustedMg = result.AdjustedMg;
        into.Lines = result.Lines;
        into.FirstBreak = lots[lot.Id].BreakText(breakTimes);
    }

    /// <summary>One lot's ledger added up line by line, in ledger order; the first line whose balance disagrees is kept.</summary>
    private sealed class LotTally
    {
        private decimal running, received, outMg, adjusted;
        private int lines;
        private (long Id, string Kind, decimal Running, decimal Says)? firstBreak;
        private string? earlierBreak;

        /// <summary>The first line whose balance disagrees with the running sum (or goes below zero).</summary>
        public long? FirstBreakLine => firstBreak?.Id;

        public static LotTally From(StockDayCloseLot snapshot) => new()
        {
            running = snapshot.LedgerMg,
            received = snapshot.ReceivedMg,
            outMg = snapshot.OutMg,
            adjusted = snapshot.AdjustedMg,
            lines = snapshot.Lines,
            earlierBreak = snapshot.FirstBreak,
        };

        public void Add(long id, string kind, decimal quantityMg, decimal balanceAfterMg)
        {
            lines++;
            running += quantityMg;
            switch (kind)
            {
                case "receipt" or "transfer-in":
                    received += quantityMg;
                    break;
                case "dispense" or "take-home" or "waste" or "transfer-out":
                    outMg -= quantityMg;
                    break;
                default:
                    adjusted += quantityMg;
                    break;
            }

            if (firstBreak is null && (running != balanceAfterMg || running < 0))
            {
                firstBreak = (id, kind, running, balanceAfterMg);
            }
        }

        /// <summary>The first disagreeing line, described; the snapshot's own break comes first.</summary>
        public string? BreakText(IReadOnlyDictionary<long, DateTimeOffset> lineTimes) => earlierBreak ?? (firstBreak is { } b
            ? $"line {b.Id} ({b.Kind}, {lineTimes.GetValueOrDefault(b.Id).ToLocalTime():yyyy-MM-dd HH:mm}): running balance {StockLedger.Mg(b.Running)} mg, line says {StockLedger.Mg(b.Says)} mg"
            : null);

        public LotReconciliation Result(StockLot lot, IReadOnlyDictionary<long, DateTimeOffset> lineTimes, DateOnly? since)
        {
            var problem = BreakText(lineTimes) ?? (running != lot.BalanceMg
                ? $"the ledger sums to {StockLedger.Mg(running)} mg but the lot holds {StockLedger.Mg(lot.BalanceMg)} mg"
                : null);
            return new(lot.Id, lot.Lot, MedicationOrders.Name(lot.Medication), received, outMg, adjusted, running, lot.BalanceMg, lines, problem is null, problem, since);
        }
    }
}
