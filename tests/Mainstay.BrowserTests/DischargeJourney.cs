using Mainstay.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Mainstay.BrowserTests;

/// <summary>A counselor discharges a patient who is transferring, with the aftercare plan; the summary prints with the follow-ups.</summary>
public sealed class DischargeJourney(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Fact]
    public async Task A_counselor_discharges_a_transferring_patient_with_an_aftercare_plan()
    {
        Guid patientId;
        await using (var scope = session.Server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
            patientId = await db.TreatmentEpisodes.Where(e => e.SiteId == 1 && e.DischargedAt == null && e.LevelOfCare == Mainstay.Features.Admissions.LevelOfCare.OpioidTreatmentProgram)
                .OrderBy(e => e.AdmittedAt).Select(e => e.PatientId).FirstAsync();
        }

        var page = await session.NewPageAsync(1280, 1000);
        await BrowserSession.SignInAsync(page, "counselor", "counselor-demo-2026");
        await page.GotoAsync($"{session.Server.BaseAddress}patients/{patientId}");
        await page.GetByRole(AriaRole.Table, new() { Name = "Treatment episodes" }).GetByRole(AriaRole.Link, new() { Name = "Discharge", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Medications at discharge" })).ToBeVisibleAsync();

        var form = page.GetByRole(AriaRole.Form, new() { Name = "Discharge" });
        await form.GetByLabel("Reason").SelectOptionAsync("transferred");
        await form.GetByLabel("Medication after discharge").SelectOptionAsync("transfer");
        await form.GetByLabel("Receiving program or prescriber, last dose, days supplied").FillAsync("Lakeside OTP (Dr. Osei), last dose given here this morning");
        await form.GetByLabel("Refer: Support group (NA, SMART Recovery)").CheckAsync();
        await form.GetByLabel("Support group (NA, SMART Recovery) provider").FillAsync("SMART Recovery, Thursday 7 pm, library");
        await form.GetByLabel("Refer: Primary care").CheckAsync();
        await form.GetByLabel("Primary care provider").FillAsync("Riverbend Family Health");
        await BrowserSession.ScreenshotAsync(page, "66-discharge-form");
        await form.GetByRole(AriaRole.Button, new() { Name = "Discharge" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Discharge summary", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Aftercare plan" })).ToContainTextAsync("SMART Recovery");
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Follow-up contacts" }).GetByRole(AriaRole.Row)).ToHaveCountAsync(4);
        await BrowserSession.ScreenshotAsync(page, "67-discharge-summary");
    }

    [Fact]
    public async Task The_chart_of_a_patient_who_died_says_so_first_and_offers_nothing_that_starts_care_again()
    {
        Guid patientId;
        await using (var scope = session.Server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
            patientId = await db.TreatmentEpisodes.Where(e => e.DischargeReason == "died").Select(e => e.PatientId).FirstAsync();
        }

        var page = await session.NewPageAsync(1280, 1000);
        await BrowserSession.SignInAsync(page, "counselor", "counselor-demo-2026");
        await page.GotoAsync($"{session.Server.BaseAddress}patients/{patientId}");
        await Expect(page.GetByText("Deceased: discharged on")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Treatment episodes" })).ToContainTextAsync("died");
        foreach (var action in new[] { "Start intake assessment", "Start withdrawal episode", "Draft the plan from the assessment" })
        {
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = action })).ToHaveCountAsync(0);
        }

        await BrowserSession.ScreenshotAsync(page, "68-deceased-chart");
    }

    [Fact]
    public async Task A_death_recorded_at_one_site_reaches_the_work_list_of_the_other_site_and_the_director_corrects_it_when_it_was_the_wrong_patient()
    {
        Guid patientId;
        string mrn;
        await using (var scope = session.Server.Services.CreateAsyncScope())
        {
            // A patient of the main site's OTP who is also in the Eastside clinic's intensive outpatient programme.
            var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
            var otp = await db.TreatmentEpisodes.Where(e => e.SiteId == 1 && e.DischargedAt == null && e.LevelOfCare == Mainstay.Features.Admissions.LevelOfCare.OpioidTreatmentProgram)
                .OrderByDescending(e => e.AdmittedAt).FirstAsync();
            patientId = otp.PatientId;
            mrn = await db.Patients.Where(p => p.Id == patientId).Select(p => p.Mrn).SingleAsync();
            db.TreatmentEpisodes.Add(new Mainstay.Features.Admissions.TreatmentEpisode
            {
                Id = Guid.CreateVersion7(),
                PatientId = patientId,
                SiteId = 2,
                LevelOfCare = Mainstay.Features.Admissions.LevelOfCare.IntensiveOutpatient,
                PlannedMedication = otp.PlannedMedication,
                AdmittedAt = DateTimeOffset.UtcNow.AddDays(-20),
                AdmittedBy = "intake",
            });
            await db.SaveChangesAsync();
        }

        var page = await session.NewPageAsync(1280, 1000);
        await BrowserSession.SignInAsync(page, "prescriber", "prescriber-demo-2026");
        await page.GotoAsync($"{session.Server.BaseAddress}patients/{patientId}");
        await page.GetByRole(AriaRole.Table, new() { Name = "Treatment episodes" }).GetByRole(AriaRole.Row).Filter(new() { HasText = "opioid-treatment-program" })
            .GetByRole(AriaRole.Link, new() { Name = "Discharge", Exact = true }).ClickAsync();
        var form = page.GetByRole(AriaRole.Form, new() { Name = "Discharge" });
        await form.GetByLabel("Reason").SelectOptionAsync("died");
        await form.GetByRole(AriaRole.Button, new() { Name = "Discharge" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Discharge summary", Exact = true })).ToBeVisibleAsync();

        await page.GotoAsync($"{session.Server.BaseAddress}worklist");
        var told = page.GetByRole(AriaRole.Row).Filter(new() { HasText = $"{mrn}'s death was recorded by" });
        await Expect(told).ToHaveCountAsync(1);
        await Expect(told).ToContainTextAsync("Ended with it here: 1 episode.");
        await Expect(told.GetByLabel("Action taken")).ToHaveValueAsync("other"); // a notice is confirmed, not a patient contacted
        await told.ScrollIntoViewIfNeededAsync();
        await BrowserSession.ScreenshotAsync(page, "69-death-told-to-the-other-site");

        // It was the wrong patient: the director corrects it from the chart.
        var director = await session.NewPageAsync(1280, 1000);
        await BrowserSession.SignInAsync(director, "director", "director-demo-2026");
        await director.GotoAsync($"{session.Server.BaseAddress}patients/{patientId}");
        await Expect(director.GetByText("Deceased: discharged on")).ToBeVisibleAsync();
        var correct = director.GetByRole(AriaRole.Form, new() { Name = "Correct the death" });
        await correct.GetByLabel("Why the death was recorded in error").FillAsync("Recorded on the wrong chart: the death was of another patient with the same name.");
        await BrowserSession.ScreenshotAsync(director, "70-death-correction-form");
        await correct.GetByRole(AriaRole.Button, new() { Name = "Correct: this patient did not die" }).ClickAsync();
        await Expect(director.GetByRole(AriaRole.Status)).ToContainTextAsync("The death is corrected: 2 episode(s) reopened");
        await Expect(director.GetByText("Deceased: discharged on")).ToHaveCountAsync(0);
        await Expect(director.GetByRole(AriaRole.Form, new() { Name = "Correct the death" })).ToHaveCountAsync(0);
        await Expect(director.GetByRole(AriaRole.Table, new() { Name = "Treatment episodes" }).GetByRole(AriaRole.Link, new() { Name = "Discharge draft" })).ToHaveCountAsync(2);
        await BrowserSession.ScreenshotAsync(director, "71-death-corrected-chart");
    }
}
