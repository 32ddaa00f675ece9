using System.Net;
using Mainstay.Tests.Infrastructure;

namespace Mainstay.Tests.Features.Intake;

/// <summary>Instruments, consents and intake assessments over HTTP, on SQLite and PostgreSQL.</summary>
public abstract class IntakeApiTests(ClinicFixture fixture)
{
    private ClinicServer Server => fixture.Server;

    private async Task<Guid> NewPatientAsync(HttpClient client, string sex = "female")
    {
        var created = await client.PostJson("/api/v1/patients", new
        {
            givenName = "Intake",
            familyName = "Case" + Guid.NewGuid().ToString("N")[..6],
            birthDate = "1991-03-15",
            sexAtBirth = sex,
            siteId = 1,
        }).Expect(HttpStatusCode.Created);
        return created.GetProperty("id").GetGuid();
    }

    private static readonly object FullContent = new
    {
        history = new
        {
            substances = new object[]
            {
                new { substance = "fentanyl", routes = new[] { "injection" }, frequency = "daily" },
                new { substance = "alcohol", routes = new[] { "oral" }, frequency = "weekly" },
            },
            lastOpioidUse = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd"),
            traumaHistory = true,
            chronicPain = true,
            housing = "homeless",
            pregnancy = "pregnant",
            complications = new { hepatitisC = "unknown", hiv = "negative", hivLastTest = "2020-01-01" },
        },
        instruments = new Dictionary<string, object>
        {
            ["dsm5-oud"] = new { answers = Enumerable.Range(1, 11).ToDictionary(i => $"c{i}", i => i <= 6 ? 1 : 0) },
            ["phq9"] = new { answers = new { q1 = 0, q2 = 0, q3 = 0, q4 = 1, q5 = 2, q6 = 1, q7 = 3, q8 = 2, q9 = 1 } },
            ["ort"] = new { answers = OrtAnswers(withAge: false) },
        },
        asam = new { withdrawal = 1, biomedical = 1, emotionalBehavioralCognitive = 1, readinessToChange = 1, relapsePotential = 2, recoveryEnvironment = 2 },
    };

