using System.Net;
using Mainstay.Tests.Infrastructure;

namespace Mainstay.Tests.Features.Medication;

/// <summary>Withdrawal flowsheets and medication orders with their safety rules, on SQLite and PostgreSQL.</summary>
public abstract class WithdrawalAndOrderApiTests(ClinicFixture fixture)
{
    private ClinicServer Server => fixture.Server;

    private static readonly string[] CowsItems =
        ["pulse", "sweating", "restlessness", "pupils", "aches", "runny-nose", "gi-upset", "tremor", "yawning", "anxiety", "gooseflesh"];

    /// <summary>COWS answers totalling n (n up to 10): 1 on the first n items; gooseflesh (0, 3 or 5) stays 0.</summary>
    private static Dictionary<string, int> CowsOf(int ones) => CowsItems.Select((id, i) => (id, v: i < ones ? 1 : 0)).ToDictionary(x => x.id, x => x.v);

    private async Task<Guid> NewPatientAsync(HttpClient client)
    {
        var p = await client.PostJson("/api/v1/patients", new
        {
            givenName = "Wd",
            familyName = "Case" + Guid.NewGuid().ToString("N")[..6],
            birthDate = "1987-10-10",
            sexAtBirth = "male",
            siteId = 1,
        }).Expect(HttpStatusCode.Created);
        return p.GetProperty("id").GetGuid();
    }

    private static string Today => DateTime.UtcNow.ToString("yyyy-MM-dd");

