using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Mainstay.BrowserTests;

/// <summary>A nurse records a COWS series on the flowsheet; the prescriber orders the first buprenorphine dose.</summary>
public sealed class WithdrawalJourney(BrowserSession session) : IClassFixture<BrowserSession>
{
    private static readonly (string Item, int Value)[] Moderate =
        [("pulse", 1), ("sweating", 1), ("restlessness", 1), ("pupils", 1), ("aches", 1), ("runny-nose", 1), ("gi-upset", 2), ("tremor", 1), ("yawning", 1), ("anxiety", 1), ("gooseflesh", 3)];

    [Fact]
    public async Task A_nurse_records_a_cows_series_and_the_prescriber_orders_a_first_buprenorphine_dose()
    {
        var nurse = await session.NewPageAsync(1280, 1000);
        await BrowserSession.SignInAsync(nurse, "nurse", "nurse-demo-2026");
        await nurse.GotoAsync("/register");
        await nurse.GetByLabel("Given name *").FillAsync("Teodor");
        await nurse.GetByLabel("Family name *").FillAsync("Vasquez-Lind");
        await nurse.GetByLabel("Birth date *").FillAsync("1990-04-04");
        await nurse.GetByLabel("Sex at birth *").SelectOptionAsync("male");
        await nurse.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
        await Expect(nurse.Locator(".chart-header")).ToBeVisibleAsync(); // the new chart, before its address is read
        var chartUrl = nurse.Url;

        await nurse.GetByLabel("Setting").SelectOptionAsync("inpatient");
        await nurse.GetByLabel("Protocol").SelectOptionAsync("buprenorphine-standard");
        await nurse.GetByRole(AriaRole.Button, new() { Name = "Start withdrawal episode" }).ClickAsync();
        await Expect(nurse.GetByRole(AriaRole.Heading, new() { Name = "Withdrawal flowsheet" })).ToBeVisibleAsync();

        // Three readings: mild, then moderate with vitals, then with the last use recorded.
        await Record(nurse, Moderate.Select(m => (m.Item, m.Item is "gooseflesh" or "gi-upset" ? 0 : m.Value)).Take(6).Concat(Moderate.Skip(6).Select(m => (m.Item, 0))).ToArray(), pulse: "88");
        await Record(nurse, Moderate, pulse: "104");
        await nurse.GetByLabel("Last opioid used").FillAsync("heroin");
        await nurse.GetByLabel("Last use at (UTC)").FillAsync(DateTime.UtcNow.AddHours(-18).ToString("yyyy-MM-ddTHH:mm"));
        await Record(nurse, Moderate, pulse: "126");
        await Expect(nurse.GetByRole(AriaRole.Table, new() { Name = "Flowsheet readings" }).Locator("tbody tr")).ToHaveCountAsync(3);
        await Expect(nurse.Locator("svg.chart")).ToBeVisibleAsync();
        await Expect(nurse.Locator(".alert", new() { HasText = "Pulse 126" }).First).ToBeVisibleAsync();
        await BrowserSession.ScreenshotAsync(nurse, "20-withdrawal-flowsheet");

        await nurse.GotoAsync("/withdrawal");
        await Expect(nurse.GetByRole(AriaRole.Table, new() { Name = "Withdrawal board" })).ToContainTextAsync("Vasquez-Lind");
        await BrowserSession.ScreenshotAsync(nurse, "21-withdrawal-board");

        // The prescriber orders the first dose: COWS 13 within the hour, last short-acting use 18 hours ago.
        var prescriber = await session.NewPageAsync(1280, 1000);
        await BrowserSession.SignInAsync(prescriber, "prescriber", "prescriber-demo-2026");
        await prescriber.GotoAsync(chartUrl + "/orders/new");
        await prescriber.GetByLabel("Medication").SelectOptionAsync("buprenorphine");
        await prescriber.GetByLabel("Dose (mg per day)").FillAsync("20");
        await prescriber.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
        await Expect(prescriber.GetByRole(AriaRole.Alert)).ToContainTextAsync("bup-day-one-ceiling");
        await BrowserSession.ScreenshotAsync(prescriber, "22-order-refused");
        await prescriber.GetByLabel("Dose (mg per day)").FillAsync("4");
        await prescriber.GetByLabel("Instructions").FillAsync("Give 4 mg SL; reassess COWS in 1 hour; second 4 mg if COWS stays 8 or more");
        var formKey = await prescriber.Locator("input[name=FormKey]").InputValueAsync();
        await prescriber.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
        await Expect(prescriber.GetByRole(AriaRole.Status)).ToContainTextAsync("Order placed: buprenorphine 4");
        await Expect(prescriber.Locator("#orders-h + ul")).ToContainTextAsync("buprenorphine 4");

        // The same form sent again with a change (as after going back in the browser) places nothing and says so.
        await prescriber.GotoAsync(chartUrl + "/orders/new");
        await prescriber.Locator("input[name=FormKey]").EvaluateAsync("(e, key) => e.value = key", formKey);
        await prescriber.GetByLabel("Medication", new() { Exact = true }).SelectOptionAsync("buprenorphine");
        await prescriber.GetByLabel("Dose (mg per day)").FillAsync("6");
        await prescriber.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
        await Expect(prescriber.GetByRole(AriaRole.Alert)).ToContainTextAsync("This form already placed an order");
        Assert.NotEqual(formKey, await prescriber.Locator("input[name=FormKey]").InputValueAsync());
        await Expect(prescriber.GetByRole(AriaRole.Table, new() { Name = "Medication orders" }).Locator("tbody tr")).ToHaveCountAsync(1);
        await BrowserSession.ScreenshotAsync(prescriber, "22b-order-form-sent-again");
    }

    private static async Task Record(IPage page, (string Item, int Value)[] cows, string pulse)
    {
        foreach (var (item, value) in cows)
        {
            await page.Locator($"input[name='cows.{item}'][value='{value}']").CheckAsync();
        }

        await page.GetByLabel("Pulse (bpm)").FillAsync(pulse);
        await page.GetByRole(AriaRole.Button, new() { Name = "Record reading" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Reading recorded");
    }
}
