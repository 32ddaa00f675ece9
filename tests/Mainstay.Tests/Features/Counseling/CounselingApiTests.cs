using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mainstay.Tests.Infrastructure;

namespace Mainstay.Tests.Features.Counseling;

/// <summary>
/// Counseling and recovery support over HTTP on SQLite and PostgreSQL: sessions and clash checks, groups and
/// attendance with no-show alerts, progress notes (signing, late entries, amendments, group notes), check-ins and
/// contingency management.
/// </summary>
public abstract class CounselingApiTests(ClinicFixture fixture)
{
    private ClinicServer Server => fixture.Server;

    private static string Day(int offset) => DateTime.Now.Date.AddDays(offset).ToString("yyyy-MM-dd");

    private static string At(int dayOffset, int hour, int minute = 0) => DateTime.Now.Date.AddDays(dayOffset).AddHours(hour).AddMinutes(minute).ToString("yyyy-MM-dd'T'HH:mm");

    /// <summary>A moment <paramref name="days"/> days from now, two minutes earlier (never in the future).</summary>
    private static string Ago(int days) => DateTime.Now.AddDays(days).AddMinutes(-2).ToString("yyyy-MM-dd'T'HH:mm");

    private static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8];

    private async Task<Guid> PatientAsync(HttpClient staff, string given = "Rae")
    {
        var p = await staff.PostJson("/api/v1/patients", new
        {
            givenName = given,
            familyName = Unique("Counsel"),
            birthDate = "1991-03-14",
            sexAtBirth = "female",
            siteId = 1,
        }).Expect(HttpStatusCode.Created);
        return p.GetProperty("id").GetGuid();
    }

    /// <summary>A patient with a drafted treatment plan (its problem codes are the goals a note may name).</summary>
    private async Task<Guid> PatientWithPlanAsync(HttpClient counselor)
    {
        var id = await PatientAsync(counselor, "Plan");
        var a = await counselor.PostJson($"/api/v1/patients/{id}/assessments", new
        {
            history = new
            {
                substances = new object[] { new { substance = "fentanyl", routes = new[] { "smoking" }, frequency = "daily" } },
                lastOpioidUse = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd"),
                peersWhoUse = true,
                pregnancy = "not-pregnant",
            },
            instruments = new Dictionary<string, object>
            {
                ["dsm5-oud"] = new { answers = Enumerable.Range(1, 11).ToDictionary(i => $"c{i}", i => i <= 6 ? 1 : 0) },
            },
            asam = new { withdrawal = 1, biomedical = 1, emotionalBehavioralCognitive = 1, readinessToChange = 1, relapsePotential = 2, recoveryEnvironment = 2 },
        }).Expect(HttpStatusCode.Created);
        await counselor.PostAsync($"/api/v1/patients/{id}/assessments/{a.GetProperty("id").GetGuid()}/complete", null).Expect(HttpStatusCode.OK);
        await counselor.PostAsync($"/api/v1/patients/{id}/plans/draft", null).Expect(HttpStatusCode.Created);
        return id;
    }

    [Fact]
    public async Task A_weekly_series_is_booked_whole_or_not_at_all_when_the_room_facilitator_or_patient_is_taken()
    {
        using var counselor = await Server.As("counselor");
        var first = await PatientAsync(counselor);
        var second = await PatientAsync(counselor);
        var room = Unique("Room ");
        var facilitator = Unique("fac.");
        var series = await counselor.PostJson($"/api/v1/patients/{first}/sessions", new { kind = "cbt", startsAt = At(1, 10), minutes = 50, room, facilitator, weeks = 3 })
            .Expect(HttpStatusCode.Created);
        Assert.Equal(3, series.GetArrayLength());
        Assert.Single(series.EnumerateArray().Select(s => s.GetProperty("seriesId").GetGuid()).Distinct());
        Assert.Equal(DateTimeOffset.Parse(series[0].GetProperty("startsAt").GetString()!).AddDays(14), DateTimeOffset.Parse(series[2].GetProperty("startsAt").GetString()!));

        // The third week clashes on the room: nothing of the new series is booked.
        var clash = await counselor.PostJson($"/api/v1/patients/{second}/sessions", new { kind = "motivational-interviewing", startsAt = At(-6, 10, 30), room, facilitator = Unique("other."), weeks = 3 })
            .ExpectProblem(HttpStatusCode.Conflict);
        Assert.Contains("room", clash.GetProperty("detail").GetString());
        Assert.Empty((await counselor.GetAsync($"/api/v1/patients/{second}/sessions").Expect(HttpStatusCode.OK)).EnumerateArray());
        await counselor.PostJson($"/api/v1/patients/{second}/sessions", new { kind = "family", startsAt = At(8, 10, 40), facilitator })
            .ExpectProblem(HttpStatusCode.Conflict);
        await counselor.PostJson($"/api/v1/patients/{first}/sessions", new { kind = "family", startsAt = At(1, 10, 20), facilitator = Unique("other.") })
            .ExpectProblem(HttpStatusCode.Conflict);
        await counselor.PostJson($"/api/v1/patients/{second}/sessions", new { kind = "family", startsAt = At(1, 11), room, facilitator }).Expect(HttpStatusCode.Created);

        await counselor.PostJson($"/api/v1/patients/{second}/sessions", new { kind = "group", startsAt = At(2, 9) }).ExpectProblem(HttpStatusCode.BadRequest, "kind");
        await counselor.PostJson($"/api/v1/patients/{second}/sessions", new { kind = "cbt", startsAt = At(2, 9), weeks = 40 }).ExpectProblem(HttpStatusCode.BadRequest, "weeks");
        await counselor.PostJson($"/api/v1/patients/{second}/sessions", new { kind = "cbt", startsAt = "tomorrow" }).ExpectProblem(HttpStatusCode.BadRequest, "startsAt");
        using var director = await Server.As("director");
        await director.PostJson($"/api/v1/patients/{second}/sessions", new { kind = "cbt", startsAt = At(3, 9) }).ExpectStatus(HttpStatusCode.Forbidden);
        using var east = await Server.As("nurse.east", "nurse-east-demo-2026");
        await east.PostJson($"/api/v1/patients/{second}/sessions", new { kind = "cbt", startsAt = At(3, 9) }).ExpectProblem(HttpStatusCode.NotFound);

        // A future session takes no attendance yet; a cancelled one takes none at all.
        var future = series[0].GetProperty("id").GetGuid();
        await counselor.PostJson($"/api/v1/sessions/{future}/attendance", new { marks = new[] { new { patientId = first, mark = "attended" } } }).ExpectProblem(HttpStatusCode.Conflict);
        await counselor.PostJson($"/api/v1/sessions/{future}/cancel", new { }).ExpectProblem(HttpStatusCode.BadRequest, "reason");
        var cancelled = await counselor.PostJson($"/api/v1/sessions/{future}/cancel", new { reason = "counselor ill" }).Expect(HttpStatusCode.OK);
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        await counselor.PostJson($"/api/v1/sessions/{future}/cancel", new { reason = "again" }).ExpectProblem(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Group_attendance_marks_the_roster_raises_one_alert_per_run_of_no_shows_and_group_notes_are_one_per_member_who_came()
    {
        using var counselor = await Server.As("counselor");
        var came = await PatientAsync(counselor, "Came");
        var missed = await PatientAsync(counselor, "Missed");
        var stranger = await PatientAsync(counselor, "Stranger");
        var group = await counselor.PostJson("/api/v1/groups", new
        {
            siteId = 1,
            name = Unique("Relapse prevention "),
            kind = "relapse-prevention",
            facilitator = Unique("fac."),
            firstOn = Day(-14),
            startsAt = "00:00",
            minutes = 60,
            weeks = 3,
            capacity = 2,
        }).Expect(HttpStatusCode.Created);
        var groupId = group.GetProperty("id").GetGuid();
        var meetings = group.GetProperty("sessions").EnumerateArray().Select(s => s.GetProperty("id").GetGuid()).ToList();
        Assert.Equal(3, meetings.Count);
        foreach (var p in new[] { came, missed })
        {
            await counselor.PostJson($"/api/v1/groups/{groupId}/members", new { patientId = p, joinedOn = Day(-14) }).Expect(HttpStatusCode.OK);
        }

        await counselor.PostJson($"/api/v1/groups/{groupId}/members", new { patientId = stranger }).ExpectProblem(HttpStatusCode.Conflict);
        await counselor.PostJson($"/api/v1/groups/{groupId}/members", new { patientId = came }).ExpectProblem(HttpStatusCode.Conflict);
        await counselor.PostJson("/api/v1/groups", new { siteId = 1, name = "x", kind = "yoga", firstOn = Day(1), startsAt = "25:00" })
            .ExpectProblem(HttpStatusCode.BadRequest, "kind");

        object Marks(string cameMark, string missedMark) => new
        {
            marks = new object[] { new { patientId = came, mark = cameMark }, new { patientId = missed, mark = missedMark } },
        };
        await counselor.PostJson($"/api/v1/sessions/{meetings[0]}/attendance", new { marks = new[] { new { patientId = stranger, mark = "attended" } } })
            .ExpectProblem(HttpStatusCode.BadRequest, "marks");
        await counselor.PostJson($"/api/v1/sessions/{meetings[0]}/attendance", new { marks = new[] { new { patientId = came, mark = "present" } } })
            .ExpectProblem(HttpStatusCode.BadRequest, "marks[0].mark");
        var first = await counselor.PostJson($"/api/v1/sessions/{meetings[0]}/attendance", Marks("attended", "no-show")).Expect(HttpStatusCode.OK);
        Assert.Equal("held", first.GetProperty("status").GetString());
        using var prescriber = await Server.As("prescriber");
        async Task<int> NoShowAlertsAsync() => (await prescriber.GetAsync($"/api/v1/patients/{missed}/alerts").Expect(HttpStatusCode.OK))
            .EnumerateArray().Count(a => a.GetProperty("kind").GetString() == "no-show-streak");
        Assert.Equal(0, await NoShowAlertsAsync());
        await counselor.PostJson($"/api/v1/sessions/{meetings[1]}/attendance", Marks("late", "no-show")).Expect(HttpStatusCode.OK);
        Assert.Equal(1, await NoShowAlertsAsync());
        await counselor.PostJson($"/api/v1/sessions/{meetings[2]}/attendance", Marks("attended", "no-show")).Expect(HttpStatusCode.OK);
        Assert.Equal(1, await NoShowAlertsAsync());

        // A correction keeps the mark it replaced.
        var corrected = await counselor.PostJson($"/api/v1/sessions/{meetings[0]}/attendance", new { marks = new[] { new { patientId = came, mark = "late", minutesLate = 15 } } })
            .Expect(HttpStatusCode.OK);
        var mark = corrected.GetProperty("attendance").EnumerateArray().Single(a => a.GetProperty("patientId").GetGuid() == came);
        Assert.Equal("late", mark.GetProperty("mark").GetString());
        Assert.Equal("attended", mark.GetProperty("correctedFrom").GetString());

        // Group notes: only for members who came; all or none.
        await counselor.PostJson($"/api/v1/sessions/{meetings[0]}/group-notes", new
        {
            format = "dap",
            topic = "Triggers",
            sign = true,
            entries = new[] { new { patientId = came, data = "d", assessment = "a", plan = "p" } },
        }).ExpectProblem(HttpStatusCode.BadRequest, "lateReason");
        var url = $"/api/v1/sessions/{meetings[2]}/group-notes";
        object Entry(Guid p) => new { patientId = p, data = "Named two triggers", assessment = "Engaged", plan = "Practice urge surfing" };
        await counselor.PostJson(url, new { format = "dap", topic = "Urge surfing", sign = true, entries = new[] { Entry(came), Entry(missed) } })
            .ExpectProblem(HttpStatusCode.BadRequest, "entries[1].patientId");
        Assert.Empty((await counselor.GetAsync($"/api/v1/patients/{came}/notes").Expect(HttpStatusCode.OK)).EnumerateArray());
        await counselor.PostJson(url, new { format = "dap", sign = true, entries = new[] { Entry(came) } }).ExpectProblem(HttpStatusCode.BadRequest, "topic");
        var notes = await counselor.PostJson(url, new { format = "dap", topic = "Urge surfing", sign = true, entries = new[] { Entry(came) } }).Expect(HttpStatusCode.Created);
        Assert.Equal("signed", notes[0].GetProperty("status").GetString());
        Assert.Equal("Urge surfing", notes[0].GetProperty("groupTopic").GetString());
        await counselor.PostJson(url, new { format = "dap", topic = "Again", entries = new[] { Entry(came) } }).ExpectProblem(HttpStatusCode.BadRequest, "entries[0].patientId");
        Assert.Empty((await counselor.GetAsync($"/api/v1/patients/{missed}/notes").Expect(HttpStatusCode.OK)).EnumerateArray());

        // Leaving the roster keeps the history; the patient's sessions show the group meetings with their mark.
        await counselor.PostJson($"/api/v1/groups/{groupId}/members/{missed}/leave", new { leftOn = Day(0) }).Expect(HttpStatusCode.OK);
        await counselor.PostJson($"/api/v1/groups/{groupId}/members", new { patientId = missed, joinedOn = Day(-3) }).ExpectProblem(HttpStatusCode.BadRequest, "joinedOn");
        var history = await counselor.GetAsync($"/api/v1/patients/{missed}/sessions").Expect(HttpStatusCode.OK);
        Assert.Equal(2, history.GetArrayLength()); // the meeting on the day they left is no longer theirs
        Assert.All(history.EnumerateArray(), s => Assert.EndsWith("(no-show)", s.GetProperty("title").GetString()));
        var day = await counselor.GetAsync($"/api/v1/sessions?date={Day(-7)}&siteId=1").Expect(HttpStatusCode.OK);
        Assert.Contains(day.EnumerateArray(), s => s.GetProperty("id").GetGuid() == meetings[1]);
    }

    [Fact]
    public async Task A_note_is_signed_by_its_author_amended_but_never_edited_names_plan_goals_and_is_marked_late_with_a_reason()
    {
        using var counselor = await Server.As("counselor");
        var patient = await PatientWithPlanAsync(counselor);
        var notes = $"/api/v1/patients/{patient}/notes";
        object Dap(string serviceDate, bool sign, string[]? goals = null, string? lateReason = null) => new
        {
            format = "dap",
            serviceDate,
            sign,
            goals,
            lateReason,
            data = "Reports 3 days without fentanyl",
            assessment = "Ambivalent but engaged",
            plan = "Meet weekly; practise refusal skills",
        };
        await counselor.PostJson(notes, Dap(Day(-5), sign: true)).ExpectProblem(HttpStatusCode.BadRequest, "lateReason");
        var late = await counselor.PostJson(notes, Dap(Day(-5), sign: true, lateReason: "clinic network was down")).Expect(HttpStatusCode.Created);
        Assert.True(late.GetProperty("lateEntry").GetBoolean());
        await counselor.PostJson(notes, Dap(Day(0), sign: true, goals: ["astrology"])).ExpectProblem(HttpStatusCode.BadRequest, "goals");
        await counselor.PostJson(notes, Dap(Day(1), sign: false)).ExpectProblem(HttpStatusCode.BadRequest, "serviceDate");
        await counselor.PostJson(notes, new { format = "soap", serviceDate = Day(0), subjective = "s", assessment = "a", plan = "p" }).ExpectProblem(HttpStatusCode.BadRequest, "objective");
        await counselor.PostJson(notes, new { format = "dap", serviceDate = Day(0), subjective = "s", data = "d", assessment = "a", plan = "p" }).ExpectProblem(HttpStatusCode.BadRequest, "subjective");
        await counselor.PostJson(notes, new { format = "narrative", serviceDate = Day(0) }).ExpectProblem(HttpStatusCode.BadRequest, "format");

        var draft = await counselor.PostJson(notes, Dap(Day(0), sign: false, goals: ["opioid-use-disorder"])).Expect(HttpStatusCode.Created);
        Assert.Equal("draft", draft.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(draft.GetProperty("goals")[0].GetProperty("goal").GetString()));
        var id = draft.GetProperty("id").GetGuid();
        using var prescriber = await Server.As("prescriber");
        var edit = new { format = "dap", data = "Changed", assessment = "a", plan = "p" };
        await prescriber.PutAsJsonAsync($"/api/v1/notes/{id}", edit).ExpectProblem(HttpStatusCode.Forbidden);
        await prescriber.PostJson($"/api/v1/notes/{id}/sign", new { }).ExpectProblem(HttpStatusCode.Forbidden);
        await counselor.PutAsJsonAsync($"/api/v1/notes/{id}", edit).Expect(HttpStatusCode.OK);
        var signed = await counselor.PostJson($"/api/v1/notes/{id}/sign", new { }).Expect(HttpStatusCode.OK);
        Assert.Equal("signed", signed.GetProperty("status").GetString());
        Assert.False(signed.GetProperty("lateEntry").GetBoolean());
        await counselor.PutAsJsonAsync($"/api/v1/notes/{id}", edit).ExpectProblem(HttpStatusCode.Conflict);
        await counselor.PostJson($"/api/v1/notes/{id}/sign", new { }).ExpectProblem(HttpStatusCode.Conflict);

        await prescriber.PostJson($"/api/v1/notes/{id}/amend", new { data = "x", assessment = "a", plan = "p" }).ExpectProblem(HttpStatusCode.BadRequest, "reason");
        var amended = await prescriber.PostJson($"/api/v1/notes/{id}/amend", new { reason = "wrong day count", data = "Reports 2 days without fentanyl", assessment = "a", plan = "p" })
            .Expect(HttpStatusCode.OK);
        Assert.Equal("Changed", amended.GetProperty("sections").GetProperty("data").GetString());
        Assert.Equal("Reports 2 days without fentanyl", amended.GetProperty("amendments")[0].GetProperty("sections").GetProperty("data").GetString());
        using var intake = await Server.As("intake");
        await intake.PostJson(notes, Dap(Day(0), sign: false)).ExpectProblem(HttpStatusCode.Forbidden);
        using var director = await Server.As("director");
        Assert.Equal(2, (await director.GetAsync(notes).Expect(HttpStatusCode.OK)).GetArrayLength());

        // A session's note waits for the patient to have come, and there is one per session.
        var session = (await counselor.PostJson($"/api/v1/patients/{patient}/sessions", new { kind = "motivational-interviewing", startsAt = At(-1, 9), facilitator = Unique("fac.") })
            .Expect(HttpStatusCode.Created))[0].GetProperty("id").GetGuid();
        var sessionNote = new { format = "soap", sessionId = session, subjective = "s", objective = "o", assessment = "a", plan = "p", sign = true };
        await counselor.PostJson(notes, sessionNote).ExpectProblem(HttpStatusCode.Conflict);
        await counselor.PostJson($"/api/v1/sessions/{session}/attendance", new { marks = new[] { new { patientId = patient, mark = "attended" } } }).Expect(HttpStatusCode.OK);
        var written = await counselor.PostJson(notes, sessionNote).Expect(HttpStatusCode.Created);
        Assert.Equal("Motivational interviewing", written.GetProperty("sessionTitle").GetString());
        await counselor.PostJson(notes, sessionNote).ExpectProblem(HttpStatusCode.Conflict);

        // A session the patient missed takes no session note, and once marked it is corrected rather than cancelled.
        var missed = (await counselor.PostJson($"/api/v1/patients/{patient}/sessions", new { kind = "cbt", startsAt = At(-2, 9), facilitator = Unique("fac.") })
            .Expect(HttpStatusCode.Created))[0].GetProperty("id").GetGuid();
        await counselor.PostJson($"/api/v1/sessions/{missed}/attendance", new { marks = new[] { new { patientId = patient, mark = "no-show" } } }).Expect(HttpStatusCode.OK);
        await counselor.PostJson(notes, sessionNote with { sessionId = missed }).ExpectProblem(HttpStatusCode.Conflict);
        await counselor.PostJson($"/api/v1/sessions/{missed}/cancel", new { reason = "counselor ill" }).ExpectProblem(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Check_ins_chart_the_trend_and_raise_one_rising_craving_alert_and_a_reported_use_alert()
    {
        using var nurse = await Server.As("nurse");
        var patient = await PatientAsync(nurse, "Crave");
        var url = $"/api/v1/patients/{patient}/check-ins";
        await nurse.PostJson(url, new { craving = 11, mood = 3, sleep = 3, stress = 2, usedSinceLast = false }).ExpectProblem(HttpStatusCode.BadRequest, "craving");
        await nurse.PostJson(url, new { craving = 2, mood = 0, sleep = 3, stress = 2, usedSinceLast = false }).ExpectProblem(HttpStatusCode.BadRequest, "mood");
        await nurse.PostJson(url, new { craving = 2, mood = 3, sleep = 3, stress = 2, usedSinceLast = false, triggers = new[] { "weather" } }).ExpectProblem(HttpStatusCode.BadRequest, "triggers[0]");
        await nurse.PostJson(url, new { craving = 2, mood = 3, sleep = 3, stress = 2 }).ExpectProblem(HttpStatusCode.BadRequest, "usedSinceLast");
        await nurse.PostJson(url, new { at = At(2, 9), craving = 2, mood = 3, sleep = 3, stress = 2, usedSinceLast = false }).ExpectProblem(HttpStatusCode.BadRequest, "at");

        for (var d = -12; d <= -4; d++)
        {
            await nurse.PostJson(url, new { at = Ago(d), craving = 2, mood = 4, sleep = 4, stress = 3, usedSinceLast = false, triggers = new[] { "boredom" } }).Expect(HttpStatusCode.Created);
        }

        using var counselor = await Server.As("counselor");
        async Task<List<JsonElement>> AlertsAsync(string kind) => [.. (await counselor.GetAsync($"/api/v1/patients/{patient}/alerts").Expect(HttpStatusCode.OK))
            .EnumerateArray().Where(a => a.GetProperty("kind").GetString() == kind)];
        Assert.Empty(await AlertsAsync("rising-cravings"));
        foreach (var d in new[] { -2, -1, 0 })
        {
            await nurse.PostJson(url, new { at = Ago(d), craving = 7, mood = 2, sleep = 2, stress = 8, usedSinceLast = false, triggers = new[] { "people", "places" } })
                .Expect(HttpStatusCode.Created);
        }

        var rising = Assert.Single(await AlertsAsync("rising-cravings"));
        Assert.Equal("counselor", rising.GetProperty("ownerRole").GetString());
        await nurse.PostJson(url, new { craving = 9, mood = 1, sleep = 2, stress = 9, usedSinceLast = true, substances = "fentanyl" }).Expect(HttpStatusCode.Created);
        Assert.Single(await AlertsAsync("rising-cravings"));
        Assert.Single(await AlertsAsync("reported-use"));

        var series = await counselor.GetAsync($"{url}?days=14").Expect(HttpStatusCode.OK);
        Assert.Equal(13, series.GetProperty("checkIns").GetArrayLength());
        Assert.True(series.GetProperty("signal").GetProperty("rising").GetBoolean() || series.GetProperty("signal").GetProperty("high").GetBoolean());
        Assert.Equal("boredom", series.GetProperty("triggers")[0].GetProperty("trigger").GetString());
        Assert.Equal(1, series.GetProperty("daysUsed").GetInt32());
        await counselor.GetAsync($"{url}?days=0").ExpectProblem(HttpStatusCode.BadRequest, "days");
        var page = await counselor.GetAsync($"/patients/{patient}/recovery");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task Contingency_rewards_escalate_reset_on_a_positive_screen_and_never_hand_over_more_than_earned()
    {
        using var prescriber = await Server.As("prescriber");
        var patient = await PatientAsync(prescriber, "Voucher");
        await prescriber.PostJson($"/api/v1/patients/{patient}/orders", new { medication = "methadone", doseMg = 30, startDate = Day(0), overrideReason = "test" })
            .Expect(HttpStatusCode.Created);
        using var counselor = await Server.As("counselor");
        var cm = $"/api/v1/patients/{patient}/contingency";
        await counselor.PostJson(cm, new { target = "kindness" }).ExpectProblem(HttpStatusCode.BadRequest, "target");
        await counselor.PostJson(cm, new { target = "opioid-negative-screen", annualCap = 5000 }).ExpectProblem(HttpStatusCode.BadRequest, "annualCap");
        using var nurse = await Server.As("nurse");
        await nurse.PostJson(cm, new { target = "opioid-negative-screen" }).ExpectProblem(HttpStatusCode.Forbidden);
        var enrolled = await counselor.PostJson(cm, new { target = "opioid-negative-screen" }).Expect(HttpStatusCode.Created);
        var enrollment = enrolled.GetProperty("id").GetGuid();
        Assert.Equal(750m, enrolled.GetProperty("rules").GetProperty("annualCap").GetDecimal());
        await counselor.PostJson(cm, new { target = "opioid-negative-screen" }).ExpectProblem(HttpStatusCode.Conflict);

        object Cup(string fentanyl) => new
        {
            specimen = "urine",
            results = new { observed = true, temperatureC = 34.5, analytes = new Dictionary<string, string> { ["fentanyl"] = fentanyl, ["opiates"] = "negative", ["methadone"] = "positive", ["eddp"] = "positive" } },
        };
        for (var i = 0; i < 3; i++)
        {
            await nurse.PostJson($"/api/v1/patients/{patient}/screens", Cup("negative")).Expect(HttpStatusCode.Created);
        }

        var standing = (await counselor.GetAsync(cm).Expect(HttpStatusCode.OK))[0];
        // $2.50, $4.00, $5.50 and the $10 bonus on the third negative in a row.
        Assert.Equal(22.00m, standing.GetProperty("standing").GetProperty("totalEarned").GetDecimal());
        Assert.Equal(3, standing.GetProperty("standing").GetProperty("streak").GetInt32());
        await nurse.PostJson($"/api/v1/patients/{patient}/screens", Cup("positive")).Expect(HttpStatusCode.Created);
        standing = (await counselor.GetAsync(cm).Expect(HttpStatusCode.OK))[0];
        Assert.Equal(0, standing.GetProperty("standing").GetProperty("streak").GetInt32());
        Assert.Equal(2.50m, standing.GetProperty("standing").GetProperty("nextReward").GetDecimal());
        Assert.Equal(22.00m, standing.GetProperty("balance").GetDecimal());

        var rewards = $"/api/v1/contingency/{enrollment}/rewards";
        await nurse.PostJson(rewards, new { amount = 30, form = "voucher" }).ExpectProblem(HttpStatusCode.Conflict);
        await nurse.PostJson(rewards, new { amount = 10, form = "cash" }).ExpectProblem(HttpStatusCode.BadRequest, "form");
        await nurse.PostJson(rewards, new { amount = 0.001, form = "voucher" }).ExpectProblem(HttpStatusCode.BadRequest, "amount");
        var given = await nurse.PostJson(rewards, new { amount = 20, form = "gift-card", note = "grocery card" }).Expect(HttpStatusCode.OK);
        Assert.Equal(2.00m, given.GetProperty("balance").GetDecimal());

        // Attendance earns on its own schedule, from the marks.
        await counselor.PostJson(cm, new { target = "attendance" }).Expect(HttpStatusCode.Created);
        var session = (await counselor.PostJson($"/api/v1/patients/{patient}/sessions", new { kind = "cbt", startsAt = At(0, 0, 5), facilitator = Unique("fac.") })
            .Expect(HttpStatusCode.Created))[0].GetProperty("id").GetGuid();
        await counselor.PostJson($"/api/v1/sessions/{session}/attendance", new { marks = new[] { new { patientId = patient, mark = "attended" } } }).Expect(HttpStatusCode.OK);
        var all = await counselor.GetAsync(cm).Expect(HttpStatusCode.OK);
        var attendance = all.EnumerateArray().Single(e => e.GetProperty("target").GetString() == "attendance");
        Assert.Equal(attendance.GetProperty("rules").GetProperty("firstReward").GetDecimal(), attendance.GetProperty("standing").GetProperty("totalEarned").GetDecimal());
        await counselor.PostJson($"/api/v1/sessions/{session}/attendance", new { marks = new[] { new { patientId = patient, mark = "no-show" } } }).Expect(HttpStatusCode.OK);
        attendance = (await counselor.GetAsync(cm).Expect(HttpStatusCode.OK)).EnumerateArray().Single(e => e.GetProperty("target").GetString() == "attendance");
        Assert.Equal(0m, attendance.GetProperty("standing").GetProperty("totalEarned").GetDecimal());

        // A screen the clinic could not run is no one's fault; a specimen the patient did not give is a missed specimen, which
        // resets the streak as a positive does.
        for (var i = 0; i < 2; i++)
        {
            await nurse.PostJson($"/api/v1/patients/{patient}/screens", Cup("negative")).Expect(HttpStatusCode.Created);
        }

        async Task<JsonElement> OpioidStanding() => (await counselor.GetAsync(cm).Expect(HttpStatusCode.OK)).EnumerateArray()
            .Single(e => e.GetProperty("target").GetString() == "opioid-negative-screen").GetProperty("standing");
        Assert.Equal(2, (await OpioidStanding()).GetProperty("streak").GetInt32());
        var courier = (await nurse.PostJson($"/api/v1/patients/{patient}/screens", new { specimen = "urine" }).Expect(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await nurse.PostJson($"/api/v1/patients/{patient}/screens/{courier}/cancel", new { reason = "the lab courier did not come" }).Expect(HttpStatusCode.OK);
        Assert.Equal(2, (await OpioidStanding()).GetProperty("streak").GetInt32());
        var refused = (await nurse.PostJson($"/api/v1/patients/{patient}/screens", new { specimen = "urine" }).Expect(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await nurse.PostJson($"/api/v1/patients/{patient}/screens/{refused}/cancel", new { reason = "refused to give a specimen", missedByPatient = true })
            .Expect(HttpStatusCode.OK);
        var afterMissed = await OpioidStanding();
        Assert.Equal(0, afterMissed.GetProperty("streak").GetInt32());
        Assert.Equal(2.50m, afterMissed.GetProperty("nextReward").GetDecimal());
        Assert.Equal(28.50m, afterMissed.GetProperty("totalEarned").GetDecimal()); // $2.50 and $4.00 after the reset; nothing taken back

        var ended = await counselor.PostJson($"/api/v1/contingency/{enrollment}/end", new { reason = "completed 12 weeks" }).Expect(HttpStatusCode.OK);
        Assert.Equal(28.50m, ended.GetProperty("standing").GetProperty("totalEarned").GetDecimal());
        await counselor.PostJson($"/api/v1/contingency/{enrollment}/end", new { reason = "again" }).ExpectProblem(HttpStatusCode.Conflict);
    }
}

public sealed class CounselingApiOnSqlite(SqliteClinic fixture) : CounselingApiTests(fixture), IClassFixture<SqliteClinic>;

public sealed class CounselingApiOnPostgres(PostgresClinic fixture) : CounselingApiTests(fixture), IClassFixture<PostgresClinic>;
