using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Mainstay.BrowserTests;

/// <summary>
/// The director prepares the state's TEDS report for the demo's last year: what is ready, which records to fix (the
/// demo leaves about one admission in eight without an intake), how complete each field is, and the two downloads.
/// </summary>
public sealed class StateReportJourney(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Fact]
    public async Task The_director_sees_what_is_ready_what_to_fix_and_downloads_the_state_file()
    {
        var director = await session.NewPageAsync(1280, 1100);
        await BrowserSession.SignInAsync(director, "director", "director-demo-2026");
        await director.GetByRole(AriaRole.Link, new() { Name = "Reports" }).ClickAsync();
        await director.GetByRole(AriaRole.Link, new() { Name = "State report (TEDS)" }).ClickAsync();
        await Expect(director.GetByRole(AriaRole.Heading, new() { Name = "State report: Treatment Episode Data Set" })).ToBeVisibleAsync();

        var today = DateTime.Now;
        await director.GetByLabel("From", new() { Exact = true }).FillAsync(today.AddYears(-1).AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await director.GetByLabel("To", new() { Exact = true }).FillAsync(today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await director.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();

        var toFix = director.GetByRole(AriaRole.Table, new() { Name = "Records to fix" });
        await Expect(toFix.GetByRole(AriaRole.Row).Nth(1)).ToContainTextAsync("No completed intake assessment records the substances used.");
        await Expect(director.GetByRole(AriaRole.Img, new() { Name = "Share of admissions records that know each field" })).ToBeVisibleAsync();
        await BrowserSession.ScreenshotAsync(director, "102-teds-report");

        // A patient's name leads to the chart, where the intake is missing.
        var first = toFix.GetByRole(AriaRole.Row).Nth(1).GetByRole(AriaRole.Link);
        var name = await first.InnerTextAsync();
        var download = await director.RunAndWaitForDownloadAsync(() => director.GetByRole(AriaRole.Link, new() { Name = "Download admissions file (CSV)" }).ClickAsync());
        var path = await download.PathAsync();
        var lines = await File.ReadAllLinesAsync(path);
        Assert.StartsWith("RECTYPE,PROVIDER,CLIENTID,CASEID,ADMDATE", lines[0], StringComparison.Ordinal);
        Assert.True(lines.Length > 100, $"the demo's year has more than 100 admissions ready, got {lines.Length - 1}");
        Assert.DoesNotContain(lines, l => l.Contains(name.Split(',')[0], StringComparison.Ordinal));
        Assert.Contains(",-9,", lines[1], StringComparison.Ordinal);
    }
}
