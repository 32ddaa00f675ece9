using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Mainstay.BrowserTests;

/// <summary>
/// A nurse records a point-of-care cup that is fentanyl-positive for a methadone patient; the prescriber finds the
/// alert on the work list, takes it on, and resolves it with the action taken; the chart keeps the history.
/// </summary>
public sealed class ScreenAlertJourney(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Fact]
    public async Task A_positive_fentanyl_screen_raises_an_alert_that_the_prescriber_resolves()
    {
        var prescriber = await session.NewPageAsync(1280, 1000);
        await BrowserSession.SignInAsync(prescriber, "prescriber", "prescriber-demo-2026");
        await prescriber.GotoAsync("/register");
        await prescriber.GetByLabel("Given name *").FillAsync("Teodora");
        await prescriber.GetByLabel("Family name *").FillAsync("Vance-Okafor");
        await prescriber.GetByLabel("Birth date *").FillAsync("1991-02-17");
        await prescriber.GetByLabel("Sex at birth *").SelectOptionAsync("female");
        await prescriber.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
        await Expect(prescriber.Locator(".chart-header")).ToBeVisibleAsync(); // the new chart, before its address is read
        var chartUrl = prescriber.Url;
        await prescriber.GotoAsync(chartUrl + "/orders/new");
        await prescriber.GetByLabel("Medication").SelectOptionAsync("methadone");
        await prescriber.GetByLabel("Dose (mg per day)").FillAsync("30");
        await prescriber.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
        await Expect(prescriber.GetByRole(AriaRole.Status)).ToContainTextAsync("Order placed: methadone 30");

        // The nurse reads a cup: fentanyl and norfentanyl positive, methadone and EDDP present.
        var nurse = await session.NewPageAsync(1280, 1100);
        await BrowserSession.SignInAsync(nurse, "nurse", "nurse-demo-2026");
        await nurse.GotoAsync(chartUrl + "/screens");
        await nurse.GetByLabel("Collection observed").CheckAsync();
        await nurse.GetByLabel("Temperature °C").FillAsync("34.5");
        foreach (var (analyte, result) in new[] { ("fentanyl", "positive"), ("norfentanyl", "positive"), ("methadone", "positive"), ("eddp", "positive"), ("6-mam", "negative") })
        {
            await nurse.GetByLabel(analyte, new() { Exact = true }).SelectOptionAsync(result);
        }

        await nurse.GetByRole(AriaRole.Button, new() { Name = "Record and read" }).ClickAsync();
        await Expect(nurse.GetByRole(AriaRole.Status)).ToContainTextAsync("fentanyl-positive");
        await Expect(nurse.GetByRole(AriaRole.Table, new() { Name = "Drug screen results" })).ToContainTextAsync("read against: methadone");
        await BrowserSession.ScreenshotAsync(nurse, "40-drug-screen-reading", fullPage: false);

        // A screen sent to the lab that the patient never gave: cancelled on the page and recorded as a missed specimen.
        var ordered = await nurse.APIRequest.PostAsync($"/api/v1/patients/{chartUrl.Split('/')[^1]}/screens", new() { DataObject = new { specimen = "urine", reason = "random" } });
        Assert.Equal(201, ordered.Status);
        await nurse.ReloadAsync();
        await nurse.GetByLabel("Why is it cancelled?").FillAsync("No specimen within the hour");
        await nurse.GetByLabel("The patient refused or gave no specimen (counts as missed)").CheckAsync();
        await BrowserSession.ScreenshotAsync(nurse, "42-cancel-screen", fullPage: false);
        await nurse.GetByRole(AriaRole.Button, new() { Name = "Cancel screen" }).ClickAsync();
        await Expect(nurse.GetByRole(AriaRole.Status)).ToContainTextAsync("recorded as a missed specimen");
        await Expect(nurse.GetByRole(AriaRole.Table, new() { Name = "Drug screen results" })).ToContainTextAsync("random · cancelled");
        await Expect(nurse.GetByRole(AriaRole.Button, new() { Name = "Cancel screen" })).ToHaveCountAsync(0);

        // The prescriber's work list: the danger alert first; take it on, then resolve it with the action.
        await prescriber.GotoAsync("/worklist");
        var alert = prescriber.GetByRole(AriaRole.Row).Filter(new() { HasText = "Vance-Okafor" }).Filter(new() { HasText = "fentanyl-positive" });
        await Expect(alert).ToContainTextAsync("open");
        await alert.GetByRole(AriaRole.Button, new() { Name = "Take it on" }).ClickAsync();
        await Expect(prescriber.GetByRole(AriaRole.Status)).ToContainTextAsync("You took on the fentanyl-positive alert");
        alert = prescriber.GetByRole(AriaRole.Row).Filter(new() { HasText = "Vance-Okafor" }).Filter(new() { HasText = "fentanyl-positive" });
        await Expect(alert).ToContainTextAsync("acknowledged");
        await BrowserSession.ScreenshotAsync(prescriber, "41-work-list", fullPage: false);
        await alert.GetByLabel("Action taken").SelectOptionAsync("naloxone-given");
        await alert.GetByLabel("What was done").FillAsync("Saw the patient: fentanyl pressed pills; naloxone kit given, dose review booked.");
        await alert.GetByRole(AriaRole.Button, new() { Name = "Resolve" }).ClickAsync();
        await Expect(prescriber.GetByRole(AriaRole.Status)).ToContainTextAsync("Resolved (naloxone-given)");
        await Expect(prescriber.GetByRole(AriaRole.Row).Filter(new() { HasText = "Vance-Okafor" }).Filter(new() { HasText = "fentanyl-positive" })).ToHaveCountAsync(0);

        await prescriber.GotoAsync(chartUrl);
        await Expect(prescriber.GetByRole(AriaRole.Region, new() { Name = "Alerts, drug screens and overdose prevention" })).ToContainTextAsync("fentanyl positive");
    }
}
