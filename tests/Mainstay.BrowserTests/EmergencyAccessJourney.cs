using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Mainstay.BrowserTests;

/// <summary>
/// Break-the-glass and its review: a nurse of the East site opens a Downtown chart in an emergency by giving a reason,
/// sees the chart marked as opened under emergency access, and the privacy officer reviews the access. Then the nurse's
/// own sign-in page: setting up two-step sign-in shows the key and its QR code.
/// </summary>
public sealed class EmergencyAccessJourney(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Fact]
    public async Task A_nurse_of_another_site_breaks_the_glass_and_the_privacy_officer_reviews_it()
    {
        var intake = await session.NewPageAsync(1280, 900);
        await BrowserSession.SignInAsync(intake, "intake", "intake-demo-2026");
        await intake.GotoAsync("/register");
        await intake.GetByLabel("Given name *").FillAsync("Oren");
        await intake.GetByLabel("Family name *").FillAsync("Glassworth");
        await intake.GetByLabel("Birth date *").FillAsync("1983-05-30");
        await intake.GetByLabel("Sex at birth *").SelectOptionAsync("male");
        await intake.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
        var mrn = (await intake.Locator(".chart-header .ids b.mono").First.InnerTextAsync()).Trim();

        var nurse = await session.NewPageAsync(1280, 900);
        await BrowserSession.SignInAsync(nurse, "nurse.east", "nurse-east-demo-2026");
        await nurse.GotoAsync("/patients");
        await nurse.GetByRole(AriaRole.Link, new() { Name = "Emergency access" }).ClickAsync();
        await nurse.GetByLabel("Patient's MRN").FillAsync(mrn);
        await nurse.GetByLabel("What is the emergency?").FillAsync("Guest at our window collapsed; EMS needs his current methadone dose.");
        await BrowserSession.ScreenshotAsync(nurse, "96-emergency-access-form", fullPage: false);
        await nurse.GetByRole(AriaRole.Button, new() { Name = "Open the chart under emergency access" }).ClickAsync();
        await Expect(nurse.GetByRole(AriaRole.Alert).First).ToContainTextAsync("emergency access");
        await Expect(nurse.Locator(".chart-header h1")).ToContainTextAsync("Glassworth");
        await BrowserSession.ScreenshotAsync(nurse, "97-chart-under-emergency-access", fullPage: false);

        var auditor = await session.NewPageAsync(1280, 900);
        await BrowserSession.SignInAsync(auditor, "auditor", "auditor-demo-2026");
        await auditor.GetByRole(AriaRole.Link, new() { Name = "Emergency review" }).ClickAsync();
        var row = auditor.GetByRole(AriaRole.Row).Filter(new() { HasText = mrn });
        await Expect(row).ToContainTextAsync("nurse.east");
        await BrowserSession.ScreenshotAsync(auditor, "98-emergency-review", fullPage: false);
        await row.GetByLabel("Note").FillAsync("EMS run sheet on file.");
        await row.GetByRole(AriaRole.Button, new() { Name = "Justified", Exact = true }).ClickAsync();
        await Expect(auditor.GetByRole(AriaRole.Status)).ToContainTextAsync($"Reviewed the emergency access of nurse.east to {mrn}");

        await nurse.GotoAsync("/account");
        await nurse.GetByRole(AriaRole.Button, new() { Name = "Set up two-step sign-in" }).ClickAsync();
        await Expect(nurse.Locator("#two-step-key")).Not.ToBeEmptyAsync();
        await Expect(nurse.GetByRole(AriaRole.Img, new() { Name = "QR code of the key for the authenticator app" })).ToBeVisibleAsync();
        await BrowserSession.ScreenshotAsync(nurse, "99-two-step-setup", fullPage: false);
    }
}
