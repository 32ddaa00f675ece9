using System.Net;
using System.Text.Json;
using Mainstay.Data;
using Mainstay.Features.Beds;
using Mainstay.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mainstay.Tests.Features.Admissions;

/// <summary>From the first call to a bed, over HTTP on SQLite and PostgreSQL: stages, priority, duplicate enrollment, bed races, census.</summary>
public abstract class AdmissionsApiTests(ClinicFixture fixture)
{
    private ClinicServer Server => fixture.Server;

    private static string Unique(string stem) => stem + Guid.NewGuid().ToString("N")[..8];

    private static async Task<JsonElement> OpenAsync(HttpClient client, object body) =>
        await client.PostJson("/api/v1/inquiries", body).Expect(HttpStatusCode.Created);

    private static Guid Id(JsonElement detail) => detail.GetProperty("summary").GetProperty("id").GetGuid();

    /// <summary>Screened and eligible, with the consent for the enrollment check.</summary>
    private static async Task<Guid> EligibleAsync(HttpClient intake, string given, string family, string birthDate, int siteId = 1, bool injects = false, string sex = "male", string level = "opioid-treatment-program")
    {
        var id = Id(await OpenAsync(intake, new { siteId, source = "phone", givenName = given, familyName = family, birthDate, consentToContact = true, levelOfCare = level }));
        await intake.PostJson($"/api/v1/inquiries/{id}/screen", new
        {
            currentUse = "fentanyl, smoked, daily",
            injectsDrugs = injects,
            pregnant = false,
            withdrawalRisk = "moderate",
            suicideRisk = "low",
        }).Expect(HttpStatusCode.OK);
        await intake.PostJson($"/api/v1/inquiries/{id}/eligibility", new
        {
            eligible = true,
            payer = "medicaid",
            sex,
            enrollmentConsentSignedOn = DateTime.Now.ToString("yyyy-MM-dd"),
        }).Expect(HttpStatusCode.OK);
        return id;
    }

    private async Task<int> AvailableBedAsync(string level)
    {
        await using var scope = Server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
        var unit = await db.CareUnits.Where(u => u.SiteId == 1 && u.LevelOfCare.ToString() == level).Select(u => u.Id).FirstAsync();
        return await db.Beds.Where(b => b.UnitId == unit && b.Status == BedStatus.Available).OrderBy(b => b.Id).Select(b => b.Id).FirstAsync();
    }

