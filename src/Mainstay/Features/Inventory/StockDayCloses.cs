using System.Globalization;
using System.Text;
using Mainstay.Clinical.Inventory;
using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Audit;
using Mainstay.Features.Dosing;
using Mainstay.Features.Orders;
using Mainstay.Web;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Inventory;

public sealed record LotCount
{
    public Guid? LotId { get; init; }
    public decimal? CountedMg { get; init; }
    public string? Reason { get; init; }
}

public sealed record CloseDayRequest
{
    public int? SiteId { get; init; }
    public IReadOnlyList<LotCount>? Counts { get; init; }
    public string? Witness { get; init; }
    public string? WitnessPassword { get; init; }

    /// <summary>This count is the site's biennial inventory (21 CFR 1304.11(c)).</summary>
    public bool Biennial { get; init; }

    public string? Note { get; init; }
}

public sealed record CloseReview
{
    public string? Note { get; init; }
    public bool TheftOrSignificantLoss { get; init; }
}

/// <summary>
/// One lot of an inventory. <paramref name="CountedUnits"/> is the count in the lot's unit (mL, tablets) when its strength is
/// on file; <paramref name="Containers"/> that count in commercial containers of <paramref name="UnitsPerContainer"/> when
/// the container size is on file too.
/// </summary>
public sealed record ClosedLotView(
    Guid LotId, string Medication, string Schedule, string Lot, string? Form, DateOnly? ExpiresOn, bool Expired, decimal ExpectedMg, decimal CountedMg,
    decimal? CountedUnits, string? Unit, decimal VarianceMg, string? Reason, bool LedgerBalanced, string? LedgerBreak, decimal? UnitsPerContainer,
    ContainerCount? Containers)
{
    /// <summary>"4 full × 1,000 mL + 1 opened (995 mL)", as the inventory prints it; null without a container size.</summary>
    public string? DescribeContainers() => (Containers, UnitsPerContainer) switch
    {
        ({ } c, { } size) => string.Create(CultureInfo.InvariantCulture, $"{c.Full:#,0} full × {StockLedger.Units(size, Unit)}")
                             + (c.HasOpened ? $" + 1 opened ({StockLedger.Units(c.OpenedUnits, Unit)})" : ""),
        _ => null,
    };
}

public sealed record CorrectionView(long LineId, DateTimeOffset At, string Lot, decimal QuantityMg, string? Reason, string? By, string? WitnessedBy);

public sealed record DayCloseSummary(
    Guid Id, int SiteId, DateOnly Day, DateTimeOffset ClosedAt, string ClosedBy, string WitnessedBy, bool Biennial, int Discrepancies, int Corrections,
    bool AwaitingReview, DateTimeOffset? ReviewedAt, string? ReviewedBy, bool TheftOrSignificantLoss);

/// <summary>
/// A close of day as an inventory record: the registrant (the site, its address and the DEA registration number it held
/// at the count), the counts per lot, the corrections made after it, the director's review.
/// </summary>
public sealed record DayCloseView(
    DayCloseSummary Close, string Site, string? Note, string? ReviewNote, TheftOrLossDeadlines? Deadlines, IReadOnlyList<ClosedLotView> Lots,
    IReadOnlyList<CorrectionView> Corrections, string? SiteAddress, string? DeaRegistration);

/// <summary>Where a site's stock stands: today's close if any, the biennial inventory, the recent closes, what waits for review.</summary>
public sealed record StockCloseStatus(
    int SiteId, DateOnly Today, DayCloseSummary? TodaysClose, BiennialInventoryStatus Biennial, IReadOnlyList<DayCloseSummary> Recent);

/// <summary>
/// The close of a clinic day's controlled-substance stock: every lot counted by a nurse with a witness, the counts set
/// against the book, variances posted as count lines with their reasons, the ledger checked from the previous close and
/// its sums kept as the next snapshot, all in one locked transaction. Discrepancies wait for the director's review; after
/// the close nothing of that day is written except a witnessed correction (<see cref="InventoryBook.CorrectAsync"/>).
/// </summary>
public sealed class StockDayCloses(MainstayDb db, ClinicUser user, AuditTrail audit, StockLedger ledger, InventoryBook book, TimeProvider clock)
{
    /// <summary>How many closes the status lists.</summary>
    public const int RecentCount = 14;