    [Fact]
    public async Task An_order_sent_several_times_at_once_makes_one_line_with_one_active_version()
    {
        using var prescriber = await Server.As("prescriber");
        var id = await NewPatientAsync(prescriber);
        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            prescriber.PostAsync($"/api/v1/patients/{id}/orders", System.Net.Http.Json.JsonContent.Create(new { medication = "methadone", doseMg = 30, startDate = Today, changeReason = $"sent {i}" }))));
        Assert.All(answers, a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }));

        // Two active lines would each be dosed once a day: the patient would get two doses.
        var orders = (await prescriber.GetAsync($"/api/v1/patients/{id}/orders").Expect(HttpStatusCode.OK)).EnumerateArray().ToList();
        Assert.Single(orders, o => o.GetProperty("status").GetString() == "active");
        Assert.Single(orders.Select(o => o.GetProperty("lineageId").GetGuid()).Distinct());
        Assert.Equal(Enumerable.Range(1, orders.Count), orders.Select(o => o.GetProperty("version").GetInt32()).Order());
        Assert.Equal(answers.Count(a => a.StatusCode == HttpStatusCode.Created), orders.Count);
    }

    [Fact]
    public async Task An_order_retried_with_its_idempotency_key_is_placed_once()
    {
        using var prescriber = await Server.As("prescriber");
        var id = await NewPatientAsync(prescriber);
        var key = "retry-" + Guid.NewGuid().ToString("N");
        HttpRequestMessage Send(object body, string k) => new(HttpMethod.Post, $"/api/v1/patients/{id}/orders")
        {
            Content = System.Net.Http.Json.JsonContent.Create(body),
            Headers = { { "Idempotency-Key", k } },
        };
        var order = new { medication = "methadone", doseMg = 30, startDate = Today };
        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => prescriber.SendAsync(Send(order, key))));
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.Created), a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        var ids = await Task.WhenAll(answers.Select(async a => (await a.Json()).GetProperty("id").GetGuid()));
        Assert.Single(ids.Distinct());
        var orders = (await prescriber.GetAsync($"/api/v1/patients/{id}/orders").Expect(HttpStatusCode.OK)).EnumerateArray().ToList();
        Assert.Equal(1, Assert.Single(orders).GetProperty("version").GetInt32());

        // The key with an order changed in anything (sent, then edited after going back) is not a replay; a new key places it
        // as the next version. Keys are the patient's: another patient's order may carry the same one.
        await prescriber.SendAsync(Send(order with { doseMg = 40 }, key)).ExpectProblem(HttpStatusCode.Conflict);
        await prescriber.SendAsync(Send(new { medication = "methadone", doseMg = 30, startDate = Today, instructions = "observe every dose" }, key))
            .ExpectProblem(HttpStatusCode.Conflict);
        await prescriber.SendAsync(Send(order, key)).Expect(HttpStatusCode.OK);
        // Another patient's order may carry the same key; a dose PostgreSQL keeps rounded (2.125 → 2.13) still replays.
        var other = await NewPatientAsync(prescriber);
        HttpRequestMessage ToOther() => new(HttpMethod.Post, $"/api/v1/patients/{other}/orders")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { medication = "methadone", doseMg = 2.125m, startDate = Today }),
            Headers = { { "Idempotency-Key", key } },
        };
        var first = await prescriber.SendAsync(ToOther()).Expect(HttpStatusCode.Created);
        var again = await prescriber.SendAsync(ToOther()).Expect(HttpStatusCode.OK);
        Assert.Equal(first.GetProperty("id").GetGuid(), again.GetProperty("id").GetGuid());
        await prescriber.SendAsync(Send(order, new string('k', 101))).ExpectProblem(HttpStatusCode.BadRequest, "Idempotency-Key");
        var next = await prescriber.SendAsync(Send(order with { doseMg = 40 }, key + "-2")).Expect(HttpStatusCode.Created);
        Assert.Equal(2, next.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task A_withdrawal_episode_started_several_times_at_once_is_started_once_and_ended_once()
    {
        using var nurse = await Server.As("nurse");
        var id = await NewPatientAsync(nurse);
        var starts = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            nurse.PostAsync($"/api/v1/patients/{id}/withdrawal-episodes", System.Net.Http.Json.JsonContent.Create(new { setting = "inpatient", protocol = "buprenorphine-standard" }))));
        Assert.Single(starts, a => a.StatusCode == HttpStatusCode.Created);
        Assert.All(starts.Where(a => a.StatusCode != HttpStatusCode.Created), a => Assert.Equal(HttpStatusCode.Conflict, a.StatusCode));
        var episodes = (await nurse.GetAsync($"/api/v1/patients/{id}/withdrawal-episodes").Expect(HttpStatusCode.OK)).EnumerateArray().ToList();
        var eid = Assert.Single(episodes).GetProperty("id").GetGuid();

        // Ended without maintenance twice at once: one ending, one tolerance-loss alert, no 500 on the alert's unique key.
        var ends = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            nurse.PostAsync($"/api/v1/patients/{id}/withdrawal-episodes/{eid}/end", System.Net.Http.Json.JsonContent.Create(new { reason = $"left against advice {i}", onMaintenance = false }))));
        Assert.Single(ends, a => a.StatusCode == HttpStatusCode.OK);
        Assert.All(ends.Where(a => a.StatusCode != HttpStatusCode.OK), a => Assert.Equal(HttpStatusCode.Conflict, a.StatusCode));
    }

    [Fact]
    public async Task A_nurse_records_a_cows_series_and_the_board_shows_what_is_due_and_out_of_range()
    {
        using var nurse = await Server.As("nurse");
        var id = await NewPatientAsync(nurse);
        await nurse.PostJson($"/api/v1/patients/{id}/withdrawal-episodes", new { setting = "moon", protocol = "buprenorphine-standard" })
            .ExpectProblem(HttpStatusCode.BadRequest, "setting");
        var episode = await nurse.PostJson($"/api/v1/patients/{id}/withdrawal-episodes", new { setting = "inpatient", protocol = "buprenorphine-standard" })
            .Expect(HttpStatusCode.Created);
        var eid = episode.GetProperty("id").GetGuid();
        await nurse.PostJson($"/api/v1/patients/{id}/withdrawal-episodes", new { setting = "inpatient", protocol = "methadone" }).ExpectProblem(HttpStatusCode.Conflict);

        var badCows = CowsOf(0);
        badCows["pulse"] = 3;
        await nurse.PostJson($"/api/v1/patients/{id}/withdrawal-episodes/{eid}/entries", new { cows = badCows }).ExpectProblem(HttpStatusCode.BadRequest, "cows.pulse");
        await nurse.PostJson($"/api/v1/patients/{id}/withdrawal-episodes/{eid}/entries", new { pulseBpm = 900 }).ExpectProblem(HttpStatusCode.BadRequest, "pulseBpm");

        await nurse.PostJson($"/api/v1/patients/{id}/withdrawal-episodes/{eid}/entries", new
        {
            cows = CowsOf(6),
            pulseBpm = 96,
            systolicMmHg = 132,
            diastolicMmHg = 84,
            temperatureC = 37.2,
            respiratoryRate = 18,
            spO2Percent = 98,
            lastOpioidSubstance = "fentanyl",
            lastOpioidUseAt = DateTimeOffset.UtcNow.AddHours(-30),
        }).Expect(HttpStatusCode.Created);
        var later = await nurse.PostJson($"/api/v1/patients/{id}/withdrawal-episodes/{eid}/entries", new { cows = CowsOf(10), respiratoryRate = 8, spO2Percent = 89 })
            .Expect(HttpStatusCode.Created);
        Assert.Equal(2, later.GetProperty("readings").GetArrayLength());
        var alerts = later.GetProperty("alerts").EnumerateArray().Select(a => a.GetProperty("code").GetString()).ToList();
        Assert.Contains("spo2-low", alerts);
        Assert.True(later.TryGetProperty("nextDue", out var due) && due.ValueKind == System.Text.Json.JsonValueKind.String);

        var board = await nurse.GetAsync("/api/v1/withdrawal/board").Expect(HttpStatusCode.OK);
        var row = board.EnumerateArray().Single(r => r.GetProperty("episodeId").GetGuid() == eid);
        Assert.Equal(10, row.GetProperty("latestCows").GetInt32());
        Assert.NotEmpty(row.GetProperty("alerts").EnumerateArray());
    }

    [Fact]
    public async Task Ending_withdrawal_without_maintenance_flags_lost_tolerance()
    {
        using var nurse = await Server.As("nurse");
        var id = await NewPatientAsync(nurse);
        var episode = await nurse.PostJson($"/api/v1/patients/{id}/withdrawal-episodes", new { setting = "ambulatory", protocol = "symptom-managed" }).Expect(HttpStatusCode.Created);
        var eid = episode.GetProperty("id").GetGuid();
        await nurse.PostJson($"/api/v1/patients/{id}/withdrawal-episodes/{eid}/end", new { reason = "completed" }).ExpectProblem(HttpStatusCode.BadRequest, "onMaintenance");
        await nurse.PostJson($"/api/v1/patients/{id}/withdrawal-episodes/{eid}/end", new { reason = "completed", onMaintenance = false }).Expect(HttpStatusCode.OK);
        var followUps = await nurse.GetAsync($"/api/v1/patients/{id}/follow-ups").Expect(HttpStatusCode.OK);
        Assert.Contains(followUps.EnumerateArray(), f => f.GetProperty("code").GetString() == "tolerance-loss" && f.GetProperty("priority").GetString() == "danger");
        await nurse.PostJson($"/api/v1/patients/{id}/withdrawal-episodes/{eid}/entries", new { notes = "late" }).ExpectProblem(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Only_a_prescriber_orders_and_every_broken_rule_is_listed_with_its_limit()
    {
        using var nurse = await Server.As("nurse");
        var id = await NewPatientAsync(nurse);
        await nurse.PostJson($"/api/v1/patients/{id}/orders", new { medication = "buprenorphine", doseMg = 4, startDate = Today }).ExpectProblem(HttpStatusCode.Forbidden);

        using var prescriber = await Server.As("prescriber");
        var missing = await prescriber.PostJson($"/api/v1/patients/{id}/orders", new { medication = "aspirin" }).ExpectProblem(HttpStatusCode.BadRequest);
        Assert.True(missing.GetProperty("errors").TryGetProperty("medication", out _));
        Assert.True(missing.GetProperty("errors").TryGetProperty("doseMg", out _));
        Assert.True(missing.GetProperty("errors").TryGetProperty("startDate", out _));

        // First buprenorphine dose with no COWS on record: refused, naming the rule and its limit.
        var refused = await prescriber.PostJson($"/api/v1/patients/{id}/orders", new { medication = "buprenorphine", doseMg = 4, startDate = Today })
            .ExpectProblem(HttpStatusCode.UnprocessableEntity);
        var rules = refused.GetProperty("violations").EnumerateArray().ToList();
        var cows = rules.Single(v => v.GetProperty("ruleId").GetString() == "bup-cows-threshold");
        Assert.False(string.IsNullOrEmpty(cows.GetProperty("limit").GetString()));
        Assert.False(string.IsNullOrEmpty(cows.GetProperty("source").GetString()));
    }

    [Fact]
    public async Task A_first_buprenorphine_dose_is_placed_once_withdrawal_is_objectively_present()
    {
        using var nurse = await Server.As("nurse");
        var id = await NewPatientAsync(nurse);
        var episode = await nurse.PostJson($"/api/v1/patients/{id}/withdrawal-episodes", new { setting = "inpatient", protocol = "buprenorphine-standard" }).Expect(HttpStatusCode.Created);
        await nurse.PostJson($"/api/v1/patients/{id}/withdrawal-episodes/{episode.GetProperty("id").GetGuid()}/entries", new
        {
            cows = CowsOf(10),
            lastOpioidSubstance = "heroin",
            lastOpioidUseAt = DateTimeOffset.UtcNow.AddHours(-16),
        }).Expect(HttpStatusCode.Created);

        using var prescriber = await Server.As("prescriber");
        var order = await prescriber.PostJson($"/api/v1/patients/{id}/orders", new { medication = "buprenorphine", doseMg = 4, startDate = Today, instructions = "reassess in 1 hour" })
            .Expect(HttpStatusCode.Created);
        Assert.Equal("active", order.GetProperty("status").GetString());
        Assert.Equal(1, order.GetProperty("version").GetInt32());

        // A dose change is a new version that supersedes the first.
        var changed = await prescriber.PostJson($"/api/v1/patients/{id}/orders", new { medication = "buprenorphine", doseMg = 12, startDate = Today, changeReason = "day 2 titration" })
            .Expect(HttpStatusCode.Created);
        Assert.Equal(2, changed.GetProperty("version").GetInt32());
        var all = await prescriber.GetAsync($"/api/v1/patients/{id}/orders").Expect(HttpStatusCode.OK);
        Assert.Equal(["active", "superseded"], all.EnumerateArray().Select(o => o.GetProperty("status").GetString()));

        // The nurse holds it for the prescriber; only the prescriber resumes or discontinues.
        var orderId = changed.GetProperty("id").GetGuid();
        await nurse.PostJson($"/api/v1/patients/{id}/orders/{orderId}/hold", new { }).ExpectProblem(HttpStatusCode.BadRequest, "reason");
        await nurse.PostJson($"/api/v1/patients/{id}/orders/{orderId}/hold", new { reason = "sedated at the window" }).Expect(HttpStatusCode.OK);
        await nurse.PostJson($"/api/v1/patients/{id}/orders/{orderId}/discontinue", new { reason = "x" }).ExpectProblem(HttpStatusCode.Forbidden);
        await prescriber.PostJson($"/api/v1/patients/{id}/orders/{orderId}/resume", new { reason = "assessed, alert" }).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_methadone_first_day_above_the_federal_limit_needs_a_recorded_override()
    {
        using var prescriber = await Server.As("prescriber");
        var id = await NewPatientAsync(prescriber);
        var refused = await prescriber.PostJson($"/api/v1/patients/{id}/orders", new { medication = "methadone", doseMg = 60, startDate = Today })
            .ExpectProblem(HttpStatusCode.UnprocessableEntity);
        Assert.Contains(refused.GetProperty("violations").EnumerateArray(), v => v.GetProperty("ruleId").GetString() == "methadone-first-day-total");

        var placed = await prescriber.PostJson($"/api/v1/patients/{id}/orders", new
        {
            medication = "methadone",
            doseMg = 60,
            startDate = Today,
            overrideReason = "transfer from another OTP on 90 mg, last dose yesterday, verified",
        }).Expect(HttpStatusCode.Created);
        Assert.StartsWith("transfer from another OTP", placed.GetProperty("overrideReason").GetString());
        Assert.Contains(placed.GetProperty("findings").EnumerateArray(), f => f.GetProperty("ruleId").GetString() == "methadone-first-day-total");
    }

    [Fact]
    public async Task A_methadone_taper_becomes_future_order_versions_and_a_recent_overdose_needs_a_reason()
    {
        using var prescriber = await Server.As("prescriber");
        var id = await NewPatientAsync(prescriber);
        var order = await prescriber.PostJson($"/api/v1/patients/{id}/orders", new { medication = "methadone", doseMg = 30, startDate = Today })
            .Expect(HttpStatusCode.Created);
        var orderId = order.GetProperty("id").GetGuid();
        await prescriber.PostJson($"/api/v1/patients/{id}/orders/{orderId}/taper", new { percentPerStep = 25 }).ExpectProblem(HttpStatusCode.BadRequest, "percentPerStep");

        var steps = await prescriber.PostJson($"/api/v1/patients/{id}/orders/{orderId}/taper", new { percentPerStep = 10, daysPerStep = 14, floorMg = 20 })
            .Expect(HttpStatusCode.Created);
        var doses = steps.EnumerateArray().Select(s => s.GetProperty("doseMg").GetDecimal()).ToList();
        Assert.NotEmpty(doses);
        Assert.True(doses.Zip(doses.Skip(1)).All(p => p.Second <= p.First), "a taper never increases");
        Assert.Equal(20m, doses[^1]);
        Assert.All(steps.EnumerateArray(), s => Assert.Equal("scheduled", s.GetProperty("status").GetString()));
        var dates = steps.EnumerateArray().Select(s => DateOnly.Parse(s.GetProperty("startDate").GetString()!)).ToList();
        Assert.True(dates[0] > DateOnly.FromDateTime(DateTime.UtcNow));

        // Discontinuing the order cancels the steps that have not come into force.
        await prescriber.PostJson($"/api/v1/patients/{id}/orders/{orderId}/discontinue", new { reason = "patient transferred" }).Expect(HttpStatusCode.OK);
        var all = await prescriber.GetAsync($"/api/v1/patients/{id}/orders").Expect(HttpStatusCode.OK);
        Assert.DoesNotContain(all.EnumerateArray(), o => o.GetProperty("status").GetString() is "scheduled" or "active");
    }

    [Fact]
    public async Task The_low_dose_buprenorphine_schedule_is_available_with_its_source()
    {
        using var prescriber = await Server.As("prescriber");
        var schedule = await prescriber.GetAsync("/api/v1/orders/schedules/low-dose-buprenorphine?start=2026-12-01").Expect(HttpStatusCode.OK);
        Assert.False(string.IsNullOrEmpty(schedule.GetProperty("source").GetString()));
        Assert.Equal("2026-12-01", schedule.GetProperty("steps")[0].GetProperty("day").GetString());
        await prescriber.GetAsync("/api/v1/orders/schedules/low-dose-buprenorphine?start=soon").ExpectProblem(HttpStatusCode.BadRequest, "start");
    }

    [Fact]
    public async Task Naltrexone_before_enough_opioid_free_days_is_a_hard_stop_even_with_a_reason()
    {
        using var prescriber = await Server.As("prescriber");
        var id = await NewPatientAsync(prescriber);
        var refused = await prescriber.PostJson($"/api/v1/patients/{id}/orders", new
        {
            medication = "naltrexone",
            doseMg = 380,
            startDate = Today,
            opioidFreeDays = 3,
            overrideReason = "patient insists",
        }).ExpectProblem(HttpStatusCode.UnprocessableEntity);
        Assert.Contains(refused.GetProperty("violations").EnumerateArray(), v => v.GetProperty("ruleId").GetString() == "naltrexone-opioid-free" && v.GetProperty("severity").GetString() == "hard-stop");

        await prescriber.PostJson($"/api/v1/patients/{id}/orders", new { medication = "naltrexone", doseMg = 380, startDate = Today, opioidFreeDays = 10 })
            .Expect(HttpStatusCode.Created);
    }
}

public sealed class WithdrawalAndOrderApiOnSqlite(SqliteClinic fixture) : WithdrawalAndOrderApiTests(fixture), IClassFixture<SqliteClinic>;

public sealed class WithdrawalAndOrderApiOnPostgres(PostgresClinic fixture) : WithdrawalAndOrderApiTests(fixture), IClassFixture<PostgresClinic>;
