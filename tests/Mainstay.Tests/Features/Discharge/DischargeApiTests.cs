using System.Net;
using System.Text.Json;
using Mainstay.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mainstay.Tests.Features.Discharge;

/// <summary>Discharge over HTTP on SQLite and PostgreSQL: reason and TEDS code, medication ended or carried on, naloxone, aftercare, follow-ups.</summary>
public abstract class DischargeApiTests(ClinicFixture fixture)
{
    private ClinicServer Server => fixture.Server;

    /// <summary>An OTP admission with a methadone order; returns the patient and the episode.</summary>
    private async Task<(Guid Patient, Guid Episode)> AdmittedOnMethadoneAsync()
    {
        using var intake = await Server.As("intake");
        var inquiry = await ScreenedInquiryAsync(intake, "Leaving" + Guid.NewGuid().ToString("N")[..8]);
        var admitted = await intake.PostJson($"/api/v1/inquiries/{inquiry}/admit", new { levelOfCare = "opioid-treatment-program", plannedMedication = "methadone" })
            .Expect(HttpStatusCode.Created);
        var patient = admitted.GetProperty("patientId").GetGuid();
        using var prescriber = await Server.As("prescriber");
        await prescriber.PostJson($"/api/v1/patients/{patient}/orders", new
        {
            medication = "methadone",
            doseMg = 30,
            startDate = DateTime.Now.ToString("yyyy-MM-dd"),
            overrideReason = "test induction",
        }).Expect(HttpStatusCode.Created);
        return (patient, admitted.GetProperty("episodeId").GetGuid());
    }

    /// <summary>An OTP patient of site 1 (with a methadone order) also admitted to site 2's intensive outpatient programme.</summary>
    private async Task<(Guid Patient, Guid Otp)> AlsoAtEastsideAsync()
    {
        var (patient, otp) = await AdmittedOnMethadoneAsync();
        using var intake = await Server.As("intake");
        var east = await ScreenedInquiryAsync(intake, "East" + Guid.NewGuid().ToString("N")[..8], siteId: 2);
        await intake.PostJson($"/api/v1/inquiries/{east}/admit", new { levelOfCare = "intensive-outpatient", plannedMedication = "methadone", patientId = patient })
            .Expect(HttpStatusCode.Created);
        return (patient, otp);
    }

    private const string PortalPassword = "a-long-enough-passphrase";

    /// <summary>The patient joins the portal by an invitation; returns the account's username (password <see cref="PortalPassword"/>).</summary>
    private async Task<string> PortalAccountAsync(HttpClient intake, Guid patient)
    {
        var link = (await intake.PostAsync($"/api/v1/patients/{patient}/portal-invitations", null).Expect(HttpStatusCode.Created)).GetProperty("link").GetString()!;
        var portalUser = "dee." + Guid.NewGuid().ToString("N")[..6];
        using var anonymous = Server.Anonymous();
        await anonymous.PostJson($"/api/v1/portal/join/{link[(link.LastIndexOf('/') + 1)..]}", new { birthDate = "1987-09-09", username = portalUser, password = PortalPassword })
            .Expect(HttpStatusCode.Created);
        return portalUser;
    }

    /// <summary>An inquiry at the site (1 unless given) past its pre-admission screen and eligibility, ready to admit.</summary>
    private static async Task<Guid> ScreenedInquiryAsync(HttpClient intake, string familyName, int siteId = 1)
    {
        var inquiry = (await intake.PostJson("/api/v1/inquiries", new
        {
            siteId,
            source = "walk-in",
            givenName = "Dee",
            familyName,
            birthDate = "1987-09-09",
            consentToContact = true,
        }).Expect(HttpStatusCode.Created)).GetProperty("summary").GetProperty("id").GetGuid();
        await intake.PostJson($"/api/v1/inquiries/{inquiry}/screen", new { currentUse = "fentanyl", injectsDrugs = false, pregnant = false, withdrawalRisk = "moderate", suicideRisk = "none" })
            .Expect(HttpStatusCode.OK);
        await intake.PostJson($"/api/v1/inquiries/{inquiry}/eligibility", new { eligible = true, payer = "medicaid", sex = "female" }).Expect(HttpStatusCode.OK);
        return inquiry;
    }