    private DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    public async Task<Outcome<DayCloseView>> CloseAsync(CloseDayRequest request, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var counts = request.Counts ?? [];
        if (request.SiteId is null)
        {
            errors.Add("siteId", "siteId is required.");
        }

        if (counts.Count == 0)
        {
            errors.Add("counts", "counts is required: one count per lot of the site ({\"lotId\", \"countedMg\", \"reason\"}).");
        }

        for (var i = 0; i < counts.Count; i++)
        {
            var c = counts[i];
            if (c?.LotId is null)
            {
                errors.Add($"counts[{i}].lotId", "lotId is required.");
            }

            if (c?.CountedMg is not (>= 0 and <= 100_000_000))
            {
                errors.Add($"counts[{i}].countedMg", "countedMg is required: what is on the shelf, in mg (0 to 100,000,000).");
            }
            else if (decimal.Round(c.CountedMg.Value, 2) != c.CountedMg.Value)
            {
                errors.Add($"counts[{i}].countedMg", "countedMg has more than 2 decimal places.");
            }

            if (c?.Reason is { Length: > 500 })
            {
                errors.Add($"counts[{i}].reason", "reason is longer than 500 characters.");
            }
        }

        if (counts.Where(c => c?.LotId is not null).GroupBy(c => c.LotId).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            errors.Add("counts", $"Lot {twice.Key} is counted twice.");
        }

        if (string.IsNullOrWhiteSpace(request.Witness))
        {
            errors.Add("witness", "A second person witnesses the count: give the witness's username.");
        }

        if (string.IsNullOrEmpty(request.WitnessPassword))
        {
            errors.Add("witnessPassword", "The witness signs with their password.");
        }

        if (request.Note is { Length: > 1000 })
        {
            errors.Add("note", "note is longer than 1,000 characters.");
        }

        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        var siteId = request.SiteId!.Value;
        if (await book.CheckSiteAsync(siteId, ct) is { } refused)
        {
            return refused;
        }

        var signed = await book.WitnessAsync(request.Witness!.Trim(), request.WitnessPassword!, siteId, ct);
        if (signed.Refusal is not null)
        {
            return signed.Refusal;
        }

        var now = clock.GetUtcNow();
        var today = Today;
        await using var tx = await db.BeginLockedWriteAsync(ct);
        if (await ledger.ClosedAsync(siteId, now, ct) is { } closed)
        {
            return Refusal.Conflict($"The stock of this site was already closed for {closed.Day:yyyy-MM-dd} at {closed.ClosedAt.ToLocalTime():HH:mm} by {closed.ClosedBy}.");
        }

        var lots = await db.StockLots.Where(l => l.SiteId == siteId).ToListAsync(ct);
        var byId = lots.ToDictionary(l => l.Id);
        var given = counts.ToDictionary(c => c.LotId!.Value);
        foreach (var (lotId, i) in counts.Select((c, i) => (c.LotId!.Value, i)).Where(x => !byId.ContainsKey(x.Value)))
        {
            errors.Add($"counts[{i}].lotId", $"There is no lot {lotId} at this site.");
        }

        foreach (var lot in lots.Where(l => l.BalanceMg != 0 && !given.ContainsKey(l.Id)).OrderBy(l => l.Lot))
        {
            errors.Add("counts", $"Lot {lot.Lot} ({MedicationOrders.Name(lot.Medication)}) holds {StockLedger.Mg(lot.BalanceMg)} mg on the book and was not counted: a close counts every lot.");
        }

        foreach (var lot in lots.Where(l => given.TryGetValue(l.Id, out var c) && c.CountedMg != l.BalanceMg && string.IsNullOrWhiteSpace(c.Reason)).OrderBy(l => l.Lot))
        {
            errors.Add("counts", $"Lot {lot.Lot}: counted {StockLedger.Mg(given[lot.Id].CountedMg!.Value)} mg against {StockLedger.Mg(lot.BalanceMg)} mg on the book: give the reason for the difference.");
        }

        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        var tally = await StockTally.ReadAsync(db, siteId, lots, full: false, ct);
        var close = new StockDayClose
        {
            Id = Guid.CreateVersion7(now),
            SiteId = siteId,
            Day = today,
            ClosedAt = now,
            ClosedBy = user.Username ?? "unknown",
            WitnessedBy = signed.Value!,
            Biennial = request.Biennial,
            DeaRegistration = await db.Sites.Where(s => s.Id == siteId).Select(s => s.DeaRegistration).SingleAsync(ct),
            Note = Blank(request.Note),
            LastLineId = tally.LastLineId,
        };
        var variances = new List<string>();
        foreach (var lot in lots.OrderBy(l => l.Medication).ThenBy(l => l.Lot))
        {
            var counted = given.TryGetValue(lot.Id, out var c) ? c.CountedMg!.Value : 0m;
            var line = new StockDayCloseLot
            {
                LotId = lot.Id,
                ExpectedMg = lot.BalanceMg,
                CountedMg = counted,
                VarianceMg = ControlledStock.Variance(lot.BalanceMg, counted),
                Reason = Blank(c?.Reason),
            };
            tally.Keep(lot, line);
            var balances = tally.Result(lot).Balances;
            if (line.VarianceMg != 0 || !balances)
            {
                close.Discrepancies++;
                variances.Add($"lot {lot.Lot} {(line.VarianceMg == 0 ? "ledger does not balance" : $"{line.VarianceMg:+0.##;-0.##} mg")}");
            }

            if (line.VarianceMg != 0)
            {
                var posted = await ledger.PostAsync(lot, new InventoryEntry
                {
                    Kind = "count",
                    QuantityMg = line.VarianceMg,
                    CountedMg = counted,
                    Reason = $"close of day: {line.Reason}",
                    By = close.ClosedBy,
                    WitnessedBy = close.WitnessedBy,
                    At = now,
                }, ct);
                if (posted is not null)
                {
                    return posted;
                }
            }
            else
            {
                lot.Version++; // a stock write that read the lot before the close now fails instead of slipping in after it
            }

            close.Lots.Add(line);
        }

        db.StockDayCloses.Add(close);
        audit.Record("stock-close", "StockDayClose", close.Id.ToString(), siteId: siteId,
            detail: $"closed {today:yyyy-MM-dd}{(close.Biennial ? " (biennial inventory)" : "")}: {lots.Count} lots counted, witnessed by {close.WitnessedBy}; "
                    + (variances.Count == 0 ? "no discrepancy" : $"{variances.Count} discrepancies: {string.Join("; ", variances)}"));
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Refusal.Conflict("The stock changed while the count was saved; count again.");
        }
        catch (DbUpdateException ex) when (DosingWindow.IsUniqueViolation(ex))
        {
            return Refusal.Conflict("The stock of this site was closed for today at the same moment by someone else.");
        }

        return await ViewAsync(close.Id, ct);
    }

    /// <summary>The director's review of a close with discrepancies (or corrected after the close): a note, and whether it was a theft or significant loss.</summary>
    public async Task<Outcome<DayCloseView>> ReviewAsync(Guid closeId, CloseReview request, CancellationToken ct)
    {
        if (user.Role != Roles.Director)
        {
            return Refusal.Forbidden("Only the director reviews a close of day's discrepancies.");
        }

        if (string.IsNullOrWhiteSpace(request.Note) || request.Note.Length > 2000)
        {
            return Refusal.Invalid("note", "note is required: what was found and done (at most 2,000 characters).");
        }

        await using var tx = await db.BeginLockedWriteAsync(ct); // reviewed once: a second review at the same moment is refused
        var close = await db.StockDayCloses.SingleOrDefaultAsync(c => c.Id == closeId, ct);
        if (close is null || !await user.MayUseSiteAsync(close.SiteId, ct))
        {
            return Refusal.NotFound($"There is no close of day {closeId} at your sites.");
        }

        var summary = (await SummariesAsync([close], ct))[0];
        if (!summary.AwaitingReview)
        {
            return Refusal.Conflict(close.Discrepancies == 0 && summary.Corrections == 0
                ? "This close has no discrepancy to review."
                : $"This close was reviewed by {close.ReviewedBy} at {close.ReviewedAt?.ToLocalTime():yyyy-MM-dd HH:mm} and nothing was corrected since.");
        }

        close.ReviewedAt = clock.GetUtcNow();
        close.ReviewedBy = user.Username;
        close.ReviewNote = request.Note.Trim();
        close.TheftOrSignificantLoss |= request.TheftOrSignificantLoss;
        var deadlines = close.TheftOrSignificantLoss ? ControlledStock.AfterTheftOrLoss(close.Day) : null;
        audit.Record("stock-close-review", "StockDayClose", close.Id.ToString(), siteId: close.SiteId,
            detail: $"reviewed the close of {close.Day:yyyy-MM-dd}" + (deadlines is null ? "" : $": theft or significant loss; DEA notice by {deadlines.NoticeBy:yyyy-MM-dd}, Form 106 by {deadlines.Form106By:yyyy-MM-dd}")
                    + $": {close.ReviewNote}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await ViewAsync(close.Id, ct);
    }

    public async Task<Outcome<DayCloseView>> GetAsync(Guid closeId, CancellationToken ct)
    {
        var close = await db.StockDayCloses.AsNoTracking().Where(c => c.Id == closeId).Select(c => new { c.SiteId }).SingleOrDefaultAsync(ct);
        if (close is null || !await user.MayUseSiteAsync(close.SiteId, ct))
        {
            return Refusal.NotFound($"There is no close of day {closeId} at your sites.");
        }

        await audit.RecordNowAsync(AuditActions.Read, "StockDayClose", closeId.ToString(), siteId: close.SiteId, ct: ct);
        return await ViewAsync(closeId, ct);
    }

    public async Task<Outcome<StockCloseStatus>> StatusAsync(int siteId, CancellationToken ct)
    {
        if (!await user.MayUseSiteAsync(siteId, ct))
        {
            return Refusal.Forbidden($"You are not granted site {siteId}.");
        }

        var today = Today;
        var recent = await db.StockDayCloses.AsNoTracking().Where(c => c.SiteId == siteId).OrderByDescending(c => c.Day).Take(RecentCount).ToListAsync(ct);
        // Older closes still waiting for the director are listed too.
        var oldest = recent.Count == 0 ? DateOnly.MaxValue : recent[^1].Day;
        recent.AddRange(await db.StockDayCloses.AsNoTracking()
            .Where(c => c.SiteId == siteId && c.Day < oldest && c.Discrepancies > 0 && c.ReviewedAt == null).OrderByDescending(c => c.Day).ToListAsync(ct));
        var lastBiennial = await db.StockDayCloses.AsNoTracking().Where(c => c.SiteId == siteId && c.Biennial).MaxAsync(c => (DateOnly?)c.Day, ct);
        var summaries = await SummariesAsync(recent, ct);
        return new StockCloseStatus(siteId, today, summaries.FirstOrDefault(s => s.Day == today), ControlledStock.Biennial(lastBiennial, today), summaries);
    }

    /// <summary>Every close at the caller's sites that waits for the director, oldest first, with its site's name.</summary>
    public async Task<IReadOnlyList<(DayCloseSummary Close, string Site)>> AwaitingReviewAsync(CancellationToken ct)
    {
        var scope = await user.ScopeAsync(ct);
        var sites = scope.SiteIds.ToList();
        var corrected = await db.InventoryEntries.AsNoTracking().Where(e => e.Kind == "correction" && sites.Contains(e.SiteId) && e.CorrectsDay != null)
            .Select(e => new { e.SiteId, Day = e.CorrectsDay!.Value }).Distinct().ToListAsync(ct);
        var candidates = await db.StockDayCloses.AsNoTracking().Where(c => sites.Contains(c.SiteId) && c.Discrepancies > 0 && c.ReviewedAt == null).ToListAsync(ct);
        foreach (var site in corrected.GroupBy(c => c.SiteId))
        {
            var days = site.Select(c => c.Day).ToList();
            candidates.AddRange(await db.StockDayCloses.AsNoTracking().Where(c => c.SiteId == site.Key && days.Contains(c.Day)).ToListAsync(ct));
        }

        var names = await db.Sites.AsNoTracking().Where(s => sites.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        var waiting = new List<(DayCloseSummary, string)>();
        foreach (var site in candidates.DistinctBy(c => c.Id).GroupBy(c => c.SiteId))
        {
            waiting.AddRange((await SummariesAsync(site.ToList(), ct)).Where(s => s.AwaitingReview).Select(s => (s, names[site.Key])));
        }

        return waiting.OrderBy(w => w.Item1.Day).ThenBy(w => w.Item2).ToList();
    }

    /// <summary>The inventory a regulator reads: one line per lot as counted at the close, then the corrections made after it.</summary>
    public static string ToCsv(DayCloseView view)
    {
        var c = view.Close;
        var csv = new StringBuilder("site,day,taken,medication,schedule,lot,form,expires_on,expired,book_mg,counted_mg,counted_units,unit,variance_mg,reason,counted_by,witnessed_by,biennial,"
                                    + "units_per_container,full_containers,opened_container_units,dea_registration,address\n");
        foreach (var l in view.Lots)
        {
            csv.AppendJoin(',', Csv.Field(view.Site), c.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "close of business", l.Medication, l.Schedule,
                Csv.Field(l.Lot), Csv.Field(l.Form), l.ExpiresOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "", l.Expired ? "yes" : "no", StockLedger.Mg(l.ExpectedMg),
                StockLedger.Mg(l.CountedMg), l.CountedUnits is { } units ? StockLedger.Mg(units) : "", Csv.Field(l.Unit), StockLedger.Mg(l.VarianceMg), Csv.Field(l.Reason), Csv.Field(c.ClosedBy), Csv.Field(c.WitnessedBy), c.Biennial ? "yes" : "no",
                l.UnitsPerContainer is { } size ? StockLedger.Mg(size) : "", l.Containers?.Full.ToString(CultureInfo.InvariantCulture) ?? "",
                l.Containers is { } inContainers ? StockLedger.Mg(inContainers.OpenedUnits) : "", view.DeaRegistration ?? "", Csv.Field(view.SiteAddress)).Append('\n');
        }

        foreach (var k in view.Corrections)
        {
            csv.AppendJoin(',', Csv.Field(view.Site), c.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                "correction " + k.At.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), "", "", Csv.Field(k.Lot), "", "", "", "", "", "", "",
                StockLedger.Mg(k.QuantityMg), Csv.Field(k.Reason), Csv.Field(k.By), Csv.Field(k.WitnessedBy), "", "", "", "", view.DeaRegistration ?? "",
                Csv.Field(view.SiteAddress)).Append('\n');
        }

        return csv.ToString();
    }

    private async Task<DayCloseView> ViewAsync(Guid closeId, CancellationToken ct)
    {
        var close = await db.StockDayCloses.AsNoTracking().Include(c => c.Lots).SingleAsync(c => c.Id == closeId, ct);
        var lotIds = close.Lots.Select(l => l.LotId).ToList();
        var lots = await db.StockLots.AsNoTracking().Where(l => lotIds.Contains(l.Id)).ToDictionaryAsync(l => l.Id, ct);
        var site = await db.Sites.AsNoTracking().Where(s => s.Id == close.SiteId).Select(s => new { s.Name, s.Address }).SingleAsync(ct);
        var corrections = await CorrectionsAsync(close.SiteId, [close.Day], ct);
        var summary = Summary(close, corrections);
        var lines = close.Lots.Select(l => (Snapshot: l, Lot: lots[l.LotId])).OrderBy(x => x.Lot.Medication).ThenBy(x => x.Lot.Lot).Select(x => new ClosedLotView(
            x.Lot.Id, MedicationOrders.Name(x.Lot.Medication), ControlledStock.Describe(ControlledStock.ScheduleOf(x.Lot.Medication)), x.Lot.Lot, x.Lot.Form,
            x.Lot.ExpiresOn, x.Lot.ExpiresOn is { } e && e <= close.Day, x.Snapshot.ExpectedMg, x.Snapshot.CountedMg,
            Units(x.Snapshot, x.Lot), x.Lot.Unit, x.Snapshot.VarianceMg, x.Snapshot.Reason,
            x.Snapshot.FirstBreak is null && x.Snapshot.LedgerMg == x.Snapshot.ExpectedMg, x.Snapshot.FirstBreak
                ?? (x.Snapshot.LedgerMg == x.Snapshot.ExpectedMg ? null : $"the ledger summed to {StockLedger.Mg(x.Snapshot.LedgerMg)} mg"),
            x.Lot.UnitsPerContainer, Units(x.Snapshot, x.Lot) is { } units && x.Lot.UnitsPerContainer is { } size ? ControlledStock.InContainers(units, size) : null)).ToList();
        var views = corrections.Select(k => new CorrectionView(k.Id, k.At, lots.TryGetValue(k.LotId, out var lot) ? lot.Lot : k.LotId.ToString(), k.QuantityMg, k.Reason, k.By, k.WitnessedBy)).ToList();
        return new DayCloseView(summary, site.Name, close.Note, close.ReviewNote, close.TheftOrSignificantLoss ? ControlledStock.AfterTheftOrLoss(close.Day) : null, lines, views,
            site.Address, close.DeaRegistration);
    }

    /// <summary>The count in the lot's unit (mL, tablets), to 0.01, when its strength is on file.</summary>
    private static decimal? Units(StockDayCloseLot counted, StockLot lot) => lot.MgPerUnit is { } strength ? decimal.Round(counted.CountedMg / strength, 2) : null;

    private async Task<List<DayCloseSummary>> SummariesAsync(IReadOnlyList<StockDayClose> closes, CancellationToken ct)
    {
        if (closes.Count == 0)
        {
            return [];
        }

        var corrections = await CorrectionsAsync(closes[0].SiteId, closes.Select(c => c.Day).ToList(), ct);
        return closes.Select(c => Summary(c, corrections)).ToList();
    }

    private async Task<List<InventoryEntry>> CorrectionsAsync(int siteId, List<DateOnly> days, CancellationToken ct) =>
        await db.InventoryEntries.AsNoTracking()
            .Where(e => e.SiteId == siteId && e.Kind == "correction" && e.CorrectsDay != null && days.Contains(e.CorrectsDay.Value)).OrderBy(e => e.Id).ToListAsync(ct);

    /// <summary>A close waits for the director when it found a discrepancy or was corrected, and no review came after the last of those.</summary>
    private static DayCloseSummary Summary(StockDayClose c, IEnumerable<InventoryEntry> corrections)
    {
        var own = corrections.Where(k => k.CorrectsDay == c.Day).ToList();
        var lastCorrection = own.Count == 0 ? (DateTimeOffset?)null : own.Max(k => k.At);
        var awaiting = (c.Discrepancies > 0 && c.ReviewedAt is null) || (lastCorrection is { } at && (c.ReviewedAt is null || c.ReviewedAt < at));
        return new(c.Id, c.SiteId, c.Day, c.ClosedAt, c.ClosedBy, c.WitnessedBy, c.Biennial, c.Discrepancies, own.Count, awaiting, c.ReviewedAt, c.ReviewedBy,
            c.TheftOrSignificantLoss);
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