    [Fact]
    public async Task Every_instrument_is_listed_with_items_and_allowed_answers()
    {
        using var anonymous = Server.Anonymous();
        var list = await anonymous.GetAsync("/api/v1/instruments").Expect(HttpStatusCode.OK);
        var codes = list.EnumerateArray().Select(i => i.GetProperty("code").GetString()).ToList();
        foreach (var code in new[] { "cows", "sows", "dsm5-oud", "ort", "phq9", "gad7", "pcptsd5", "ace" })
        {
            Assert.Contains(code, codes);
        }

        var cows = list.EnumerateArray().Single(i => i.GetProperty("code").GetString() == "cows");
        var pulse = cows.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetString() == "pulse");
        Assert.Equal([0, 1, 2, 4], pulse.GetProperty("allowedAnswers").EnumerateArray().Select(a => a.GetProperty("value").GetInt32()));
    }

    [Fact]
    public async Task The_sdc_phq9_example_scores_10_and_item_9_raises_the_alert()
    {
        using var anonymous = Server.Anonymous();
        var score = await anonymous.PostJson("/api/v1/instruments/phq9/score", new
        {
            answers = new { q1 = 0, q2 = 0, q3 = 0, q4 = 1, q5 = 2, q6 = 1, q7 = 3, q8 = 2, q9 = 1 },
        }).Expect(HttpStatusCode.OK);
        Assert.Equal(10, score.GetProperty("total").GetInt32());
        Assert.Equal("moderate", score.GetProperty("band").GetString());
        Assert.Contains(score.GetProperty("alerts").EnumerateArray(), a => a.GetProperty("code").GetString() == "self-harm");
    }

    [Fact]
    public async Task Ort_needs_sex_at_birth_and_weights_by_it()
    {
        using var anonymous = Server.Anonymous();
        await anonymous.PostJson("/api/v1/instruments/ort/score", new { answers = OrtAnswers() }).ExpectProblem(HttpStatusCode.BadRequest, "sexAtBirth");
        var female = await anonymous.PostJson("/api/v1/instruments/ort/score", new { answers = OrtAnswers(), sexAtBirth = "female" }).Expect(HttpStatusCode.OK);
        var male = await anonymous.PostJson("/api/v1/instruments/ort/score", new { answers = OrtAnswers(), sexAtBirth = "male" }).Expect(HttpStatusCode.OK);
        Assert.Equal(1, female.GetProperty("total").GetInt32());
        Assert.Equal(3, male.GetProperty("total").GetInt32());
    }

    /// <summary>Only a family history of alcohol abuse: 1 point for a female, 3 for a male (Webster &amp; Webster 2005).</summary>
    private static Dictionary<string, int> OrtAnswers(bool withAge = true)
    {
        var answers = new[]
        {
            "family-alcohol", "family-illegal-drugs", "family-rx-drugs", "personal-alcohol", "personal-illegal-drugs", "personal-rx-drugs",
            "preadolescent-sexual-abuse", "add-ocd-bipolar-schizophrenia", "depression",
        }.ToDictionary(k => k, k => k == "family-alcohol" ? 1 : 0);
        if (withAge)
        {
            answers["age"] = 0;
        }

        return answers;
    }

    [Theory]
    [InlineData("cows", """{"answers":{"pulse":3}}""", "pulse")]
    [InlineData("phq9", """{"answers":{"q1":0}}""", "q2")]
    [InlineData("phq9", """{"answers":{"q1":"often"}}""", "answers.q1")]
    [InlineData("gad7", """{"answers":{"nonsense":1}}""", "nonsense")]
    public async Task Bad_answers_get_a_400_naming_the_item(string code, string body, string field)
    {
        using var anonymous = Server.Anonymous();
        await anonymous.PostRaw($"/api/v1/instruments/{code}/score", body).ExpectProblem(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task An_unknown_instrument_is_not_found()
    {
        using var anonymous = Server.Anonymous();
        await anonymous.PostJson("/api/v1/instruments/mmse/score", new { answers = new { } }).ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_consent_needs_every_element_and_a_revocation_is_kept()
    {
        using var intake = await Server.As("intake");
        var id = await NewPatientAsync(intake);
        var problem = await intake.PostJson($"/api/v1/patients/{id}/consents", new { recipient = "Dr. Lee" }).ExpectProblem(HttpStatusCode.BadRequest);
        foreach (var field in new[] { "discloser", "information", "purpose", "signedBy", "signedOn", "expiresOn", "rightToRevokeExplained" })
        {
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{field} should be named: {problem}");
        }

        var consent = await intake.PostJson($"/api/v1/patients/{id}/consents", new
        {
            discloser = "Riverbend Downtown OTP",
            recipient = "Dr. Ana Lee, Riverbend Primary Care",
            information = "diagnosis, medication and dose",
            purpose = "coordination of care",
            expiresOn = DateTime.UtcNow.AddYears(1).ToString("yyyy-MM-dd"),
            signedBy = "Intake Case",
            signedOn = DateTime.UtcNow.ToString("yyyy-MM-dd"),
            rightToRevokeExplained = true,
        }).Expect(HttpStatusCode.Created);
        Assert.Equal("active", consent.GetProperty("state").GetString());
        var consentId = consent.GetProperty("id").GetGuid();

        await intake.PostJson($"/api/v1/patients/{id}/consents/{consentId}/revoke", new { }).ExpectProblem(HttpStatusCode.BadRequest, "reason");
        var revoked = await intake.PostJson($"/api/v1/patients/{id}/consents/{consentId}/revoke", new { reason = "in writing, letter received" }).Expect(HttpStatusCode.OK);
        Assert.Equal("revoked", revoked.GetProperty("state").GetString());
        await intake.PostJson($"/api/v1/patients/{id}/consents/{consentId}/revoke", new { reason = "again" }).ExpectProblem(HttpStatusCode.Conflict);

        var list = await intake.GetAsync($"/api/v1/patients/{id}/consents").Expect(HttpStatusCode.OK);
        Assert.Equal("revoked", list.EnumerateArray().Single().GetProperty("state").GetString());
    }

    [Fact]
    public async Task An_intake_assessment_goes_from_draft_to_completed_to_signed_and_draws_the_profile()
    {
        using var intake = await Server.As("intake");
        var id = await NewPatientAsync(intake);
        var draft = await intake.PostJson($"/api/v1/patients/{id}/assessments", new { }).Expect(HttpStatusCode.Created);
        var aid = draft.GetProperty("id").GetGuid();
        Assert.Equal("draft", draft.GetProperty("status").GetString());

        var incomplete = await intake.PostAsync($"/api/v1/patients/{id}/assessments/{aid}/complete", null).ExpectProblem(HttpStatusCode.BadRequest);
        Assert.True(incomplete.GetProperty("errors").TryGetProperty("instruments.dsm5-oud", out _), incomplete.ToString());
        Assert.True(incomplete.GetProperty("errors").TryGetProperty("asam", out _), incomplete.ToString());

        await intake.PutAsync($"/api/v1/patients/{id}/assessments/{aid}", System.Net.Http.Json.JsonContent.Create(FullContent)).Expect(HttpStatusCode.OK);
        var completed = await intake.PostAsync($"/api/v1/patients/{id}/assessments/{aid}/complete", null).Expect(HttpStatusCode.OK);
        Assert.Equal("completed", completed.GetProperty("status").GetString());
        var results = completed.GetProperty("results");
        Assert.Equal("severe", results.GetProperty("diagnosis").GetProperty("severity").GetString());
        Assert.Equal("F11.20", results.GetProperty("diagnosis").GetProperty("icd10Code").GetString());
        var alerts = results.GetProperty("profile").GetProperty("alerts").EnumerateArray().Select(a => a.GetProperty("code").GetString()).ToList();
        foreach (var code in new[] { "self-harm", "pregnancy", "injection-use", "fentanyl", "sedative-co-use" })
        {
            Assert.Contains(code, alerts);
        }

        var domains = results.GetProperty("profile").GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("domain").GetString()).ToHashSet();
        Assert.Contains("psychological", domains);
        Assert.Contains("environmental", domains);
        Assert.Contains("prescription-opioid-pathway", domains);
        // Female, 35 years old: family alcohol 1 + age 16-45 derived from the birth date 1.
        Assert.Equal(2, results.GetProperty("scores").GetProperty("ort").GetProperty("total").GetInt32());

        var followUps = await intake.GetAsync($"/api/v1/patients/{id}/follow-ups").Expect(HttpStatusCode.OK);
        var codes = followUps.EnumerateArray().Select(f => f.GetProperty("code").GetString()).ToList();
        Assert.Contains("hcv-test", codes);
        Assert.Contains("naloxone-kit", codes);
        Assert.Contains("safety-plan", codes);

        var hcv = followUps.EnumerateArray().First(f => f.GetProperty("code").GetString() == "hcv-test").GetProperty("id").GetGuid();
        await intake.PostJson($"/api/v1/patients/{id}/follow-ups/{hcv}/close", new { status = "done" }).ExpectProblem(HttpStatusCode.BadRequest, "outcome");
        var closed = await intake.PostJson($"/api/v1/patients/{id}/follow-ups/{hcv}/close", new { status = "done", outcome = "HCV antibody negative" }).Expect(HttpStatusCode.OK);
        Assert.Equal("done", closed.GetProperty("status").GetString());
        await intake.PostJson($"/api/v1/patients/{id}/follow-ups/{hcv}/close", new { status = "done", outcome = "again" }).ExpectProblem(HttpStatusCode.Conflict);

        await intake.PutAsync($"/api/v1/patients/{id}/assessments/{aid}", System.Net.Http.Json.JsonContent.Create(FullContent)).ExpectProblem(HttpStatusCode.Conflict);
        await intake.PostAsync($"/api/v1/patients/{id}/assessments/{aid}/sign", null).ExpectProblem(HttpStatusCode.Forbidden);
        using var counselor = await Server.As("counselor");
        var signed = await counselor.PostAsync($"/api/v1/patients/{id}/assessments/{aid}/sign", null).Expect(HttpStatusCode.OK);
        Assert.Equal("signed", signed.GetProperty("status").GetString());
        Assert.Equal("counselor", signed.GetProperty("signedBy").GetString());

        var profile = await counselor.GetAsync($"/api/v1/patients/{id}/risk-profile").Expect(HttpStatusCode.OK);
        Assert.Equal(aid, profile.GetProperty("assessmentId").GetGuid());
    }

    [Fact]
    public async Task A_signed_assessment_is_corrected_only_by_an_amendment_with_a_reason()
    {
        using var counselor = await Server.As("counselor");
        var id = await NewPatientAsync(counselor);
        var created = await counselor.PostJson($"/api/v1/patients/{id}/assessments", FullContent).Expect(HttpStatusCode.Created);
        var aid = created.GetProperty("id").GetGuid();
        await counselor.PostAsync($"/api/v1/patients/{id}/assessments/{aid}/complete", null).Expect(HttpStatusCode.OK);
        await counselor.PostAsync($"/api/v1/patients/{id}/assessments/{aid}/sign", null).Expect(HttpStatusCode.OK);

        await counselor.PostJson($"/api/v1/patients/{id}/assessments/{aid}/amend", new { content = FullContent }).ExpectProblem(HttpStatusCode.BadRequest, "reason");
        var amended = await counselor.PostJson($"/api/v1/patients/{id}/assessments/{aid}/amend", new { reason = "pregnancy test came back negative", content = FullContent })
            .Expect(HttpStatusCode.OK);
        Assert.Equal(2, amended.GetProperty("version").GetInt32());
        Assert.Equal("pregnancy test came back negative", amended.GetProperty("amendments")[0].GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Parallel_completions_of_one_draft_complete_it_once_and_open_its_follow_ups_once()
    {
        using var counselor = await Server.As("counselor");
        var id = await NewPatientAsync(counselor);
        var created = await counselor.PostJson($"/api/v1/patients/{id}/assessments", FullContent).Expect(HttpStatusCode.Created);
        var aid = created.GetProperty("id").GetGuid();

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => counselor.PostAsync($"/api/v1/patients/{id}/assessments/{aid}/complete", null)));
        var statuses = answers.Select(a => a.StatusCode).ToList();
        Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.All(statuses.Where(s => s != HttpStatusCode.OK), s => Assert.Equal(HttpStatusCode.Conflict, s));

        var followUps = await counselor.GetAsync($"/api/v1/patients/{id}/follow-ups").Expect(HttpStatusCode.OK);
        var codes = followUps.EnumerateArray().Select(f => f.GetProperty("code").GetString()).ToList();
        Assert.Contains("hcv-test", codes);
        Assert.Equal(codes.Distinct().Count(), codes.Count);
        using var auditor = await Server.As("auditor");
        var trail = await auditor.GetAsync($"/api/v1/audit/events?patientId={id}&limit=500").Expect(HttpStatusCode.OK);
        Assert.Single(trail.EnumerateArray(), e => e.GetProperty("detail").GetString()?.StartsWith("completed;", StringComparison.Ordinal) == true);

        // Two clinicians sign at the same moment: one signature. Eight amendments at once: each reads under the write lock, so
        // each is the next version over the one before it (none lost, no version twice); a client that wants to be refused
        // instead of writing over an amendment it has not seen names the version it read (below).
        using var prescriber = await Server.As("prescriber");
        var signatures = await Task.WhenAll(new[] { counselor, prescriber }.Select(c => c.PostAsync($"/api/v1/patients/{id}/assessments/{aid}/sign", null)));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], signatures.Select(a => a.StatusCode).Order());
        var amendments = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            counselor.PostAsync($"/api/v1/patients/{id}/assessments/{aid}/amend", System.Net.Http.Json.JsonContent.Create(new { reason = $"correction {i}", content = FullContent }))));
        Assert.All(amendments, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        var saved = amendments.Length;
        var amended = await counselor.GetAsync($"/api/v1/patients/{id}/assessments/{aid}").Expect(HttpStatusCode.OK);
        Assert.Equal((1 + saved, "signed"), (amended.GetProperty("version").GetInt32(), amended.GetProperty("status").GetString()));
        Assert.Equal(Enumerable.Range(2, saved), amended.GetProperty("amendments").EnumerateArray().Select(m => m.GetProperty("version").GetInt32()));

        // A client that says which version it corrects is refused once another amendment came since: nothing is written over unseen.
        var stale = await counselor.PostJson($"/api/v1/patients/{id}/assessments/{aid}/amend", new { reason = "late", content = FullContent, version = saved })
            .ExpectProblem(HttpStatusCode.Conflict);
        Assert.Contains($"version {saved + 1}", stale.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var current = await counselor.PostJson($"/api/v1/patients/{id}/assessments/{aid}/amend", new { reason = "on time", content = FullContent, version = saved + 1 })
            .Expect(HttpStatusCode.OK);
        Assert.Equal(saved + 2, current.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task A_different_level_of_care_needs_a_reason()
    {
        using var counselor = await Server.As("counselor");
        var id = await NewPatientAsync(counselor);
        var content = new
        {
            history = new { },
            instruments = new Dictionary<string, object> { ["dsm5-oud"] = new { answers = Enumerable.Range(1, 11).ToDictionary(i => $"c{i}", i => i <= 4 ? 1 : 0) } },
            asam = new { withdrawal = 0, biomedical = 0, emotionalBehavioralCognitive = 0, readinessToChange = 0, relapsePotential = 0, recoveryEnvironment = 0, chosenLevel = "3.5" },
        };
        var created = await counselor.PostJson($"/api/v1/patients/{id}/assessments", content).Expect(HttpStatusCode.Created);
        var aid = created.GetProperty("id").GetGuid();
        await counselor.PostAsync($"/api/v1/patients/{id}/assessments/{aid}/complete", null).ExpectProblem(HttpStatusCode.BadRequest, "asam.reason");
    }

    [Fact]
    public async Task Assessments_respect_roles_and_sites()
    {
        using var intake = await Server.As("intake");
        var id = await NewPatientAsync(intake);
        using var auditor = await Server.As("auditor");
        await auditor.GetAsync($"/api/v1/patients/{id}/assessments").ExpectProblem(HttpStatusCode.Forbidden);
        using var director = await Server.As("director");
        await director.PostJson($"/api/v1/patients/{id}/assessments", new { }).ExpectProblem(HttpStatusCode.Forbidden);
        using var eastNurse = await Server.As("nurse.east");
        await eastNurse.PostJson($"/api/v1/patients/{id}/assessments", new { }).ExpectProblem(HttpStatusCode.NotFound);
        await eastNurse.GetAsync($"/api/v1/patients/{id}/consents").ExpectProblem(HttpStatusCode.NotFound);
        using var anonymous = Server.Anonymous();
        await anonymous.GetAsync($"/api/v1/patients/{id}/risk-profile").ExpectProblem(HttpStatusCode.Unauthorized);
        await intake.PostRaw($"/api/v1/patients/{id}/assessments", """{"history":{"housing":"castle"}}""").ExpectProblem(HttpStatusCode.BadRequest, "history.housing");
    }
}

public sealed class IntakeApiOnSqlite(SqliteClinic fixture) : IntakeApiTests(fixture), IClassFixture<SqliteClinic>;

public sealed class IntakeApiOnPostgres(PostgresClinic fixture) : IntakeApiTests(fixture), IClassFixture<PostgresClinic>;
