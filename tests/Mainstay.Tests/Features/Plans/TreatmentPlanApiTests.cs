using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mainstay.Tests.Infrastructure;

namespace Mainstay.Tests.Features.Plans;

/// <summary>Treatment plans over HTTP: drafted from the assessment, edited, signed, versioned, acknowledged, reviewed.</summary>
public abstract class TreatmentPlanApiTests(ClinicFixture fixture)
{
    private ClinicServer Server => fixture.Server;

    private static readonly object Assessment = new
    {
        history = new
        {
            substances = new object[] { new { substance = "fentanyl", routes = new[] { "injection" }, frequency = "daily" } },
            lastOpioidUse = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd"),
            traumaHistory = true,
            chronicPain = true,
            peersWhoUse = true,
            housing = "homeless",
            pregnancy = "not-pregnant",
        },
        instruments = new Dictionary<string, object>
        {
            ["dsm5-oud"] = new { answers = Enumerable.Range(1, 11).ToDictionary(i => $"c{i}", i => i <= 6 ? 1 : 0) },
            ["phq9"] = new { answers = new { q1 = 2, q2 = 2, q3 = 2, q4 = 2, q5 = 1, q6 = 1, q7 = 1, q8 = 0, q9 = 1 } },
        },
        asam = new { withdrawal = 1, biomedical = 1, emotionalBehavioralCognitive = 1, readinessToChange = 1, relapsePotential = 2, recoveryEnvironment = 2 },
    };

    /// <summary>A patient with a completed intake assessment.</summary>
    private async Task<Guid> AssessedPatientAsync(HttpClient counselor)
    {
        var patient = await counselor.PostJson("/api/v1/patients", new
        {
            givenName = "Plan",
            familyName = "Case" + Guid.NewGuid().ToString("N")[..6],
            birthDate = "1989-06-02",
            sexAtBirth = "male",
            siteId = 1,
        }).Expect(HttpStatusCode.Created);
        var id = patient.GetProperty("id").GetGuid();
        var a = await counselor.PostJson($"/api/v1/patients/{id}/assessments", Assessment).Expect(HttpStatusCode.Created);
        await counselor.PostAsync($"/api/v1/patients/{id}/assessments/{a.GetProperty("id").GetGuid()}/complete", null).Expect(HttpStatusCode.OK);
        return id;
    }

    [Fact]
    public async Task A_plan_is_drafted_from_the_assessment_finding_by_finding()
    {
        using var counselor = await Server.As("counselor");
        var id = await AssessedPatientAsync(counselor);
        var plan = await counselor.PostAsync($"/api/v1/patients/{id}/plans/draft", null).Expect(HttpStatusCode.Created);
        Assert.Equal("draft", plan.GetProperty("status").GetString());
        var codes = plan.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("code").GetString()).ToList();
        Assert.Equal("safety", codes[0]); // the self-harm answer puts the safety plan first
        Assert.Equal("recovery-foundations", codes[^1]);
        Assert.Contains("opioid-use-disorder", codes);
        Assert.Contains("trauma", codes);
        Assert.Contains("chronic-pain", codes);
        Assert.Contains("social-support", codes);
        var oud = plan.GetProperty("problems").EnumerateArray().Single(p => p.GetProperty("code").GetString() == "opioid-use-disorder");
        var meds = oud.GetProperty("medicationOptions").EnumerateArray().Select(m => m.GetProperty("medication").GetString()).ToList();
        Assert.Equal(3, meds.Count);
        foreach (var problem in plan.GetProperty("problems").EnumerateArray())
        {
            Assert.All(problem.GetProperty("interventions").EnumerateArray(), i => Assert.False(string.IsNullOrEmpty(i.GetProperty("responsibleRole").GetString())));
            Assert.NotEmpty(problem.GetProperty("objectives").EnumerateArray());
        }

