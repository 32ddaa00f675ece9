using System.Globalization;
using System.Text;
using Mainstay.Clinical.Inventory;
using Mainstay.Clinical.Medication;
using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Audit;
using Mainstay.Features.Dosing;
using Mainstay.Features.Orders;
using Mainstay.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Inventory;

public sealed record ReceiptRequest
{
    public int? SiteId { get; init; }
    public string? Medication { get; init; }
    public string? Lot { get; init; }
    public string? ExpiresOn { get; init; }
    public decimal? QuantityMg { get; init; }
    public string? Supplier { get; init; }
    public string? Invoice { get; init; }

    /// <summary>The finished form as labelled ("oral concentrate 10 mg/mL"), with its strength in mg per <see cref="Unit"/>.</summary>
    public string? Form { get; init; }

    public decimal? MgPerUnit { get; init; }
    public string? Unit { get; init; }

    /// <summary>Units in one commercial container as labelled (1,000 for a 1,000 mL bottle); part of the lot's label.</summary>
    public decimal? UnitsPerContainer { get; init; }

    /// <summary>The number of commercial containers received. With the container size and strength known, quantityMg may be left out.</summary>
    public int? Containers { get; init; }

    /// <summary>The supplier's DEA registration number.</summary>
    public string? SupplierRegistration { get; init; }
}

public sealed record TransferRequest
{
    public Guid? LotId { get; init; }
    public int? ToSiteId { get; init; }
    public decimal? QuantityMg { get; init; }
    public string? Reason { get; init; }
}

/// <summary>Waste, spill, adjustment or count. Waste and counts need a second user who signs with their password.</summary>
public sealed record StockChangeRequest
{
    public Guid? LotId { get; init; }

    /// <summary>Waste: the amount destroyed (positive). Adjustment: signed change.</summary>
    public decimal? QuantityMg { get; init; }

    /// <summary>Count: what is physically on the shelf.</summary>
    public decimal? CountedMg { get; init; }

    public string? Reason { get; init; }
    public string? Witness { get; init; }
    public string? WitnessPassword { get; init; }

    /// <summary>Correction: the closed clinic day (yyyy-MM-dd) it corrects.</summary>
    public string? CorrectsDay { get; init; }
}

public sealed record LotView(Guid Id, int SiteId, string Medication, string Lot, DateOnly? ExpiresOn, decimal BalanceMg, bool Expired, string? Form, decimal? MgPerUnit,
    string? Unit, decimal? UnitsPerContainer);

public sealed record LedgerLine(
    long Id, DateTimeOffset At, int SiteId, Guid LotId, string Lot, string Medication, string Kind, decimal QuantityMg, decimal BalanceAfterMg,
    decimal? CountedMg, string? Reason, string? Supplier, string? Invoice, string? By, string? WitnessedBy, Guid? DispenseId, Guid? TransferId,
    DateOnly? CorrectsDay, string? SupplierRegistration, int? Containers);

/// <summary>
/// A lot's ledger recomputed from its lines: receipts − out ± adjustments must equal the lot's balance, line by line.
/// <paramref name="CheckedSince"/> is the closed day whose verified snapshot the check started from (null: from the first line).
/// </summary>
public sealed record LotReconciliation(
    Guid LotId, string Lot, string Medication, decimal ReceivedMg, decimal OutMg, decimal AdjustedMg, decimal LedgerMg, decimal BookMg,
    int Lines, bool Balances, string? FirstBreak, DateOnly? CheckedSince);

