using System.Net;
using System.Text.Json;
using Mainstay.Tests.Features.Access;
using Mainstay.Tests.Infrastructure;

namespace Mainstay.Tests.Features.Patients;

/// <summary>The patient registry over HTTP. Every test runs on SQLite and on PostgreSQL.</summary>
public abstract class PatientRegistryApiTests(ClinicFixture fixture)
{
    private ClinicServer Server => fixture.Server;

    private static object NewPatient(string given, string family, string birthDate = "1988-04-12", int siteId = 1, string sex = "female") =>
        new { givenName = given, familyName = family, birthDate, sexAtBirth = sex, siteId };

    private static string Unique(string stem) => stem + Guid.NewGuid().ToString("N")[..6];

    [Fact]
    public async Task Registering_a_patient_answers_201_with_id_and_mrn()
    {
        using var intake = await Server.As("intake");
        var family = Unique("Quinlan");
        using var response = await intake.PostJson("/api/v1/patients", NewPatient("Maeve", family));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Json();
        var id = body.GetProperty("id").GetGuid();
        Assert.Matches(@"^MS-\d{7}-\d$", body.GetProperty("mrn").GetString());
        Assert.Equal($"/api/v1/patients/{id}", response.Headers.Location?.OriginalString);
        Assert.False(body.GetProperty("possibleDuplicate").GetBoolean());

        var read = await intake.GetAsync($"/api/v1/patients/{id}").Expect(HttpStatusCode.OK);
        Assert.Equal(family, read.GetProperty("familyName").GetString());
        Assert.Equal("1988-04-12", read.GetProperty("birthDate").GetString());
        Assert.Equal("female", read.GetProperty("sexAtBirth").GetString());
        Assert.Equal("active", read.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Search_finds_a_patient_by_name_parts_mrn_and_birth_date()
    {
        using var intake = await Server.As("intake");
        var family = Unique("Okonkwo");
        var created = await intake.PostJson("/api/v1/patients", NewPatient("Chidera", family, "1979-11-30")).Expect(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        var mrn = created.GetProperty("mrn").GetString()!;

        foreach (var q in new[] { family, family.ToLowerInvariant()[..7], $"chid {family}", $"{family}, chidera", mrn, $"{family} 1979-11-30", $"chidera 11/30/1979" })
        {
            var found = await intake.GetAsync($"/api/v1/patients?q={Uri.EscapeDataString(q)}").Expect(HttpStatusCode.OK);
            Assert.True(found.EnumerateArray().Any(p => p.GetProperty("id").GetGuid() == id), $"'{q}' should find the patient");
        }

        var none = await intake.GetAsync($"/api/v1/patients?q={family}+1980-01-01").Expect(HttpStatusCode.OK);
        Assert.Empty(none.EnumerateArray());
    }

    [Fact]
    public async Task Search_finds_demo_patients_and_respects_the_limit()
    {
        using var nurse = await Server.As("nurse");
        var results = await nurse.GetAsync("/api/v1/patients?q=a&limit=5").Expect(HttpStatusCode.OK);
        Assert.Equal(5, results.GetArrayLength());
        await nurse.GetAsync("/api/v1/patients?q=a&limit=0").ExpectProblem(HttpStatusCode.BadRequest, "limit");
        await nurse.GetAsync("/api/v1/patients?q=a&limit=ten").ExpectProblem(HttpStatusCode.BadRequest, "limit");
    }

    [Fact]
    public async Task Same_name_and_birth_date_is_flagged_as_a_possible_duplicate_not_refused()
    {
        using var intake = await Server.As("intake");
        var family = Unique("Nakamura");
        var first = await intake.PostJson("/api/v1/patients", NewPatient("Ren", family, "1992-07-01")).Expect(HttpStatusCode.Created);
        var second = await intake.PostJson("/api/v1/patients", NewPatient("ren", family.ToUpperInvariant(), "1992-07-01", siteId: 2)).Expect(HttpStatusCode.Created);

        Assert.True(second.GetProperty("possibleDuplicate").GetBoolean());
        Assert.Contains(second.GetProperty("possibleDuplicates").EnumerateArray(), d => d.GetProperty("mrn").GetString() == first.GetProperty("mrn").GetString());
        Assert.Contains(second.GetProperty("alerts").EnumerateArray(), a => a.GetProperty("kind").GetString() == "possible-duplicate");
        Assert.NotEqual(first.GetProperty("mrn").GetString(), second.GetProperty("mrn").GetString());
    }

    [Fact]
    public async Task The_same_person_registered_several_times_at_once_is_flagged_as_a_possible_duplicate()
    {
        using var intake = await Server.As("intake");
        var family = Unique("Okafor");
        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => intake.PostJson("/api/v1/patients", NewPatient("Ada", family, "1990-03-04"))));
        var charts = await Task.WhenAll(answers.Select(a => Task.FromResult(a).Expect(HttpStatusCode.Created)));
        // One after the other: each chart after the first sees the ones before it.
        Assert.Equal(3, charts.Count(c => c.GetProperty("possibleDuplicate").GetBoolean()));
        Assert.Equal(4, charts.Select(c => c.GetProperty("mrn").GetString()).Distinct().Count());
    }

    [Fact]
    public async Task Missing_fields_are_each_named_in_one_problem()
    {
        using var intake = await Server.As("intake");
        var problem = await intake.PostJson("/api/v1/patients", new { middleName = "x" }).ExpectProblem(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "givenName", "familyName", "birthDate", "sexAtBirth", "siteId" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"'{field}' should be named: {problem}");
        }
    }