        await counselor.PostAsync($"/api/v1/patients/{id}/plans/draft", null).ExpectProblem(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_plan_cannot_be_drafted_without_a_completed_assessment()
    {
        using var counselor = await Server.As("counselor");
        var patient = await counselor.PostJson("/api/v1/patients", new { givenName = "No", familyName = "Assessment", birthDate = "1980-01-01", sexAtBirth = "female", siteId = 1 })
            .Expect(HttpStatusCode.Created);
        await counselor.PostAsync($"/api/v1/patients/{patient.GetProperty("id").GetGuid()}/plans/draft", null).ExpectProblem(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task A_plan_drafted_or_signed_several_times_at_once_is_drafted_once_and_signed_once()
    {
        using var counselor = await Server.As("counselor");
        using var prescriber = await Server.As("prescriber");
        var id = await AssessedPatientAsync(counselor);
        var drafts = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => counselor.PostAsync($"/api/v1/patients/{id}/plans/draft", null)));
        Assert.Single(drafts, a => a.StatusCode == HttpStatusCode.Created);
        Assert.All(drafts.Where(a => a.StatusCode != HttpStatusCode.Created), a => Assert.Equal(HttpStatusCode.Conflict, a.StatusCode));
        var planId = (await drafts.Single(a => a.StatusCode == HttpStatusCode.Created).Json()).GetProperty("id").GetGuid();

        var signatures = await Task.WhenAll(new[] { counselor, prescriber, counselor }.Select(c => c.PostAsync($"/api/v1/patients/{id}/plans/{planId}/sign", null)));
        Assert.Single(signatures, a => a.StatusCode == HttpStatusCode.OK);
        Assert.All(signatures.Where(a => a.StatusCode != HttpStatusCode.OK), a => Assert.Equal(HttpStatusCode.Conflict, a.StatusCode));
        var versions = (await counselor.GetAsync($"/api/v1/patients/{id}/plans/{planId}/versions").Expect(HttpStatusCode.OK)).EnumerateArray().ToList();
        Assert.Equal(1, Assert.Single(versions).GetProperty("version").GetInt32());
    }

    /// <summary>The plan's first <paramref name="take"/> problems as an edit, with the updatedAt the editor read when given.</summary>
    private static object Edit(JsonElement plan, int take, string? updatedAt = null) => new
    {
        updatedAt,
        problems = plan.GetProperty("problems").EnumerateArray().Take(take).Select(p => new
        {
            code = p.GetProperty("code").GetString(),
            statement = p.GetProperty("statement").GetString(),
            goal = p.GetProperty("goal").GetString(),
            objectives = p.GetProperty("objectives").EnumerateArray().Select(o => new { text = o.GetProperty("text").GetString(), targetDate = o.GetProperty("targetDate").GetString() }),
            interventions = p.GetProperty("interventions").EnumerateArray().Select(i => new
            {
                text = i.GetProperty("text").GetString(),
                frequency = i.GetProperty("frequency").GetString(),
                responsibleRole = i.GetProperty("responsibleRole").GetString(),
            }),
        }),
    };

    [Fact]
    public async Task An_edit_or_signature_of_a_plan_changed_since_it_was_read_is_refused()
    {
        using var counselor = await Server.As("counselor");
        using var prescriber = await Server.As("prescriber");
        var id = await AssessedPatientAsync(counselor);
        var draft = await counselor.PostAsync($"/api/v1/patients/{id}/plans/draft", null).Expect(HttpStatusCode.Created);
        var planId = draft.GetProperty("id").GetGuid();
        var count = draft.GetProperty("problems").GetArrayLength();
        var read = (await counselor.GetAsync($"/api/v1/patients/{id}/plans/{planId}").Expect(HttpStatusCode.OK)).GetProperty("updatedAt").GetString();

        // The prescriber edits what both read; the counselor's edit and signature of that same reading are then refused.
        var changed = await prescriber.PutAsJsonAsync($"/api/v1/patients/{id}/plans/{planId}", Edit(draft, count - 1, read)).Expect(HttpStatusCode.OK);
        await counselor.PutAsJsonAsync($"/api/v1/patients/{id}/plans/{planId}", Edit(draft, count, read)).ExpectProblem(HttpStatusCode.Conflict);
        await counselor.PostJson($"/api/v1/patients/{id}/plans/{planId}/sign", new { updatedAt = read }).ExpectProblem(HttpStatusCode.Conflict);
        var kept = await counselor.GetAsync($"/api/v1/patients/{id}/plans/{planId}").Expect(HttpStatusCode.OK);
        Assert.Equal(count - 1, kept.GetProperty("problems").GetArrayLength());
        Assert.Equal("draft", kept.GetProperty("status").GetString());

        // Made on what the plan holds now, they go through (the timestamp as the server gave it back after the save).
        var now = changed.GetProperty("updatedAt").GetString();
        var signed = await counselor.PostJson($"/api/v1/patients/{id}/plans/{planId}/sign", new { updatedAt = now }).Expect(HttpStatusCode.OK);
        Assert.Equal("signed", signed.GetProperty("status").GetString());

        // The body stays optional: empty with a JSON content type, or JSON null, signs without the check.
        await counselor.PutAsJsonAsync($"/api/v1/patients/{id}/plans/{planId}", Edit(signed, count - 1)).Expect(HttpStatusCode.OK);
        await counselor.PostAsync($"/api/v1/patients/{id}/plans/{planId}/sign", new StringContent("", System.Text.Encoding.UTF8, "application/json"))
            .Expect(HttpStatusCode.OK);
        await counselor.PutAsJsonAsync($"/api/v1/patients/{id}/plans/{planId}", Edit(signed, count - 2)).Expect(HttpStatusCode.OK);
        await counselor.PostAsync($"/api/v1/patients/{id}/plans/{planId}/sign", new StringContent("null", System.Text.Encoding.UTF8, "application/json"))
            .Expect(HttpStatusCode.OK);
        await counselor.PutAsJsonAsync($"/api/v1/patients/{id}/plans/{planId}", Edit(signed, count - 1)).Expect(HttpStatusCode.OK);
        using var chunked = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/patients/{id}/plans/{planId}/sign")
        {
            Content = new StringContent("", System.Text.Encoding.UTF8, "application/json"),
        };
        chunked.Headers.TransferEncodingChunked = true; // no length: the server finds the body empty only by reading it
        await counselor.SendAsync(chunked).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_review_sent_twice_is_recorded_once()
    {
        using var counselor = await Server.As("counselor");
        var id = await AssessedPatientAsync(counselor);
        var planId = (await counselor.PostAsync($"/api/v1/patients/{id}/plans/draft", null).Expect(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var signed = await counselor.PostAsync($"/api/v1/patients/{id}/plans/{planId}/sign", null).Expect(HttpStatusCode.OK);
        var progress = signed.GetProperty("problems").EnumerateArray().ToDictionary(p => p.GetProperty("code").GetString()!, _ => "progressing");
        var sent = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => counselor.PostJson($"/api/v1/patients/{id}/plans/{planId}/reviews", new { progress, notes = "engaged" })));
        Assert.All(sent, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var plan = await counselor.GetAsync($"/api/v1/patients/{id}/plans/{planId}").Expect(HttpStatusCode.OK);
        Assert.Equal(1, plan.GetProperty("reviews").GetArrayLength());

        // A different review the same day is its own.
        await counselor.PostJson($"/api/v1/patients/{id}/plans/{planId}/reviews", new { progress, notes = "missed two groups" }).Expect(HttpStatusCode.OK);
        plan = await counselor.GetAsync($"/api/v1/patients/{id}/plans/{planId}").Expect(HttpStatusCode.OK);
        Assert.Equal(2, plan.GetProperty("reviews").GetArrayLength());
    }

    [Fact]
    public async Task Bad_edits_are_refused_naming_the_field()
    {
        using var counselor = await Server.As("counselor");
        var id = await AssessedPatientAsync(counselor);
        var plan = await counselor.PostAsync($"/api/v1/patients/{id}/plans/draft", null).Expect(HttpStatusCode.Created);
        var planId = plan.GetProperty("id").GetGuid();

        var noDate = new { problems = new[] { new { statement = "I want to stop", goal = "No use for 90 days", objectives = new[] { new { text = "Negative screens" } }, interventions = new[] { new { text = "CBT", frequency = "weekly", responsibleRole = "counselor" } } } } };
        await counselor.PutAsJsonAsync($"/api/v1/patients/{id}/plans/{planId}", noDate).ExpectProblem(HttpStatusCode.BadRequest, "problems[0].objectives[0].targetDate");

        var target = DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd");
        var noRole = new { problems = new[] { new { statement = "I want to stop", goal = "No use for 90 days", objectives = new[] { new { text = "Negative screens", targetDate = target } }, interventions = new[] { new { text = "CBT", frequency = "weekly", responsibleRole = "" } } } } };
        await counselor.PutAsJsonAsync($"/api/v1/patients/{id}/plans/{planId}", noRole).ExpectProblem(HttpStatusCode.BadRequest, "problems[0].interventions[0].responsibleRole");

        await counselor.PutAsJsonAsync($"/api/v1/patients/{id}/plans/{planId}", new { problems = Array.Empty<object>() }).Expect(HttpStatusCode.OK);
        await counselor.PostAsync($"/api/v1/patients/{id}/plans/{planId}/sign", null).ExpectProblem(HttpStatusCode.BadRequest, "problems");
    }

    [Fact]
    public async Task Signing_keeps_versions_and_a_later_change_becomes_a_new_version()
    {
        using var counselor = await Server.As("counselor");
        var id = await AssessedPatientAsync(counselor);
        var plan = await counselor.PostAsync($"/api/v1/patients/{id}/plans/draft", null).Expect(HttpStatusCode.Created);
        var planId = plan.GetProperty("id").GetGuid();

        using var intake = await Server.As("intake");
        await intake.PostAsync($"/api/v1/patients/{id}/plans/{planId}/sign", null).ExpectProblem(HttpStatusCode.Forbidden);
        var signed = await counselor.PostAsync($"/api/v1/patients/{id}/plans/{planId}/sign", null).Expect(HttpStatusCode.OK);
        Assert.Equal("signed", signed.GetProperty("status").GetString());
        Assert.Equal(1, signed.GetProperty("version").GetInt32());
        Assert.True(signed.TryGetProperty("nextReviewOn", out var review) && review.ValueKind == JsonValueKind.String);

        // Remove the last problem and save: version 2 as a draft; version 1 stays readable.
        var problems = signed.GetProperty("problems").EnumerateArray().ToList();
        var edited = await counselor.PutAsJsonAsync($"/api/v1/patients/{id}/plans/{planId}", Edit(signed, problems.Count - 1)).Expect(HttpStatusCode.OK);
        Assert.Equal("draft", edited.GetProperty("status").GetString());
        Assert.Equal(2, edited.GetProperty("version").GetInt32());
        await counselor.PostAsync($"/api/v1/patients/{id}/plans/{planId}/sign", null).Expect(HttpStatusCode.OK);

        var versions = await counselor.GetAsync($"/api/v1/patients/{id}/plans/{planId}/versions").Expect(HttpStatusCode.OK);
        Assert.Equal([2, 1], versions.EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));
        Assert.Contains("removed recovery-foundations", versions[0].GetProperty("changeSummary").GetString());
        Assert.Equal(problems.Count, versions[1].GetProperty("problems").GetArrayLength());
    }

    [Fact]
    public async Task The_patient_acknowledges_and_reviews_record_progress_per_goal()
    {
        using var counselor = await Server.As("counselor");
        var id = await AssessedPatientAsync(counselor);
        var plan = await counselor.PostAsync($"/api/v1/patients/{id}/plans/draft", null).Expect(HttpStatusCode.Created);
        var planId = plan.GetProperty("id").GetGuid();
        await counselor.PostJson($"/api/v1/patients/{id}/plans/{planId}/acknowledge", new { method = "signature-on-screen", patientName = "Plan Case" })
            .ExpectProblem(HttpStatusCode.Conflict);
        await counselor.PostAsync($"/api/v1/patients/{id}/plans/{planId}/sign", null).Expect(HttpStatusCode.OK);
        await counselor.PostJson($"/api/v1/patients/{id}/plans/{planId}/acknowledge", new { method = "verbal-with-witness", patientName = "Plan Case" })
            .ExpectProblem(HttpStatusCode.BadRequest, "witness");
        var acknowledged = await counselor.PostJson($"/api/v1/patients/{id}/plans/{planId}/acknowledge", new { method = "verbal-with-witness", patientName = "Plan Case", witness = "Dana Ortiz, RN" })
            .Expect(HttpStatusCode.OK);
        Assert.Equal("Dana Ortiz, RN", acknowledged.GetProperty("acknowledgementWitness").GetString());

        var codes = acknowledged.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("code").GetString()!).ToList();
        await counselor.PostJson($"/api/v1/patients/{id}/plans/{planId}/reviews", new { progress = new Dictionary<string, string> { [codes[0]] = "met" } })
            .ExpectProblem(HttpStatusCode.BadRequest, $"progress.{codes[1]}");
        var reviewed = await counselor.PostJson($"/api/v1/patients/{id}/plans/{planId}/reviews", new { progress = codes.ToDictionary(c => c, c => "progressing"), notes = "engaged" })
            .Expect(HttpStatusCode.OK);
        Assert.Equal("progressing", reviewed.GetProperty("reviews")[0].GetProperty("progress").GetProperty(codes[0]).GetString());
    }

    [Fact]
    public async Task Unsigned_plans_appear_on_the_work_list()
    {
        using var counselor = await Server.As("counselor");
        var id = await AssessedPatientAsync(counselor);
        var plan = await counselor.PostAsync($"/api/v1/patients/{id}/plans/draft", null).Expect(HttpStatusCode.Created);
        var work = await counselor.GetAsync("/api/v1/plans/worklist").Expect(HttpStatusCode.OK);
        Assert.Contains(work.EnumerateArray(), w => w.GetProperty("planId").GetGuid() == plan.GetProperty("id").GetGuid()
            && w.GetProperty("reason").GetString() == "needs signature");
    }
}

public sealed class TreatmentPlanApiOnSqlite(SqliteClinic fixture) : TreatmentPlanApiTests(fixture), IClassFixture<SqliteClinic>;

public sealed class TreatmentPlanApiOnPostgres(PostgresClinic fixture) : TreatmentPlanApiTests(fixture), IClassFixture<PostgresClinic>;
