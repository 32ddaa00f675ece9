using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Mainstay.BrowserTests;

/// <summary>
/// The prescriber orders methadone and signs take-homes; the nurse doses the patient at the window and hands out
/// the bottles with their labels; the stock page shows the ledger balancing.
/// </summary>
public sealed class DosingJourney(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Fact]
    public async Task A_nurse_doses_at_the_window_and_hands_out_labelled_take_home_bottles()
    {
        var prescriber = await session.NewPageAsync(1280, 1000);
        await BrowserSession.SignInAsync(prescriber, "prescriber", "prescriber-demo-2026");
        await prescriber.GotoAsync("/register");
        await prescriber.GetByLabel("Given name *").FillAsync("Marisol");
        await prescriber.GetByLabel("Family name *").FillAsync("Aberdeen-Quist");
        await prescriber.GetByLabel("Birth date *").FillAsync("1984-09-12");
        await prescriber.GetByLabel("Sex at birth *").SelectOptionAsync("female");
        await prescriber.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
        await Expect(prescriber.Locator(".chart-header")).ToBeVisibleAsync(); // the new chart, before its address is read
        var chartUrl = prescriber.Url;

        await prescriber.GotoAsync(chartUrl + "/orders/new");
        await prescriber.GetByLabel("Medication").SelectOptionAsync("methadone");
        await prescriber.GetByLabel("Dose (mg per day)").FillAsync("30");
        await prescriber.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
        await Expect(prescriber.GetByRole(AriaRole.Status)).ToContainTextAsync("Order placed: methadone 30");

        // Take-homes: visit every 3 days, all six criteria weighed.
        await prescriber.GotoAsync(chartUrl + "/take-homes");
        await prescriber.GetByLabel("Visit every N days").FillAsync("3");
        foreach (var criterion in new[] { "1. No active", "2. Regular", "3. No serious", "4. No known", "5. Can transport" })
        {
            await prescriber.GetByLabel(criterion).CheckAsync();
        }

        await prescriber.GetByRole(AriaRole.Button, new() { Name = "Sign decision" }).ClickAsync();
        await Expect(prescriber.GetByRole(AriaRole.Status)).ToContainTextAsync("Take-homes signed: visit every 3 days");
        await Expect(prescriber.GetByRole(AriaRole.Table, new() { Name = "Take-home decisions" })).ToContainTextAsync("day 1 / up to 7");
        await BrowserSession.ScreenshotAsync(prescriber, "30-take-home-decision");

        // The nurse: identity, dose, then the bottles.
        var nurse = await session.NewPageAsync(1400, 1000);
        await BrowserSession.SignInAsync(nurse, "nurse", "nurse-demo-2026");
        await nurse.GotoAsync("/dosing?siteId=1");
        var row = nurse.GetByRole(AriaRole.Row).Filter(new() { HasText = "Aberdeen-Quist" });
        await Expect(row).ToContainTextAsync("methadone 30 mg");
        await Expect(row).ToContainTextAsync("no photo: check ID");
        await row.ScrollIntoViewIfNeededAsync();
        await BrowserSession.ScreenshotAsync(nurse, "31-dosing-queue", fullPage: false);
        await row.GetByRole(AriaRole.Button, new() { Name = "Dose" }).ClickAsync();
        await Expect(nurse.GetByRole(AriaRole.Alert)).ToContainTextAsync("Confirm the patient's identity");
        row = nurse.GetByRole(AriaRole.Row).Filter(new() { HasText = "Aberdeen-Quist" });
        await row.GetByLabel("identity confirmed").CheckAsync();
        await row.GetByRole(AriaRole.Button, new() { Name = "Dose" }).ClickAsync();
        await Expect(nurse.GetByRole(AriaRole.Status)).ToContainTextAsync("Dosed: methadone 30 mg");
        row = nurse.GetByRole(AriaRole.Row).Filter(new() { HasText = "Aberdeen-Quist" });
        await row.GetByRole(AriaRole.Button, new() { Name = "Hand out 2 take-home(s)" }).ClickAsync();

        await Expect(nurse.GetByRole(AriaRole.Heading, new() { Name = "Take-home bottle labels" })).ToBeVisibleAsync();
        await Expect(nurse.Locator("section.label")).ToHaveCountAsync(2);
        await Expect(nurse.Locator("section.label").First).ToContainTextAsync("methadone 30 mg");
        await Expect(nurse.Locator("section.label").First).ToContainTextAsync("Keep locked and out of reach of children");
        await BrowserSession.ScreenshotAsync(nurse, "32-take-home-labels");

        // A second hand-out is not offered; the stock ledger balances.
        await nurse.GotoAsync("/dosing?siteId=1");
        row = nurse.GetByRole(AriaRole.Row).Filter(new() { HasText = "Aberdeen-Quist" });
        await Expect(row).ToContainTextAsync("take-home bottle");
        await Expect(row.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        await nurse.GotoAsync("/inventory?siteId=1");
        await Expect(nurse.GetByRole(AriaRole.Table, new() { Name = "Stock lots" })).ToContainTextAsync("balances");
        await Expect(nurse.GetByRole(AriaRole.Table, new() { Name = "Stock lots" })).Not.ToContainTextAsync("does not balance");
        await Expect(nurse.GetByRole(AriaRole.Table, new() { Name = "Inventory ledger" })).ToContainTextAsync("take-home");
        await BrowserSession.ScreenshotAsync(nurse, "33-stock", fullPage: false);
        // Signs of sedation at the window: the dose is held for the prescriber, on the order of the patient whose identity
        // was confirmed, and no dose is offered until the prescriber acts.
        await nurse.GotoAsync("/dosing?siteId=1");
        row = nurse.GetByRole(AriaRole.Row).Filter(new() { HasText = "Barton, Mandy" });
        await row.GetByRole(AriaRole.Button, new() { Name = "Sedated: hold" }).ClickAsync();
        await Expect(nurse.GetByRole(AriaRole.Alert)).ToContainTextAsync("before holding the dose");
        row = nurse.GetByRole(AriaRole.Row).Filter(new() { HasText = "Barton, Mandy" });
        await row.GetByLabel("identity confirmed").CheckAsync();
        await row.GetByRole(AriaRole.Button, new() { Name = "Sedated: hold" }).ClickAsync();
        await Expect(nurse.GetByRole(AriaRole.Alert)).ToContainTextAsync("held for the prescriber's review");
        row = nurse.GetByRole(AriaRole.Row).Filter(new() { HasText = "Barton, Mandy" });
        await Expect(row).ToContainTextAsync("held");
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = "Dose" })).ToHaveCountAsync(0);

        await nurse.GotoAsync("/dosing/report?siteId=1");
        await Expect(nurse.Locator("svg.chart")).ToBeVisibleAsync();
        await Expect(nurse.GetByRole(AriaRole.Table, new() { Name = "Dispensing log" })).ToContainTextAsync("Aberdeen-Quist");
        await BrowserSession.ScreenshotAsync(nurse, "34-dispensing-report", fullPage: false);
    }
}
