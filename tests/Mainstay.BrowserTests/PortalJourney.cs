using Mainstay.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Mainstay.BrowserTests;

/// <summary>
/// A counselor makes a portal invitation; the patient opens it on a phone, confirms the birth date, sets a password,
/// lands on their own page (crisis numbers first), checks in, and reads an education page.
/// </summary>
public sealed class PortalJourney(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Fact]
    public async Task A_patient_joins_the_portal_on_a_phone_and_checks_in()
    {
        Guid patientId;
        DateOnly birthDate;
        string given;
        await using (var scope = session.Server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
            var linked = await db.Users.Where(u => u.PatientId != null).Select(u => u.PatientId!.Value).ToListAsync();
            var groupMembers = await db.GroupMembers.Select(m => m.PatientId).ToListAsync();
            var p = await db.Patients.Where(p => p.SiteId == 1 && p.Status == Mainstay.Features.Patients.PatientStatus.Active && !linked.Contains(p.Id) && groupMembers.Contains(p.Id))
                .OrderBy(p => p.Mrn).FirstAsync();
            (patientId, birthDate, given) = (p.Id, p.BirthDate, p.GivenName);
        }

        var counselor = await session.NewPageAsync(1280, 900);
        await BrowserSession.SignInAsync(counselor, "counselor", "counselor-demo-2026");
        await counselor.GotoAsync($"/patients/{patientId}");
        await counselor.GetByRole(AriaRole.Link, new() { Name = "Patient portal" }).ClickAsync();
        await counselor.GetByRole(AriaRole.Button, new() { Name = "Create an invitation" }).ClickAsync();
        var link = (await counselor.Locator("code.invite-link").TextContentAsync())!.Trim();
        await BrowserSession.ScreenshotAsync(counselor, "80-portal-invitation", fullPage: false);

        var phone = await session.NewPageAsync(390, 844);
        await phone.GotoAsync(link);
        await Expect(phone.GetByRole(AriaRole.Complementary, new() { Name = "Crisis resources" })).ToContainTextAsync("988");
        await phone.GetByLabel("Your birth date").FillAsync(birthDate.AddDays(1).ToString("yyyy-MM-dd"));
        await phone.GetByLabel("Choose a username").FillAsync("portal." + given.ToLowerInvariant());
        await phone.GetByLabel("Choose a password (at least 12 characters)").FillAsync("my-own-long-passphrase");
        await phone.GetByLabel("The password again").FillAsync("my-own-long-passphrase");
        await phone.GetByRole(AriaRole.Button, new() { Name = "Create my account" }).ClickAsync();
        await Expect(phone.GetByRole(AriaRole.Alert)).ToContainTextAsync("birth date does not match");
        await phone.GetByLabel("Your birth date").FillAsync(birthDate.ToString("yyyy-MM-dd"));
        await phone.GetByLabel("Choose a password (at least 12 characters)").FillAsync("my-own-long-passphrase");
        await phone.GetByLabel("The password again").FillAsync("my-own-long-passphrase");
        await phone.GetByRole(AriaRole.Button, new() { Name = "Create my account" }).ClickAsync();

        await Expect(phone.GetByRole(AriaRole.Heading, new() { Name = $"Hello, {given}" })).ToBeVisibleAsync();
        await Expect(phone.GetByRole(AriaRole.Heading, new() { Name = "Appointments, next two weeks" })).ToBeVisibleAsync();
        var form = phone.GetByRole(AriaRole.Form, new() { Name = "Daily check-in" });
        await form.GetByLabel("Craving right now (0 none – 10 the strongest)").FillAsync("4");
        await form.GetByLabel("pain").CheckAsync();
        await BrowserSession.ScreenshotAsync(phone, "81-portal-phone");
        await form.GetByRole(AriaRole.Button, new() { Name = "Check in" }).ClickAsync();
        await Expect(phone.GetByRole(AriaRole.Status)).ToContainTextAsync("Thank you for checking in");
        await Expect(phone.GetByText("You checked in today")).ToBeVisibleAsync();

        await phone.GetByRole(AriaRole.Link, new() { Name = "Overdose and naloxone" }).ClickAsync();
        await Expect(phone.GetByRole(AriaRole.Heading, new() { Name = "Sources" })).ToBeVisibleAsync();
        await BrowserSession.ScreenshotAsync(phone, "82-learn-naloxone");

        // A patient reaching for staff pages is turned away.
        await phone.GotoAsync($"/patients/{patientId}");
        await Expect(phone.GetByRole(AriaRole.Heading, new() { Name = $"Hello, {given}" })).ToHaveCountAsync(0);
        await phone.GotoAsync("/");
        await Expect(phone.GetByRole(AriaRole.Heading, new() { Name = $"Hello, {given}" })).ToBeVisibleAsync();
    }
}
