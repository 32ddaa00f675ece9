using System.Text.RegularExpressions;
using Mainstay.Data;
using Mainstay.Features.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Mainstay.BrowserTests;

/// <summary>The foundation's journeys in a real browser: sign in, find a patient, open the chart, register, audit.</summary>
public sealed partial class FrontDeskJourneys(BrowserSession session) : IClassFixture<BrowserSession>
{
    private static DemoClinic.SyntheticPerson FirstDemoPatient =>
        DemoClinic.Generate(DemoClinic.PatientCount, DemoClinic.Seed).First(p => p.SiteIndex == 0);

    [Fact]
    public async Task A_nurse_signs_in_finds_a_demo_patient_and_opens_the_chart()
    {
        var page = await session.NewPageAsync();
        await BrowserSession.SignInAsync(page, "nurse", "nurse-demo-2026");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Dana Ortiz");
        await BrowserSession.ScreenshotAsync(page, "01-nurse-home");

        var person = FirstDemoPatient;
        await page.GetByLabel("Find a patient").FillAsync($"{person.Family} {person.Given[..2]}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        var results = page.GetByRole(AriaRole.Table, new() { Name = "Search results" });
        await Expect(results).ToContainTextAsync(person.Family);
        await BrowserSession.ScreenshotAsync(page, "02-patient-search");

        await results.GetByRole(AriaRole.Link, new() { Name = $"{person.Family}, {person.Given}" }).First.ClickAsync();
        var header = page.Locator(".chart-header");
        await Expect(header).ToContainTextAsync(person.Family);
        await Expect(header).ToContainTextAsync(MrnPattern());
        await Expect(header).ToContainTextAsync(person.BirthDate.ToString("yyyy-MM-dd"));
        await Expect(header.GetByLabel("Allergies and alerts")).ToBeVisibleAsync();
        await BrowserSession.ScreenshotAsync(page, "03-patient-chart");
    }

    [Fact]
    public async Task A_wrong_password_is_told_plainly()
    {
        var page = await session.NewPageAsync();
        await BrowserSession.SignInAsync(page, "nurse", "not-my-password");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("username or password is wrong");
    }

    [Fact]
    public async Task Pages_need_a_sign_in_first()
    {
        var page = await session.NewPageAsync();
        await page.GotoAsync("/patients");
        await Expect(page).ToHaveURLAsync(new Regex("/signin"));
    }

    [Fact]
    public async Task Intake_registers_a_patient_after_fixing_a_missing_birth_date()
    {
        var page = await session.NewPageAsync();
        await BrowserSession.SignInAsync(page, "intake", "intake-demo-2026");
        await page.GotoAsync("/register");
        await page.GetByLabel("Given name *").FillAsync("Rosalind");
        await page.GetByLabel("Family name *").FillAsync("Featherstone");
        await page.GetByLabel("Sex at birth *").SelectOptionAsync("female");
        await page.GetByLabel("Race").SelectOptionAsync(new SelectOptionValue { Label = "black or african american" });
        await page.GetByLabel("Ethnicity").SelectOptionAsync(new SelectOptionValue { Label = "mexican" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
        await Expect(page.Locator(".field-error")).ToContainTextAsync("birthDate is required");
        // What was chosen is still chosen after the refusal.
        await Expect(page.GetByLabel("Race")).ToHaveValueAsync("black-or-african-american");
        await BrowserSession.ScreenshotAsync(page, "04-register-with-error");

        await page.GetByLabel("Birth date *").FillAsync("1986-09-14");
        await page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
        await Expect(page.Locator(".chart-header")).ToContainTextAsync("Featherstone, Rosalind");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Registered with MRN");
        var demographics = page.GetByRole(AriaRole.Region, new() { Name = "Demographics" });
        await Expect(demographics).ToContainTextAsync("black or african american");
        await Expect(demographics).ToContainTextAsync("mexican");

        // The patient corrects the race later: the demographics form shows what the chart holds and saves the change.
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit demographics" }).ClickAsync();
        await Expect(page.GetByLabel("Ethnicity")).ToHaveValueAsync("mexican");
        await page.GetByLabel("Race").SelectOptionAsync(new SelectOptionValue { Label = "two or more races" });
        await page.GetByLabel("Reason for the change").FillAsync("patient corrected race");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Demographics saved");
        await Expect(demographics).ToContainTextAsync("two or more races");
        await Expect(demographics).ToContainTextAsync("mexican");
        // The change history says what changed in words, with the reason.
        var history = page.GetByRole(AriaRole.Region, new() { Name = "Change history" });
        await Expect(history.Locator("tbody tr").First).ToContainTextAsync("Race: black or african american → two or more races");
        await Expect(history.Locator("tbody tr").First).ToContainTextAsync("patient corrected race");
        await BrowserSession.ScreenshotAsync(page, "04b-chart-race-corrected");

        // A form opened before an intake or a received record sets the race (as every chart write does, through the chart's
        // next revision) is refused on save, says what changed meanwhile, and offers the chart as it is now.
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit demographics" }).ClickAsync();
        var patientId = Guid.Parse(page.Url.Split('/')[^2]);
        await using (var scope = session.Server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
            var chart = await db.Patients.SingleAsync(p => p.Id == patientId);
            Mainstay.Features.Patients.PatientRegistry.RecordRevision(db, chart,
                new Dictionary<string, object?[]> { ["race"] = ["two-or-more-races", "asian"] }, "the patient's answer at the intake", null, "counselor", DateTimeOffset.UtcNow);
            chart.Race = Mainstay.Clinical.Assessment.Race.Asian;
            await db.SaveChangesAsync();
        }

        await page.GetByLabel("Phone").FillAsync("(937) 555-0123");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("changed by someone else");
        await Expect(page.Locator("#changed-since")).ToContainTextAsync("Race: two or more races → asian (counselor: the patient's answer at the intake)");
        await BrowserSession.ScreenshotAsync(page, "04c-demographics-changed-meanwhile");
        await page.GetByRole(AriaRole.Link, new() { Name = "Open the form again with the chart as it is now" }).ClickAsync();
        await Expect(page.GetByLabel("Race")).ToHaveValueAsync("asian");
        await page.GetByLabel("Phone").FillAsync("(937) 555-0123");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Demographics saved");
        await Expect(demographics).ToContainTextAsync("(937) 555-0123");
        await Expect(demographics).ToContainTextAsync("asian");
    }

    [Fact]
    public async Task The_auditor_sees_chart_reads_and_verifies_the_chain()
    {
        var nurse = await session.NewPageAsync();
        await BrowserSession.SignInAsync(nurse, "nurse", "nurse-demo-2026");
        await nurse.GotoAsync("/patients?q=" + FirstDemoPatient.Family);

        var page = await session.NewPageAsync();
        await BrowserSession.SignInAsync(page, "auditor", "auditor-demo-2026");
        await page.GotoAsync("/audit?user=nurse");
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Audit events" })).ToContainTextAsync("search");
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify the hash chain" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("intact");
        await BrowserSession.ScreenshotAsync(page, "05-audit-trail");
    }

    [GeneratedRegex(@"MS-\d{7}-\d")]
    private static partial Regex MrnPattern();
}
