using Mainstay.Data;
using Mainstay.Features.Patients;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Mainstay.BrowserTests;

/// <summary>
/// A counselor's day: the work list, a new group with its roster, attendance at today's meeting (one no-show), the
/// group's notes signed, a positive screen recorded by the nurse raising an alert the counselor resolves, and a
/// patient's check-ins as a picture.
/// </summary>
public sealed class CounselorDayJourney(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Fact]
    public async Task A_counselor_runs_a_group_writes_its_notes_and_resolves_the_alert_a_positive_screen_raised()
    {
        List<(Guid Id, string Mrn, string Family)> members;
        Guid climbing;
        await using (var scope = session.Server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
            var active = await db.Patients.Where(p => p.SiteId == 1 && p.Status == PatientStatus.Active).OrderBy(p => p.Mrn)
                .Select(p => new { p.Id, p.Mrn, p.FamilyName }).ToListAsync();
            members = [.. active.Skip(9).Take(3).Select(p => (p.Id, p.Mrn, p.FamilyName))];
            climbing = active[2].Id; // the demo patient whose cravings climb
        }

        var counselor = await session.NewPageAsync(1280, 1000);
        await BrowserSession.SignInAsync(counselor, "counselor", "counselor-demo-2026");
        await counselor.GotoAsync("/worklist");
        await Expect(counselor.GetByRole(AriaRole.Row).Filter(new() { HasText = "no-show-streak" })).ToHaveCountAsync(1);
        await BrowserSession.ScreenshotAsync(counselor, "70-counselor-work-list", fullPage: false);

        // A new morning group, meeting from today.
        await counselor.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Counseling" }).ClickAsync();
        await counselor.GetByRole(AriaRole.Link, new() { Name = "Groups", Exact = true }).First.ClickAsync();
        var create = counselor.GetByRole(AriaRole.Form, new() { Name = "Start a group" });
        await create.GetByLabel("Name").FillAsync("Morning process group");
        await create.GetByLabel("Kind").SelectOptionAsync("process");
        await create.GetByLabel("Room").FillAsync("Group room 3");
        await create.GetByLabel("First meeting").FillAsync(DateTime.Now.ToString("yyyy-MM-dd"));
        await create.GetByLabel("Time").FillAsync("00:00");
        await create.GetByLabel("Weeks").FillAsync("4");
        await create.GetByRole(AriaRole.Button, new() { Name = "Create the group and its meetings" }).ClickAsync();
        await Expect(counselor.GetByRole(AriaRole.Heading, new() { Name = "Morning process group" })).ToBeVisibleAsync();
        foreach (var m in members)
        {
            var add = counselor.GetByRole(AriaRole.Form, new() { Name = "Add a member" });
            await add.GetByLabel("Add by MRN").FillAsync(m.Mrn);
            await add.GetByRole(AriaRole.Button, new() { Name = "Add" }).ClickAsync();
            await Expect(counselor.GetByRole(AriaRole.Status)).ToContainTextAsync("Added to the roster");
        }

        await Expect(counselor.GetByRole(AriaRole.Table, new() { Name = "Roster" }).GetByRole(AriaRole.Row)).ToHaveCountAsync(4);
        await Expect(counselor.GetByRole(AriaRole.Table, new() { Name = "Meetings" }).GetByRole(AriaRole.Row)).ToHaveCountAsync(5);
        await BrowserSession.ScreenshotAsync(counselor, "71-group-roster");

        // Today's meeting: attendance with one no-show, then the group's notes.
        await counselor.GetByRole(AriaRole.Table, new() { Name = "Meetings" }).GetByRole(AriaRole.Link).First.ClickAsync();
        var attendance = counselor.GetByRole(AriaRole.Form, new() { Name = "Attendance" });
        await attendance.GetByRole(AriaRole.Combobox, new() { Name = $"Mark for {members[0].Family}" }).SelectOptionAsync("attended");
        await attendance.GetByRole(AriaRole.Combobox, new() { Name = $"Mark for {members[1].Family}" }).SelectOptionAsync("late");
        await attendance.GetByRole(AriaRole.Spinbutton, new() { Name = $"Minutes late for {members[1].Family}" }).FillAsync("10");
        await attendance.GetByRole(AriaRole.Combobox, new() { Name = $"Mark for {members[2].Family}" }).SelectOptionAsync("no-show");
        await attendance.GetByRole(AriaRole.Button, new() { Name = "Save attendance" }).ClickAsync();
        await Expect(counselor.GetByRole(AriaRole.Status)).ToContainTextAsync("Attendance recorded");

        var note = counselor.GetByRole(AriaRole.Form, new() { Name = "Progress note" });
        await note.GetByLabel("What the group worked on").FillAsync("Urge surfing: noticing a craving rise and fall without acting on it; each member named one high-risk situation.");
        foreach (var (m, i) in members.Take(2).Select((m, i) => (m, i)))
        {
            var entry = note.GetByRole(AriaRole.Group, new() { Name = m.Family });
            await entry.GetByLabel("Data", new() { Exact = true }).FillAsync(i == 0 ? "Spoke about cravings after payday; practised the exercise twice." : "Arrived 10 minutes late; quiet, listened.");
            await entry.GetByLabel("Assessment", new() { Exact = true }).FillAsync(i == 0 ? "Engaged; insight into the payday trigger." : "Ambivalent; tired after a night shift.");
            await entry.GetByLabel("Plan", new() { Exact = true }).FillAsync(i == 0 ? "Plan the next payday with the counselor; keep the craving log." : "Check in individually this week.");
        }

        await BrowserSession.ScreenshotAsync(counselor, "72-group-attendance-and-note");
        await note.GetByRole(AriaRole.Button, new() { Name = "Sign" }).ClickAsync();
        await Expect(counselor.GetByRole(AriaRole.Status)).ToContainTextAsync("Notes written and signed");
        await Expect(counselor.GetByRole(AriaRole.Article)).ToHaveCountAsync(2);

        // The nurse reads a fentanyl-positive cup for the first member; the counselor resolves the alert.
        var nurse = await session.NewPageAsync(1280, 1100);
        await BrowserSession.SignInAsync(nurse, "nurse", "nurse-demo-2026");
        await nurse.GotoAsync($"/patients/{members[0].Id}/screens");
        await nurse.GetByLabel("Collection observed").CheckAsync();
        await nurse.GetByLabel("Temperature °C").FillAsync("34.8");
        await nurse.GetByLabel("fentanyl", new() { Exact = true }).SelectOptionAsync("positive");
        await nurse.GetByLabel("norfentanyl", new() { Exact = true }).SelectOptionAsync("positive");
        await nurse.GetByRole(AriaRole.Button, new() { Name = "Record and read" }).ClickAsync();
        await Expect(nurse.GetByRole(AriaRole.Status)).ToContainTextAsync("fentanyl-positive");

        await counselor.GotoAsync("/worklist");
        var alert = counselor.GetByRole(AriaRole.Row).Filter(new() { HasText = members[0].Family }).Filter(new() { HasText = "fentanyl-positive" });
        await alert.GetByRole(AriaRole.Button, new() { Name = "Take it on" }).ClickAsync();
        alert = counselor.GetByRole(AriaRole.Row).Filter(new() { HasText = members[0].Family }).Filter(new() { HasText = "fentanyl-positive" });
        await alert.GetByLabel("Action taken").SelectOptionAsync("contacted-patient");
        await alert.GetByLabel("What was done").FillAsync("Talked after group: pressed pills from a friend; naloxone checked, prescriber told, relapse-prevention plan updated.");
        await alert.GetByRole(AriaRole.Button, new() { Name = "Resolve" }).ClickAsync();
        await Expect(counselor.GetByRole(AriaRole.Status)).ToContainTextAsync("Resolved (contacted-patient)");
        await Expect(counselor.GetByRole(AriaRole.Row).Filter(new() { HasText = members[0].Family }).Filter(new() { HasText = "fentanyl-positive" })).ToHaveCountAsync(0);

        // The day's calendar, and a patient's check-ins as a picture with a paper check-in added.
        await counselor.GotoAsync("/counseling");
        await Expect(counselor.GetByRole(AriaRole.Table, new() { Name = "Sessions of the day" })).ToContainTextAsync("Morning process group");
        await BrowserSession.ScreenshotAsync(counselor, "73-counseling-day", fullPage: false);
        await counselor.GotoAsync($"/patients/{climbing}/recovery");
        await Expect(counselor.GetByRole(AriaRole.Img, new() { Name = "Check-ins from" })).ToBeVisibleAsync();
        var paper = counselor.GetByRole(AriaRole.Form, new() { Name = "Record a paper check-in" });
        await paper.GetByLabel("Craving (0–10)").FillAsync("8");
        await paper.GetByLabel("Mood (1 very low – 5 very good)").FillAsync("2");
        await paper.GetByLabel("Sleep (1–5)").FillAsync("2");
        await paper.GetByLabel("Stress (0–10)").FillAsync("8");
        await paper.GetByLabel("people").CheckAsync();
        await paper.GetByRole(AriaRole.Button, new() { Name = "Record check-in" }).ClickAsync();
        await Expect(counselor.GetByRole(AriaRole.Status).Filter(new() { HasText = "Check-in recorded" })).ToBeVisibleAsync();
        await Expect(counselor.GetByRole(AriaRole.Status).Filter(new() { HasText = "craving" })).ToBeVisibleAsync();
        await BrowserSession.ScreenshotAsync(counselor, "74-recovery-check-ins");
    }
}