    [Fact]
    public async Task A_caller_is_screened_gets_a_bed_reserved_is_admitted_into_it_discharged_and_readmitted_on_the_same_chart()
    {
        using var intake = await Server.As("intake");
        var family = Unique("Caller");
        var id = await EligibleAsync(intake, "Robin", family, "1990-06-14", injects: true, level: "withdrawal-management");
        var detail = await intake.GetAsync($"/api/v1/inquiries/{id}").Expect(HttpStatusCode.OK);
        Assert.Equal("eligible", detail.GetProperty("summary").GetProperty("stage").GetString());
        Assert.Equal("injecting-or-recent-overdose", detail.GetProperty("summary").GetProperty("priority").GetString());
        Assert.NotEmpty(detail.GetProperty("priorityReasons").EnumerateArray());

        var check = await intake.PostAsync($"/api/v1/inquiries/{id}/enrollment-check", null).Expect(HttpStatusCode.Created);
        Assert.Equal("clear", check.GetProperty("result").GetString());

        await intake.PostJson($"/api/v1/inquiries/{id}/interim-services", new { service = "naloxone", detail = "2 nasal kits" }).Expect(HttpStatusCode.OK);
        var intakeAt = DateTime.Now.AddDays(1).ToString("yyyy-MM-dd'T'10:00");
        var scheduled = await intake.PostJson($"/api/v1/inquiries/{id}/schedule", new { intakeAt, with = "counselor" }).Expect(HttpStatusCode.OK);
        Assert.Equal("scheduled", scheduled.GetProperty("summary").GetProperty("stage").GetString());

        var bedId = await AvailableBedAsync("WithdrawalManagement");
        var reserved = await intake.PostJson($"/api/v1/beds/{bedId}/assign", new { inquiryId = id }).Expect(HttpStatusCode.Created);
        Assert.Equal("reserved", reserved.GetProperty("status").GetString());

        // Admission to a residential bed would not fit a withdrawal admission; the reserved bed is taken by itself.
        var admitted = await intake.PostJson($"/api/v1/inquiries/{id}/admit", new { levelOfCare = "withdrawal-management", plannedMedication = "buprenorphine" })
            .Expect(HttpStatusCode.Created);
        Assert.True(admitted.GetProperty("newChart").GetBoolean());
        Assert.Equal(bedId, admitted.GetProperty("bedId").GetInt32());
        var patientId = admitted.GetProperty("patientId").GetGuid();
        await intake.PostJson($"/api/v1/inquiries/{id}/admit", new { }).ExpectProblem(HttpStatusCode.Conflict);

        var beds = await intake.GetAsync("/api/v1/beds?siteId=1").Expect(HttpStatusCode.OK);
        var bed = beds.EnumerateArray().SelectMany(u => u.GetProperty("beds").EnumerateArray()).Single(b => b.GetProperty("id").GetInt32() == bedId);
        Assert.Equal("occupied", bed.GetProperty("status").GetString());
        Assert.Equal(patientId, bed.GetProperty("occupant").GetProperty("patientId").GetGuid());

        using var prescriber = await Server.As("prescriber");
        var chart = await prescriber.GetAsync($"/api/v1/patients/{patientId}").Expect(HttpStatusCode.OK);
        Assert.Equal("active", chart.GetProperty("status").GetString());
        var assessments = await prescriber.GetAsync($"/api/v1/patients/{patientId}/assessments").Expect(HttpStatusCode.OK);
        Assert.Equal("draft", assessments.EnumerateArray().Single().GetProperty("status").GetString());
        var consents = await prescriber.GetAsync($"/api/v1/patients/{patientId}/consents").Expect(HttpStatusCode.OK);
        Assert.Contains(consents.EnumerateArray(), c => c.GetProperty("purpose").GetString()!.Contains("2.34", StringComparison.Ordinal));

        var today = DateTime.Now.ToString("yyyy-MM-dd");
        var census = await prescriber.GetAsync($"/api/v1/census?siteId=1&date={today}").Expect(HttpStatusCode.OK);
        var unit = census.GetProperty("units").EnumerateArray().Single(u => u.GetProperty("levelOfCare").GetString() == "withdrawal-management");
        Assert.True(unit.GetProperty("admissions").GetInt32() >= 1);
        var level = census.GetProperty("levels").EnumerateArray().Single(l => l.GetProperty("levelOfCare").GetString() == "withdrawal-management" && l.GetProperty("site").GetString()!.Contains("Downtown"));
        Assert.True(level.GetProperty("admitted").GetInt32() >= 1);

        var episodes = await prescriber.GetAsync($"/api/v1/patients/{patientId}/episodes").Expect(HttpStatusCode.OK);
        var episodeId = episodes.EnumerateArray().Single().GetProperty("id").GetGuid();
        await prescriber.PostJson($"/api/v1/episodes/{episodeId}/discharge", new { reason = "graduated" }).ExpectProblem(HttpStatusCode.BadRequest, "reason");
        await prescriber.PostJson($"/api/v1/episodes/{episodeId}/discharge", new { reason = "completed", naloxoneOffered = true }).Expect(HttpStatusCode.OK);
        beds = await intake.GetAsync("/api/v1/beds?siteId=1").Expect(HttpStatusCode.OK);
        bed = beds.EnumerateArray().SelectMany(u => u.GetProperty("beds").EnumerateArray()).Single(b => b.GetProperty("id").GetInt32() == bedId);
        Assert.Equal("cleaning", bed.GetProperty("status").GetString());
        await intake.PostJson($"/api/v1/beds/{bedId}/status", new { status = "available" }).Expect(HttpStatusCode.OK);

        // Back months later: a new inquiry, the same chart, a second episode.
        var again = await EligibleAsync(intake, "Robin", family, "1990-06-14");
        var readmitted = await intake.PostJson($"/api/v1/inquiries/{again}/admit", new { levelOfCare = "opioid-treatment-program", patientId })
            .Expect(HttpStatusCode.Created);
        Assert.False(readmitted.GetProperty("newChart").GetBoolean());
        Assert.Equal(patientId, readmitted.GetProperty("patientId").GetGuid());
        episodes = await prescriber.GetAsync($"/api/v1/patients/{patientId}/episodes").Expect(HttpStatusCode.OK);
        Assert.Equal(2, episodes.GetArrayLength());
    }

