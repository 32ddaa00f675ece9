using Mainstay.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Mainstay.BrowserTests;

/// <summary>A nurse puts an identification photo on a chart (the dosing window shows it) and moves stock to the other site.</summary>
public sealed class StockAndPhotoJourney(BrowserSession session) : IClassFixture<BrowserSession>
{
    // A 1×1 PNG.
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC");

    [Fact]
    public async Task A_nurse_uploads_an_id_photo_and_transfers_stock_to_the_other_site()
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

        await page.GotoAsync("/inventory?siteId=1");
        var transfer = page.GetByRole(AriaRole.Form, new() { Name = "Transfer to another site" });
        await transfer.GetByLabel("Quantity (mg)").FillAsync("100");
        await transfer.GetByLabel("Reason").FillAsync("Eastside short of stock until Friday's delivery");
        await transfer.GetByRole(AriaRole.Button, new() { Name = "Transfer" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Transferred 100 mg");
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Inventory ledger" }).GetByRole(AriaRole.Row).Nth(1)).ToContainTextAsync("transfer-out");
        await BrowserSession.ScreenshotAsync(page, "95-stock-transfer", fullPage: false);
    }
}
