using System.Globalization;
using Mainstay.Features.Access;
using Mainstay.Web;

namespace Mainstay.Features.Inventory;

/// <summary>/api/v1/inventory: controlled-substance stock per site and lot, its ledger and reconciliation.</summary>
public static class InventoryApi
{
    public static void MapInventoryApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/inventory").WithTags("Inventory");
        api.MapGet("/lots", async (string? siteId, InventoryBook book, CancellationToken ct) =>
                Site(siteId) is { } site ? (await book.LotsAsync(site, ct)).ToResult() : SiteRequired())
            .WithName("StockLots").WithSummary("The lots at a site with their balances.").RequireAuthorization(Policies.ReadPatients);
        api.MapGet("/ledger", Ledger).WithName("InventoryLedger")
            .WithSummary("The perpetual ledger of a site (from, to optional); format=csv for the file.").RequireAuthorization(Policies.ReadPatients);
        api.MapGet("/reconciliation", async (string? siteId, string? full, InventoryBook book, CancellationToken ct) =>
                Site(siteId) is not { } site ? SiteRequired()
                : full is not (null or "" or "true" or "false") ? Problems.BadRequest("full must be true or false.", "full")
                : (await book.ReconcileAsync(site, full == "true", ct)).ToResult())
            .WithName("InventoryReconciliation")
            .WithSummary("Every lot recomputed from its ledger since the last close of day's verified snapshot (full=true: from the first line): " +
                         "receipts − out ± adjustments against the lot's balance.").RequireAuthorization(Policies.ReadPatients);
        api.MapPost("/receipts", Post<ReceiptRequest, LedgerLine>((b, r, ct) => b.ReceiveAsync(r, ct))).WithName("ReceiveStock")
            .WithSummary("Stock received (supplier and its DEA registration, invoice, lot, expiry, finished form and container size, containers or mg): 201.").Accepts<ReceiptRequest>("application/json").RequireAuthorization(Policies.KeepStock);
        api.MapPost("/transfers", Post<TransferRequest, IReadOnlyList<LedgerLine>>((b, r, ct) => b.TransferAsync(r, ct))).WithName("TransferStock")
            .WithSummary("Stock moved to another site: two ledger lines in one transaction; 201.").Accepts<TransferRequest>("application/json").RequireAuthorization(Policies.KeepStock);
        api.MapPost("/waste", Post<StockChangeRequest, LedgerLine>((b, r, ct) => b.WasteAsync(r, ct))).WithName("WasteStock")
            .WithSummary("Waste or spill, witnessed by a second user who signs with their password; 201.").Accepts<StockChangeRequest>("application/json").RequireAuthorization(Policies.KeepStock);
        api.MapPost("/adjustments", Post<StockChangeRequest, LedgerLine>((b, r, ct) => b.AdjustAsync(r, ct))).WithName("AdjustStock")
            .WithSummary("A signed adjustment with a reason; 201.").Accepts<StockChangeRequest>("application/json").RequireAuthorization(Policies.KeepStock);
        api.MapPost("/corrections", Post<StockChangeRequest, LedgerLine>((b, r, ct) => b.CorrectAsync(r, ct))).WithName("CorrectClosedDay")
            .WithSummary("A witnessed correction of a closed day (correctsDay), with a reason; it puts the close back before the director; 201.")
            .Accepts<StockChangeRequest>("application/json").RequireAuthorization(Policies.KeepStock);
        api.MapGet("/closes", async (string? siteId, StockDayCloses closes, CancellationToken ct) =>
                Site(siteId) is { } site ? (await closes.StatusAsync(site, ct)).ToResult() : SiteRequired())
            .WithName("StockCloseStatus")
            .WithSummary("Today's close of the site's stock, the biennial inventory's due date, the recent closes and those waiting for review.")
            .RequireAuthorization(Policies.ReadPatients);
        api.MapPost("/closes", (HttpRequest request, StockDayCloses closes, CancellationToken ct) =>
                JsonBody.CreateAsync<CloseDayRequest, DayCloseView>(request, r => closes.CloseAsync(r, ct), v => $"/api/v1/inventory/closes/{v.Close.Id}", ct))
            .WithName("CloseStockDay")
            .WithSummary("Close today's stock at a site: every lot counted with a witness; variances become count lines and wait for the director; 201.")
            .Accepts<CloseDayRequest>("application/json").RequireAuthorization(Policies.KeepStock);
        api.MapGet("/closes/{closeId}", Close).WithName("StockDayClose")
            .WithSummary("One close of day as an inventory record (format=csv for the file): counts per lot, corrections, review.")
            .RequireAuthorization(Policies.ReadPatients);
        api.MapPost("/closes/{closeId}/review", async (string closeId, HttpRequest request, StockDayCloses closes, CancellationToken ct) =>
            {
                if (!Guid.TryParse(closeId, out var id))
                {
                    return Problems.NotFound($"close of day {closeId}");
                }

                var body = await JsonBody.ReadAsync<CloseReview>(request, ct);
                return body.Problem ?? (await closes.ReviewAsync(id, body.Value!, ct)).ToResult();
            })
            .WithName("ReviewStockDayClose").WithSummary("The director's review of a close's discrepancies or corrections.")
            .Accepts<CloseReview>("application/json").RequireAuthorization(Policies.ReviewStock);
        api.MapPost("/counts", Post<StockChangeRequest, LedgerLine>((b, r, ct) => b.CountAsync(r, ct))).WithName("CountStock")
            .WithSummary("A witnessed physical count; the variance against the book is a ledger line and needs a reason; 201.")
            .Accepts<StockChangeRequest>("application/json").RequireAuthorization(Policies.KeepStock);
    }

    private static Func<HttpRequest, InventoryBook, CancellationToken, Task<IResult>> Post<TRequest, TResult>(
        Func<InventoryBook, TRequest, CancellationToken, Task<Outcome<TResult>>> action)
        where TRequest : class =>
        (request, book, ct) => JsonBody.CreateAsync<TRequest, TResult>(request, r => action(book, r, ct), _ => "/api/v1/inventory/ledger", ct);

    internal static async Task<IResult> Ledger(string? siteId, string? from, string? to, string? format, InventoryBook book, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var site = Site(siteId);
        if (site is null)
        {
            errors.Add("siteId", "siteId is required: the site's id (a whole number).");
        }

        var start = Dates.Parse(errors, "from", from);
        var end = Dates.Parse(errors, "to", to);
        if (format is not (null or "" or "json" or "csv"))
        {
            errors.Add("format", "format must be json or csv.");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var outcome = await book.LedgerAsync(site!.Value, start, end, ct);
        return !outcome.Succeeded ? outcome.ToProblem()
            : format == "csv" ? Csv.File(InventoryBook.ToCsv(outcome.Value!), $"inventory-ledger-site{site}.csv")
            : TypedResults.Ok(outcome.Value);
    }

    private static async Task<IResult> Close(string closeId, string? format, StockDayCloses closes, CancellationToken ct)
    {
        if (!Guid.TryParse(closeId, out var id))
        {
            return Problems.NotFound($"close of day {closeId}");
        }

        if (format is not (null or "" or "json" or "csv"))
        {
            return Problems.BadRequest("format must be json or csv.", "format");
        }

        var outcome = await closes.GetAsync(id, ct);
        return !outcome.Succeeded ? outcome.ToProblem()
            : format == "csv" ? Csv.File(StockDayCloses.ToCsv(outcome.Value!), $"inventory-site{outcome.Value!.Close.SiteId}-{outcome.Value.Close.Day:yyyy-MM-dd}.csv")
            : TypedResults.Ok(outcome.Value);
    }

    private static int? Site(string? siteId) =>
        int.TryParse(siteId, NumberStyles.None, CultureInfo.InvariantCulture, out var site) ? site : null;

    private static IResult SiteRequired() => Problems.BadRequest("siteId is required: the site's id (a whole number).", "siteId");
}
