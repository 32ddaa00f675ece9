using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Mainstay.BrowserTests;

/// <summary>An intake coordinator walks a new patient through consent and the whole intake, and reads the profile.</summary>
public sealed class IntakeJourney(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Fact]
    public async Task Intake_records_consent_completes_the_assessment_and_reads_the_risk_factor_profile()
    {
        var page = await session.NewPageAsync(1280, 1000);
        await BrowserSession.SignInAsync(page, "intake", "intake-demo-2026");

        // Register the person.
        await page.GotoAsync("/register");
        await page.GetByLabel("Given name *").FillAsync("Jolene");
        await page.GetByLabel("Family name *").FillAsync("Marchetti");
        await page.GetByLabel("Birth date *").FillAsync("1993-08-21");
        await page.GetByLabel("Sex at birth *").SelectOptionAsync("female");
        await page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
        await Expect(page.Locator(".chart-header")).ToContainTextAsync("Marchetti, Jolene");
        var chartUrl = page.Url;

        // 42 CFR Part 2 consent.
        await page.GetByRole(AriaRole.Link, new() { Name = "All consents · record a consent" }).ClickAsync();
        await page.GetByLabel("To whom (name or class of recipients)").FillAsync("Dr. Ana Lee, Riverbend Primary Care");
        await page.GetByLabel("What information").FillAsync("diagnosis, medication and dose");
        await page.GetByLabel("Purpose").FillAsync("coordination of care");
        await page.GetByLabel("or expires at the event").FillAsync("end of treatment");
        await page.GetByLabel("Signed on").FillAsync(DateTime.UtcNow.ToString("yyyy-MM-dd"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Record consent" }).ClickAsync();
        await Expect(page.Locator(".field-error")).ToContainTextAsync("right to revoke");
        await page.GetByLabel("The patient was told they may revoke").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Record consent" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Consent to disclose to Dr. Ana Lee");
        await BrowserSession.ScreenshotAsync(page, "10-consents");

        // The intake assessment.
        await page.GotoAsync(chartUrl);
        await page.GetByRole(AriaRole.Button, new() { Name = "Start intake assessment" }).ClickAsync();
        await page.Locator("input[name='s.fentanyl']").CheckAsync();
        await page.Locator("input[name='s.fentanyl.routes'][value='injection']").CheckAsync();
        await page.Locator("select[name='s.fentanyl.frequency']").SelectOptionAsync("daily");
        await page.GetByLabel("Last opioid use").FillAsync(DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd"));
        await page.GetByLabel("Lives with chronic pain").CheckAsync();
        await page.GetByLabel("First opioid was a prescription").CheckAsync();
        await page.GetByLabel("Has lived through trauma").CheckAsync();
        await page.GetByLabel("Friends or peers who use").CheckAsync();
        await page.GetByLabel("Family history of addiction").CheckAsync();
        await page.Locator("select[name='h.housing']").SelectOptionAsync("unstable");
        await page.Locator("select[name='h.pregnancy']").SelectOptionAsync("not-pregnant");
        // The state report's questions (TEDS), on the same form.
        await page.GetByLabel("Race", new() { Exact = true }).SelectOptionAsync("white");
        await page.GetByLabel("Living arrangement").SelectOptionAsync("dependent");
        await page.GetByLabel("Years of school (12 = high school or GED)").FillAsync("11");
        for (var i = 1; i <= 11; i++)
        {
            await page.Locator($"input[name='i.dsm5-oud.c{i}'][value='{(i <= 7 ? 1 : 0)}']").CheckAsync();
        }

        for (var i = 1; i <= 9; i++)
        {
            await page.Locator($"input[name='i.phq9.q{i}'][value='{(i == 9 ? 0 : 2)}']").CheckAsync();
        }

        await Expect(page.Locator("details[data-instrument='phq9'] .live-total")).ToContainTextAsync("total 16");
        await page.Locator("input[name='c.skinOrSoftTissueInfection']").CheckAsync();
        foreach (var (dimension, rating) in new[] { ("withdrawal", "2"), ("biomedical", "1"), ("emotionalBehavioralCognitive", "2"), ("readinessToChange", "1"), ("relapsePotential", "3"), ("recoveryEnvironment", "2") })
        {
            await page.Locator($"select[name='asam.{dimension}']").SelectOptionAsync(rating);
        }

        await BrowserSession.ScreenshotAsync(page, "11-intake-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "Complete assessment" }).ClickAsync();

        // The profile: every domain, the diagnosis, the alerts and the follow-ups.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Causes and risk factors" })).ToBeVisibleAsync();
        await Expect(page.Locator("#dx-h + dl")).ToContainTextAsync("severe");
        await Expect(page.Locator("#dx-h + dl")).ToContainTextAsync("F11.20");
        await Expect(page.Locator(".domain", new() { HasText = "Prescription-opioid pathway" })).ToContainTextAsync("chronic pain", new() { IgnoreCase = true });
        await Expect(page.Locator(".domain", new() { HasText = "Mental health" })).ToContainTextAsync("PHQ-9");
        await Expect(page.Locator(".alert", new() { HasText = "inject" }).First).ToBeVisibleAsync();
        await Expect(page.Locator("#fu-h + table")).ToContainTextAsync("aloxone");
        await BrowserSession.ScreenshotAsync(page, "12-risk-factor-profile");

        // A counselor signs it as final.
        var counselor = await session.NewPageAsync();
        await BrowserSession.SignInAsync(counselor, "counselor", "counselor-demo-2026");
        await counselor.GotoAsync(page.Url);
        await counselor.GetByRole(AriaRole.Button, new() { Name = "Sign as final" }).ClickAsync();
        await Expect(counselor.GetByRole(AriaRole.Status)).ToContainTextAsync("Assessment signed");

        // The counselor drafts the plan, edits a goal, adds an intervention, signs, and prints.
        await counselor.GotoAsync(chartUrl);
        await counselor.GetByRole(AriaRole.Button, new() { Name = "Draft the plan from the assessment" }).ClickAsync();
        await Expect(counselor.Locator("section.problem").First).ToBeVisibleAsync();
        await Expect(counselor.Locator("section.problem", new() { HasText = "Medication options" })).ToContainTextAsync("buprenorphine");
        await counselor.GetByRole(AriaRole.Link, new() { Name = "Edit plan" }).ClickAsync();
        await counselor.Locator("input[name='p0.goal']").FillAsync("No opioid use, confirmed by weekly drug screens, for 90 days");
        await counselor.Locator("input[name^='p0.n'][name$='.text']").Last.FillAsync("Check in by phone with the peer recovery coach");
        await BrowserSession.ScreenshotAsync(counselor, "13-plan-editor");
        await counselor.GetByRole(AriaRole.Button, new() { Name = "Save plan" }).ClickAsync();
        await Expect(counselor.Locator(".field-error, .alert.danger").First).ToBeVisibleAsync();
        var typedRow = counselor.Locator("input[value='Check in by phone with the peer recovery coach']");
        var rowName = (await typedRow.GetAttributeAsync("name"))!.Replace(".text", "", StringComparison.Ordinal);
        await counselor.Locator($"input[name='{rowName}.frequency']").FillAsync("weekly");
        await counselor.Locator($"select[name='{rowName}.role']").SelectOptionAsync("peer-recovery-coach");
        await counselor.GetByRole(AriaRole.Button, new() { Name = "Save plan" }).ClickAsync();
        await Expect(counselor.GetByRole(AriaRole.Status)).ToContainTextAsync("Plan saved as version 1");
        await Expect(counselor.Locator("section.problem").First).ToContainTextAsync("peer recovery coach");
        await counselor.GetByRole(AriaRole.Button, new() { Name = "Sign version 1" }).ClickAsync();
        await Expect(counselor.GetByRole(AriaRole.Status)).ToContainTextAsync("Plan signed");
        await BrowserSession.ScreenshotAsync(counselor, "14-treatment-plan");
        await counselor.EmulateMediaAsync(new() { Media = Media.Print });
        await BrowserSession.ScreenshotAsync(counselor, "15-treatment-plan-print");
    }
}