    [Fact]
    public async Task A_death_ends_every_episode_order_and_booked_session_of_the_patient_and_nothing_that_starts_care_again_is_accepted()
    {
        var (patient, otp) = await AdmittedOnMethadoneAsync();
        using var intake = await Server.As("intake");
        var second = await ScreenedInquiryAsync(intake, "Again" + Guid.NewGuid().ToString("N")[..8]);
        await intake.PostJson($"/api/v1/inquiries/{second}/admit", new { levelOfCare = "intensive-outpatient", plannedMedication = "methadone", patientId = patient })
            .Expect(HttpStatusCode.Created);
        using var counselor = await Server.As("counselor");
        var startsAt = DateTime.Now.Date.AddDays(3).AddHours(10).ToString("yyyy-MM-dd'T'HH:mm");
        await counselor.PostJson($"/api/v1/patients/{patient}/sessions", new { kind = "cbt", startsAt, minutes = 50, facilitator = "fac." + Guid.NewGuid().ToString("N")[..8], weeks = 2 })
            .Expect(HttpStatusCode.Created);

        var portalUser = await PortalAccountAsync(intake, patient);

        using var portal = await Server.As(portalUser, PortalPassword);
        await portal.GetAsync("/api/v1/me").Expect(HttpStatusCode.OK);

        using var prescriber = await Server.As("prescriber");
        await prescriber.PostJson($"/api/v1/episodes/{otp}/discharge", new { reason = "died", note = "reported by the medical examiner" }).Expect(HttpStatusCode.OK);

        // The portal account is closed at once, for good: no new sign-in, and an administrator cannot enable it.
        await portal.GetAsync("/api/v1/me").ExpectStatus(HttpStatusCode.Unauthorized);
        using (var anonymous = Server.Anonymous())
        {
            await anonymous.PostJson("/api/v1/auth/token", new { username = portalUser, password = PortalPassword }).ExpectProblem(HttpStatusCode.Unauthorized);
        }

        using (var admin = await Server.As("admin"))
        {
            await admin.PostAsync($"/api/v1/users/{portalUser}/enable", null).ExpectProblem(HttpStatusCode.Conflict);
        }

        var episodes = await prescriber.GetAsync($"/api/v1/patients/{patient}/episodes").Expect(HttpStatusCode.OK);
        Assert.Equal(2, episodes.GetArrayLength());
        Assert.All(episodes.EnumerateArray(), e => Assert.Equal("died", e.GetProperty("dischargeReason").GetString()));
        Assert.Equal("discharged", (await prescriber.GetAsync($"/api/v1/patients/{patient}").Expect(HttpStatusCode.OK)).GetProperty("status").GetString());
        var orders = await prescriber.GetAsync($"/api/v1/patients/{patient}/orders").Expect(HttpStatusCode.OK);
        Assert.All(orders.EnumerateArray(), o => Assert.Equal("discontinued", o.GetProperty("status").GetString()));
        var fhir = await counselor.GetAsync($"/fhir/Patient/{patient}").Expect(HttpStatusCode.OK);
        Assert.True(fhir.GetProperty("deceasedBoolean").GetBoolean());
        var sessions = await counselor.GetAsync($"/api/v1/patients/{patient}/sessions").Expect(HttpStatusCode.OK);
        Assert.Equal(2, sessions.GetArrayLength());
        Assert.All(sessions.EnumerateArray(), c => Assert.Equal("cancelled", c.GetProperty("status").GetString()));

        // Nothing that starts care again.
        var refusals = new List<System.Text.Json.JsonElement>
        {
            await prescriber.PostJson($"/api/v1/patients/{patient}/orders", new { medication = "methadone", doseMg = 30, startDate = DateTime.Now.ToString("yyyy-MM-dd"), overrideReason = "test" })
                .ExpectProblem(HttpStatusCode.Conflict),
            await prescriber.PostJson($"/api/v1/patients/{patient}/withdrawal-episodes", new { setting = "inpatient", protocol = "symptom-managed" }).ExpectProblem(HttpStatusCode.Conflict),
            await counselor.PostAsync($"/api/v1/patients/{patient}/plans/draft", null).ExpectProblem(HttpStatusCode.Conflict),
            await intake.PostJson($"/api/v1/inquiries/{await ScreenedInquiryAsync(intake, "Third" + Guid.NewGuid().ToString("N")[..8])}/admit",
                new { levelOfCare = "outpatient", plannedMedication = "methadone", patientId = patient }).ExpectProblem(HttpStatusCode.Conflict),
            await prescriber.PostJson($"/api/v1/patients/{patient}/status", new { status = "active" }).ExpectProblem(HttpStatusCode.Conflict),
            await intake.PostAsync($"/api/v1/patients/{patient}/portal-invitations", null).ExpectProblem(HttpStatusCode.Conflict),
        };
        Assert.All(refusals, r => Assert.Contains(" died (recorded on ", r.GetProperty("detail").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_death_recorded_at_one_site_alerts_each_other_site_whose_care_it_ended_and_no_one_at_the_recording_site()
    {
        var (patient, otp) = await AlsoAtEastsideAsync();
        using var prescriber = await Server.As("prescriber");
        await prescriber.PostJson($"/api/v1/episodes/{otp}/discharge", new { reason = "died" }).Expect(HttpStatusCode.OK);

        var alerts = (await prescriber.GetAsync($"/api/v1/patients/{patient}/alerts").Expect(HttpStatusCode.OK)).EnumerateArray()
            .Where(a => a.GetProperty("status").GetString() != "resolved").ToList();
        var told = Assert.Single(alerts);
        Assert.Equal("died", told.GetProperty("kind").GetString());
        Assert.Equal(2, told.GetProperty("siteId").GetInt32());
        Assert.Equal("prescriber", told.GetProperty("ownerRole").GetString());
        var reason = told.GetProperty("reason").GetString()!;
        Assert.Contains("Ended with it here: 1 episode.", reason, StringComparison.Ordinal);
        Assert.Contains("If this is not your patient's death, call ", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Care_checked_before_a_death_was_recorded_is_refused_at_its_save_and_nothing_of_it_is_written()
    {
        // A prescriber's order form passes the death check; the discharge recording the death commits before the order is
        // saved. The save checks again under the write lock, which the discharge held until it committed.
        var (patient, otp) = await AdmittedOnMethadoneAsync();
        await using var scope = Server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Mainstay.Data.MainstayDb>();
        var chart = await db.Patients.AsNoTracking().SingleAsync(p => p.Id == patient);
        Assert.Null(await Mainstay.Features.Discharge.Deaths.RefuseAsync(db, chart, "a medication order", TimeZoneInfo.Local, CancellationToken.None));

        using var prescriber = await Server.As("prescriber");
        await prescriber.PostJson($"/api/v1/episodes/{otp}/discharge", new { reason = "died" }).Expect(HttpStatusCode.OK);

        var concern = Concern(patient, chart.SiteId, "written after the death");
        db.PatientAlerts.Add(concern);
        var refused = await Assert.ThrowsAsync<Mainstay.Features.Discharge.PatientDiedException>(() => db.SaveChangesAsync());
        Assert.Contains(" died (recorded on ", refused.Message, StringComparison.Ordinal);
        Assert.Contains("a medication order cannot be begun", refused.Message, StringComparison.Ordinal);

        await using var after = Server.Services.CreateAsyncScope();
        Assert.False(await after.ServiceProvider.GetRequiredService<Mainstay.Data.MainstayDb>().PatientAlerts.AnyAsync(a => a.Id == concern.Id));

        // The check was for that save only: the next save on the context is not refused for it.
        db.ChangeTracker.Clear();
        var note = Concern(patient, chart.SiteId, "a note on the record");
        db.PatientAlerts.Add(note);
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task A_death_recorded_in_error_is_corrected_by_the_director_the_episodes_reopen_the_orders_are_held_and_each_site_is_told()
    {
        var (patient, otp) = await AlsoAtEastsideAsync();
        using var intake = await Server.As("intake");
        var portalUser = await PortalAccountAsync(intake, patient);
        using var prescriber = await Server.As("prescriber");
        var current = Assert.Single((await prescriber.GetAsync($"/api/v1/patients/{patient}/orders").Expect(HttpStatusCode.OK)).EnumerateArray()).GetProperty("id").GetGuid();
        var steps = (await prescriber.PostJson($"/api/v1/patients/{patient}/orders/{current}/taper", new { percentPerStep = 10, daysPerStep = 14, floorMg = 20 })
            .Expect(HttpStatusCode.Created)).GetArrayLength();
        Assert.True(steps > 0);
        await prescriber.PostJson($"/api/v1/episodes/{otp}/discharge", new { reason = "died", note = "wrong chart: the death was another patient's" }).Expect(HttpStatusCode.OK);

        using var director = await Server.As("director");
        const string Wrong = "recorded on the wrong chart: the death was of another patient with the same surname. ";
        var because = Wrong + new string('.', 475 - Wrong.Length); // the longest reason accepted: kept whole in the patient's status reason
        using (var nurse = await Server.As("nurse"))
        {
            await nurse.PostJson($"/api/v1/patients/{patient}/death-correction", new { reason = because }).ExpectProblem(HttpStatusCode.Forbidden);
        }

        await director.PostJson($"/api/v1/patients/{patient}/death-correction", new { reason = " " }).ExpectProblem(HttpStatusCode.BadRequest, "reason");
        await director.PostJson($"/api/v1/patients/{patient}/death-correction", new { reason = new string('x', 476) }).ExpectProblem(HttpStatusCode.BadRequest, "reason");
        var (living, _) = await AdmittedOnMethadoneAsync();
        await director.PostJson($"/api/v1/patients/{living}/death-correction", new { reason = because }).ExpectProblem(HttpStatusCode.Conflict);

        var corrected = await director.PostJson($"/api/v1/patients/{patient}/death-correction", new { reason = because }).Expect(HttpStatusCode.OK);
        Assert.Equal(2, corrected.GetProperty("episodesReopened").GetInt32());
        Assert.Equal(1, corrected.GetProperty("ordersHeld").GetInt32());
        Assert.Equal(1, corrected.GetProperty("portalAccountsReleased").GetInt32());
        Assert.Equal([1, 2], corrected.GetProperty("sitesAlerted").EnumerateArray().Select(x => x.GetInt32()));
        Assert.Equal("active", corrected.GetProperty("status").GetString());

        // The record is as before the death, except what waits for a clinician: the order is held, not given.
        var episodes = await prescriber.GetAsync($"/api/v1/patients/{patient}/episodes").Expect(HttpStatusCode.OK);
        Assert.All(episodes.EnumerateArray(), e => Assert.Equal(JsonValueKind.Null, e.GetProperty("dischargeReason").ValueKind));
        var orders = (await prescriber.GetAsync($"/api/v1/patients/{patient}/orders").Expect(HttpStatusCode.OK)).EnumerateArray().ToList();
        var order = Assert.Single(orders, o => o.GetProperty("id").GetGuid() == current);
        Assert.Equal("held", order.GetProperty("status").GetString());
        // The taper's steps, not begun, are held with the line (scheduled, the first would be dosed on its day unreviewed).
        Assert.Equal(steps + 1, orders.Count(o => o.GetProperty("status").GetString() == "held"));
        var chart = await prescriber.GetAsync($"/api/v1/patients/{patient}").Expect(HttpStatusCode.OK);
        Assert.DoesNotContain(chart.GetProperty("alerts").EnumerateArray(), a => a.GetProperty("kind").GetString() == "deceased");
        Assert.False((await prescriber.GetAsync($"/fhir/Patient/{patient}").Expect(HttpStatusCode.OK)).TryGetProperty("deceasedBoolean", out var deceased) && deceased.GetBoolean());

        var alerts = (await prescriber.GetAsync($"/api/v1/patients/{patient}/alerts").Expect(HttpStatusCode.OK)).EnumerateArray().ToList();
        Assert.All(alerts.Where(a => a.GetProperty("kind").GetString() == "died"), a => Assert.Equal("resolved", a.GetProperty("status").GetString()));
        var told = alerts.Where(a => a.GetProperty("kind").GetString() == "death-corrected").ToList();
        Assert.Equal([1, 2], told.Select(a => a.GetProperty("siteId").GetInt32()).Order());
        Assert.All(told, a => Assert.Contains(because, a.GetProperty("reason").GetString(), StringComparison.Ordinal));

        // Care goes on: the prescriber resumes the order, a plan can be drafted, the administrator may open the portal again.
        await prescriber.PostJson($"/api/v1/patients/{patient}/orders/{order.GetProperty("id").GetGuid()}/resume", new { reason = "seen today: alive and well" })
            .Expect(HttpStatusCode.OK);
        var resumed = (await prescriber.GetAsync($"/api/v1/patients/{patient}/orders").Expect(HttpStatusCode.OK)).EnumerateArray().ToList();
        Assert.Equal(steps, resumed.Count(o => o.GetProperty("status").GetString() == "scheduled"));
        Assert.Equal("active", Assert.Single(resumed, o => o.GetProperty("id").GetGuid() == current).GetProperty("status").GetString());
        using (var admin = await Server.As("admin"))
        {
            await admin.PostAsync($"/api/v1/users/{portalUser}/enable", null).Expect(HttpStatusCode.OK);
        }

        using var portal = await Server.As(portalUser, PortalPassword);
        await portal.GetAsync("/api/v1/me").Expect(HttpStatusCode.OK);

        // A second correction finds nothing to correct.
        await director.PostJson($"/api/v1/patients/{patient}/death-correction", new { reason = because }).ExpectProblem(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_check_left_by_a_request_that_saved_nothing_does_not_follow_its_pooled_context_into_the_next_request()
    {
        // A request checks the patient (an order form), is refused for another reason and saves nothing; its context goes
        // back to the pool with the check. The patient's death is then recorded. The next request given that context must
        // not have its own, unrelated save refused for the other patient's death.
        var (patient, otp) = await AdmittedOnMethadoneAsync();
        using var prescriber = await Server.As("prescriber");
        Guid instance;
        int siteId;
        await using (var first = Server.Services.CreateAsyncScope())
        {
            var db = first.ServiceProvider.GetRequiredService<Mainstay.Data.MainstayDb>();
            var chart = await db.Patients.AsNoTracking().SingleAsync(p => p.Id == patient);
            Assert.Null(await Mainstay.Features.Discharge.Deaths.RefuseAsync(db, chart, "a medication order", TimeZoneInfo.Local, CancellationToken.None));
            (instance, siteId) = (db.ContextId.InstanceId, chart.SiteId);

            // Recorded while this context is still out (so no request in between saves on it).
            await prescriber.PostJson($"/api/v1/episodes/{otp}/discharge", new { reason = "died" }).Expect(HttpStatusCode.OK);
        }

        // The pool lends its contexts in turn: take them until that one comes back.
        var scopes = new List<AsyncServiceScope>();
        try
        {
            Mainstay.Data.MainstayDb? again = null;
            for (var i = 0; i < 256 && again is null; i++)
            {
                var scope = Server.Services.CreateAsyncScope();
                scopes.Add(scope);
                var db = scope.ServiceProvider.GetRequiredService<Mainstay.Data.MainstayDb>();
                again = db.ContextId.InstanceId == instance ? db : null;
            }

            Assert.NotNull(again);
            var note = Concern(patient, siteId, "the next request's own save");
            again.PatientAlerts.Add(note);
            await again.SaveChangesAsync();
        }
        finally
        {
            foreach (var scope in scopes)
            {
                await scope.DisposeAsync();
            }
        }
    }

    private static Mainstay.Features.Alerts.PatientAlert Concern(Guid patient, int siteId, string reason) => new()
    {
        Id = Guid.CreateVersion7(),
        PatientId = patient,
        SiteId = siteId,
        Kind = "concern",
        Severity = "warning",
        Reason = reason,
        OwnerRole = "prescriber",
        SourceKey = "race:" + Guid.NewGuid().ToString("N"),
        Status = "open",
        RaisedAt = DateTimeOffset.UtcNow,
        RaisedBy = "prescriber",
    };

    [Fact]
    public async Task A_death_learned_at_a_follow_up_contact_is_recorded_and_ends_what_is_still_open()
    {
        var (patient, episode) = await AdmittedOnMethadoneAsync();
        using var counselor = await Server.As("counselor");
        var left = await counselor.PostJson($"/api/v1/episodes/{episode}/discharge", new { reason = "left-against-advice", continuity = "not-arranged", naloxoneOffered = true })
            .Expect(HttpStatusCode.OK);
        using var nurse = await Server.As("nurse");
        await nurse.PostJson($"/api/v1/patients/{patient}/withdrawal-episodes", new { setting = "ambulatory", protocol = "symptom-managed" }).Expect(HttpStatusCode.Created);

        var day7 = left.GetProperty("contacts")[0].GetProperty("id").GetGuid();
        await counselor.PostJson($"/api/v1/aftercare-contacts/{day7}", new { outcome = "died", method = "phone", note = "the sister called: overdose last week" }).Expect(HttpStatusCode.OK);

        var read = await counselor.GetAsync($"/api/v1/episodes/{episode}/discharge").Expect(HttpStatusCode.OK);
        Assert.All(read.GetProperty("contacts").EnumerateArray(), c => Assert.Equal("died", c.GetProperty("outcome").GetString()));
        var chart = await counselor.GetAsync($"/api/v1/patients/{patient}").Expect(HttpStatusCode.OK);
        Assert.Equal("deceased", chart.GetProperty("alerts")[0].GetProperty("kind").GetString());
        Assert.DoesNotContain((await counselor.GetAsync($"/api/v1/patients/{patient}/alerts").Expect(HttpStatusCode.OK)).EnumerateArray(),
            a => a.GetProperty("status").GetString() != "resolved");
        var withdrawal = await nurse.GetAsync($"/api/v1/patients/{patient}/withdrawal-episodes").Expect(HttpStatusCode.OK);
        Assert.All(withdrawal.EnumerateArray(), w => Assert.Equal(JsonValueKind.String, w.GetProperty("endedAt").ValueKind));
        var refused = await counselor.PostAsync($"/api/v1/patients/{patient}/plans/draft", null).ExpectProblem(HttpStatusCode.Conflict);
        Assert.Contains("says a follow-up contact after discharge", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // The caller was wrong: the director corrects it. Nothing was open to reopen; the patient is a discharged one again,
        // and the site whose contact learned it is told.
        using var director = await Server.As("director");
        var corrected = await director.PostJson($"/api/v1/patients/{patient}/death-correction", new { reason = "the sister was mistaken; seen at the pharmacy today" })
            .Expect(HttpStatusCode.OK);
        Assert.Equal("discharged", corrected.GetProperty("status").GetString());
        Assert.Equal(0, corrected.GetProperty("episodesReopened").GetInt32());
        Assert.Equal([1], corrected.GetProperty("sitesAlerted").EnumerateArray().Select(x => x.GetInt32()));
        // Each change of the status is a revision of the chart, numbered by its version, with the reason.
        var history = (await director.GetAsync($"/api/v1/patients/{patient}/history").Expect(HttpStatusCode.OK)).EnumerateArray().ToList();
        Assert.Equal((await director.GetAsync($"/api/v1/patients/{patient}").Expect(HttpStatusCode.OK)).GetProperty("version").GetInt32(), history[0].GetProperty("version").GetInt32());
        Assert.Equal("death recorded in error: the sister was mistaken; seen at the pharmacy today", history[0].GetProperty("reason").GetString());
        Assert.Equal("director", history[0].GetProperty("changedBy").GetString());
        Assert.Equal(Mainstay.Features.Discharge.Deaths.FollowUpReason, history[1].GetProperty("reason").GetString());
        Assert.Equal("discharged", history[1].GetProperty("changes").GetProperty("status").GetProperty("to").GetString());
        Assert.Equal(history.Select(r => r.GetProperty("version").GetInt32()), Enumerable.Range(0, history.Count).Select(i => history[0].GetProperty("version").GetInt32() - i).Where(v => v > 1));
        await nurse.PostJson($"/api/v1/patients/{patient}/withdrawal-episodes", new { setting = "ambulatory", protocol = "symptom-managed" }).Expect(HttpStatusCode.Created);
    }

    [Fact]
    public async Task An_imported_record_saying_the_patient_died_holds_until_someone_changes_their_status()
    {
        using var intake = await Server.As("intake");
        var bundle = $$$"""
        {"resourceType":"Bundle","type":"transaction","entry":[
          {"fullUrl":"urn:uuid:7a1c0000-0000-4000-8000-0000000000d1","resource":{"resourceType":"Patient","identifier":[{"system":"urn:test:deaths","value":"{{{Guid.NewGuid()}}}"}],"name":[{"family":"Outside","given":["Rae"]}],"birthDate":"1979-02-03","gender":"female","deceasedBoolean":true},"request":{"method":"POST","url":"Patient"}}
        ]}
        """;
        var imported = await intake.PostRaw("/fhir", bundle, "application/fhir+json").Expect(HttpStatusCode.OK);
        var patient = imported.GetProperty("entry")[0].GetProperty("response").GetProperty("location").GetString()!.Split('/')[1];

        using var prescriber = await Server.As("prescriber");
        var chart = await prescriber.GetAsync($"/api/v1/patients/{patient}").Expect(HttpStatusCode.OK);
        Assert.Equal("deceased", chart.GetProperty("alerts")[0].GetProperty("kind").GetString());
        var order = new { medication = "buprenorphine", doseMg = 8, startDate = DateTime.Now.ToString("yyyy-MM-dd"), overrideReason = "test" };
        var refused = await prescriber.PostJson($"/api/v1/patients/{patient}/orders", order).ExpectProblem(HttpStatusCode.Conflict);
        Assert.Contains("says an imported outside record", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // The outside record was wrong: the status changed by someone who knows, care can begin.
        await prescriber.PostJson($"/api/v1/patients/{patient}/status", new { status = "active", reason = "seen in clinic today; the hospital record was wrong" })
            .Expect(HttpStatusCode.OK);
        chart = await prescriber.GetAsync($"/api/v1/patients/{patient}").Expect(HttpStatusCode.OK);
        Assert.DoesNotContain(chart.GetProperty("alerts").EnumerateArray(), a => a.GetProperty("kind").GetString() == "deceased");
        await prescriber.PostJson($"/api/v1/patients/{patient}/orders", order).Expect(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Leaving_against_advice_ends_the_orders_warns_of_lost_tolerance_plans_aftercare_and_schedules_three_follow_ups()
    {
        var (patient, episode) = await AdmittedOnMethadoneAsync();
        using var counselor = await Server.As("counselor");
        var draft = await counselor.GetAsync($"/api/v1/episodes/{episode}/discharge-draft").Expect(HttpStatusCode.OK);
        Assert.Equal("methadone", draft.GetProperty("medications")[0].GetProperty("medication").GetString());

        var url = $"/api/v1/episodes/{episode}/discharge";
        await counselor.PostJson(url, new { reason = "left-against-advice" }).ExpectProblem(HttpStatusCode.BadRequest, "continuity");
        await counselor.PostJson(url, new { reason = "left-against-advice", continuity = "transfer" }).ExpectProblem(HttpStatusCode.BadRequest, "continuityDetail");
        await counselor.PostJson(url, new { reason = "left-against-advice", continuity = "not-arranged" }).ExpectProblem(HttpStatusCode.BadRequest, "naloxoneOffered");
        await counselor.PostJson(url, new { reason = "left-against-advice", continuity = "not-arranged", naloxoneOffered = true, aftercare = new[] { new { kind = "yoga" } } })
            .ExpectProblem(HttpStatusCode.BadRequest, "aftercare[0].kind");
        await counselor.PostRaw(url, "{\"reason\":\"completed\",\"naloxoneOffered\":true,\"aftercare\":[null]}").ExpectProblem(HttpStatusCode.BadRequest, "aftercare[0]");
        using var intake = await Server.As("intake");
        await intake.PostJson(url, new { reason = "completed" }).ExpectStatus(HttpStatusCode.Forbidden);

        var done = await counselor.PostJson(url, new
        {
            reason = "left-against-advice",
            continuity = "not-arranged",
            naloxoneOffered = true,
            note = "left after a dispute about take-homes",
            aftercare = new[] { new { kind = "support-group", provider = "NA Tuesday group, St. Mark's", contact = "", firstAppointment = "" } },
        }).Expect(HttpStatusCode.OK);
        Assert.Equal(2, done.GetProperty("tedsReason").GetInt32());
        Assert.True(done.GetProperty("toleranceWarning").GetBoolean());
        Assert.Equal([7, 30, 90], done.GetProperty("contacts").EnumerateArray().Select(c => c.GetProperty("day").GetInt32()));
        Assert.Equal("support-group", done.GetProperty("aftercare")[0].GetProperty("kind").GetString());
        Assert.Equal("methadone", done.GetProperty("summary").GetProperty("medications")[0].GetProperty("medication").GetString());
        await counselor.PostJson(url, new { reason = "completed", naloxoneOffered = true }).ExpectProblem(HttpStatusCode.Conflict);

        using var prescriber = await Server.As("prescriber");
        var orders = await prescriber.GetAsync($"/api/v1/patients/{patient}/orders").Expect(HttpStatusCode.OK);
        Assert.All(orders.EnumerateArray(), o => Assert.Equal("discontinued", o.GetProperty("status").GetString()));
        Assert.Equal("discharged", (await prescriber.GetAsync($"/api/v1/patients/{patient}").Expect(HttpStatusCode.OK)).GetProperty("status").GetString());
        var alerts = await prescriber.GetAsync($"/api/v1/patients/{patient}/alerts").Expect(HttpStatusCode.OK);
        var kinds = alerts.EnumerateArray().Select(a => a.GetProperty("kind").GetString()).ToList();
        Assert.Contains("tolerance-loss", kinds);
        Assert.Contains("discharge-against-advice", kinds);

        var day7 = done.GetProperty("contacts")[0].GetProperty("id").GetGuid();
        var attempt = await counselor.PostJson($"/api/v1/aftercare-contacts/{day7}", new { outcome = "not-reached", method = "phone" }).Expect(HttpStatusCode.OK);
        Assert.Equal(1, attempt.GetProperty("attempts").GetInt32());
        await counselor.PostJson($"/api/v1/aftercare-contacts/{day7}", new { outcome = "fine" }).ExpectProblem(HttpStatusCode.BadRequest, "outcome");
        await counselor.PostJson($"/api/v1/aftercare-contacts/{day7}", new { outcome = "using", method = "phone", note = "using fentanyl again, wants to come back" })
            .Expect(HttpStatusCode.OK);
        await counselor.PostJson($"/api/v1/aftercare-contacts/{day7}", new { outcome = "in-recovery" }).ExpectProblem(HttpStatusCode.Conflict);
        alerts = await prescriber.GetAsync($"/api/v1/patients/{patient}/alerts").Expect(HttpStatusCode.OK);
        Assert.Contains(alerts.EnumerateArray(), a => a.GetProperty("kind").GetString() == "return-to-use");
        await counselor.GetAsync("/api/v1/aftercare-contacts/due?siteId=1").Expect(HttpStatusCode.OK);
        var read = await counselor.GetAsync(url).Expect(HttpStatusCode.OK);
        Assert.Equal("using", read.GetProperty("contacts")[0].GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task A_transfer_with_the_next_program_named_carries_the_medication_on_without_a_tolerance_warning_and_a_death_schedules_no_follow_ups()
    {
        var (_, episode) = await AdmittedOnMethadoneAsync();
        using var prescriber = await Server.As("prescriber");
        var transferred = await prescriber.PostJson($"/api/v1/episodes/{episode}/discharge", new
        {
            reason = "transferred",
            continuity = "transfer",
            continuityDetail = "Lakeside OTP, Dr. Osei; last dose 30 mg today",
        }).Expect(HttpStatusCode.OK);
        Assert.Equal(4, transferred.GetProperty("tedsReason").GetInt32());
        Assert.False(transferred.GetProperty("toleranceWarning").GetBoolean());

        var (patient, second) = await AdmittedOnMethadoneAsync();
        var chartBefore = await prescriber.GetAsync($"/api/v1/patients/{patient}").Expect(HttpStatusCode.OK);
        Assert.DoesNotContain(chartBefore.GetProperty("alerts").EnumerateArray(), a => a.GetProperty("kind").GetString() == "deceased");
        var died = await prescriber.PostJson($"/api/v1/episodes/{second}/discharge", new { reason = "died", note = "reported by family" }).Expect(HttpStatusCode.OK);
        Assert.Equal(6, died.GetProperty("tedsReason").GetInt32());
        Assert.Empty(died.GetProperty("contacts").EnumerateArray());

        // The chart says so first.
        var chart = await prescriber.GetAsync($"/api/v1/patients/{patient}").Expect(HttpStatusCode.OK);
        var first = chart.GetProperty("alerts")[0];
        Assert.Equal("deceased", first.GetProperty("kind").GetString());
        Assert.Equal("danger", first.GetProperty("severity").GetString());
        Assert.Contains("because the patient died", first.GetProperty("text").GetString(), StringComparison.Ordinal);
    }
}

public sealed class DischargeApiOnSqlite(SqliteClinic fixture) : DischargeApiTests(fixture), IClassFixture<SqliteClinic>;

public sealed class DischargeApiOnPostgres(PostgresClinic fixture) : DischargeApiTests(fixture), IClassFixture<PostgresClinic>;