    [Theory]
    [InlineData("""{"givenName":"A","familyName":"B","birthDate":"1990-02-30","sexAtBirth":"female","siteId":1}""", "birthDate")]
    [InlineData("""{"givenName":"A","familyName":"B","birthDate":"03/04/1990","sexAtBirth":"female","siteId":1}""", "birthDate")]
    [InlineData("""{"givenName":"A","familyName":"B","birthDate":"2999-01-01","sexAtBirth":"female","siteId":1}""", "birthDate")]
    [InlineData("""{"givenName":"A","familyName":"B","birthDate":"1990-01-01","sexAtBirth":"robot","siteId":1}""", "sexAtBirth")]
    [InlineData("""{"givenName":"A","familyName":"B","birthDate":"1990-01-01","sexAtBirth":"male","siteId":999}""", "siteId")]
    [InlineData("""{"givenName":"A","familyName":"B","birthDate":"1990-01-01","sexAtBirth":"male","siteId":"one"}""", "siteId")]
    [InlineData("""{"givenName":7,"familyName":"B","birthDate":"1990-01-01","sexAtBirth":"male","siteId":1}""", "givenName")]
    [InlineData("""{"givenName":["A"],"familyName":"B","birthDate":"1990-01-01","sexAtBirth":"male","siteId":1}""", "givenName")]
    [InlineData("""{"givenName":"A","familyName":"B","birthDate":"1990-01-01","sexAtBirth":"male","siteId":1,"email":"not-mail"}""", "email")]
    [InlineData("""{"givenName":"A","familyName":"B","birthDate":"1990-01-01","sexAtBirth":"male","siteId":1,"postalCode":"ABCDE"}""", "postalCode")]
    [InlineData("""{"givenName":"   ","familyName":"B","birthDate":"1990-01-01","sexAtBirth":"male","siteId":1}""", "givenName")]
    [InlineData("""{"givenName":"A","familyName":"B","birthDate":"1990-01-01","sexAtBirth":"male","siteId":1,"race":"martian"}""", "race")]
    [InlineData("""{"givenName":"A","familyName":"B","birthDate":"1990-01-01","sexAtBirth":"male","siteId":1,"ethnicity":"hispanic"}""", "ethnicity")]
    public async Task Bad_fields_get_a_400_naming_the_field(string body, string field)
    {
        using var intake = await Server.As("intake");
        await intake.PostRaw("/api/v1/patients", body).ExpectProblem(HttpStatusCode.BadRequest, field);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[1,2,3]")]
    [InlineData("""{"givenName":"A",}""")]
    public async Task Malformed_bodies_get_a_400_problem(string body)
    {
        using var intake = await Server.As("intake");
        await intake.PostRaw("/api/v1/patients", body).ExpectProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_refused()
    {
        using var intake = await Server.As("intake");
        await intake.PostRaw("/api/v1/patients", "givenName=A", "application/x-www-form-urlencoded").ExpectProblem(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task A_refused_registration_writes_nothing()
    {
        using var intake = await Server.As("intake");
        var family = Unique("Halfwritten");
        await intake.PostJson("/api/v1/patients", new { givenName = "A", familyName = family, birthDate = "1990-01-01", sexAtBirth = "nope", siteId = 1 })
            .ExpectProblem(HttpStatusCode.BadRequest, "sexAtBirth");
        var found = await intake.GetAsync($"/api/v1/patients?q={family}").Expect(HttpStatusCode.OK);
        Assert.Empty(found.EnumerateArray());
    }

    [Fact]
    public async Task Anonymous_callers_get_401_and_roles_without_the_right_get_403()
    {
        using var anonymous = Server.Anonymous();
        await anonymous.GetAsync("/api/v1/patients?q=a").ExpectProblem(HttpStatusCode.Unauthorized);
        await anonymous.PostJson("/api/v1/patients", NewPatient("A", "B")).ExpectProblem(HttpStatusCode.Unauthorized);
        await anonymous.GetAsync($"/api/v1/patients/{Guid.NewGuid()}").ExpectProblem(HttpStatusCode.Unauthorized);

        using var auditor = await Server.As("auditor");
        await auditor.GetAsync("/api/v1/patients?q=a").ExpectProblem(HttpStatusCode.Forbidden);
        using var patient = await Server.As("patient");
        await patient.GetAsync("/api/v1/patients?q=a").ExpectProblem(HttpStatusCode.Forbidden);
        using var director = await Server.As("director");
        await director.GetAsync("/api/v1/patients?q=a").Expect(HttpStatusCode.OK);
        await director.PostJson("/api/v1/patients", NewPatient("A", "B")).ExpectProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_garbled_bearer_token_gets_401()
    {
        using var client = Server.Anonymous();
        client.DefaultRequestHeaders.Authorization = new("Bearer", "not-a-token");
        await client.GetAsync("/api/v1/patients?q=a").ExpectProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Staff_see_only_the_sites_they_are_granted()
    {
        using var intake = await Server.As("intake");
        var family = Unique("Sitewall");
        var atDowntown = await intake.PostJson("/api/v1/patients", NewPatient("Ada", family, siteId: 1)).Expect(HttpStatusCode.Created);
        var downtownId = atDowntown.GetProperty("id").GetGuid();

        using var eastNurse = await Server.As("nurse.east");
        var sites = await eastNurse.GetAsync("/api/v1/sites").Expect(HttpStatusCode.OK);
        Assert.Equal([2], sites.EnumerateArray().Select(s => s.GetProperty("id").GetInt32()));

        await eastNurse.GetAsync($"/api/v1/patients/{downtownId}").ExpectProblem(HttpStatusCode.NotFound);
        var found = await eastNurse.GetAsync($"/api/v1/patients?q={family}").Expect(HttpStatusCode.OK);
        Assert.Empty(found.EnumerateArray());
        var all = await eastNurse.GetAsync("/api/v1/patients?q=a&limit=200").Expect(HttpStatusCode.OK);
        Assert.All(all.EnumerateArray(), p => Assert.Equal(2, p.GetProperty("siteId").GetInt32()));

        await eastNurse.PostJson("/api/v1/patients", NewPatient("Bo", family, siteId: 1)).ExpectProblem(HttpStatusCode.Forbidden);
        await eastNurse.PatchJson($"/api/v1/patients/{downtownId}", new { phone = "(937) 555-0101" }).ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Unknown_patient_ids_get_404_and_malformed_ids_are_not_found()
    {
        using var nurse = await Server.As("nurse");
        await nurse.GetAsync($"/api/v1/patients/{Guid.NewGuid()}").ExpectProblem(HttpStatusCode.NotFound);
        await nurse.GetAsync("/api/v1/patients/12345").ExpectProblem(HttpStatusCode.NotFound);
        await nurse.GetAsync("/api/v1/no-such-thing").ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Demographic_changes_are_versioned_and_kept_in_history()
    {
        using var intake = await Server.As("intake");
        var created = await intake.PostJson("/api/v1/patients", NewPatient("Lena", Unique("Voss"))).Expect(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();

        var updated = await intake.PatchJson($"/api/v1/patients/{id}", new { phone = "(937) 555-0199", familyName = "Voss-Klein", reason = "married", version = 1 })
            .Expect(HttpStatusCode.OK);
        Assert.Equal("Voss-Klein", updated.GetProperty("familyName").GetString());
        Assert.Equal(2, updated.GetProperty("version").GetInt32());

        var history = await intake.GetAsync($"/api/v1/patients/{id}/history").Expect(HttpStatusCode.OK);
        var revision = history.EnumerateArray().Single();
        Assert.Equal("intake", revision.GetProperty("changedBy").GetString());
        Assert.Equal("married", revision.GetProperty("reason").GetString());
        Assert.Equal("Voss-Klein", revision.GetProperty("changes").GetProperty("familyName").GetProperty("to").GetString());

        await intake.PatchJson($"/api/v1/patients/{id}", new { phone = "(937) 555-0100", version = 1 }).ExpectProblem(HttpStatusCode.Conflict);
        await intake.PatchJson($"/api/v1/patients/{id}", new { birthDate = "tomorrow" }).ExpectProblem(HttpStatusCode.BadRequest, "birthDate");

        // The sex at birth is kept by the name the API takes, and the chart's history shows each change in words.
        await intake.PatchJson($"/api/v1/patients/{id}", new { sexAtBirth = "male", reason = "registered in error as female" }).Expect(HttpStatusCode.OK);
        var sex = (await intake.GetAsync($"/api/v1/patients/{id}/history").Expect(HttpStatusCode.OK)).EnumerateArray().First().GetProperty("changes").GetProperty("sexAtBirth");
        Assert.Equal(("female", "male"), (sex.GetProperty("from").GetString(), sex.GetProperty("to").GetString()));
        using (var page = new CookieSession(Server.BaseAddress))
        {
            await page.SignInAsync("intake", "intake-demo-2026");
            var html = WebUtility.HtmlDecode(await page.Client.GetStringAsync($"/patients/{id}"));
            var shown = html[html.IndexOf("id=\"history-h\"", StringComparison.Ordinal)..];
            var text = System.Text.RegularExpressions.Regex.Replace(shown, "<[^>]+>", "");
            Assert.Contains("Sex at birth: female → male", text, StringComparison.Ordinal);
            Assert.Contains("Family name: " + created.GetProperty("familyName").GetString() + " → Voss-Klein", text, StringComparison.Ordinal);
            Assert.Contains("Phone: — → (937) 555-0199", text, StringComparison.Ordinal);
            Assert.DoesNotContain("\"from\"", shown, StringComparison.Ordinal);
        }

        var found = await intake.GetAsync("/api/v1/patients?q=voss+klein").Expect(HttpStatusCode.OK);
        Assert.Contains(found.EnumerateArray(), p => p.GetProperty("id").GetGuid() == id);
    }

    [Fact]
    public async Task Race_and_ethnicity_given_at_registration_are_on_the_chart_and_a_change_is_kept_in_its_history()
    {
        using var intake = await Server.As("intake");
        var created = await intake.PostJson("/api/v1/patients", new
        {
            givenName = "Noor",
            familyName = Unique("Haddad"),
            birthDate = "1991-07-02",
            sexAtBirth = "female",
            siteId = 1,
            race = "Asian", // the category's name in any case
            ethnicity = "not-hispanic-or-latino",
        }).Expect(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal("asian", created.GetProperty("race").GetString());
        Assert.Equal("not-hispanic-or-latino", created.GetProperty("ethnicity").GetString());

        // Left out, they are unknown.
        var plain = await intake.PostJson("/api/v1/patients", NewPatient("Ines", Unique("Moreau"))).Expect(HttpStatusCode.Created);
        Assert.Equal("unknown", plain.GetProperty("race").GetString());
        Assert.Equal("unknown", plain.GetProperty("ethnicity").GetString());

        // A change is a revision like any other; an empty value sets it back to unknown; other fields stay.
        var changed = await intake.PatchJson($"/api/v1/patients/{id}", new { race = "two-or-more-races", ethnicity = "", reason = "patient corrected it", version = 1 })
            .Expect(HttpStatusCode.OK);
        Assert.Equal("two-or-more-races", changed.GetProperty("race").GetString());
        Assert.Equal("unknown", changed.GetProperty("ethnicity").GetString());
        Assert.Equal(2, changed.GetProperty("version").GetInt32());
        var revision = (await intake.GetAsync($"/api/v1/patients/{id}/history").Expect(HttpStatusCode.OK)).EnumerateArray().Single();
        var changes = revision.GetProperty("changes");
        Assert.Equal("asian", changes.GetProperty("race").GetProperty("from").GetString());
        Assert.Equal("two-or-more-races", changes.GetProperty("race").GetProperty("to").GetString());
        Assert.Equal("not-hispanic-or-latino", changes.GetProperty("ethnicity").GetProperty("from").GetString());
        Assert.Equal("unknown", changes.GetProperty("ethnicity").GetProperty("to").GetString());

        // Left out of a change, they stay as they are.
        var phoned = await intake.PatchJson($"/api/v1/patients/{id}", new { phone = "(937) 555-0142" }).Expect(HttpStatusCode.OK);
        Assert.Equal("two-or-more-races", phoned.GetProperty("race").GetString());
        Assert.Equal(3, phoned.GetProperty("version").GetInt32());

        // The same again changes nothing; a category that is not one is refused with the ones there are, and nothing changes.
        var same = await intake.PatchJson($"/api/v1/patients/{id}", new { race = "TWO-OR-MORE-RACES" }).Expect(HttpStatusCode.OK);
        Assert.Equal(3, same.GetProperty("version").GetInt32());
        var refused = await intake.PatchJson($"/api/v1/patients/{id}", new { race = "martian", phone = "(937) 555-0177" }).ExpectProblem(HttpStatusCode.BadRequest, "race");
        Assert.Contains("black-or-african-american", refused.GetRawText(), StringComparison.Ordinal);
        var read = await intake.GetAsync($"/api/v1/patients/{id}").Expect(HttpStatusCode.OK);
        Assert.Equal(3, read.GetProperty("version").GetInt32());
        Assert.Equal("(937) 555-0142", read.GetProperty("phone").GetString());
    }

    [Fact]
    public async Task Entered_in_error_needs_a_reason_hides_from_search_and_deletes_nothing()
    {
        using var intake = await Server.As("intake");
        var family = Unique("Mistake");
        var created = await intake.PostJson("/api/v1/patients", NewPatient("Typo", family)).Expect(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();

        await intake.PostJson($"/api/v1/patients/{id}/status", new { status = "entered-in-error" }).ExpectProblem(HttpStatusCode.BadRequest, "reason");
        await intake.PostJson($"/api/v1/patients/{id}/status", new { status = "deleted" }).ExpectProblem(HttpStatusCode.BadRequest, "status");
        var marked = await intake.PostJson($"/api/v1/patients/{id}/status", new { status = "entered-in-error", reason = "registered twice at the front desk" })
            .Expect(HttpStatusCode.OK);
        Assert.Equal("entered-in-error", marked.GetProperty("status").GetString());

        var found = await intake.GetAsync($"/api/v1/patients?q={family}").Expect(HttpStatusCode.OK);
        Assert.Empty(found.EnumerateArray());
        var still = await intake.GetAsync($"/api/v1/patients/{id}").Expect(HttpStatusCode.OK);
        Assert.Contains(still.GetProperty("alerts").EnumerateArray(), a => a.GetProperty("kind").GetString() == "entered-in-error");
    }

    [Fact]
    public async Task Allergies_show_in_the_chart_header_with_severe_ones_as_alerts()
    {
        using var nurse = await Server.As("nurse");
        var created = await nurse.PostJson("/api/v1/patients", NewPatient("Iris", Unique("Allergic"))).Expect(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        await nurse.PostJson($"/api/v1/patients/{id}/allergies", new { substance = "Codeine", reaction = "anaphylaxis", severity = "severe" }).Expect(HttpStatusCode.Created);
        await nurse.PostJson($"/api/v1/patients/{id}/allergies", new { substance = "", severity = "awful" }).ExpectProblem(HttpStatusCode.BadRequest, "substance");

        var chart = await nurse.GetAsync($"/api/v1/patients/{id}").Expect(HttpStatusCode.OK);
        Assert.Equal("Codeine", chart.GetProperty("allergies")[0].GetProperty("substance").GetString());
        Assert.Contains(chart.GetProperty("alerts").EnumerateArray(), a => a.GetProperty("kind").GetString() == "allergy");
    }

    [Fact]
    public async Task Every_read_and_change_of_a_chart_is_in_the_audit_trail()
    {
        using var intake = await Server.As("intake");
        var created = await intake.PostJson("/api/v1/patients", NewPatient("Audra", Unique("Trail"))).Expect(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        using var nurse = await Server.As("nurse");
        await nurse.GetAsync($"/api/v1/patients/{id}").Expect(HttpStatusCode.OK);
        await intake.PatchJson($"/api/v1/patients/{id}", new { city = "Xenia" }).Expect(HttpStatusCode.OK);

        using var auditor = await Server.As("auditor");
        var events = await auditor.GetAsync($"/api/v1/audit/events?patientId={id}").Expect(HttpStatusCode.OK);
        var seen = events.EnumerateArray().Select(e => (e.GetProperty("username").GetString(), e.GetProperty("action").GetString())).ToList();
        Assert.Contains(("intake", "create"), seen);
        Assert.Contains(("nurse", "read"), seen);
        Assert.Contains(("intake", "update"), seen);
        var read = events.EnumerateArray().First(e => e.GetProperty("action").GetString() == "read");
        Assert.Equal("nurse", read.GetProperty("role").GetString());
        Assert.Equal(1, read.GetProperty("siteId").GetInt32());
        Assert.Equal("treatment", read.GetProperty("purpose").GetString());
        Assert.False(string.IsNullOrEmpty(read.GetProperty("clientAddress").GetString()));

        var verify = await auditor.GetAsync("/api/v1/audit/verify").Expect(HttpStatusCode.OK);
        Assert.True(verify.GetProperty("isIntact").GetBoolean(), verify.ToString());

        await nurse.GetAsync("/api/v1/audit/events").ExpectProblem(HttpStatusCode.Forbidden);
        await auditor.GetAsync("/api/v1/audit/events?patientId=nope").ExpectProblem(HttpStatusCode.BadRequest, "patientId");
    }

    [Fact]
    public async Task Registrations_at_the_same_moment_get_distinct_mrns_and_the_chain_holds()
    {
        using var intake = await Server.As("intake");
        var family = Unique("Rush");
        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            intake.PostJson("/api/v1/patients", NewPatient("P" + i, family))));
        var mrns = new List<string>();
        foreach (var r in responses)
        {
            Assert.Equal(HttpStatusCode.Created, r.StatusCode);
            mrns.Add((await r.Json()).GetProperty("mrn").GetString()!);
            r.Dispose();
        }

        Assert.Equal(12, mrns.Distinct().Count());
        using var auditor = await Server.As("auditor");
        var verify = await auditor.GetAsync("/api/v1/audit/verify").Expect(HttpStatusCode.OK);
        Assert.True(verify.GetProperty("isIntact").GetBoolean(), verify.ToString());
    }
}

public sealed class PatientRegistryApiOnSqlite(SqliteClinic fixture) : PatientRegistryApiTests(fixture), IClassFixture<SqliteClinic>;

public sealed class PatientRegistryApiOnPostgres(PostgresClinic fixture) : PatientRegistryApiTests(fixture), IClassFixture<PostgresClinic>;
