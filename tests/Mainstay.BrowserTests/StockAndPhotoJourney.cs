using Mainstay.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Mainstay.BrowserTests;

/// <summary>
/// A nurse puts an identification photo on a chart (the dosing window shows it), moves stock to the other site and closes
/// the day with one lot short; the director reviews the close.
/// </summary>
public sealed class StockAndPhotoJourney(BrowserSession session) : IClassFixture<BrowserSession>
{
    // A 1×1 PNG.
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC");

    [Fact]
    public async Task A_nurse_uploads_an_id_photo_transfers_stock_and_closes_the_day_and_the_director_reviews_the_shortfall()
    {
        Guid patientId;
        await using (var scope = session.Server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
            var withPhoto = await db.PatientPhotos.Select(p => p.PatientId).ToListAsync();
            patientId = await db.Patients.Where(p => p.SiteId == 1 && !withPhoto.Contains(p.Id)).OrderBy(p => p.Mrn).Select(p => p.Id).FirstAsync();
        }

        var page = await session.NewPageAsync(1280, 900);
        await BrowserSession.SignInAsync(page, "nurse", "nurse-demo-2026");
        await page.GotoAsync($"/patients/{patientId}");
        await page.GetByRole(AriaRole.Link, new() { Name = "ID photo" }).ClickAsync();
        await Expect(page.GetByText("No photo on file")).ToBeVisibleAsync();
        var form = page.GetByRole(AriaRole.Form, new() { Name = "Upload a photo" });
        await form.GetByLabel("Upload a JPEG or PNG").SetInputFilesAsync(new FilePayload { Name = "not-a-photo.png", MimeType = "image/png", Buffer = "hello"u8.ToArray() });
        await form.GetByRole(AriaRole.Button, new() { Name = "Save photo" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("JPEG or PNG");
        form = page.GetByRole(AriaRole.Form, new() { Name = "Upload a photo" });
        await form.GetByLabel("Upload a JPEG or PNG").SetInputFilesAsync(new FilePayload { Name = "face.png", MimeType = "image/png", Buffer = Png });
        await form.GetByRole(AriaRole.Button, new() { Name = "Save photo" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Photo saved");
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "Photo of" })).ToBeVisibleAsync();

        // A delivery of two 1,000 mL bottles: the containers and the label give the mg.
        await page.GotoAsync("/inventory?siteId=1");
        var receive = page.GetByRole(AriaRole.Form, new() { Name = "Receive stock" });
        var lotName = "BRW" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        await receive.GetByLabel("Lot", new() { Exact = true }).FillAsync(lotName);
        await receive.GetByLabel("Supplier", new() { Exact = true }).FillAsync("Acme Distribution");
        await receive.GetByLabel("Supplier's DEA registration").FillAsync("RD1234563");
        await receive.GetByLabel("Invoice").FillAsync("INV-2291");
        await receive.GetByLabel("Finished form (as labelled)").FillAsync("oral concentrate 10 mg/mL");
        await receive.GetByLabel("mg per unit").FillAsync("10");
        await receive.GetByLabel("Unit", new() { Exact = true }).SelectOptionAsync("mL");
        await receive.GetByLabel("Units per container").FillAsync("1000");
        await receive.GetByLabel("Containers").FillAsync("2");
        await receive.GetByRole(AriaRole.Button, new() { Name = "Receive" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Received 20000 mg into lot {lotName}");
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Stock lots" }).GetByRole(AriaRole.Row).Filter(new() { HasText = lotName }))
            .ToContainTextAsync("in containers of 1,000 mL");
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Inventory ledger" }).GetByRole(AriaRole.Row).Nth(1)).ToContainTextAsync("(RD1234563) INV-2291, 2 containers");
        await BrowserSession.ScreenshotAsync(page, "95a-stock-receipt-in-containers", fullPage: true);

        var transfer = page.GetByRole(AriaRole.Form, new() { Name = "Transfer to another site" });
        await transfer.GetByLabel("Quantity (mg)").FillAsync("100");
        await transfer.GetByLabel("Reason").FillAsync("Eastside short of stock until Friday's delivery");
        await transfer.GetByRole(AriaRole.Button, new() { Name = "Transfer" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Transferred 100 mg");
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Inventory ledger" }).GetByRole(AriaRole.Row).Nth(1)).ToContainTextAsync("transfer-out");
        await BrowserSession.ScreenshotAsync(page, "95-stock-transfer", fullPage: false);

        // Close of day: every lot counted; the first lot is 2.5 mg short, and the form asks for the reason first.
        var close = page.GetByRole(AriaRole.Form, new() { Name = "Close of day" });
        var books = await close.GetByRole(AriaRole.Row).AllAsync();
        var shortLot = "";
        for (var i = 1; i < books.Count; i++)
        {
            var cells = books[i].GetByRole(AriaRole.Cell);
            var lot = (await cells.Nth(1).InnerTextAsync()).Trim();
            var book = decimal.Parse((await cells.Nth(3).InnerTextAsync()).Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture);
            shortLot = i == 1 ? lot : shortLot;
            await close.GetByLabel($"Counted mg of lot {lot}").FillAsync((i == 1 ? book - 2.5m : book).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        await close.GetByLabel("Witness (username)").FillAsync("prescriber");
        await close.GetByLabel("Witness password").FillAsync("prescriber-demo-2026");
        await close.GetByLabel("This count is the site's biennial inventory").CheckAsync();
        await close.GetByRole(AriaRole.Button, new() { Name = "Close the day" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("give the reason for the difference");
        close = page.GetByRole(AriaRole.Form, new() { Name = "Close of day" });
        await close.GetByLabel($"Reason for lot {shortLot}").FillAsync("bottle residue under the pump");
        await close.GetByLabel("Witness password").FillAsync("prescriber-demo-2026");
        await close.GetByRole(AriaRole.Button, new() { Name = "Close the day" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("1 discrepancy sent to the director");
        await Expect(page.GetByLabel("Today's close")).ToContainTextAsync("waiting for the director's review");
        await Expect(page.GetByLabel("Biennial inventory")).ToContainTextAsync($"next is due by {DateTime.Now.AddYears(2):yyyy-MM-dd}");
        await Expect(page.GetByRole(AriaRole.Form, new() { Name = "Close of day" })).ToHaveCountAsync(0);
        await BrowserSession.ScreenshotAsync(page, "95b-stock-closed");

        var director = await session.NewPageAsync(1280, 900);
        await BrowserSession.SignInAsync(director, "director", "director-demo-2026");
        await director.GetByLabel("Stock closes to review").GetByRole(AriaRole.Link, new() { Name = "Review" }).ClickAsync();
        var counted = director.GetByRole(AriaRole.Table, new() { Name = "Count per lot" });
        await Expect(counted.GetByRole(AriaRole.Row).Filter(new() { HasText = shortLot })).ToContainTextAsync("-2.5");
        await Expect(counted).ToContainTextAsync("Schedule II");
        await Expect(counted.GetByRole(AriaRole.Row).Filter(new() { HasText = lotName })).ToContainTextAsync("2 full × 1,000 mL");
        await Expect(director.GetByLabel("Registrant")).ToContainTextAsync("DEA registration PR5550149");
        var review = director.GetByRole(AriaRole.Form, new() { Name = "Review the close" });
        await review.GetByLabel("What was found and done").FillAsync("Recounted with both nurses: residue confirmed, not a loss.");
        await review.GetByRole(AriaRole.Button, new() { Name = "Record the review" }).ClickAsync();
        await Expect(director.GetByRole(AriaRole.Status)).ToContainTextAsync("Review recorded");
        await Expect(director.GetByLabel("Director's review")).ToContainTextAsync("Reviewed by director");
        await BrowserSession.ScreenshotAsync(director, "95c-stock-close-reviewed");
        await director.GotoAsync("/");
        await Expect(director.GetByLabel("Stock closes to review")).ToContainTextAsync("Every close of day at your sites balanced or was reviewed");
    }
}
