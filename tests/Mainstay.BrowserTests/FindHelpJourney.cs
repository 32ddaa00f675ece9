using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Mainstay.BrowserTests;

/// <summary>
/// Someone looking for help, signed out on a phone: takes the self-check, sees what the answers mean and the nearest
/// programs, searches the directory for methadone near a ZIP code, and asks a program to call back.
/// </summary>
public sealed class FindHelpJourney(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Fact]
    public async Task A_person_takes_the_self_check_finds_a_program_and_asks_for_a_call_back()
    {
        var page = await session.NewPageAsync(390, 844);
        await page.GotoAsync("/help/self-check");
        var form = page.GetByRole(AriaRole.Form, new() { Name = "Self-check" });
        foreach (var question in new[] { "more opioids, or for longer", "wanted to cut down", "cravings", "need more to get the same effect", "get sick when you stop" })
        {
            await form.GetByLabel(question).CheckAsync();
        }

        await form.GetByLabel("has (or may have) fentanyl").CheckAsync();
        await form.GetByLabel("I do not have naloxone").CheckAsync();
        await form.GetByLabel("yawning a lot").CheckAsync();
        await form.GetByLabel("aching muscles or cramps").CheckAsync();
        await form.GetByLabel("runny nose or watery eyes").CheckAsync();
        await form.GetByLabel("Your ZIP code").FillAsync("45402");
        await form.GetByRole(AriaRole.Button, new() { Name = "See what it means" }).ClickAsync();
        var reading = page.GetByRole(AriaRole.Region, new() { Name = "What your answers mean" });
        await Expect(reading).ToContainTextAsync("5 of the 11 questions");
        await Expect(reading).ToContainTextAsync("Downtown OTP");
        await BrowserSession.ScreenshotAsync(page, "90-self-check-reading");
        Assert.Empty(await page.Context.CookiesAsync());

        await page.GotoAsync("/help");
        var search = page.GetByRole(AriaRole.Form, new() { Name = "Search programs" });
        await search.GetByLabel("ZIP code").FillAsync("45410");
        await search.GetByLabel("Medication").SelectOptionAsync("methadone");
        await search.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        var results = page.GetByRole(AriaRole.Region, new() { Name = "Results" });
        await Expect(results.GetByRole(AriaRole.Img)).ToBeVisibleAsync();
        await Expect(results.GetByRole(AriaRole.Listitem).First).ToContainTextAsync("methadone");
        await results.GetByRole(AriaRole.Img).ScrollIntoViewIfNeededAsync();
        await BrowserSession.ScreenshotAsync(page, "91-find-help-results", fullPage: false);
        Assert.Empty(await page.Context.CookiesAsync());

        await results.GetByRole(AriaRole.Link, new() { Name = "Ask them to call you back" }).First.ClickAsync();
        await Expect(page.GetByLabel("Where would you like help?")).ToHaveValueAsync("1");
        await BrowserSession.ScreenshotAsync(page, "92-call-back-from-directory", fullPage: false);

        var desktop = await session.NewPageAsync(1280, 1000);
        await desktop.GotoAsync("/help?zip=45402&radiusMiles=50&medication=buprenorphine&payment=medicaid");
        await Expect(desktop.GetByRole(AriaRole.Region, new() { Name = "Results" }).GetByRole(AriaRole.Img)).ToBeVisibleAsync();
        await BrowserSession.ScreenshotAsync(desktop, "93-find-help-desktop", fullPage: false);
    }
}
