using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Mainstay.BrowserTests;

/// <summary>
/// The intake coordinator takes a call from someone who injects fentanyl, screens them, settles eligibility, books the
/// intake, reserves a detox bed and admits them into it; the bed board and the census show it.
/// </summary>
public sealed class AdmissionsJourney(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Fact]
    public async Task An_intake_coordinator_takes_a_call_books_the_intake_and_admits_into_a_detox_bed()
    {
        var page = await session.NewPageAsync(1360, 1000);
        await BrowserSession.SignInAsync(page, "intake", "intake-demo-2026");
        await page.GetByRole(AriaRole.Link, new() { Name = "Admissions" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Admissions", Exact = true })).ToBeVisibleAsync();
        await BrowserSession.ScreenshotAsync(page, "60-admissions-board", fullPage: false);

        await page.GetByRole(AriaRole.Link, new() { Name = "Take a call" }).ClickAsync();
        await page.GetByLabel("Given name").FillAsync("Taylor");
        await page.GetByLabel("Family name").FillAsync("Quinlan");
        await page.GetByLabel("Birth date").FillAsync("1993-04-21");
        await page.GetByLabel("Phone").FillAsync("(937) 555-0199");
        await page.GetByLabel("Safe to contact how?").FillAsync("text first");
        await page.Locator("input[name='Form.ConsentToContact'][value='true']").CheckAsync();
        await page.GetByLabel("Level of care").SelectOptionAsync("withdrawal-management");
        await page.GetByLabel("Substances").FillAsync("fentanyl, injected, daily");
        await BrowserSession.ScreenshotAsync(page, "61-take-a-call");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record inquiry" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Quinlan, Taylor" })).ToBeVisibleAsync();

        var screen = page.GetByRole(AriaRole.Form, new() { Name = "Pre-admission screen" });
        await screen.GetByLabel("Current use").FillAsync("fentanyl, injected, about 10 times a day");
        await screen.Locator("input[name='InjectsDrugs'][value='true']").CheckAsync();
        await screen.Locator("input[name='Pregnant'][value='false']").CheckAsync();
        await screen.GetByLabel("Withdrawal risk").SelectOptionAsync("high");
        await screen.GetByLabel("Suicide risk").SelectOptionAsync("low");
        await screen.GetByRole(AriaRole.Button, new() { Name = "Save screen" }).ClickAsync();
        await Expect(page.GetByText("Priority 3 · injecting or recent overdose", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByText("urgent", new() { Exact = true }).First).ToBeVisibleAsync();

        var eligibility = page.GetByRole(AriaRole.Form, new() { Name = "Eligibility and payment" });
        await eligibility.GetByLabel("Payer").SelectOptionAsync("medicaid");
        await eligibility.GetByLabel("Sex at birth").SelectOptionAsync("female");
        await eligibility.GetByLabel("Consent to the enrollment check signed").FillAsync(DateTime.Now.ToString("yyyy-MM-dd"));
        await eligibility.GetByRole(AriaRole.Button, new() { Name = "Save eligibility" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Eligibility recorded");

        await page.GetByRole(AriaRole.Button, new() { Name = "Check for enrollment elsewhere" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("no enrollment found elsewhere");

        var book = page.GetByRole(AriaRole.Form, new() { Name = "Book the intake" });
        await book.GetByLabel("When").FillAsync(DateTime.Now.AddDays(1).ToString("yyyy-MM-dd") + "T09:30");
        await book.GetByLabel("With").FillAsync("Jordan Ellis, LCSW");
        await book.GetByRole(AriaRole.Button, new() { Name = "Book intake" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Intake booked");

        var reserve = page.GetByRole(AriaRole.Form, new() { Name = "Reserve a bed" });
        var detoxBed = reserve.Locator("option", new() { HasText = "withdrawal-management" }).First;
        var bedName = (await detoxBed.TextContentAsync())!.Split(' ')[0];
        await reserve.GetByLabel("Reserve a bed while waiting").SelectOptionAsync(new SelectOptionValue { Label = (await detoxBed.TextContentAsync())! });
        await reserve.GetByRole(AriaRole.Button, new() { Name = "Reserve" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Form, new() { Name = "Admit", Exact = true })).ToContainTextAsync($"Bed {bedName}");
        await BrowserSession.ScreenshotAsync(page, "62-inquiry-with-bed");

        await page.GetByRole(AriaRole.Form, new() { Name = "Admit", Exact = true }).GetByRole(AriaRole.Button, new() { Name = "Admit", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Admitted");

        await page.GetByRole(AriaRole.Link, new() { Name = "Beds" }).ClickAsync();
        var bed = page.GetByLabel($"Bed {bedName}", new() { Exact = true });
        await Expect(bed).ToContainTextAsync("occupied");
        await Expect(bed).ToContainTextAsync("Quinlan, Taylor");
        await BrowserSession.ScreenshotAsync(page, "63-bed-board");

        await page.GotoAsync($"{session.Server.BaseAddress}beds?view=week");
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Week" })).ToContainTextAsync("Quinlan, Taylor");
        await BrowserSession.ScreenshotAsync(page, "64-bed-week", fullPage: false);

        await page.GotoAsync($"{session.Server.BaseAddress}census?date={DateTime.Now:yyyy-MM-dd}");
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Census by unit" })).ToContainTextAsync("Withdrawal unit");
        await BrowserSession.ScreenshotAsync(page, "65-census");

        // The administrator opens a new house; its beds are on the board at once.
        var admin = await session.NewPageAsync(1280, 900);
        await BrowserSession.SignInAsync(admin, "admin", "admin-demo-2026");
        await admin.GotoAsync($"{session.Server.BaseAddress}admin/sites");
        var form = admin.GetByRole(AriaRole.Form, new() { Name = "Add a unit" });
        await form.GetByLabel("Site").SelectOptionAsync(new SelectOptionValue { Label = "Riverbend Eastside Clinic" });
        await form.GetByLabel("Building").FillAsync("Maple House");
        await form.GetByLabel("Unit", new() { Exact = true }).FillAsync("Women's residential");
        await form.GetByLabel("Level of care").SelectOptionAsync("residential");
        await form.GetByLabel("Rooms and beds").FillAsync("1:A,B; 2:A,B");
        await form.GetByRole(AriaRole.Button, new() { Name = "Add unit" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Table, new() { Name = "Units" })).ToContainTextAsync("Women's residential");
        await page.GotoAsync($"{session.Server.BaseAddress}beds?siteId=2");
        await Expect(page.GetByLabel("Bed 2-B", new() { Exact = true })).ToContainTextAsync("available");
    }
}