    [Fact]
    public async Task An_admission_refused_for_its_bed_leaves_no_chart_episode_or_consent_behind()
    {
        using var intake = await Server.As("intake");
        var family = Unique("Refused");
        var id = await EligibleAsync(intake, "Noor", family, "1984-02-02");
        await intake.PostJson($"/api/v1/inquiries/{id}/schedule", new { intakeAt = "2200-13-01T10:00" }).ExpectProblem(HttpStatusCode.BadRequest, "intakeAt");
        var residential = await AvailableBedAsync("Residential");
        await intake.PostJson($"/api/v1/inquiries/{id}/admit", new { levelOfCare = "withdrawal-management", bedId = residential }).ExpectProblem(HttpStatusCode.BadRequest, "bedId");
        await using (var scope = Server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
            Assert.Equal(0, await db.Patients.CountAsync(p => p.FamilyName == family));
        }

        // The page reads the inquiry after a refusal: nothing of the refused admission may be saved by that read.
        var detail = await intake.GetAsync($"/api/v1/inquiries/{id}").Expect(HttpStatusCode.OK);
        Assert.Equal("eligible", detail.GetProperty("summary").GetProperty("stage").GetString());
        await using (var scope = Server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
            Assert.Equal(0, await db.Patients.CountAsync(p => p.FamilyName == family));
        }

        var admitted = await intake.PostJson($"/api/v1/inquiries/{id}/admit", new { levelOfCare = "residential", bedId = residential }).Expect(HttpStatusCode.Created);
        Assert.Equal(residential, admitted.GetProperty("bedId").GetInt32());
        using var nurse = await Server.As("nurse");
        await nurse.PostJson($"/api/v1/beds/{residential}/release", new { reason = "discharged" }).Expect(HttpStatusCode.OK);
        await nurse.PostJson($"/api/v1/beds/{residential}/status", new { status = "available" }).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Stages_move_only_forward_through_their_rules_and_every_bad_input_is_named()
    {
        using var intake = await Server.As("intake");
        await intake.PostJson("/api/v1/inquiries", new { siteId = 1, source = "fax", givenName = "A", familyName = "B", consentToContact = true })
            .ExpectProblem(HttpStatusCode.BadRequest, "source");
        await intake.PostJson("/api/v1/inquiries", new { siteId = 1, source = "phone", givenName = "A", familyName = "B" })
            .ExpectProblem(HttpStatusCode.BadRequest, "consentToContact");
        await intake.PostJson("/api/v1/inquiries", new { siteId = 1, source = "referral", givenName = "A", familyName = "B", consentToContact = true })
            .ExpectProblem(HttpStatusCode.BadRequest, "referrerKind");
        await intake.PostRaw("/api/v1/inquiries", "{\"siteId\":").ExpectStatus(HttpStatusCode.BadRequest);

        var id = Id(await OpenAsync(intake, new { siteId = 1, source = "walk-in", givenName = "Stage", familyName = Unique("Rules"), consentToContact = true }));
        await intake.PostJson($"/api/v1/inquiries/{id}/admit", new { }).ExpectProblem(HttpStatusCode.Conflict);
        await intake.PostJson($"/api/v1/inquiries/{id}/schedule", new { intakeAt = "2030-01-01T10:00" }).ExpectProblem(HttpStatusCode.Conflict);
        await intake.PostJson($"/api/v1/inquiries/{id}/eligibility", new { eligible = true, payer = "medicaid" }).ExpectProblem(HttpStatusCode.BadRequest, "stage");
        await intake.PostJson($"/api/v1/inquiries/{id}/stage", new { stage = "admitted" }).ExpectProblem(HttpStatusCode.BadRequest, "stage");
        await intake.PostJson($"/api/v1/inquiries/{id}/screen", new { currentUse = "heroin" }).ExpectProblem(HttpStatusCode.BadRequest, "injectsDrugs");
        var bed = await AvailableBedAsync("WithdrawalManagement");
        await intake.PostJson($"/api/v1/beds/{bed}/assign", new { inquiryId = id }).ExpectProblem(HttpStatusCode.Conflict);
        await intake.PostJson($"/api/v1/inquiries/{id}/screen", new { currentUse = "heroin", injectsDrugs = false, pregnant = false, withdrawalRisk = "low", suicideRisk = "none" })
            .Expect(HttpStatusCode.OK);
        await intake.PostJson($"/api/v1/inquiries/{id}/stage", new { stage = "eligible" }).ExpectProblem(HttpStatusCode.BadRequest, "stage");
        await intake.PostJson($"/api/v1/inquiries/{id}/schedule", new { intakeAt = "9999-12-31T23:00" }).ExpectProblem(HttpStatusCode.Conflict);
        await intake.GetAsync("/api/v1/census?date=9999-12-31").ExpectProblem(HttpStatusCode.BadRequest, "date");
        await intake.GetAsync("/api/v1/beds/week?from=9999-12-28").ExpectProblem(HttpStatusCode.BadRequest, "from");
        await intake.PostJson($"/api/v1/inquiries/{id}/stage", new { stage = "not-admitted", reason = "referred-elsewhere" })
            .ExpectProblem(HttpStatusCode.BadRequest, "referredTo");
        var closed = await intake.PostJson($"/api/v1/inquiries/{id}/stage", new { stage = "not-admitted", reason = "referred-elsewhere", referredTo = "Lakeside IOP" })
            .Expect(HttpStatusCode.OK);
        Assert.Equal("not-admitted", closed.GetProperty("summary").GetProperty("stage").GetString());
        await intake.PostJson($"/api/v1/inquiries/{id}/interim-services", new { service = "naloxone" }).ExpectProblem(HttpStatusCode.BadRequest, "stage");
        await intake.PostJson($"/api/v1/inquiries/{id}/stage", new { stage = "inquiry" }).ExpectProblem(HttpStatusCode.BadRequest, "reason");
        var reopened = await intake.PostJson($"/api/v1/inquiries/{id}/stage", new { stage = "inquiry", reason = "called back, wants OTP after all" })
            .Expect(HttpStatusCode.OK);
        Assert.Equal("inquiry", reopened.GetProperty("summary").GetProperty("stage").GetString());
        Assert.True(reopened.GetProperty("activity").GetArrayLength() >= 3);

        using var anonymous = Server.Anonymous();
        await anonymous.GetAsync("/api/v1/inquiries").ExpectStatus(HttpStatusCode.Unauthorized);
        using var auditor = await Server.As("auditor");
        await auditor.GetAsync("/api/v1/inquiries").ExpectStatus(HttpStatusCode.Forbidden);
        using var director = await Server.As("director");
        await director.GetAsync("/api/v1/inquiries/board").Expect(HttpStatusCode.OK);
        await director.PostJson("/api/v1/inquiries", new { siteId = 1 }).ExpectStatus(HttpStatusCode.Forbidden);
        using var east = await Server.As("nurse.east", "nurse-east-demo-2026");
        await east.GetAsync($"/api/v1/inquiries/{id}").ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_waitlist_puts_pregnant_people_who_inject_first_then_pregnant_then_injecting_or_overdose_then_everyone()
    {
        using var intake = await Server.As("intake");
        var stem = Unique("Order");
        var start = DateTimeOffset.Now.AddDays(-3);
        async Task<Guid> Waiting(string given, int minutesAfter, bool pregnant, bool injects, string? overdose = null, string urgency = "routine")
        {
            var id = Id(await OpenAsync(intake, new
            {
                siteId = 2,
                source = "phone",
                givenName = given,
                familyName = stem,
                consentToContact = true,
                urgency,
                requestedAt = start.AddMinutes(minutesAfter).ToString("yyyy-MM-dd'T'HH:mm:sszzz"),
            }));
            await intake.PostJson($"/api/v1/inquiries/{id}/screen", new
            {
                currentUse = "fentanyl",
                injectsDrugs = injects,
                pregnant,
                lastOverdose = overdose,
                withdrawalRisk = "low",
                suicideRisk = "none",
            }).Expect(HttpStatusCode.OK);
            await intake.PostJson($"/api/v1/inquiries/{id}/eligibility", new { eligible = true, payer = "medicaid" }).Expect(HttpStatusCode.OK);
            await intake.PostJson($"/api/v1/inquiries/{id}/stage", new { stage = "waitlisted" }).Expect(HttpStatusCode.OK);
            return id;
        }

        var everyone = await Waiting("Everyone", 0, pregnant: false, injects: false);
        var overdose = await Waiting("Overdose", 10, pregnant: false, injects: false, overdose: DateTime.Now.AddDays(-5).ToString("yyyy-MM-dd"));
        var injecting = await Waiting("Injecting", 5, pregnant: false, injects: true);
        var injectingUrgent = await Waiting("InjectingUrgent", 20, pregnant: false, injects: true, urgency: "urgent");
        var pregnant = await Waiting("Pregnant", 15, pregnant: true, injects: false);
        var both = await Waiting("Both", 30, pregnant: true, injects: true);
        var oldOverdose = await Waiting("OldOverdose", 1, pregnant: false, injects: false, overdose: DateTime.Now.AddDays(-31).ToString("yyyy-MM-dd"));

        var list = await intake.GetAsync("/api/v1/waitlist?siteId=2").Expect(HttpStatusCode.OK);
        var order = list.EnumerateArray().Where(i => i.GetProperty("name").GetString()!.StartsWith(stem, StringComparison.Ordinal))
            .Select(i => i.GetProperty("id").GetGuid()).ToList();
        Assert.Equal([both, pregnant, injectingUrgent, injecting, overdose, everyone, oldOverdose], order);
    }

    [Fact]
    public async Task A_person_enrolled_elsewhere_under_a_transposed_birth_date_is_found_and_blocks_orders_until_a_clinician_resolves_it()
    {
        using var prescriber = await Server.As("prescriber");
        var family = Unique("Twice");
        var enrolled = (await prescriber.PostJson("/api/v1/patients", new { givenName = "William", familyName = family, birthDate = "1985-03-12", sexAtBirth = "male", siteId = 2 })
            .Expect(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await prescriber.PostJson($"/api/v1/patients/{enrolled}/orders", new { medication = "buprenorphine", doseMg = 16, startDate = DateTime.Now.ToString("yyyy-MM-dd"), overrideReason = "continuing a stable dose" })
            .Expect(HttpStatusCode.Created);

        using var intake = await Server.As("intake");
        var noConsent = Id(await OpenAsync(intake, new { siteId = 1, source = "phone", givenName = "Bill", familyName = family, birthDate = "1985-12-03", consentToContact = true }));
        await intake.PostAsync($"/api/v1/inquiries/{noConsent}/enrollment-check", null).ExpectProblem(HttpStatusCode.UnprocessableEntity);

        var id = await EligibleAsync(intake, "Bill", family, "1985-12-03");
        var check = await intake.PostAsync($"/api/v1/inquiries/{id}/enrollment-check", null).Expect(HttpStatusCode.Created);
        Assert.Equal("possible-match", check.GetProperty("result").GetString());
        var candidate = check.GetProperty("candidates").EnumerateArray().Single(c => c.GetProperty("reference").GetString() == enrolled.ToString());
        Assert.Equal("network", candidate.GetProperty("source").GetString());
        Assert.StartsWith("buprenorphine", candidate.GetProperty("medication").GetString(), StringComparison.Ordinal);
        var checkId = check.GetProperty("id").GetGuid();

        var admitted = await intake.PostJson($"/api/v1/inquiries/{id}/admit", new { levelOfCare = "opioid-treatment-program" }).Expect(HttpStatusCode.Created);
        var patientId = admitted.GetProperty("patientId").GetGuid();
        var order = new { medication = "methadone", doseMg = 30, startDate = DateTime.Now.ToString("yyyy-MM-dd"), overrideReason = "transfer: dose confirmed with the sending program" };
        await prescriber.PostJson($"/api/v1/patients/{patientId}/orders", order).ExpectProblem(HttpStatusCode.Conflict);

        await intake.PostJson($"/api/v1/enrollment-checks/{checkId}/resolve", new { resolution = "not-same-person", note = "x" }).ExpectStatus(HttpStatusCode.Forbidden);
        using var counselor = await Server.As("counselor");
        await counselor.PostJson($"/api/v1/enrollment-checks/{checkId}/resolve", new { resolution = "not-same-person" }).ExpectProblem(HttpStatusCode.BadRequest, "note");
        await counselor.PostJson($"/api/v1/enrollment-checks/{checkId}/resolve", new { resolution = "enrolled-elsewhere", note = "Eastside confirmed active enrollment" })
            .Expect(HttpStatusCode.OK);
        await prescriber.PostJson($"/api/v1/patients/{patientId}/orders", order).ExpectProblem(HttpStatusCode.Conflict);
        await counselor.PostJson($"/api/v1/enrollment-checks/{checkId}/resolve", new { resolution = "transferring", note = "Eastside discharged him today; last dose 16 mg this morning" })
            .Expect(HttpStatusCode.OK);
        await prescriber.PostJson($"/api/v1/patients/{patientId}/orders", order).Expect(HttpStatusCode.Created);
        await counselor.PostJson($"/api/v1/enrollment-checks/{checkId}/resolve", new { resolution = "not-same-person", note = "again" }).ExpectProblem(HttpStatusCode.Conflict);

        using var auditor = await Server.As("auditor");
        var trail = await auditor.GetAsync($"/api/v1/audit/events?patientId={enrolled}").Expect(HttpStatusCode.OK);
        Assert.Contains("enrollment-check-match", trail.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_registry_file_round_trips_with_the_fields_2_34_allows_and_one_bad_row_loads_nothing()
    {
        using var intake = await Server.As("intake");
        var family = Unique("Registry");
        var bad = $"""
            program_code,program_name,person_reference,given_name,family_name,birth_date,sex,medication,dose_mg,last_event,last_event_on,admitted_on,ended_on
            LKS,Lakeside OTP,P-1,Joanne,{family},1979-08-03,female,methadone,80,admitted,2026-10-01,2026-10-01,
            LKS,Lakeside OTP,P-2,Al,{family},1979-13-30,male,methadone,80,moved,2026-10-01,2026-10-01,
            """;
        var rejected = await intake.PostRaw("/api/v1/enrollment-registry/import", bad, "text/csv").ExpectProblem(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("line 3", rejected.GetProperty("rejected")[0].GetString(), StringComparison.Ordinal);
        var good = bad.Split('\n')[0] + "\n" + bad.Split('\n')[1] + "\n";
        var loaded = await intake.PostRaw("/api/v1/enrollment-registry/import", good, "text/csv").Expect(HttpStatusCode.OK);
        Assert.Equal(1, loaded.GetProperty("added").GetInt32());
        await intake.PostRaw("/api/v1/enrollment-registry/import", good, "text/csv").Expect(HttpStatusCode.OK);

        var id = await EligibleAsync(intake, "Joanne", family, "1979-08-30", sex: "female");
        var check = await intake.PostAsync($"/api/v1/inquiries/{id}/enrollment-check", null).Expect(HttpStatusCode.Created);
        Assert.Equal("possible-match", check.GetProperty("result").GetString());
        Assert.Contains(check.GetProperty("candidates").EnumerateArray(), c => c.GetProperty("reference").GetString() == "LKS/P-1");

        var admitted = await intake.PostJson($"/api/v1/inquiries/{id}/admit", new { levelOfCare = "opioid-treatment-program" }).Expect(HttpStatusCode.Created);
        using var response = await intake.GetAsync("/api/v1/enrollment-registry/export?siteId=1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csv = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("program_code,program_name,person_reference", csv, StringComparison.Ordinal);
        var row = csv.Split('\n').Single(l => l.Contains(admitted.GetProperty("patientId").GetGuid().ToString(), StringComparison.Ordinal));
        Assert.Contains($"Joanne,{family},1979-08-30", row, StringComparison.Ordinal);
        Assert.DoesNotContain(admitted.GetProperty("mrn").GetString()!, csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eight_stations_assigning_one_bed_at_once_fill_it_exactly_once()
    {
        using var nurse = await Server.As("nurse");
        var family = Unique("Race");
        var patients = new List<Guid>();
        for (var i = 0; i < 8; i++)
        {
            patients.Add((await nurse.PostJson("/api/v1/patients", new { givenName = $"P{i}", familyName = family, birthDate = "1991-01-01", sexAtBirth = "female", siteId = 1 })
                .Expect(HttpStatusCode.Created)).GetProperty("id").GetGuid());
        }

        var bedId = await AvailableBedAsync("Residential");
        var clients = new List<HttpClient>();
        for (var i = 0; i < 8; i++)
        {
            clients.Add(await Server.As("nurse"));
        }

        var responses = await Task.WhenAll(clients.Select((c, i) => c.PostJson($"/api/v1/beds/{bedId}/assign", new { patientId = patients[i] })));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(7, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        foreach (var c in clients)
        {
            c.Dispose();
        }

        await using var scope = Server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
        Assert.Equal(1, await db.BedStays.CountAsync(s => s.BedId == bedId && s.Until == null));

        // The winner cannot take a second bed; a transfer moves them and frees the first.
        var winner = patients[Array.FindIndex(responses, r => r.StatusCode == HttpStatusCode.Created)];
        var other = await AvailableBedAsync("Residential");
        await nurse.PostJson($"/api/v1/beds/{other}/assign", new { patientId = winner }).ExpectProblem(HttpStatusCode.Conflict);
        var moved = await nurse.PostJson($"/api/v1/beds/{bedId}/transfer", new { toBedId = other }).Expect(HttpStatusCode.OK);
        Assert.Equal(winner, moved.GetProperty("occupant").GetProperty("patientId").GetGuid());
        await nurse.PostJson($"/api/v1/beds/{bedId}/assign", new { patientId = patients[0] }).ExpectProblem(HttpStatusCode.Conflict);
        await nurse.PostJson($"/api/v1/beds/{bedId}/status", new { status = "out-of-service" }).ExpectProblem(HttpStatusCode.BadRequest, "note");
        await nurse.PostJson($"/api/v1/beds/{bedId}/status", new { status = "available" }).Expect(HttpStatusCode.OK);
        await nurse.PostJson($"/api/v1/beds/{other}/release", new { reason = "discharged" }).Expect(HttpStatusCode.OK);
        await nurse.PostJson($"/api/v1/beds/{other}/status", new { status = "available" }).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_public_call_back_form_needs_no_account_and_lands_on_the_board_as_a_call_back()
    {
        using var anonymous = Server.Anonymous();
        var form = await anonymous.GetStringAsync("/help/call-back");
        var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(token);
        var family = Unique("Callback");
        var fields = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Form.SiteId"] = "1",
            ["Form.GivenName"] = "Sam",
            ["Form.FamilyName"] = family,
            ["Form.Phone"] = "(937) 555-0123",
            ["Form.LevelOfCare"] = "withdrawal-management",
        };
        var refused = await (await anonymous.PostAsync("/help/call-back", new FormUrlEncodedContent(fields))).Content.ReadAsStringAsync();
        Assert.Contains("Tick the box", refused, StringComparison.Ordinal);
        fields["Form.ConsentToContact"] = "true";
        fields["Form.Note"] = "<script>alert(1)</script>";
        var thanks = await (await anonymous.PostAsync("/help/call-back", new FormUrlEncodedContent(fields))).Content.ReadAsStringAsync();
        Assert.Contains("we will call you", thanks, StringComparison.Ordinal);

        using var intake = await Server.As("intake");
        var list = await intake.GetAsync("/api/v1/inquiries?siteId=1").Expect(HttpStatusCode.OK);
        var mine = list.EnumerateArray().Single(i => i.GetProperty("name").GetString() == $"{family}, Sam");
        Assert.Equal("call-back", mine.GetProperty("source").GetString());
        Assert.Equal("withdrawal-management", mine.GetProperty("levelOfCare").GetString());
        Assert.Null(mine.GetProperty("lastContactAt").GetString());
    }
}

public sealed class AdmissionsApiOnSqlite(SqliteClinic fixture) : AdmissionsApiTests(fixture), IClassFixture<SqliteClinic>;

public sealed class AdmissionsApiOnPostgres(PostgresClinic fixture) : AdmissionsApiTests(fixture), IClassFixture<PostgresClinic>;
