using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Mainstay.BrowserTests;

/// <summary>
/// An administrator's day with accounts: a new nurse's account is created, moved to another role and site, and
/// disabled when she leaves; she cannot sign in any more, and the administrator enables the account again.
/// </summary>
public sealed class AccountAdminJourney(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Fact]
    public async Task An_administrator_changes_and_disables_an_account_and_the_person_cannot_sign_in()
    {
        var username = "nurse.new" + Guid.NewGuid().ToString("N")[..4];
        var admin = await session.NewPageAsync(1280, 900);
        await BrowserSession.SignInAsync(admin, "admin", "admin-demo-2026");
        await admin.GotoAsync("/admin/sites");

        // The Eastside clinic's registration is typed with one digit wrong: the check digit catches it.
        var eastside = admin.GetByLabel("DEA registration number of Riverbend Eastside Clinic");
        await Expect(eastside).ToHaveValueAsync("PR5550187");
        await eastside.FillAsync("PR5550274");
        await admin.GetByRole(AriaRole.Row).Filter(new() { HasText = "Riverbend Eastside Clinic" }).GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Alert)).ToContainTextAsync("PR5550274 fails the DEA check digit (the last digit should be 6)");
        await BrowserSession.ScreenshotAsync(admin, "99-site-registration-refused", fullPage: false);
        await admin.GetByLabel("DEA registration number of Riverbend Eastside Clinic").FillAsync("pr5550214");
        await admin.GetByRole(AriaRole.Row).Filter(new() { HasText = "Riverbend Eastside Clinic" }).GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("Riverbend Eastside Clinic's DEA registration number is PR5550214");
        await Expect(admin.GetByLabel("DEA registration number of Riverbend Eastside Clinic")).ToHaveValueAsync("PR5550214");

        await admin.GetByLabel("Username").FillAsync(username);
        await admin.GetByLabel("Name", new() { Exact = true }).Last.FillAsync("Nadia Newcomb");
        await admin.Locator("#role").SelectOptionAsync("nurse");
        await admin.GetByLabel("Initial password").FillAsync("a-long-first-password");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Add account" }).ClickAsync();
        await admin.GetByRole(AriaRole.Link, new() { Name = username }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Nadia Newcomb");

        await admin.Locator("#role").SelectOptionAsync("counselor");
        await admin.GetByLabel("Only these:").CheckAsync();
        await admin.GetByLabel("Riverbend Eastside Clinic").CheckAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("Saved");
        await Expect(admin.GetByRole(AriaRole.Table, new() { Name = "Account status" })).ToContainTextAsync("Counselor");

        await admin.GetByLabel("Reason for disabling").FillAsync("Left the program on 2026-11-20");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Disable the account" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("Disabled");
        await Expect(admin.GetByRole(AriaRole.Table, new() { Name = "Account status" })).ToContainTextAsync("Left the program on 2026-11-20");
        await BrowserSession.ScreenshotAsync(admin, "100-account-disabled", fullPage: true);

        var nurse = await session.NewPageAsync(1280, 900);
        await nurse.GotoAsync("/signin");
        await nurse.GetByLabel("Username").FillAsync(username);
        await nurse.GetByLabel("Password").FillAsync("a-long-first-password");
        await nurse.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(nurse.GetByRole(AriaRole.Alert)).ToContainTextAsync("This account is disabled");
        await BrowserSession.ScreenshotAsync(nurse, "101-disabled-sign-in", fullPage: false);

        await admin.GetByRole(AriaRole.Button, new() { Name = "Enable the account" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("Enabled");
        await admin.GotoAsync("/admin/sites");
        await Expect(admin.GetByRole(AriaRole.Row).Filter(new() { HasText = username })).ToContainTextAsync("active");
    }
}
