using Mainstay.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Mainstay.BrowserTests;

/// <summary>The director opens retention: the curves by medication and by site, the 90- and 180-day figures beneath; then urine outcomes by medication.</summary>
public sealed class RetentionJourney(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Fact]
    public async Task The_director_sees_retention_as_curves_with_the_figures_beneath()
    {
        var site = await DoseHistory.AddSiteAsync(session.Server, "Curve");
        await DoseHistory.SeedAsync(session.Server, "Curve", site);
        var director = await session.NewPageAsync(1280, 1100);
        await BrowserSession.SignInAsync(director, "director", "director-demo-2026");
        await director.GetByRole(AriaRole.Link, new() { Name = "Reports" }).ClickAsync();
        // The dashboard: the headlines, then every figure as a chart with its table beneath and a CSV of its own.
        var headlines = director.GetByRole(AriaRole.Region, new() { Name = "Headlines" });
        await Expect(headlines).ToContainTextAsync("in treatment");
        await Expect(headlines).ToContainTextAsync("on medication");
        foreach (var title in new[] { "People in treatment by level of care", "Admissions and discharges per week", "Discharges by reason", "On medication for opioid use disorder",
            "From first contact to first dose", "Opioid-negative drug screens", "Overdoses and deaths", "No-show rate", "Treatment-plan reviews on time" })
        {
            var figure = director.GetByRole(AriaRole.Region, new() { Name = title });
            await Expect(figure.Locator("svg")).ToHaveCountAsync(1);
            await Expect(figure.GetByRole(AriaRole.Table, new() { Name = title })).ToBeVisibleAsync();
            await Expect(figure.GetByRole(AriaRole.Link, new() { Name = "CSV" })).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("format=csv"));
        }

        await BrowserSession.ScreenshotAsync(director, "53-program-dashboard");

        // Last month's report, to print: the month in the title, its admissions in the headlines, each CSV of the month.
        var today = DateOnly.FromDateTime(DateTime.Now);
        var lastMonth = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        var monthName = lastMonth.ToString("MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture);
        await director.GetByLabel("Period").SelectOptionAsync(new SelectOptionValue { Label = monthName });
        await director.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Expect(director.GetByRole(AriaRole.Heading, new() { Name = $"Monthly report, {monthName}", Level = 1 })).ToBeVisibleAsync();
        await Expect(headlines).ToContainTextAsync($"admitted in {monthName}");
        await Expect(director.GetByRole(AriaRole.Region, new() { Name = "People in treatment by level of care" }))
            .ToContainTextAsync($"Open treatment episodes at the end of {lastMonth.AddMonths(1).AddDays(-1).ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture)}.");
        await Expect(director.GetByRole(AriaRole.Region, new() { Name = "Opioid-negative drug screens" }).GetByRole(AriaRole.Link, new() { Name = "CSV" }))
            .ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex($"month={lastMonth:yyyy-MM}"));
        await BrowserSession.ScreenshotAsync(director, "53b-monthly-report");
        await director.GotoAsync("/reports/program");
        await director.GetByRole(AriaRole.Link, new() { Name = "Retention curves" }).ClickAsync();
        await Expect(director.GetByRole(AriaRole.Img, new() { Name = "Retention on medication by medication, Kaplan–Meier" })).ToBeVisibleAsync();
        // The site of the three hand-worked courses (the demo clinic's own dose history is at its two sites).
        await director.GetByLabel("Site id (blank: all your sites)").FillAsync(site.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await director.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Expect(director.GetByRole(AriaRole.Link, new() { Name = "Download CSV" })).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex($"siteId={site}"));
        var figures = director.GetByRole(AriaRole.Table, new() { Name = "Retention figures" }).First;
        await BrowserSession.ScreenshotAsync(director, "52-retention", fullPage: false);
        await Expect(figures.GetByRole(AriaRole.Row).Filter(new() { HasText = "All patients" })).ToContainTextAsync("33%");
        // The 33% rests on one person still followed at day 90: the table and the chart's number-at-risk rows say so.
        await Expect(figures.GetByRole(AriaRole.Row).Filter(new() { HasText = "All patients" })).ToContainTextAsync("1 at risk");
        await Expect(director.GetByRole(AriaRole.Img, new() { Name = "Retention on medication by medication, Kaplan–Meier" })).ToContainTextAsync("Number at risk");
        // A shorter gap: the same history, re-drawn.
        await director.GetByLabel("Gap that ends treatment (days)").FillAsync("7");
        await director.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Expect(director.GetByText("no dose covers more than 7 days in a row")).ToBeVisibleAsync();
        await Expect(director.GetByRole(AriaRole.Link, new() { Name = "Download CSV" })).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("gapDays=7"));

        // Urine outcomes: the demo's screening history, week by week, then relapse as the trials define it.
        await director.GetByRole(AriaRole.Link, new() { Name = "Urine outcomes" }).ClickAsync();
        await Expect(director.GetByRole(AriaRole.Img, new() { Name = "Share of episodes with an opioid-negative week (missing counted positive), by week since admission" })).ToBeVisibleAsync();
        var outcomes = director.GetByRole(AriaRole.Table, new() { Name = "Urine outcomes" });
        await Expect(outcomes.GetByRole(AriaRole.Row).Filter(new() { HasText = "Methadone" })).ToContainTextAsync("%");
        await Expect(outcomes.GetByRole(AriaRole.Row).Filter(new() { HasText = "Buprenorphine" })).ToBeVisibleAsync();
        await BrowserSession.ScreenshotAsync(director, "54-urine-outcomes");
        await director.GetByLabel("Weeks from admission").FillAsync("12");
        await director.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Expect(director.GetByRole(AriaRole.Heading, new() { Name = "Relapse and drop-out in the first 12 weeks" })).ToBeVisibleAsync();
    }
}
