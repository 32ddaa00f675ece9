using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Mainstay.BrowserTests;

/// <summary>
/// An intake coordinator receives a hospital's FHIR record for a new patient: imports it, reads the summary, opens the
/// chart it made (with the hospital's identifiers for the patient) and the outside records on it; sending the same file again changes nothing.
/// </summary>
public sealed class RecordImportJourney(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Fact]
    public async Task A_hospital_record_is_imported_into_a_new_chart_with_its_outside_records()
    {
        var file = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "data", "synthea"), "*.json").Order(StringComparer.Ordinal).First();
        var intake = await session.NewPageAsync(1280, 1000);
        await BrowserSession.SignInAsync(intake, "intake", "intake-demo-2026");
        await intake.GetByRole(AriaRole.Link, new() { Name = "Import records" }).ClickAsync();
        await intake.GetByLabel("FHIR Bundle (JSON, up to 10 MB)").SetInputFilesAsync(file);
        await intake.GetByRole(AriaRole.Button, new() { Name = "Import" }).ClickAsync();
        await Expect(intake.GetByRole(AriaRole.Status)).ToContainTextAsync("Imported:");
        var summary = intake.GetByRole(AriaRole.Table, new() { Name = "Import summary" });
        await Expect(summary.GetByRole(AriaRole.Row).Filter(new() { HasText = "Claim" })).ToContainTextAsync("0");
        await Expect(summary.GetByRole(AriaRole.Row).Filter(new() { HasText = "Patient" })).ToContainTextAsync("1");
        await BrowserSession.ScreenshotAsync(intake, "50-record-import-summary", fullPage: false);

        await intake.GetByRole(AriaRole.Link, new() { Name = "Open the chart" }).First.ClickAsync();
        // The hospital's own identifiers for the patient are on the chart; a Social Security number by its last four digits.
        var identifiers = intake.GetByRole(AriaRole.Table, new() { Name = "Identifiers in other records" });
        await Expect(identifiers.GetByRole(AriaRole.Row).Filter(new() { HasText = "Medical Record Number" })).ToContainTextAsync("http://hospital.smarthealthit.org");
        await Expect(identifiers.GetByRole(AriaRole.Row).Filter(new() { HasText = "Social Security Number" })).ToContainTextAsync("•••-••-");
        await identifiers.ScrollIntoViewIfNeededAsync();
        await BrowserSession.ScreenshotAsync(intake, "50b-chart-other-identifiers", fullPage: false);
        // So are the race and ethnicity the hospital recorded; a new intake shows them beside its questions, still unanswered.
        var demographics = intake.GetByRole(AriaRole.Region, new() { Name = "Demographics" });
        await Expect(demographics.Locator("dt:text-is('Race') + dd")).ToHaveTextAsync("white");
        await Expect(demographics.Locator("dt:text-is('Ethnicity') + dd")).ToHaveTextAsync("not hispanic or latino");
        var chartUrl = intake.Url;
        await intake.GetByRole(AriaRole.Button, new() { Name = "Start intake assessment" }).ClickAsync();
        await Expect(intake.Locator("#r-race")).ToHaveValueAsync("unknown");
        await Expect(intake.Locator("#r-ethnicity")).ToHaveValueAsync("unknown");
        await Expect(intake.Locator("#r-from-chart")).ToContainTextAsync("race: white; ethnicity: not hispanic or latino");
        await intake.Locator("#r-legend").ScrollIntoViewIfNeededAsync();
        await BrowserSession.ScreenshotAsync(intake, "50c-intake-race-from-chart", fullPage: false);
        await intake.GotoAsync(chartUrl);
        var outside = intake.GetByRole(AriaRole.Region, new() { Name = "Outside records" });
        await Expect(outside).ToContainTextAsync("records sent by other systems");
        await outside.GetByRole(AriaRole.Link, new() { Name = "View them" }).ClickAsync();
        await intake.GetByRole(AriaRole.Navigation, new() { Name = "Record types" }).GetByRole(AriaRole.Link).Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^Condition") }).ClickAsync();
        var rows = intake.GetByRole(AriaRole.Table, new() { Name = "Outside records" }).GetByRole(AriaRole.Row);
        await Expect(rows.Nth(1)).ToContainTextAsync("Condition");
        await BrowserSession.ScreenshotAsync(intake, "51-outside-records", fullPage: false);

        // The same file again: nothing new.
        await intake.GotoAsync("/records/import");
        await intake.GetByLabel("FHIR Bundle (JSON, up to 10 MB)").SetInputFilesAsync(file);
        await intake.GetByRole(AriaRole.Button, new() { Name = "Import" }).ClickAsync();
        await Expect(intake.GetByRole(AriaRole.Status)).ToContainTextAsync(" 0 created");
    }
}