/// <summary>
/// Controlled-substance stock per site and lot: receipts, transfers between sites, waste and spills (witnessed by a
/// second user who signs), adjustments with a reason, physical counts (the variance is a ledger line), the perpetual
/// ledger and its reconciliation. Every change goes through <see cref="StockLedger"/> in one transaction.
/// </summary>
public sealed class InventoryBook(MainstayDb db, ClinicUser user, AuditTrail audit, StockLedger ledger, UserManager<UserAccount> accounts,
    SignInManager<UserAccount> signIn, TimeProvider clock)
{
    /// <summary>Who may witness a waste, a count or a close: a second person who handles or oversees the stock.</summary>
    private static readonly string[] WitnessRoles = [Roles.Nurse, Roles.Prescriber, Roles.Director];

    private DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    public async Task<Outcome<IReadOnlyList<LotView>>> LotsAsync(int siteId, CancellationToken ct)
    {
        if (!await user.MayUseSiteAsync(siteId, ct))
        {
            return Refusal.Forbidden($"You are not granted site {siteId}.");
        }

        var lots = await db.StockLots.AsNoTracking().Where(l => l.SiteId == siteId).ToListAsync(ct);
        return lots.OrderBy(l => l.Medication).ThenBy(l => l.ExpiresOn ?? DateOnly.MaxValue).Select(View).ToList();
    }

    public async Task<Outcome<LedgerLine>> ReceiveAsync(ReceiptRequest request, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var medication = MedicationOrders.ParseMedication(request.Medication);
        if (medication is null)
        {
            errors.Add("medication", "medication must be methadone, buprenorphine or naltrexone.");
        }

        if (string.IsNullOrWhiteSpace(request.Lot) || request.Lot.Trim().Length > 40)
        {
            errors.Add("lot", "lot is required (the manufacturer's lot number, at most 40 characters).");
        }

        if (request.QuantityMg is not null || request.Containers is null)
        {
            Positive(errors, "quantityMg", request.QuantityMg);
        }

        Text(errors, "supplier", request.Supplier, required: true);
        Text(errors, "invoice", request.Invoice, required: true);
        var supplierRegistration = DeaRegistration.Normalize(request.SupplierRegistration);
        if (supplierRegistration is not null && DeaRegistration.Problem(supplierRegistration) is { } badRegistration)
        {
            errors.Add("supplierRegistration", "supplierRegistration: " + badRegistration);
        }

        if (request.Containers is not (null or (> 0 and <= 100_000)))
        {
            errors.Add("containers", "containers is the number of commercial containers received: 1 to 100,000.");
        }

        if (request.UnitsPerContainer is { } size && (size is not (> 0 and <= 1_000_000) || decimal.Round(size, 3) != size))
        {
            errors.Add("unitsPerContainer", "unitsPerContainer is the container's labelled contents in units (1000 for a 1,000 mL bottle): more than 0, at most 3 decimals.");
        }

        var expires = Dates.Parse(errors, "expiresOn", request.ExpiresOn);
        var form = FinishedForm(errors, request);

        if (request.SiteId is null)
        {
            errors.Add("siteId", "siteId is required.");
        }

        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        if (await CheckSiteAsync(request.SiteId!.Value, ct) is { } refused)
        {
            return refused;
        }

        if (expires is { } exp && exp <= Today)
        {
            return Refusal.Invalid("expiresOn", "The lot has expired: do not receive it.");
        }

        var now = clock.GetUtcNow();
        var name = request.Lot!.Trim();
        var lot = await db.StockLots.SingleOrDefaultAsync(l => l.SiteId == request.SiteId && l.Medication == medication && l.Lot == name, ct);
        if (lot is null)
        {
            lot = new StockLot { Id = Guid.CreateVersion7(now), SiteId = request.SiteId.Value, Medication = medication!.Value, Lot = name, ExpiresOn = expires };
            db.StockLots.Add(lot);
        }
        else if (form is not null && lot.Form is not null && (lot.Form != form.Value.Form || lot.MgPerUnit != form.Value.MgPerUnit || lot.Unit != form.Value.Unit))
        {
            return Refusal.Conflict($"Lot {name} is on file as {lot.Form} ({StockLedger.Mg(lot.MgPerUnit ?? 0)} mg per {lot.Unit}), not {form.Value.Form}: check the label.");
        }
        else if (request.UnitsPerContainer is { } newSize && lot.UnitsPerContainer is { } onFile && newSize != onFile)
        {
            return Refusal.Conflict($"Lot {name} is on file in containers of {StockLedger.Mg(onFile)} {lot.Unit}, not {StockLedger.Mg(newSize)}: check the label.");
        }
        else if (expires is not null && lot.ExpiresOn is not null && lot.ExpiresOn != expires)
        {
            return Refusal.Conflict($"Lot {name} is on file with expiry {lot.ExpiresOn:yyyy-MM-dd}, not {expires:yyyy-MM-dd}: check the label.");
        }

        if (form is { } f && lot.Form is null)
        {
            (lot.Form, lot.MgPerUnit, lot.Unit) = f;
        }

        if (request.UnitsPerContainer is { } labelled)
        {
            if (lot.Form is null)
            {
                return Refusal.Invalid("unitsPerContainer", "A container size is counted in the lot's unit: give the finished form, mgPerUnit and unit with it.");
            }

            lot.UnitsPerContainer = labelled;
        }

        var quantity = ReceivedMg(request, lot);
        if (quantity.Refusal is not null)
        {
            return quantity.Refusal;
        }

        var entry = new InventoryEntry
        {
            Kind = "receipt",
            QuantityMg = quantity.Value,
            Supplier = request.Supplier!.Trim(),
            SupplierRegistration = supplierRegistration,
            Invoice = request.Invoice!.Trim(),
            Containers = request.Containers,
            By = user.Username,
            At = now,
        };
        return await SaveAsync(lot, entry, $"received {StockLedger.Mg(entry.QuantityMg)} mg"
            + (entry.Containers is { } n ? $" in {n} {(n == 1 ? "container" : "containers")}" : "")
            + $" from {entry.Supplier}{(supplierRegistration is null ? "" : $" ({supplierRegistration})")}, invoice {entry.Invoice}", ct);
    }

    /// <summary>
    /// The mg a receipt brings in. Containers of a known size and strength hold a known amount: a quantity given with them
    /// must be that amount, and may be left out.
    /// </summary>
    private static Outcome<decimal> ReceivedMg(ReceiptRequest request, StockLot lot)
    {
        if (request.Containers is not { } containers || lot is not { UnitsPerContainer: { } size, MgPerUnit: { } strength })
        {
            return request.QuantityMg is { } given
                ? given
                : Refusal.Invalid("quantityMg", "quantityMg is required: the lot's container size and strength are not on file, so the containers alone do not say how much came in.");
        }

        var contents = ControlledStock.ContentsMg(containers, size, strength);
        if (request.QuantityMg is { } stated && stated != contents)
        {
            return Refusal.Invalid("quantityMg", $"{containers} × {StockLedger.Mg(size)} {lot.Unit} at {StockLedger.Mg(strength)} mg per {lot.Unit} is {StockLedger.Mg(contents)} mg, not {StockLedger.Mg(stated)}: check the count or the label.");
        }

        if (contents is not (> 0 and <= 100_000_000))
        {
            return Refusal.Invalid("containers", $"{containers} containers hold {StockLedger.Mg(contents)} mg: a receipt is at most 100,000,000 mg.");
        }

        return decimal.Round(contents, 2) == contents
            ? contents
            : Refusal.Invalid("quantityMg", $"{containers} containers hold {contents} mg, finer than the book's 0.01 mg: give quantityMg as weighed or counted.");
    }

    public async Task<Outcome<IReadOnlyList<LedgerLine>>> TransferAsync(TransferRequest request, CancellationToken ct)
    {
        var errors = new FieldErrors();
        Positive(errors, "quantityMg", request.QuantityMg);
        Text(errors, "reason", request.Reason, required: true);
        if (request.LotId is null)
        {
            errors.Add("lotId", "lotId is required.");
        }

        if (request.ToSiteId is null)
        {
            errors.Add("toSiteId", "toSiteId is required.");
        }

        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        var from = await FindLotAsync(request.LotId!.Value, ct);
        if (from.Refusal is not null)
        {
            return from.Refusal;
        }

        var source = from.Value!;
        if (request.ToSiteId == source.SiteId)
        {
            return Refusal.Invalid("toSiteId", "The lot is already at that site.");
        }

        if (await CheckSiteAsync(request.ToSiteId!.Value, ct) is { } refused)
        {
            return refused;
        }

        var now = clock.GetUtcNow();
        var transferId = Guid.CreateVersion7(now);
        var target = await db.StockLots.SingleOrDefaultAsync(l => l.SiteId == request.ToSiteId && l.Medication == source.Medication && l.Lot == source.Lot, ct);
        if (target is null)
        {
            target = new StockLot
            {
                Id = Guid.CreateVersion7(now),
                SiteId = request.ToSiteId.Value,
                Medication = source.Medication,
                Lot = source.Lot,
                ExpiresOn = source.ExpiresOn,
                Form = source.Form,
                MgPerUnit = source.MgPerUnit,
                Unit = source.Unit,
                UnitsPerContainer = source.UnitsPerContainer,
            };
            db.StockLots.Add(target);
        }

        var qty = request.QuantityMg!.Value;
        var reason = request.Reason!.Trim();
        var outLine = new InventoryEntry { Kind = "transfer-out", QuantityMg = -qty, TransferId = transferId, Reason = reason, By = user.Username, At = now };
        var inLine = new InventoryEntry { Kind = "transfer-in", QuantityMg = qty, TransferId = transferId, Reason = reason, By = user.Username, At = now };
        if (await ledger.PostAsync(source, outLine, ct) is { } r1)
        {
            return r1;
        }

        if (await ledger.PostAsync(target, inLine, ct) is { } r2)
        {
            return r2;
        }

        audit.Record("stock-transfer", "StockLot", source.Id.ToString(), siteId: source.SiteId,
            detail: $"{StockLedger.Mg(qty)} mg of lot {source.Lot} to site {target.SiteId}: {reason}");
        if (await CommitAsync(ct) is { } conflict)
        {
            return conflict;
        }

        return new[] { Line(outLine, source), Line(inLine, target) };
    }

    public async Task<Outcome<LedgerLine>> WasteAsync(StockChangeRequest request, CancellationToken ct)
    {
        var errors = new FieldErrors();
        Positive(errors, "quantityMg", request.QuantityMg);
        Text(errors, "reason", request.Reason, required: true);
        return await ChangeAsync(request, errors, witnessed: true, lot => new InventoryEntry
        {
            Kind = "waste",
            QuantityMg = -request.QuantityMg!.Value,
            Reason = request.Reason!.Trim(),
        }, ct);
    }

    public async Task<Outcome<LedgerLine>> AdjustAsync(StockChangeRequest request, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (request.QuantityMg is null or 0)
        {
            errors.Add("quantityMg", "quantityMg is required: the signed change in mg (positive adds, negative removes), not 0.");
        }

        Text(errors, "reason", request.Reason, required: true);
        return await ChangeAsync(request, errors, witnessed: false, lot => new InventoryEntry
        {
            Kind = "adjustment",
            QuantityMg = request.QuantityMg!.Value,
            Reason = request.Reason!.Trim(),
        }, ct);
    }

    /// <summary>
    /// A correction of a closed day: a signed change with a reason, witnessed, posted now and tied to the closed day it
    /// corrects. It is the one line a closed day still takes, and it puts the close back before the director.
    /// </summary>
    public async Task<Outcome<LedgerLine>> CorrectAsync(StockChangeRequest request, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (request.QuantityMg is null or 0)
        {
            errors.Add("quantityMg", "quantityMg is required: the signed change in mg (positive adds, negative removes), not 0.");
        }

        Text(errors, "reason", request.Reason, required: true);
        var day = Dates.Parse(errors, "correctsDay", request.CorrectsDay);
        if (day is null && !errors.ToDictionary().ContainsKey("correctsDay"))
        {
            errors.Add("correctsDay", "correctsDay is required: the closed day (yyyy-MM-dd) the correction is for.");
        }

        if (request.LotId is { } lotId && day is { } closedDay && !errors.Any)
        {
            var siteId = await db.StockLots.Where(l => l.Id == lotId).Select(l => (int?)l.SiteId).SingleOrDefaultAsync(ct);
            if (siteId is { } site && await user.MayUseSiteAsync(site, ct) && !await db.StockDayCloses.AnyAsync(c => c.SiteId == site && c.Day == closedDay, ct))
            {
                return Refusal.Conflict($"{closedDay:yyyy-MM-dd} is not a closed day at this site: an open day takes an adjustment, not a correction.");
            }
        }

        return await ChangeAsync(request, errors, witnessed: true, lot => new InventoryEntry
        {
            Kind = "correction",
            QuantityMg = request.QuantityMg!.Value,
            Reason = request.Reason!.Trim(),
            CorrectsDay = day,
        }, ct);
    }

    /// <summary>A physical count, witnessed: the line's quantity is the variance (counted − book); a variance needs a reason.</summary>
    public async Task<Outcome<LedgerLine>> CountAsync(StockChangeRequest request, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (request.CountedMg is not (>= 0))
        {
            errors.Add("countedMg", "countedMg is required: what is on the shelf, in mg (0 or more).");
        }

        Text(errors, "reason", request.Reason, required: false);
        return await ChangeAsync(request, errors, witnessed: true, lot =>
        {
            var variance = request.CountedMg!.Value - lot.BalanceMg;
            return variance != 0 && string.IsNullOrWhiteSpace(request.Reason)
                ? null
                : new InventoryEntry { Kind = "count", QuantityMg = variance, CountedMg = request.CountedMg, Reason = request.Reason?.Trim() };
        }, ct);
    }

    public async Task<Outcome<IReadOnlyList<LedgerLine>>> LedgerAsync(int siteId, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        if (!await user.MayUseSiteAsync(siteId, ct))
        {
            return Refusal.Forbidden($"You are not granted site {siteId}.");
        }

        var lots = await db.StockLots.AsNoTracking().Where(l => l.SiteId == siteId).ToDictionaryAsync(l => l.Id, ct);
        // The period's days are the clinic's: from its first local midnight to the midnight after its last day.
        var query = db.InventoryEntries.AsNoTracking().Where(e => e.SiteId == siteId);
        if (from is { } first)
        {
            var since = Dates.LocalMidnightUtc(first, clock.LocalTimeZone);
            query = query.Where(e => e.At >= since);
        }

        if (to is { } last)
        {
            var before = last == DateOnly.MaxValue ? DateTimeOffset.MaxValue : Dates.LocalMidnightUtc(last.AddDays(1), clock.LocalTimeZone);
            query = query.Where(e => e.At < before);
        }

        var entries = await query.OrderBy(e => e.Id).ToListAsync(ct);
        await audit.RecordNowAsync(AuditActions.Read, "InventoryLedger", siteId.ToString(CultureInfo.InvariantCulture), siteId: siteId, ct: ct);
        return entries.Select(e => Line(e, lots[e.LotId])).ToList();
    }

    /// <summary>
    /// Recomputes every lot of the site from its ledger lines and compares with the lot's balance. The check starts from
    /// the snapshot of the site's last close of day (the ledger's sums up to its last line, verified then), or from the
    /// first line when <paramref name="full"/> or when no day was closed. The lines are streamed in ledger order, five
    /// columns each, into one running tally per lot: they are read once and never held in memory together. Only the first
    /// disagreeing line of a lot is read again, for its time.
    /// </summary>
    public async Task<Outcome<IReadOnlyList<LotReconciliation>>> ReconcileAsync(int siteId, bool full, CancellationToken ct)
    {
        if (!await user.MayUseSiteAsync(siteId, ct))
        {
            return Refusal.Forbidden($"You are not granted site {siteId}.");
        }

        var lots = await db.StockLots.AsNoTracking().Where(l => l.SiteId == siteId).ToListAsync(ct);
        var tally = await StockTally.ReadAsync(db, siteId, lots, full, ct);
        return lots.OrderBy(l => l.Medication).ThenBy(l => l.Lot).Select(tally.Result).ToList();
    }

    public static string ToCsv(IEnumerable<LedgerLine> lines)
    {
        var csv = new StringBuilder("id,at,site,lot,medication,kind,quantity_mg,balance_after_mg,counted_mg,reason,supplier,invoice,by,witnessed_by,dispense_id,transfer_id,corrects_day,supplier_registration,containers\n");
        foreach (var l in lines)
        {
            csv.AppendJoin(',', l.Id.ToString(CultureInfo.InvariantCulture), l.At.ToString("O", CultureInfo.InvariantCulture), l.SiteId.ToString(CultureInfo.InvariantCulture),
                Csv.Field(l.Lot), l.Medication, l.Kind, StockLedger.Mg(l.QuantityMg), StockLedger.Mg(l.BalanceAfterMg),
                l.CountedMg is { } c ? StockLedger.Mg(c) : "", Csv.Field(l.Reason), Csv.Field(l.Supplier), Csv.Field(l.Invoice), Csv.Field(l.By),
                Csv.Field(l.WitnessedBy), l.DispenseId?.ToString() ?? "", l.TransferId?.ToString() ?? "",
                l.CorrectsDay?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "", l.SupplierRegistration ?? "",
                l.Containers?.ToString(CultureInfo.InvariantCulture) ?? "").Append('\n');
        }

        return csv.ToString();
    }

    private async Task<Outcome<LedgerLine>> ChangeAsync(StockChangeRequest request, FieldErrors errors, bool witnessed, Func<StockLot, InventoryEntry?> make, CancellationToken ct)
    {
        if (request.LotId is null)
        {
            errors.Add("lotId", "lotId is required.");
        }

        if (witnessed && string.IsNullOrWhiteSpace(request.Witness))
        {
            errors.Add("witness", "A second person witnesses this: give the witness's username.");
        }

        if (witnessed && string.IsNullOrEmpty(request.WitnessPassword))
        {
            errors.Add("witnessPassword", "The witness signs with their password.");
        }

        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        var found = await FindLotAsync(request.LotId!.Value, ct);
        if (found.Refusal is not null)
        {
            return found.Refusal;
        }

        var lot = found.Value!;
        string? witness = null;
        if (witnessed)
        {
            var signed = await WitnessAsync(request.Witness!.Trim(), request.WitnessPassword!, lot.SiteId, ct);
            if (signed.Refusal is not null)
            {
                return signed.Refusal;
            }

            witness = signed.Value;
        }

        var entry = make(lot);
        if (entry is null)
        {
            return Refusal.Invalid("reason", "The count differs from the book balance: give the reason for the variance.");
        }

        entry.By = user.Username;
        entry.WitnessedBy = witness;
        entry.At = clock.GetUtcNow();
        return await SaveAsync(lot, entry,
            $"{entry.Kind} {StockLedger.Mg(entry.QuantityMg)} mg" + (entry.CorrectsDay is { } corrected ? $" of the closed day {corrected:yyyy-MM-dd}" : "")
            + (entry.Reason is null ? "" : $": {entry.Reason}") + (witness is null ? "" : $", witnessed by {witness}"), ct);
    }

    /// <summary>The witness is another active user with a stock role at the site, who signs with their own password (lockout applies).</summary>
    internal async Task<Outcome<string>> WitnessAsync(string username, string password, int siteId, CancellationToken ct)
    {
        if (string.Equals(username, user.Username, StringComparison.OrdinalIgnoreCase))
        {
            return Refusal.Invalid("witness", "The witness must be a second person, not you.");
        }

        var account = await accounts.FindByNameAsync(username);
        var roles = account is null ? [] : await accounts.GetRolesAsync(account);
        var atSite = account is not null && (account.AllSites || await db.Set<SiteGrant>().AnyAsync(g => g.UserId == account.Id && g.SiteId == siteId, ct));
        if (account is null || !roles.Any(r => WitnessRoles.Contains(r)) || !atSite)
        {
            return Refusal.Invalid("witness", $"'{username}' cannot witness: a nurse, prescriber or director of this site is needed.");
        }

        var check = await signIn.CheckPasswordSignInAsync(account, password, lockoutOnFailure: true);
        return check.Succeeded ? account.UserName! : Refusal.Invalid("witnessPassword", check.IsLockedOut
            ? "The witness's account is locked after repeated failures."
            : "The witness's password is wrong.");
    }

    private async Task<Outcome<StockLot>> FindLotAsync(Guid lotId, CancellationToken ct)
    {
        var lot = await db.StockLots.SingleOrDefaultAsync(l => l.Id == lotId, ct);
        if (lot is null || !await user.MayUseSiteAsync(lot.SiteId, ct))
        {
            return Refusal.NotFound($"There is no stock lot {lotId} at your sites.");
        }

        return await CheckSiteAsync(lot.SiteId, ct) is { } refused ? refused : lot;
    }

    internal async Task<Refusal?> CheckSiteAsync(int siteId, CancellationToken ct)
    {
        if (!Policies.RolesFor[Policies.KeepStock].Contains(user.Role))
        {
            return Refusal.Forbidden("Only a nurse or a prescriber moves or counts the controlled-substance stock.");
        }

        if (!await db.Sites.AnyAsync(s => s.Id == siteId, ct))
        {
            return Refusal.Invalid("siteId", $"There is no site with id {siteId}.");
        }

        return await user.MayUseSiteAsync(siteId, ct) ? null : Refusal.Forbidden($"You are not granted site {siteId}.");
    }

    private async Task<Outcome<LedgerLine>> SaveAsync(StockLot lot, InventoryEntry entry, string detail, CancellationToken ct)
    {
        if (await ledger.PostAsync(lot, entry, ct) is { } refused)
        {
            return refused;
        }

        audit.Record("stock-" + entry.Kind, "StockLot", lot.Id.ToString(), siteId: lot.SiteId, detail: $"lot {lot.Lot}: {detail}");
        return await CommitAsync(ct) ?? (Outcome<LedgerLine>)Line(entry, lot);
    }

    private async Task<Refusal?> CommitAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            return Refusal.Conflict("The stock changed at the same moment; try again.");
        }
        catch (DbUpdateException ex) when (DosingWindow.IsUniqueViolation(ex))
        {
            return Refusal.Conflict("The lot was created at the same moment by someone else; try again.");
        }
    }

    private static void Positive(FieldErrors errors, string field, decimal? value)
    {
        if (value is not (> 0 and <= 100_000_000))
        {
            errors.Add(field, $"{field} is required: more than 0 mg (at most 100,000,000).");
        }
        else if (decimal.Round(value.Value, 2) != value.Value)
        {
            errors.Add(field, $"{field} has more than 2 decimal places.");
        }
    }

    private static void Text(FieldErrors errors, string field, string? value, bool required)
    {
        if (required && string.IsNullOrWhiteSpace(value))
        {
            errors.Add(field, $"{field} is required.");
        }
        else if (value is { Length: > 500 })
        {
            errors.Add(field, $"{field} is longer than 500 characters.");
        }
    }

    private LotView View(StockLot l) =>
        new(l.Id, l.SiteId, MedicationOrders.Name(l.Medication), l.Lot, l.ExpiresOn, l.BalanceMg, l.ExpiresOn is { } e && e <= Today, l.Form, l.MgPerUnit, l.Unit,
            l.UnitsPerContainer);

    /// <summary>The finished form, strength and unit of a receipt: all three or none (lots kept in mg alone stay valid).</summary>
    private static (string Form, decimal MgPerUnit, string Unit)? FinishedForm(FieldErrors errors, ReceiptRequest request)
    {
        var form = request.Form?.Trim();
        var unit = request.Unit?.Trim();
        if (string.IsNullOrEmpty(form) && request.MgPerUnit is null && string.IsNullOrEmpty(unit))
        {
            return null;
        }

        if (string.IsNullOrEmpty(form) || form.Length > 100)
        {
            errors.Add("form", "form is the finished form as labelled (\"oral concentrate 10 mg/mL\"), at most 100 characters, given with mgPerUnit and unit.");
        }

        if (request.MgPerUnit is not (> 0 and <= 100_000) || decimal.Round(request.MgPerUnit.Value, 3) != request.MgPerUnit.Value)
        {
            errors.Add("mgPerUnit", "mgPerUnit is the strength: mg in one unit (10 for 10 mg/mL), more than 0, at most 3 decimals.");
        }

        if (string.IsNullOrEmpty(unit) || unit.Length > 20)
        {
            errors.Add("unit", "unit is what is counted: mL, tablet, film or vial (at most 20 characters).");
        }

        return errors.Any ? null : (form!, request.MgPerUnit!.Value, unit!);
    }

    private static LedgerLine Line(InventoryEntry e, StockLot lot) => new(
        e.Id, e.At, e.SiteId, e.LotId, lot.Lot, MedicationOrders.Name(lot.Medication), e.Kind, e.QuantityMg, e.BalanceAfterMg, e.CountedMg, e.Reason,
        e.Supplier, e.Invoice, e.By, e.WitnessedBy, e.DispenseId, e.TransferId, e.CorrectsDay, e.SupplierRegistration, e.Containers);
}
