using System.Globalization;
using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Sites;
using Mainstay.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mainstay.Features.Inventory;

/// <summary>One lot's line of the close-of-day form.</summary>
public sealed class LotCountForm
{
    public Guid LotId { get; set; }
    public string? CountedMg { get; set; }
    public string? Reason { get; set; }
}

/// <summary>
/// The stock of one site: lots with their reconciliation, receipts, witnessed waste and counts, adjustments and
/// corrections, the close of day and the closes before it, the biennial inventory's due date, the ledger.
/// </summary>
[Authorize(Policy = Policies.ReadPatients)]
public sealed class StockModel(InventoryBook book, StockDayCloses closes, MainstayDb db, ClinicUser user) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? SiteId { get; set; }

    public List<SiteView> Sites { get; private set; } = [];
    public IReadOnlyList<LotView> Lots { get; private set; } = [];
    public IReadOnlyList<LotReconciliation> Reconciliation { get; private set; } = [];
    public IReadOnlyList<LedgerLine> Ledger { get; private set; } = [];
    public StockCloseStatus? Closes { get; private set; }

    /// <summary>What was typed into the close-of-day form, shown again when it is refused.</summary>
    public Dictionary<Guid, LotCountForm> PostedCounts { get; private set; } = [];

    public string? PostedWitness { get; private set; }
    public bool PostedBiennial { get; private set; }
    public string? PostedNote { get; private set; }
    public string? Error { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public bool MayKeepStock => Policies.RolesFor[Policies.KeepStock].Contains(user.Role ?? "");

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostReceiveAsync(string? medication, string? lot, string? expiresOn, string? quantityMg, string? supplier, string? invoice,
        string? form, string? mgPerUnit, string? unit, string? unitsPerContainer, string? containers, string? supplierRegistration, CancellationToken ct)
    {
        var outcome = await book.ReceiveAsync(new ReceiptRequest
        {
            SiteId = SiteId,
            Medication = medication,
            Lot = lot,
            ExpiresOn = expiresOn,
            QuantityMg = Mg(quantityMg),
            Supplier = supplier,
            Invoice = invoice,
            Form = form,
            MgPerUnit = Mg(mgPerUnit),
            Unit = unit,
            UnitsPerContainer = Mg(unitsPerContainer),
            Containers = int.TryParse(containers, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null,
            SupplierRegistration = supplierRegistration,
        }, ct);
        return await AfterAsync(outcome.Refusal, outcome.Succeeded ? $"Received {StockLedger.Mg(outcome.Value!.QuantityMg)} mg into lot {outcome.Value.Lot}." : null, ct);
    }

    public async Task<IActionResult> OnPostChangeAsync(string? kind, Guid? lotId, string? quantityMg, string? reason, string? witness, string? witnessPassword,
        string? correctsDay, CancellationToken ct)
    {
        var request = new StockChangeRequest
        {
            LotId = lotId,
            QuantityMg = kind == "count" ? null : Mg(quantityMg),
            CountedMg = kind == "count" ? Mg(quantityMg) : null,
            Reason = reason,
            Witness = witness,
            WitnessPassword = witnessPassword,
        };
        var outcome = kind switch
        {
            "waste" => await book.WasteAsync(request, ct),
            "correction" => await book.CorrectAsync(request with { CorrectsDay = correctsDay }, ct),
            "count" => await book.CountAsync(request, ct),
            _ => await book.AdjustAsync(request, ct),
        };
        return await AfterAsync(outcome.Refusal,
            outcome.Succeeded ? $"Recorded {outcome.Value!.Kind} on lot {outcome.Value.Lot}: {StockLedger.Mg(outcome.Value.QuantityMg)} mg, balance {StockLedger.Mg(outcome.Value.BalanceAfterMg)} mg." : null, ct);
    }

    public async Task<IActionResult> OnPostTransferAsync(Guid? lotId, int? toSiteId, string? quantityMg, string? reason, CancellationToken ct)
    {
        var outcome = await book.TransferAsync(new TransferRequest { LotId = lotId, ToSiteId = toSiteId, QuantityMg = Mg(quantityMg), Reason = reason }, ct);
        return await AfterAsync(outcome.Refusal,
            outcome.Succeeded ? $"Transferred {StockLedger.Mg(-outcome.Value![0].QuantityMg)} mg of lot {outcome.Value[0].Lot}: balance here {StockLedger.Mg(outcome.Value[0].BalanceAfterMg)} mg." : null, ct);
    }

    public async Task<IActionResult> OnPostCloseAsync(List<LotCountForm> counts, string? witness, string? witnessPassword, bool biennial, string? note, CancellationToken ct)
    {
        PostedCounts = counts.GroupBy(c => c.LotId).ToDictionary(g => g.Key, g => g.First());
        PostedWitness = witness;
        PostedBiennial = biennial;
        PostedNote = note;
        var outcome = await closes.CloseAsync(new CloseDayRequest
        {
            SiteId = SiteId,
            Counts = counts.Select(c => new LotCount { LotId = c.LotId, CountedMg = Mg(c.CountedMg), Reason = c.Reason }).ToList(),
            Witness = witness,
            WitnessPassword = witnessPassword,
            Biennial = biennial,
            Note = note,
        }, ct);
        if (outcome.Succeeded)
        {
            var c = outcome.Value!.Close;
            Message = $"Closed {c.Day:yyyy-MM-dd}: {outcome.Value.Lots.Count} lots counted" +
                      (c.Discrepancies == 0 ? ", no discrepancy." : $", {c.Discrepancies} {(c.Discrepancies == 1 ? "discrepancy" : "discrepancies")} sent to the director.");
        }

        return await AfterAsync(outcome.Refusal, Message, ct);
    }

    private static decimal? Mg(string? text) => decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var v) ? v : null;

    private async Task<IActionResult> AfterAsync(Refusal? refusal, string? message, CancellationToken ct)
    {
        if (refusal is null)
        {
            Message = message;
            return Redirect($"/inventory?siteId={SiteId}");
        }

        Error = refusal.Errors is { } errors ? string.Join(" ", errors.ToDictionary().SelectMany(e => e.Value)) : refusal.Message;
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Sites = await SitesApi.SitesOf(db, user, ct);
        SiteId ??= Sites.FirstOrDefault()?.Id;
        if (SiteId is not { } site)
        {
            return;
        }

        var lots = await book.LotsAsync(site, ct);
        Error ??= lots.Refusal?.Message;
        Lots = lots.Value ?? [];
        Reconciliation = (await book.ReconcileAsync(site, full: false, ct)).Value ?? [];
        Closes = (await closes.StatusAsync(site, ct)).Value;
        Ledger = (await book.LedgerAsync(site, DateOnly.FromDateTime(DateTime.Now).AddDays(-7), null, ct)).Value?.Reverse().Take(100).ToList() ?? [];
    }
}
