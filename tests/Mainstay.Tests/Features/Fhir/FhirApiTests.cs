// Firely's model marks nearly every element nullable; the assertions below fail on a missing one.
#nullable disable warnings
using System.Net;
using System.Text.Json;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Validation;
using Mainstay.Data;
using Mainstay.Features.Fhir;
using Mainstay.Tests.Features.Access;
using Mainstay.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using R4 = Hl7.Fhir.Model;

namespace Mainstay.Tests.Features.Fhir;

/// <summary>The FHIR R4 door over HTTP, on SQLite and PostgreSQL: capability, read and search, Bundles, bulk export.</summary>
public abstract class FhirApiTests(ClinicFixture fixture)
{
    private static readonly JsonSerializerOptions Fhir = new JsonSerializerOptions().ForFhir(R4.ModelInfo.ModelInspector);

    internal static readonly string SyntheaFolder = Path.Combine(AppContext.BaseDirectory, "data", "synthea");

    private ClinicServer Server => fixture.Server;

    private static async Task<T> Read<T>(Task<HttpResponseMessage> request, HttpStatusCode status)
        where T : R4.Resource
    {
        using var response = await request;
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/fhir+json", response.Content.Headers.ContentType?.MediaType);
        var resource = JsonSerializer.Deserialize<T>(text, Fhir)!;
        // Every resource Mainstay sends parses with the Firely SDK and has the elements its type requires.
        var problems = resource.Validate(R4.ModelInfo.ModelInspector, NarrativeValidationKind.FhirXhtml, null!, true);
        Assert.True(problems.Count == 0, $"{resource.TypeName}: " + string.Join("; ", problems.Select(p => p.Message)));
        return resource;
    }

    private static IEnumerable<R4.Resource> Resources(R4.Bundle bundle) => bundle.Entry.Select(e => e.Resource);

    /// <summary>A patient with a completed intake (DSM-5 six criteria, PHQ-9 = 10), a consent and a methadone order.</summary>
    private async Task<Guid> ChartAsync(string recipient = "Riverbend Primary Care")
    {
        using var prescriber = await Server.As("prescriber");
        var p = await prescriber.PostJson("/api/v1/patients", new
        {
            givenName = "Fhir",
            familyName = "Case" + Guid.NewGuid().ToString("N")[..6],
            birthDate = "1988-02-03",
            sexAtBirth = "male",
            siteId = 1,
        }).Expect(HttpStatusCode.Created);
        var id = p.GetProperty("id").GetGuid();
        var draft = await prescriber.PostJson($"/api/v1/patients/{id}/assessments", new { }).Expect(HttpStatusCode.Created);
        var aid = draft.GetProperty("id").GetGuid();
        await prescriber.PutAsync($"/api/v1/patients/{id}/assessments/{aid}", System.Net.Http.Json.JsonContent.Create(new
        {
            history = new
            {
                substances = new object[] { new { substance = "fentanyl", routes = new[] { "smoking" }, frequency = "daily" } },
                lastOpioidUse = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd"),
            },
            asam = new { withdrawal = 1, biomedical = 1, emotionalBehavioralCognitive = 1, readinessToChange = 1, relapsePotential = 2, recoveryEnvironment = 2 },
            instruments = new Dictionary<string, object>
            {
                ["dsm5-oud"] = new { answers = Enumerable.Range(1, 11).ToDictionary(i => $"c{i}", i => i <= 6 ? 1 : 0) },
                ["phq9"] = new { answers = new { q1 = 0, q2 = 0, q3 = 0, q4 = 1, q5 = 2, q6 = 1, q7 = 3, q8 = 2, q9 = 1 } },
            },
        })).Expect(HttpStatusCode.OK);
        await prescriber.PostAsync($"/api/v1/patients/{id}/assessments/{aid}/complete", null).Expect(HttpStatusCode.OK);
        await prescriber.PostJson($"/api/v1/patients/{id}/consents", new
        {
            discloser = "Riverbend Downtown OTP",
            recipient,
            information = "diagnosis, medication and dose",
            purpose = "coordination of care",
            expiresOn = DateTime.UtcNow.AddYears(1).ToString("yyyy-MM-dd"),
            signedBy = "Fhir Case",
            signedOn = DateTime.UtcNow.ToString("yyyy-MM-dd"),
            rightToRevokeExplained = true,
        }).Expect(HttpStatusCode.Created);
        await prescriber.PostJson($"/api/v1/patients/{id}/orders", new { medication = "methadone", doseMg = 30, startDate = DateTime.Now.ToString("yyyy-MM-dd") })
            .Expect(HttpStatusCode.Created);
        return id;
    }

    [Fact]
    public async Task The_charts_a_bundle_creates_get_consecutive_medical_record_numbers_in_entry_order()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var entries = string.Join(",", Enumerable.Range(0, 3).Select(i => $$$"""
            {"fullUrl":"urn:uuid:{{{Guid.NewGuid()}}}","resource":{"resourceType":"Patient","name":[{"family":"Numbered{{{tag}}}{{{i}}}","given":["Ada"]}],
             "birthDate":"198{{{i}}}-02-03","gender":"female"},"request":{"method":"POST","url":"Patient"}}
            """));
        using var intake = await Server.As("intake");
        var created = await Read<R4.Bundle>(intake.PostRaw("/fhir", $$"""{"resourceType":"Bundle","type":"transaction","entry":[{{entries}}]}""", "application/fhir+json"), HttpStatusCode.OK);
        using var counselor = await Server.As("counselor");
        var serials = new List<long>();
        foreach (var entry in created.Entry)
        {
            var chart = await Read<R4.Patient>(counselor.GetAsync("/fhir/" + entry.Response.Location), HttpStatusCode.OK);
            var mrn = chart.Identifier.Single(i => i.System == FhirCodes.MrnSystem).Value;
            Assert.True(Mainstay.Clinical.Demographics.MedicalRecordNumber.TryParse(mrn, out var parsed), mrn);
            serials.Add(parsed.Serial);
        }

        Assert.Equal(Enumerable.Range(0, 3).Select(i => serials[0] + i), serials);
    }

    [Fact]
    public async Task The_capability_statement_is_public_and_patient_data_is_not()
    {
        using var anonymous = Server.Anonymous();
        var statement = await Read<R4.CapabilityStatement>(anonymous.GetAsync("/fhir/metadata"), HttpStatusCode.OK);
        Assert.Equal(R4.FHIRVersion.N4_0_1, statement.FhirVersion);
        var types = statement.Rest.Single().Resource.Select(r => r.Type).ToList();
        foreach (var type in new[] { "Patient", "Condition", "Observation", "QuestionnaireResponse", "MedicationRequest", "MedicationAdministration", "CarePlan", "EpisodeOfCare", "Encounter", "Consent", "AuditEvent" })
        {
            Assert.Single(types, type);
        }

        Assert.Contains(statement.Rest.Single().Operation, o => o.Name == "export");
        await anonymous.GetAsync("/fhir/Patient").ExpectStatus(HttpStatusCode.Unauthorized);
        await anonymous.GetAsync("/fhir/Observation?patient=" + Guid.NewGuid()).ExpectStatus(HttpStatusCode.Unauthorized);

        // Instruments are not patient data: anyone may render them.
        var phq9 = await Read<R4.Questionnaire>(anonymous.GetAsync("/fhir/Questionnaire/phq9"), HttpStatusCode.OK);
        Assert.All(Enumerable.Range(1, 9), i => Assert.Contains(phq9.Item, item => item.LinkId == $"q{i}"));
        Assert.Equal("44249-1", phq9.Code.Single().Code);

        using var counselor = await Server.As("counselor");
        var refused = await Read<R4.OperationOutcome>(counselor.GetAsync("/fhir/AuditEvent"), HttpStatusCode.Forbidden);
        Assert.Equal(R4.OperationOutcome.IssueType.Forbidden, refused.Issue.Single().Code);
        await Read<R4.OperationOutcome>(counselor.GetAsync("/fhir/Widget"), HttpStatusCode.NotFound);
        var bad = await Read<R4.OperationOutcome>(counselor.GetAsync("/fhir/Observation?patient=nobody"), HttpStatusCode.BadRequest);
        Assert.Contains("patient", bad.Issue.Single().Diagnostics);
        await Read<R4.OperationOutcome>(counselor.GetAsync("/fhir/Observation?date=yesterday"), HttpStatusCode.BadRequest);
        // The calendar's last year: no range past it to read (these were a 500).
        await Read<R4.OperationOutcome>(counselor.GetAsync("/fhir/Observation?date=9999-12-31"), HttpStatusCode.BadRequest);
        await Read<R4.OperationOutcome>(counselor.GetAsync("/fhir/Observation?date=lt9999-12-31T23:59:59Z"), HttpStatusCode.BadRequest);
        await Read<R4.OperationOutcome>(counselor.GetAsync("/fhir/Observation?_count=many"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_chart_reads_as_labelled_FHIR_resources_with_the_standard_codes()
    {
        var id = await ChartAsync();
        using var counselor = await Server.As("counselor");

        var patient = await Read<R4.Patient>(counselor.GetAsync($"/fhir/Patient/{id}"), HttpStatusCode.OK);
        Assert.Equal("1988-02-03", patient.BirthDate);
        Assert.Equal(R4.AdministrativeGender.Male, patient.Gender);
        Assert.Equal("urn:mainstay:mrn", patient.Identifier.Single().System);

        var condition = Resources(await Read<R4.Bundle>(counselor.GetAsync($"/fhir/Condition?patient={id}"), HttpStatusCode.OK)).Cast<R4.Condition>().Single();
        Assert.Equal("F11.20", condition.Code.Coding.Single().Code);
        Assert.Equal("http://hl7.org/fhir/sid/icd-10-cm", condition.Code.Coding.Single().System);
        Assert.Equal("active", condition.ClinicalStatus.Coding.Single().Code);

        var observations = Resources(await Read<R4.Bundle>(counselor.GetAsync($"/fhir/Observation?patient=Patient/{id}"), HttpStatusCode.OK)).Cast<R4.Observation>().ToList();
        var phq9 = observations.Single(o => o.Code.Coding.Any(c => c.System == "http://loinc.org" && c.Code == "44261-6"));
        // The SDC example's answers sum to 10 (it stores 13): Mainstay sends what it scored.
        Assert.Equal(10, ((R4.Integer)phq9.Value).Value);
        var byCode = await Read<R4.Bundle>(counselor.GetAsync($"/fhir/Observation?patient={id}&code=http://loinc.org|44261-6"), HttpStatusCode.OK);
        Assert.Equal(phq9.Id, byCode.Entry.Single().Resource.Id);
        Assert.Equal(0, (await Read<R4.Bundle>(counselor.GetAsync($"/fhir/Observation?patient={id}&date=ge2100-01-01"), HttpStatusCode.OK)).Total);
        Assert.Equal(observations.Count, (await Read<R4.Bundle>(counselor.GetAsync($"/fhir/Observation?patient={id}&date=ge2000&date=lt2100"), HttpStatusCode.OK)).Total);

        var response = Resources(await Read<R4.Bundle>(counselor.GetAsync($"/fhir/QuestionnaireResponse?patient={id}"), HttpStatusCode.OK))
            .Cast<R4.QuestionnaireResponse>().Single(r => r.Questionnaire == "urn:mainstay:questionnaire:phq9");
        Assert.Equal(9, response.Item.Count(i => i.LinkId is ['q', >= '1' and <= '9']));
        Assert.Equal("LA6571-9", ((R4.Coding)response.Item.Single(i => i.LinkId == "q7").Answer.Single().Value).Code);

        var order = Resources(await Read<R4.Bundle>(counselor.GetAsync($"/fhir/MedicationRequest?patient={id}&status=active"), HttpStatusCode.OK)).Cast<R4.MedicationRequest>().Single();
        Assert.Equal("6813", ((R4.CodeableConcept)order.Medication).Coding.Single().Code);
        Assert.Equal(30m, order.DosageInstruction.Single().DoseAndRate.Single().Dose is R4.Quantity q ? q.Value : null);

        var consent = Resources(await Read<R4.Bundle>(counselor.GetAsync($"/fhir/Consent?patient={id}"), HttpStatusCode.OK)).Cast<R4.Consent>().Single();
        Assert.Equal(R4.Consent.ConsentState.Active, consent.Status);
        Assert.Equal("Riverbend Primary Care", consent.Provision.Actor.Single().Reference.Display);

        foreach (var resource in new R4.Resource[] { patient, condition, phq9, response, order, consent })
        {
            Assert.Contains(resource.Meta.Security, s => s.Code == "42CFRPart2");
        }

        // The reads and searches are in the audit trail, with the patient.
        using var auditor = await Server.As("auditor");
        var trail = await Read<R4.Bundle>(auditor.GetAsync($"/fhir/AuditEvent?patient={id}&_count=100"), HttpStatusCode.OK);
        Assert.Contains(Resources(trail).Cast<R4.AuditEvent>(), e => e.Entity.Single().Name == "fhir/Condition" && e.Agent.Single().Who.Display == "counselor");
    }

    [Fact]
    public async Task Treatment_episodes_read_as_episodes_of_care_from_admission_to_discharge()
    {
        var id = await ChartAsync();
        var now = DateTimeOffset.UtcNow;
        var (ended, current) = (Guid.NewGuid(), Guid.NewGuid());
        await using (var scope = Server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
            Mainstay.Features.Admissions.TreatmentEpisode Episode(Guid episode, Mainstay.Features.Admissions.LevelOfCare level,
                Mainstay.Features.Admissions.PreferredMedication medication, int admittedDaysAgo, int? dischargedDaysAgo) => new()
                {
                    Id = episode,
                    PatientId = id,
                    SiteId = 1,
                    LevelOfCare = level,
                    PlannedMedication = medication,
                    AdmittedAt = now.AddDays(-admittedDaysAgo),
                    AdmittedBy = "intake",
                    DischargedAt = dischargedDaysAgo is { } d ? now.AddDays(-d) : null,
                    DischargedBy = dischargedDaysAgo is null ? null : "director",
                    DischargeReason = dischargedDaysAgo is null ? null : "completed",
                };
            db.TreatmentEpisodes.AddRange(
                Episode(ended, Mainstay.Features.Admissions.LevelOfCare.OpioidTreatmentProgram, Mainstay.Features.Admissions.PreferredMedication.Methadone, 200, 20),
                Episode(current, Mainstay.Features.Admissions.LevelOfCare.OfficeBasedOpioidTreatment, Mainstay.Features.Admissions.PreferredMedication.Buprenorphine, 5, null));
            await db.SaveChangesAsync();
        }

        using var counselor = await Server.As("counselor");
        var all = Resources(await Read<R4.Bundle>(counselor.GetAsync($"/fhir/EpisodeOfCare?patient={id}"), HttpStatusCode.OK)).Cast<R4.EpisodeOfCare>().ToList();
        Assert.Equal([current.ToString(), ended.ToString()], all.Select(e => e.Id));
        var open = all[0];
        Assert.Equal(R4.EpisodeOfCare.EpisodeOfCareStatus.Active, open.Status);
        Assert.Equal(("http://terminology.hl7.org/CodeSystem/episodeofcare-type", "da"), (open.Type.Single().Coding.Single().System, open.Type.Single().Coding.Single().Code));
        Assert.Contains("office-based-opioid-treatment", open.Type.Single().Text, StringComparison.Ordinal);
        Assert.Contains("buprenorphine", open.Type.Single().Text, StringComparison.Ordinal);
        Assert.Null(open.Period.End);
        Assert.Equal($"Patient/{id}", open.Patient.Reference);
        Assert.Contains(open.Meta.Security, s => s.Code == "42CFRPart2");

        var closed = await Read<R4.EpisodeOfCare>(counselor.GetAsync($"/fhir/EpisodeOfCare/{ended}"), HttpStatusCode.OK);
        Assert.Equal(R4.EpisodeOfCare.EpisodeOfCareStatus.Finished, closed.Status);
        Assert.Equal(now.AddDays(-20).ToUnixTimeSeconds(), DateTimeOffset.Parse(closed.Period.End, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeSeconds());
        Assert.Equal(now.AddDays(-200).ToUnixTimeSeconds(), DateTimeOffset.Parse(closed.Period.Start, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeSeconds());

        // The shared filters: status, code and date.
        var finished = Resources(await Read<R4.Bundle>(counselor.GetAsync($"/fhir/EpisodeOfCare?patient={id}&status=finished"), HttpStatusCode.OK));
        Assert.Equal([ended.ToString()], finished.Select(e => e.Id));
        var recent = Resources(await Read<R4.Bundle>(counselor.GetAsync($"/fhir/EpisodeOfCare?patient={id}&code=http://terminology.hl7.org/CodeSystem/episodeofcare-type|da&date=ge{now.AddDays(-30):yyyy-MM-dd}"), HttpStatusCode.OK));
        Assert.Equal([current.ToString()], recent.Select(e => e.Id));

        // The site wall: site 1's episodes are not found from site 2.
        using var east = await Server.As("nurse.east", "nurse-east-demo-2026");
        await Read<R4.OperationOutcome>(east.GetAsync($"/fhir/EpisodeOfCare/{current}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_urine_screens_analytes_carry_LOINC_where_confirmed_and_results_carry_SNOMED()
    {
        Guid screen;
        Dictionary<string, string> results;
        await using (var scope = Server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
            var found = await db.DrugScreens.Where(x => x.SiteId == 1 && x.Specimen == "urine" && x.Results != null && x.Results.Contains("\"fentanyl\""))
                .OrderBy(x => x.Id).Select(x => new { x.Id, x.Results }).FirstAsync();
            (screen, results) = (found.Id, System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(found.Results!)!);
        }

        using var counselor = await Server.As("counselor");
        var observation = await Read<R4.Observation>(counselor.GetAsync($"/fhir/Observation/{screen}"), HttpStatusCode.OK);
        Assert.Equal(results.Count, observation.Component.Count);
        foreach (var component in observation.Component)
        {
            var analyte = component.Code.Coding.Single(c => c.System == "urn:mainstay:analyte").Code;
            var loinc = component.Code.Coding.SingleOrDefault(c => c.System == "http://loinc.org");
            Assert.Equal(Mainstay.Features.Fhir.FhirCodes.UrineScreenLoinc.TryGetValue(analyte, out var expected) ? expected.Code : null, loinc?.Code);
            var value = (R4.CodeableConcept)component.Value;
            Assert.Equal(results[analyte], value.Text);
            Assert.Equal(results[analyte] switch { "positive" => "10828004", "negative" => "260385009", _ => null }, value.Coding.SingleOrDefault(c => c.System == "http://snomed.info/sct")?.Code);
        }

        var fentanyl = observation.Component.Single(c => c.Code.Coding.Any(x => x.Code == "fentanyl"));
        Assert.Equal(("59673-4", "fentaNYL [Presence] in Urine by Screen method"), (fentanyl.Code.Coding[1].Code, fentanyl.Code.Coding[1].Display));
    }

    [Fact]
    public async Task A_patients_sessions_read_as_encounters_finished_when_they_came_and_cancelled_when_not()
    {
        // A demo patient at site 1 who came to one session and missed another.
        Guid patient;
        List<(Guid Id, string Mark, DateTimeOffset Starts, DateTimeOffset Ends, string Facilitator)> marks;
        await using (var scope = Server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
            patient = await db.SessionAttendance.Where(a => a.SiteId == 1 && a.Mark == "no-show"
                    && db.SessionAttendance.Any(b => b.PatientId == a.PatientId && (b.Mark == "attended" || b.Mark == "late")))
                .OrderBy(a => a.PatientId).Select(a => a.PatientId).FirstAsync();
            marks = (await (from a in db.SessionAttendance
                            join x in db.CounselingSessions on a.SessionId equals x.Id
                            where a.PatientId == patient
                            select new { a.Id, a.Mark, a.SessionStartsAt, x.EndsAt, x.Facilitator }).ToListAsync())
                .Select(m => (m.Id, m.Mark, m.SessionStartsAt, m.EndsAt, m.Facilitator)).ToList();
        }

        using var counselor = await Server.As("counselor");
        var all = Resources(await Read<R4.Bundle>(counselor.GetAsync($"/fhir/Encounter?patient={patient}&_count=200"), HttpStatusCode.OK)).Cast<R4.Encounter>().ToList();
        Assert.Equal(marks.Select(m => m.Id.ToString()).Order(StringComparer.Ordinal), all.Select(e => e.Id).Order(StringComparer.Ordinal));
        Assert.All(all, e =>
        {
            Assert.Equal(("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB"), (e.Class.System, e.Class.Code));
            Assert.Equal($"Patient/{patient}", e.Subject.Reference);
            Assert.Contains(e.Meta.Security, s => s.Code == "42CFRPart2");
        });

        var came = marks.First(m => m.Mark is "attended" or "late");
        var attended = all.Single(e => e.Id == came.Id.ToString());
        Assert.Equal(R4.Encounter.EncounterStatus.Finished, attended.Status);
        Assert.Equal(came.Facilitator, attended.Participant.Single().Individual.Display);
        Assert.Equal(came.Starts.ToUnixTimeSeconds(), DateTimeOffset.Parse(attended.Period.Start, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeSeconds());
        Assert.Equal(came.Ends.ToUnixTimeSeconds(), DateTimeOffset.Parse(attended.Period.End, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeSeconds());
        var missed = all.Single(e => e.Id == marks.First(m => m.Mark == "no-show").Id.ToString());
        Assert.Equal(R4.Encounter.EncounterStatus.Cancelled, missed.Status);
        Assert.EndsWith("(no-show)", missed.Type.Single().Text, StringComparison.Ordinal);
        Assert.Null(missed.Period.End);

        // The shared filters: status and date (read by the session's start).
        var finished = Resources(await Read<R4.Bundle>(counselor.GetAsync($"/fhir/Encounter?patient={patient}&status=finished&_count=200"), HttpStatusCode.OK));
        Assert.Equal(marks.Count(m => m.Mark is "attended" or "late"), finished.Count());
        var day = DateOnly.FromDateTime(came.Starts.UtcDateTime);
        var thatDay = Resources(await Read<R4.Bundle>(counselor.GetAsync($"/fhir/Encounter?patient={patient}&date=ge{day:yyyy-MM-dd}T00:00:00Z&date=lt{day.AddDays(1):yyyy-MM-dd}T00:00:00Z"), HttpStatusCode.OK));
        Assert.Equal(marks.Count(m => DateOnly.FromDateTime(m.Starts.UtcDateTime) == day), thatDay.Count());
        Assert.Contains(thatDay, e => e.Id == came.Id.ToString());

        // The site wall: not found from site 2.
        using var east = await Server.As("nurse.east", "nurse-east-demo-2026");
        await Read<R4.OperationOutcome>(east.GetAsync($"/fhir/Encounter/{came.Id}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_site_wall_holds_on_the_FHIR_door_and_paging_links_walk_the_results()
    {
        var id = await ChartAsync();
        using var east = await Server.As("nurse.east", "nurse-east-demo-2026");
        await Read<R4.OperationOutcome>(east.GetAsync($"/fhir/Patient/{id}"), HttpStatusCode.NotFound);
        Assert.Equal(0, (await Read<R4.Bundle>(east.GetAsync($"/fhir/Observation?patient={id}"), HttpStatusCode.OK)).Total);
        var theirs = await Read<R4.Bundle>(east.GetAsync("/fhir/Patient?_count=500"), HttpStatusCode.OK);
        Assert.DoesNotContain(theirs.Entry, e => e.Resource.Id == id.ToString());

        using var nurse = await Server.As("nurse");
        var first = await Read<R4.Bundle>(nurse.GetAsync("/fhir/Patient?_count=3"), HttpStatusCode.OK);
        Assert.Equal(3, first.Entry.Count);
        var next = new Uri(first.Link.Single(l => l.Relation == "next").Url);
        var second = await Read<R4.Bundle>(nurse.GetAsync(next.PathAndQuery), HttpStatusCode.OK);
        Assert.Equal(3, second.Entry.Count);
        Assert.Empty(first.Entry.Select(e => e.Resource.Id).Intersect(second.Entry.Select(e => e.Resource.Id)));
        Assert.Equal(first.Total, second.Total);
    }

    [Fact]
    public async Task A_Synthea_transaction_imports_all_or_nothing_and_again_changes_nothing()
    {
        var file = Directory.GetFiles(SyntheaFolder, "*.json").Order(StringComparer.Ordinal).First();
        var text = await File.ReadAllTextAsync(file);
        var source = JsonSerializer.Deserialize<R4.Bundle>(text, Fhir)!;
        using var intake = await Server.As("intake");

        var response = await Read<R4.Bundle>(intake.PostRaw("/fhir", text, "application/fhir+json"), HttpStatusCode.OK);
        Assert.Equal(R4.Bundle.BundleType.TransactionResponse, response.Type);
        Assert.Equal(source.Entry.Count, response.Entry.Count);
        Assert.All(response.Entry, e => Assert.Matches("^(201|200)", e.Response.Status));
        Assert.Equal(source.Entry.Count(e => e.Resource is not (R4.Claim or R4.ExplanationOfBenefit)), response.Entry.Count(e => e.Response.Status.StartsWith("201", StringComparison.Ordinal)));

        var again = await Read<R4.Bundle>(intake.PostRaw("/fhir", text, "application/fhir+json"), HttpStatusCode.OK);
        Assert.DoesNotContain(again.Entry, e => e.Response.Status.StartsWith("201", StringComparison.Ordinal));

        var received = source.Entry.Select(e => e.Resource).OfType<R4.Patient>().Single();
        var identifier = received.Identifier.First();
        using var counselor = await Server.As("counselor");
        var found = await Read<R4.Bundle>(counselor.GetAsync($"/fhir/Patient?identifier={Uri.EscapeDataString(identifier.System + "|" + identifier.Value)}"), HttpStatusCode.OK);
        var chart = (R4.Patient)found.Entry.Single().Resource;
        Assert.Equal(received.BirthDate, chart.BirthDate);
        var observations = await Read<R4.Bundle>(counselor.GetAsync($"/fhir/Observation?patient={chart.Id}&_count=500"), HttpStatusCode.OK);
        Assert.Equal(source.Entry.Count(e => e.Resource is R4.Observation), observations.Total);
        Assert.All(Resources(observations).Cast<R4.Observation>(), o => Assert.Equal("Patient/" + chart.Id, o.Subject.Reference));
        var encounter = Resources(observations).Cast<R4.Observation>().First(o => o.Encounter is not null).Encounter.Reference;
        await Read<R4.Encounter>(counselor.GetAsync("/fhir/" + encounter), HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_received_race_and_ethnicity_fill_the_chart_and_the_intake_and_the_patients_own_answer_replaces_them()
    {
        // A hospital's Patient with US Core's race (American Indian or Alaska Native, detailed Alaska Native) and ethnicity
        // (Hispanic or Latino, detailed Puerto Rican).
        var fullUrl = "urn:uuid:" + Guid.NewGuid();
        var bundle = $$$"""
        {"resourceType":"Bundle","type":"transaction","entry":[
          {"fullUrl":"{{{fullUrl}}}","resource":{"resourceType":"Patient","extension":[
            {"url":"http://hl7.org/fhir/us/core/StructureDefinition/us-core-race","extension":[
              {"url":"ombCategory","valueCoding":{"system":"urn:oid:2.16.840.1.113883.6.238","code":"1002-5","display":"American Indian or Alaska Native"}},
              {"url":"detailed","valueCoding":{"system":"urn:oid:2.16.840.1.113883.6.238","code":"1735-0","display":"Alaska Native"}},
              {"url":"text","valueString":"Alaska Native"}]},
            {"url":"http://hl7.org/fhir/us/core/StructureDefinition/us-core-ethnicity","extension":[
              {"url":"ombCategory","valueCoding":{"system":"urn:oid:2.16.840.1.113883.6.238","code":"2135-2","display":"Hispanic or Latino"}},
              {"url":"detailed","valueCoding":{"system":"urn:oid:2.16.840.1.113883.6.238","code":"2180-8","display":"Puerto Rican"}},
              {"url":"text","valueString":"Puerto Rican"}]}
          ],"name":[{"family":"Reported","given":["Ana"]}],"birthDate":"1988-02-03","gender":"female"},"request":{"method":"POST","url":"Patient"}}
        ]}
        """;
        using var intake = await Server.As("intake");
        var created = await Read<R4.Bundle>(intake.PostRaw("/fhir", bundle, "application/fhir+json"), HttpStatusCode.OK);
        var id = created.Entry.Single().Response.Location.Replace("Patient/", "", StringComparison.Ordinal);

        // The chart takes them in the TEDS categories, and its FHIR Patient carries them as US Core writes them.
        using var counselor = await Server.As("counselor");
        var record = await counselor.GetAsync($"/api/v1/patients/{id}").Expect(HttpStatusCode.OK);
        Assert.Equal(("alaska-native", "puerto-rican"), (record.GetProperty("race").GetString(), record.GetProperty("ethnicity").GetString()));
        // Each part of an extension as "categories | detailed | words".
        static string Parts(R4.Patient p, string url) =>
            p.Extension.SingleOrDefault(x => x.Url == url) is { } e
                ? string.Join(" | ", string.Join(",", e.Extension.Where(x => x.Url == "ombCategory").Select(x => ((R4.Coding)x.Value).Code)),
                    string.Join(",", e.Extension.Where(x => x.Url == "detailed").Select(x => ((R4.Coding)x.Value).Code)), ((R4.FhirString)e.Extension.Single(x => x.Url == "text").Value).Value)
                : "none";
        var chart = await Read<R4.Patient>(counselor.GetAsync($"/fhir/Patient/{id}"), HttpStatusCode.OK);
        Assert.Equal("1002-5 | 1735-0 | Alaska Native", Parts(chart, FhirCodes.UsCoreRace));
        Assert.Equal("2135-2 | 2180-8 | Puerto Rican", Parts(chart, FhirCodes.UsCoreEthnicity));

        // A new intake shows them beside its questions, which stay unanswered for the patient to answer.
        var started = await counselor.PostJson($"/api/v1/patients/{id}/assessments", new { }).Expect(HttpStatusCode.Created);
        var aid = started.GetProperty("id").GetGuid();
        using (var page = new CookieSession(Server.BaseAddress))
        {
            await page.SignInAsync("counselor", "counselor-demo-2026");
            var html = await page.Client.GetStringAsync($"/patients/{id}/assessments/{aid}");
            foreach (var select in new[] { "r-race", "r-ethnicity" })
            {
                var options = System.Text.RegularExpressions.Regex.Match(html, $"<select id=\"{select}\"[^>]*>(.*?)</select>", System.Text.RegularExpressions.RegexOptions.Singleline).Groups[1].Value;
                Assert.Equal(["unknown"], System.Text.RegularExpressions.Regex.Matches(options, "<option value=\"([a-z-]+)\" selected").Select(m => m.Groups[1].Value));
            }

            Assert.Contains("race: alaska native; ethnicity: puerto rican", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        }

        // The patient's own answer at intake is the chart's from then on; an answer left unknown keeps the chart's.
        var content = new
        {
            history = new { reporting = new { race = "white", ethnicity = "unknown" } },
            instruments = new Dictionary<string, object> { ["dsm5-oud"] = new { answers = Enumerable.Range(1, 11).ToDictionary(i => $"c{i}", i => i <= 6 ? 1 : 0) } },
            asam = new { withdrawal = 1, biomedical = 1, emotionalBehavioralCognitive = 1, readinessToChange = 1, relapsePotential = 2, recoveryEnvironment = 2 },
        };
        await counselor.PutAsync($"/api/v1/patients/{id}/assessments/{aid}", System.Net.Http.Json.JsonContent.Create(content)).Expect(HttpStatusCode.OK);
        await counselor.PostAsync($"/api/v1/patients/{id}/assessments/{aid}/complete", null).Expect(HttpStatusCode.OK);
        record = await counselor.GetAsync($"/api/v1/patients/{id}").Expect(HttpStatusCode.OK);
        Assert.Equal(("white", "puerto-rican"), (record.GetProperty("race").GetString(), record.GetProperty("ethnicity").GetString()));
        var after = await Read<R4.Patient>(counselor.GetAsync($"/fhir/Patient/{id}"), HttpStatusCode.OK);
        Assert.Equal("2106-3 |  | White", Parts(after, FhirCodes.UsCoreRace));
        Assert.True(after.Meta.LastUpdated > chart.Meta.LastUpdated, "the Patient changed with the intake");

        // Sent again by the hospital, the record changes nothing: a known answer is never replaced.
        var again = await Read<R4.Bundle>(intake.PostRaw("/fhir", bundle, "application/fhir+json"), HttpStatusCode.OK);
        Assert.Equal("200 OK", again.Entry.Single().Response.Status);
        record = await counselor.GetAsync($"/api/v1/patients/{id}").Expect(HttpStatusCode.OK);
        Assert.Equal(("white", "puerto-rican"), (record.GetProperty("race").GetString(), record.GetProperty("ethnicity").GetString()));

        // A chart from before the chart kept them gets them at start-up: the intake's answer over the received record's.
        await using (var scope = Server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
            var patientId = Guid.Parse(id);
            await db.Patients.Where(p => p.Id == patientId).ExecuteUpdateAsync(u => u
                .SetProperty(p => p.Race, Mainstay.Clinical.Assessment.Race.Unknown).SetProperty(p => p.Ethnicity, Mainstay.Clinical.Assessment.Ethnicity.Unknown));
            var audit = scope.ServiceProvider.GetRequiredService<Mainstay.Features.Audit.AuditTrail>();
            var at = DateTimeOffset.UnixEpoch.AddSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()); // whole seconds: PostgreSQL keeps microseconds
            Assert.True(await Mainstay.Features.Patients.ReportedRaceAndEthnicity.FillAsync(db, audit, at, CancellationToken.None) >= 1);
            var filled = await db.Patients.AsNoTracking().SingleAsync(p => p.Id == patientId);
            Assert.Equal((Mainstay.Clinical.Assessment.Race.White, Mainstay.Clinical.Assessment.Ethnicity.PuertoRican), (filled.Race, filled.Ethnicity));
            Assert.Equal(at, filled.UpdatedAt); // a _since export carries the Patient again
            Assert.Contains(await db.AuditEvents.AsNoTracking().Where(e => e.PatientId == patientId && e.Action == "update").Select(e => e.Detail).ToListAsync(),
                d => d == "filled on the chart: race from an intake and ethnicity from a received record");
        }

        // Staff correct the race in the demographics; amending the intake for another answer leaves the correction, and
        // an amendment of the race itself is the chart's again.
        await intake.PatchJson($"/api/v1/patients/{id}", new { race = "asian", reason = "patient corrected it" }).Expect(HttpStatusCode.OK);
        object Amended(string race) => new
        {
            reason = "marital status corrected",
            content = new { history = new { reporting = new { race, ethnicity = "unknown", maritalStatus = "married" } }, content.instruments, content.asam },
        };
        await counselor.PostJson($"/api/v1/patients/{id}/assessments/{aid}/amend", Amended("white")).Expect(HttpStatusCode.OK);
        record = await counselor.GetAsync($"/api/v1/patients/{id}").Expect(HttpStatusCode.OK);
        Assert.Equal(("asian", "puerto-rican"), (record.GetProperty("race").GetString(), record.GetProperty("ethnicity").GetString()));
        await counselor.PostJson($"/api/v1/patients/{id}/assessments/{aid}/amend", Amended("black-or-african-american")).Expect(HttpStatusCode.OK);
        record = await counselor.GetAsync($"/api/v1/patients/{id}").Expect(HttpStatusCode.OK);
        Assert.Equal(("black-or-african-american", "puerto-rican"), (record.GetProperty("race").GetString(), record.GetProperty("ethnicity").GetString()));

        // An answer withdrawn by an amendment (back to unknown) is withdrawn from the chart, which still held it.
        await counselor.PostJson($"/api/v1/patients/{id}/assessments/{aid}/amend", Amended("unknown")).Expect(HttpStatusCode.OK);
        record = await counselor.GetAsync($"/api/v1/patients/{id}").Expect(HttpStatusCode.OK);
        Assert.Equal(("unknown", "puerto-rican"), (record.GetProperty("race").GetString(), record.GetProperty("ethnicity").GetString()));

        // Every change of the chart's race or ethnicity is a revision, whatever made it, with the version counted up: the
        // registration by import and the record sent again made none, nor the amendment that passed nothing on.
        var history = await counselor.GetAsync($"/api/v1/patients/{id}/history").Expect(HttpStatusCode.OK);
        static string Change(JsonElement r) => string.Join("; ", r.GetProperty("changes").EnumerateObject()
            .Select(c => $"{c.Name} {c.Value.GetProperty("from").GetString()} → {c.Value.GetProperty("to").GetString()}"));
        Assert.Equal(
            [
                (6, "race black-or-african-american → unknown", "the intake was amended: marital status corrected", "counselor"),
                (5, "race asian → black-or-african-american", "the intake was amended: marital status corrected", "counselor"),
                (4, "race white → asian", "patient corrected it", "intake"),
                (3, "race unknown → white; ethnicity unknown → puerto-rican", "filled from what was recorded: race from an intake and ethnicity from a received record", "system"),
                (2, "race alaska-native → white", "the patient's answer at the intake", "counselor"),
            ],
            history.EnumerateArray().Select(r => (r.GetProperty("version").GetInt32(), Change(r), r.GetProperty("reason").GetString(), r.GetProperty("changedBy").GetString())));
        Assert.Equal(6, (await counselor.GetAsync($"/api/v1/patients/{id}").Expect(HttpStatusCode.OK)).GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task A_race_received_for_a_known_chart_that_had_none_is_a_revision_of_the_chart()
    {
        var fullUrl = "urn:uuid:" + Guid.NewGuid();
        string Bundle(string extensions) => $$$"""
        {"resourceType":"Bundle","type":"transaction","entry":[
          {"fullUrl":"{{{fullUrl}}}","resource":{"resourceType":"Patient"{{{extensions}}},
            "name":[{"family":"Later","given":["Ines"]}],"birthDate":"1991-07-08","gender":"female"},"request":{"method":"POST","url":"Patient"}}
        ]}
        """;
        using var intake = await Server.As("intake");
        var created = await Read<R4.Bundle>(intake.PostRaw("/fhir", Bundle(""), "application/fhir+json"), HttpStatusCode.OK);
        var id = created.Entry.Single().Response.Location.Replace("Patient/", "", StringComparison.Ordinal);
        var form = (await intake.GetAsync($"/api/v1/patients/{id}").Expect(HttpStatusCode.OK)).GetProperty("version").GetInt32();

        // The hospital sends the same record again, now with the patient's race.
        var sent = await Read<R4.Bundle>(intake.PostRaw("/fhir", Bundle("""
            ,"extension":[{"url":"http://hl7.org/fhir/us/core/StructureDefinition/us-core-race","extension":[
              {"url":"ombCategory","valueCoding":{"system":"urn:oid:2.16.840.1.113883.6.238","code":"2028-9","display":"Asian"}},
              {"url":"text","valueString":"Asian"}]}]
            """), "application/fhir+json"), HttpStatusCode.OK);
        Assert.Equal("200 OK", sent.Entry.Single().Response.Status);
        var record = await intake.GetAsync($"/api/v1/patients/{id}").Expect(HttpStatusCode.OK);
        Assert.Equal(("asian", form + 1), (record.GetProperty("race").GetString(), record.GetProperty("version").GetInt32()));
        var revision = (await intake.GetAsync($"/api/v1/patients/{id}/history").Expect(HttpStatusCode.OK)).EnumerateArray().Single();
        Assert.Equal("unknown", revision.GetProperty("changes").GetProperty("race").GetProperty("from").GetString());
        Assert.Equal("asian", revision.GetProperty("changes").GetProperty("race").GetProperty("to").GetString());
        Assert.Equal("received from api", revision.GetProperty("reason").GetString());

        // A demographics form opened before it is now refused as out of date, rather than saved over it.
        var stale = await intake.PatchJson($"/api/v1/patients/{id}", new { phone = "(937) 555-0188", version = form }).ExpectProblem(HttpStatusCode.Conflict);
        Assert.Contains("changed by someone else", stale.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_imported_chart_keeps_the_senders_identifiers_in_order_and_is_found_by_any_of_them()
    {
        var (hospital, ssn, license) = (Guid.NewGuid().ToString(), $"900-{Random.Shared.Next(10, 99)}-{Random.Shared.Next(1000, 9999)}", "S" + Random.Shared.Next(10_000_000, 99_999_999));
        // Sent with another Mainstay's MRN among them (never kept), so the record is known by its full URL, the same each time.
        var fullUrl = "urn:uuid:" + Guid.NewGuid();
        string Bundle(string more) => $$$"""
        {"resourceType":"Bundle","type":"transaction","entry":[
          {"fullUrl":"{{{fullUrl}}}","resource":{"resourceType":"Patient","identifier":[
            {"type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v2-0203","code":"MR","display":"Medical Record Number"}],"text":"Medical Record Number"},"system":"urn:test:hospital","value":"{{{hospital}}}"},
            {"type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v2-0203","code":"SS","display":"Social Security Number"}],"text":"Social Security Number"},"system":"http://hl7.org/fhir/sid/us-ssn","value":"{{{ssn}}}"},
            {"system":"urn:mainstay:mrn","value":"M-000001"},
            {"type":{"text":"Driver's License"},"system":"urn:oid:2.16.840.1.113883.4.3.25","value":"{{{license}}}"}{{{more}}}
          ],"name":[{"family":"Sender","given":["Ora"]}],"birthDate":"1979-05-06","gender":"female"},"request":{"method":"POST","url":"Patient"}}
        ]}
        """;
        using var intake = await Server.As("intake");
        var created = await Read<R4.Bundle>(intake.PostRaw("/fhir", Bundle(""), "application/fhir+json"), HttpStatusCode.OK);
        Assert.Equal("201 Created", created.Entry.Single().Response.Status);
        var id = created.Entry.Single().Response.Location.Replace("Patient/", "", StringComparison.Ordinal);

        // The chart's Patient: Mainstay's MRN first, then the sender's identifiers as received, with their kinds; never another Mainstay's MRN.
        using var counselor = await Server.As("counselor");
        var chart = await Read<R4.Patient>(counselor.GetAsync($"/fhir/Patient/{id}"), HttpStatusCode.OK);
        Assert.Equal(
            [(FhirCodes.MrnSystem, "MR"), ("urn:test:hospital", "MR"), ("http://hl7.org/fhir/sid/us-ssn", "SS"), ("urn:oid:2.16.840.1.113883.4.3.25", null)],
            chart.Identifier.Select(i => (i.System, i.Type?.Coding.FirstOrDefault()?.Code)));
        Assert.Equal([hospital, ssn, license], chart.Identifier.Skip(1).Select(i => i.Value));
        Assert.Equal(["Medical Record Number", "Social Security Number", "Driver's License"], chart.Identifier.Skip(1).Select(i => i.Type.Text));
        Assert.DoesNotContain(chart.Identifier, i => i.Value == "M-000001");

        // Found by any of them: with its system, or by the value alone; a value under another system is not the patient's.
        foreach (var query in new[] { "http://hl7.org/fhir/sid/us-ssn|" + ssn, license, "urn:test:hospital|" + hospital, hospital, FhirCodes.MrnSystem + "|" + chart.Identifier[0].Value })
        {
            var found = await Read<R4.Bundle>(counselor.GetAsync("/fhir/Patient?identifier=" + Uri.EscapeDataString(query)), HttpStatusCode.OK);
            Assert.True(found.Total == 1 && found.Entry.Single().Resource.Id == id, query);
        }

        Assert.Equal(0, (await Read<R4.Bundle>(counselor.GetAsync("/fhir/Patient?identifier=" + Uri.EscapeDataString("urn:test:other|" + license)), HttpStatusCode.OK)).Total);
        Assert.Equal(0, (await Read<R4.Bundle>(counselor.GetAsync("/fhir/Patient?identifier=" + Uri.EscapeDataString(FhirCodes.MrnSystem + "|" + ssn)), HttpStatusCode.OK)).Total);

        // Sent again, nothing changes; sent with a passport added, the chart gains it and no other.
        Assert.Equal("200 OK", (await Read<R4.Bundle>(intake.PostRaw("/fhir", Bundle(""), "application/fhir+json"), HttpStatusCode.OK)).Entry.Single().Response.Status);
        const string passport = """,{"type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v2-0203","code":"PPN"}]},"system":"urn:test:passport","value":"X123" }""";
        Assert.Equal("200 OK", (await Read<R4.Bundle>(intake.PostRaw("/fhir", Bundle(passport), "application/fhir+json"), HttpStatusCode.OK)).Entry.Single().Response.Status);
        // The Patient changed with it: an export since the first import carries it again.
        var changed = await Read<R4.Patient>(counselor.GetAsync($"/fhir/Patient/{id}"), HttpStatusCode.OK);
        Assert.True(changed.Meta.LastUpdated > chart.Meta.LastUpdated, $"{changed.Meta.LastUpdated} after {chart.Meta.LastUpdated}");
        // From a site that is not the chart's, the same Patient is refused: nothing is added to a chart the sender cannot see.
        using var east = await Server.As("nurse.east", "nurse-east-demo-2026");
        const string visa = """,{"system":"urn:test:visa","value":"V1"}""";
        var refused = await Read<R4.OperationOutcome>(east.PostRaw("/fhir", Bundle(passport + visa), "application/fhir+json"), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("a site you are not granted", string.Join(" ", refused.Issue.Select(i => i.Diagnostics)), StringComparison.Ordinal);
        var record = await counselor.GetAsync($"/api/v1/patients/{id}").Expect(HttpStatusCode.OK);
        var others = record.GetProperty("otherIdentifiers").EnumerateArray().ToList();
        Assert.Equal(["urn:test:hospital", "http://hl7.org/fhir/sid/us-ssn", "urn:oid:2.16.840.1.113883.4.3.25", "urn:test:passport"], others.Select(o => o.GetProperty("system").GetString()));
        Assert.Equal("PPN", others[3].GetProperty("typeCode").GetString());

        // The search box finds the chart by one of them too, typed as received or in small letters; a number no chart has finds nothing.
        foreach (var typed in new[] { license, license.ToLowerInvariant(), hospital })
        {
            var hits = (await counselor.GetAsync("/api/v1/patients?q=" + Uri.EscapeDataString(typed)).Expect(HttpStatusCode.OK)).EnumerateArray().ToList();
            Assert.True(hits.Count == 1 && hits[0].GetProperty("id").GetString() == id, typed);
        }

        Assert.Empty((await counselor.GetAsync("/api/v1/patients?q=S" + Random.Shared.Next(10_000_000, 99_999_999)).Expect(HttpStatusCode.OK)).EnumerateArray());

        // Searched for by the Social Security number, in the box or over FHIR, the audit trail keeps its last four digits only.
        var bySsn = (await counselor.GetAsync("/api/v1/patients?q=" + ssn).Expect(HttpStatusCode.OK)).EnumerateArray().ToList();
        Assert.True(bySsn.Count == 1 && bySsn[0].GetProperty("id").GetString() == id, ssn);
        await using (var scope = Server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
            var lastFour = ssn[^4..];
            var details = await db.AuditEvents.AsNoTracking().Where(e => e.Detail != null && e.Detail.Contains(lastFour)).Select(e => e.Detail!).ToListAsync();
            Assert.DoesNotContain(details, d => d.Contains(ssn, StringComparison.Ordinal) || d.Contains(ssn.Replace("-", "", StringComparison.Ordinal), StringComparison.Ordinal));
            Assert.Contains(details, d => d.StartsWith("?identifier=http://hl7.org/fhir/sid/us-ssn|•••-••-" + lastFour, StringComparison.Ordinal));
            Assert.Contains(details, d => d.StartsWith("q=•••-••-" + lastFour, StringComparison.Ordinal));
        }

        // The chart shows them, a Social Security number by its last four digits.
        using var page = new CookieSession(Server.BaseAddress);
        await page.SignInAsync("counselor", "counselor-demo-2026");
        var html = WebUtility.HtmlDecode(await page.Client.GetStringAsync($"/patients/{id}"));
        Assert.Contains("Identifiers in other records", html, StringComparison.Ordinal);
        Assert.Contains("•••-••-" + ssn[^4..], html, StringComparison.Ordinal);
        Assert.DoesNotContain(ssn, html, StringComparison.Ordinal);
        Assert.Contains(license, html, StringComparison.Ordinal);

        // Another Mainstay's chart is known by its id there: its export before it listed other identifiers, and after, is one chart here.
        var foreign = Guid.NewGuid();
        string Exported(string more) => $$$"""
        {"resourceType":"Bundle","type":"batch","entry":[{"resource":{"resourceType":"Patient","id":"{{{foreign}}}","identifier":[{"system":"urn:mainstay:mrn","value":"MS-0000001-9"}{{{more}}}],"name":[{"family":"Elsewhere","given":["Ines"]}],"birthDate":"1983-08-09","gender":"female"},"request":{"method":"PUT","url":"Patient/{{{foreign}}}"}}]}
        """;
        var before = (await Read<R4.Bundle>(intake.PostRaw("/fhir", Exported(""), "application/fhir+json"), HttpStatusCode.OK)).Entry.Single().Response;
        var after = (await Read<R4.Bundle>(intake.PostRaw("/fhir", Exported($$""",{"system":"urn:test:hospital","value":"H-{{foreign}}"}"""), "application/fhir+json"), HttpStatusCode.OK)).Entry.Single().Response;
        Assert.Equal(("201 Created", "200 OK"), (before.Status, after.Status));
        Assert.Equal(before.Location, after.Location);
        Assert.Equal("H-" + foreign, (await Read<R4.Patient>(counselor.GetAsync("/fhir/" + after.Location), HttpStatusCode.OK)).Identifier[1].Value);

        // A chart imported before identifiers were kept gets them from its stored received Patient, once, in the order received.
        await using (var scope = Server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
            var chartId = Guid.Parse(id);
            await db.PatientIdentifiers.Where(i => i.PatientId == chartId).ExecuteDeleteAsync();
            Assert.Equal(4, await Mainstay.Features.Fhir.FhirBundleImport.KeepIdentifiersOfEarlierImportsAsync(db, default));
            Assert.Equal(0, await Mainstay.Features.Fhir.FhirBundleImport.KeepIdentifiersOfEarlierImportsAsync(db, default));
        }

        var backfilled = await Read<R4.Patient>(counselor.GetAsync($"/fhir/Patient/{id}"), HttpStatusCode.OK);
        Assert.Equal([hospital, ssn, license, "X123"], backfilled.Identifier.Skip(1).Select(i => i.Value));
    }

    [Fact]
    public async Task A_skipped_resource_is_not_read_so_its_content_cannot_refuse_the_transaction()
    {
        var before = await OutsideCountAsync();
        var claim = """{"resourceType":"Claim","id":"billing-1","total":"not money"}""";
        var text = $$$"""
        {"resourceType":"Bundle","type":"transaction","entry":[
          {"fullUrl":"urn:uuid:7a1c0000-0000-4000-8000-0000000000c1","resource":{"resourceType":"Patient","identifier":[{"system":"urn:test:claims","value":"{{{Guid.NewGuid()}}}"}],"name":[{"family":"Billings","given":["Cora"]}],"birthDate":"1981-07-08","gender":"female"},"request":{"method":"POST","url":"Patient"}},
          {"resource":{{{claim}}},"request":{"method":"POST","url":"Claim"}},
          {"resource":{"resourceType":"Observation","status":"final","code":{"text":"Größe"},"subject":{"reference":"urn:uuid:7a1c0000-0000-4000-8000-0000000000c1"},"valueQuantity":{"value":170,"unit":"cm"}},"request":{"method":"POST","url":"Observation"}}
        ]}
        """;
        using var intake = await Server.As("intake");
        // The Claim is not FHIR the parser accepts...
        Assert.Contains("Claim.total", Mainstay.Features.Fhir.FhirWire.Parse<R4.Claim>(claim).Error, StringComparison.Ordinal);
        // ...but in a Bundle it is skipped unread, and the records around it are stored.
        var response = await Read<R4.Bundle>(intake.PostRaw("/fhir", text, "application/fhir+json"), HttpStatusCode.OK);
        Assert.Equal(["201 Created", "200 OK", "201 Created"], response.Entry.Select(e => e.Response.Status));
        Assert.Equal(before + 2, await OutsideCountAsync());
    }

    [Fact]
    public async Task A_changed_record_sent_again_replaces_the_stored_one_and_its_search_columns()
    {
        var (patientUrl, observationUrl, mrn) = ($"urn:uuid:{Guid.NewGuid()}", $"urn:uuid:{Guid.NewGuid()}", Guid.NewGuid().ToString());
        string Bundle(string loinc, int value, string status) => $$$"""
        {"resourceType":"Bundle","type":"batch","entry":[
          {"fullUrl":"{{{patientUrl}}}","resource":{"resourceType":"Patient","identifier":[{"system":"urn:test:resend","value":"{{{mrn}}}"}],"name":[{"family":"Resend","given":["Ida"]}],"birthDate":"1975-03-04","gender":"female"},"request":{"method":"POST","url":"Patient"}},
          {"fullUrl":"{{{observationUrl}}}","resource":{"resourceType":"Observation","status":"{{{status}}}","code":{"coding":[{"system":"http://loinc.org","code":"{{{loinc}}}"}]},"subject":{"reference":"{{{patientUrl}}}"},"effectiveDateTime":"2026-02-03T10:00:00Z","valueQuantity":{"value":{{{value}}},"unit":"/min"}},"request":{"method":"POST","url":"Observation"}}
        ]}
        """;
        using var intake = await Server.As("intake");
        var first = await Read<R4.Bundle>(intake.PostRaw("/fhir", Bundle("8867-4", 72, "final"), "application/fhir+json"), HttpStatusCode.OK);
        Assert.Equal(["201 Created", "201 Created"], first.Entry.Select(e => e.Response.Status));
        var location = first.Entry[1].Response.Location;
        var patient = first.Entry[0].Response.Location;
        var before = await OutsideCountAsync();

        var again = await Read<R4.Bundle>(intake.PostRaw("/fhir", Bundle("8310-5", 80, "amended"), "application/fhir+json"), HttpStatusCode.OK);
        Assert.Equal(["200 OK", "200 OK"], again.Entry.Select(e => e.Response.Status));
        Assert.Equal(location, again.Entry[1].Response.Location);
        Assert.Equal(before, await OutsideCountAsync());

        using var counselor = await Server.As("counselor");
        var stored = await Read<R4.Observation>(counselor.GetAsync("/fhir/" + location), HttpStatusCode.OK);
        Assert.Equal(80m, ((R4.Quantity)stored.Value).Value);
        Assert.Equal(R4.ObservationStatus.Amended, stored.Status);
        // The columns searches use follow the new content, not the first.
        var byNew = await Read<R4.Bundle>(counselor.GetAsync($"/fhir/Observation?{patient.Replace("Patient/", "patient=", StringComparison.Ordinal)}&code=http://loinc.org|8310-5"), HttpStatusCode.OK);
        Assert.Equal(location, "Observation/" + byNew.Entry.Single().Resource.Id);
        var byOld = await Read<R4.Bundle>(counselor.GetAsync($"/fhir/Observation?{patient.Replace("Patient/", "patient=", StringComparison.Ordinal)}&code=http://loinc.org|8867-4"), HttpStatusCode.OK);
        Assert.Empty(byOld.Entry);
    }

    [Fact]
    public async Task A_transaction_with_a_bad_entry_stores_nothing_and_a_batch_stores_the_good_entries()
    {
        var before = await OutsideCountAsync();
        string Bundle(string type) => $$$"""
        {"resourceType":"Bundle","type":"{{{type}}}","entry":[
          {"fullUrl":"urn:uuid:7a1c0000-0000-4000-8000-000000000001","resource":{"resourceType":"Patient","identifier":[{"system":"urn:test:{{{type}}}","value":"{{{Guid.NewGuid()}}}"}],"name":[{"family":"Batchley","given":["Ana"]}],"birthDate":"1979-05-06","gender":"female"},"request":{"method":"POST","url":"Patient"}},
          {"resource":{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"8867-4"}]},"subject":{"reference":"urn:uuid:7a1c0000-0000-4000-8000-000000000001"},"effectiveDateTime":"2026-01-02T10:00:00Z","valueQuantity":{"value":72,"unit":"/min"}},"request":{"method":"POST","url":"Observation"}},
          {"resource":{"resourceType":"Condition","code":{"text":"orphan"},"subject":{"reference":"Patient/nobody-here"}},"request":{"method":"POST","url":"Condition"}}
        ]}
        """;
        using var intake = await Server.As("intake");
        var refused = await Read<R4.OperationOutcome>(intake.PostRaw("/fhir", Bundle("transaction"), "application/fhir+json"), HttpStatusCode.UnprocessableEntity);
        Assert.Equal("Bundle.entry[2]", refused.Issue.Single().Expression.Single());
        Assert.Equal(before, await OutsideCountAsync());

        var batch = await Read<R4.Bundle>(intake.PostRaw("/fhir", Bundle("batch"), "application/fhir+json"), HttpStatusCode.OK);
        Assert.Equal(["201 Created", "201 Created", "422 Unprocessable Entity"], batch.Entry.Select(e => e.Response.Status));
        Assert.Equal(before + 2, await OutsideCountAsync());

        await Read<R4.OperationOutcome>(intake.PostRaw("/fhir", "{\"resourceType\":\"Bundle\",\"type\":\"searchset\"}", "application/fhir+json"), HttpStatusCode.BadRequest);
        await Read<R4.OperationOutcome>(intake.PostRaw("/fhir", "{ not json", "application/fhir+json"), HttpStatusCode.BadRequest);
        await Read<R4.OperationOutcome>(intake.PostRaw("/fhir", "{\"resourceType\":\"Patient\"}", "application/fhir+json"), HttpStatusCode.BadRequest);

        // A NUL in a name (escaped or raw) is refused as bad input on both databases; it was a misleading 409 on PostgreSQL.
        foreach (var nul in new[] { "\\u0000", "\0" })
        {
            var withNul = Bundle("transaction").Replace("Batchley", "Batch" + nul + "ley", StringComparison.Ordinal);
            var outcome = await Read<R4.OperationOutcome>(intake.PostRaw("/fhir", withNul, "application/fhir+json"), HttpStatusCode.BadRequest);
            Assert.Contains("NUL", outcome.Issue.Single().Diagnostics, StringComparison.Ordinal);
        }

        // An escaped backslash before "u0000" is text, not a NUL.
        Assert.False(Mainstay.Features.Fhir.FhirWire.HoldsNul("{\"a\":\"C:\\\\u0000\"}"));
        Assert.Equal(before + 2, await OutsideCountAsync());
        using var director = await Server.As("director");
        await director.PostRaw("/fhir", Bundle("batch"), "application/fhir+json").ExpectStatus(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Bulk_export_runs_in_the_background_and_only_its_requester_fetches_the_files()
    {
        var id = await ChartAsync();
        using var director = await Server.As("director");
        await Read<R4.OperationOutcome>(director.GetAsync("/fhir/$export"), HttpStatusCode.BadRequest);

        using var kickOff = new HttpRequestMessage(HttpMethod.Get, "/fhir/$export?_type=Patient,Condition,Observation");
        kickOff.Headers.Add("Prefer", "respond-async");
        using var accepted = await director.SendAsync(kickOff);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var status = new Uri(accepted.Content.Headers.ContentLocation?.ToString() ?? accepted.Headers.GetValues("Content-Location").Single()).PathAndQuery;

        JsonElement manifest = default;
        for (var attempt = 0; attempt < 600; attempt++)
        {
            using var poll = await director.GetAsync(status);
            if (poll.StatusCode == HttpStatusCode.OK)
            {
                manifest = await poll.Json();
                break;
            }

            Assert.Equal(HttpStatusCode.Accepted, poll.StatusCode);
            await Task.Delay(100);
        }

        Assert.True(manifest.ValueKind == JsonValueKind.Object, "the export never completed");
        var outputs = manifest.GetProperty("output").EnumerateArray().ToDictionary(o => o.GetProperty("type").GetString()!, o => o.GetProperty("url").GetString()!);
        Assert.Equal(["Condition", "Observation", "Patient"], outputs.Keys.Order());
        var lines = (await director.GetStringAsync(new Uri(outputs["Patient"]).PathAndQuery)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var patients = lines.Select(l => JsonSerializer.Deserialize<R4.Patient>(l, Fhir)!).ToList();
        Assert.Contains(patients, p => p.Id == id.ToString());
        Assert.Equal(manifest.GetProperty("output").EnumerateArray().Single(o => o.GetProperty("type").GetString() == "Patient").GetProperty("count").GetInt32(), patients.Count);

        using var nurse = await Server.As("nurse");
        await Read<R4.OperationOutcome>(nurse.GetAsync(status), HttpStatusCode.NotFound);
        await Read<R4.OperationOutcome>(nurse.GetAsync(new Uri(outputs["Patient"]).PathAndQuery), HttpStatusCode.NotFound);
        using var cancel = await director.DeleteAsync(status);
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        await Read<R4.OperationOutcome>(director.GetAsync(status), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_client_scoped_to_a_site_reads_nothing_of_another_sites_patient_even_with_a_consent_naming_it()
    {
        // Site 1's patient consents to disclose to Harbor Clinic; Harbor has two clients, one scoped to site 2, one to site 1.
        var patient = await ChartAsync("Harbor Clinic");
        async Task<HttpClient> ClientAsync(string sites)
        {
            string clientId, secret;
            await using (var scope = Server.Services.CreateAsyncScope())
            {
                var (client, s) = await scope.ServiceProvider.GetRequiredService<Mainstay.Features.Access.ApiClients>()
                    .AddAsync("harbor clinic", ["Patient", "Condition", "MedicationRequest"], sites, "test", CancellationToken.None);
                (clientId, secret) = (client.ClientId, s);
            }

            using var anonymous = Server.Anonymous();
            using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret });
            var token = await anonymous.PostAsync("/api/v1/auth/client-token", form).Expect(HttpStatusCode.OK);
            var caller = Server.Anonymous();
            caller.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token.GetProperty("access_token").GetString());
            return caller;
        }

        using var otherSite = await ClientAsync("2");
        await Read<R4.OperationOutcome>(otherSite.GetAsync($"/fhir/Patient/{patient}"), HttpStatusCode.NotFound);
        Assert.Equal(0, (await Read<R4.Bundle>(otherSite.GetAsync($"/fhir/Condition?patient={patient}"), HttpStatusCode.OK)).Total);
        Assert.Equal(0, (await Read<R4.Bundle>(otherSite.GetAsync($"/fhir/MedicationRequest?patient={patient}"), HttpStatusCode.OK)).Total);
        Assert.DoesNotContain((await Read<R4.Bundle>(otherSite.GetAsync("/fhir/Patient?_count=500"), HttpStatusCode.OK)).Entry, e => e.Resource?.Id == patient.ToString());

        using var sameSite = await ClientAsync("1");
        await Read<R4.Patient>(sameSite.GetAsync($"/fhir/Patient/{patient}"), HttpStatusCode.OK);
        Assert.Equal(1, (await Read<R4.Bundle>(sameSite.GetAsync($"/fhir/Condition?patient={patient}"), HttpStatusCode.OK)).Total);
        Assert.Equal(1, (await Read<R4.Bundle>(sameSite.GetAsync($"/fhir/MedicationRequest?patient={patient}"), HttpStatusCode.OK)).Total);
    }

    [Fact]
    public async Task A_client_outside_the_program_reads_only_patients_whose_consent_names_it_and_each_disclosure_is_audited()
    {
        var consented = await ChartAsync("Lakeside Family Medicine");
        var other = await ChartAsync("Riverbend Primary Care");
        string clientId, secret;
        await using (var scope = Server.Services.CreateAsyncScope())
        {
            var (client, s) = await scope.ServiceProvider.GetRequiredService<Mainstay.Features.Access.ApiClients>()
                .AddAsync("lakeside family medicine", ["Patient", "Condition", "MedicationRequest"], "all", "test", CancellationToken.None);
            (clientId, secret) = (client.ClientId, s);
        }

        using var anonymous = Server.Anonymous();
        using var wrong = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = "guess" });
        await anonymous.PostAsync("/api/v1/auth/client-token", wrong).ExpectProblem(HttpStatusCode.Unauthorized);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret });
        var token = await anonymous.PostAsync("/api/v1/auth/client-token", form).Expect(HttpStatusCode.OK);
        using var outside = Server.Anonymous();
        outside.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token.GetProperty("access_token").GetString());

        using (var response = await outside.GetAsync($"/fhir/MedicationRequest?patient={consented}"))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("42 CFR part 2", response.Headers.GetValues("X-Redisclosure-Notice").Single(), StringComparison.Ordinal);
            var bundle = JsonSerializer.Deserialize<R4.Bundle>(await response.Content.ReadAsStringAsync(), Fhir)!;
            var order = bundle.Entry.Select(e => e.Resource).OfType<R4.MedicationRequest>().Single();
            Assert.Contains(order.Meta.Security, c => c.Code == "NORDSCLCD");
            Assert.Contains(bundle.Entry, e => e.Search.Mode == R4.Bundle.SearchEntryMode.Outcome
                && ((R4.OperationOutcome)e.Resource).Issue.Single().Diagnostics.Contains("prohibits unauthorized use or disclosure", StringComparison.Ordinal));
        }

        // Without a consent naming this client: nothing, not even that the records exist.
        Assert.Equal(0, (await Read<R4.Bundle>(outside.GetAsync($"/fhir/MedicationRequest?patient={other}"), HttpStatusCode.OK)).Total);
        Assert.Equal(0, (await Read<R4.Bundle>(outside.GetAsync($"/fhir/Condition?patient={other}"), HttpStatusCode.OK)).Total);
        await Read<R4.OperationOutcome>(outside.GetAsync($"/fhir/Patient/{other}"), HttpStatusCode.NotFound);
        await Read<R4.Patient>(outside.GetAsync($"/fhir/Patient/{consented}"), HttpStatusCode.OK);
        var patients = await Read<R4.Bundle>(outside.GetAsync("/fhir/Patient?_count=500"), HttpStatusCode.OK);
        Assert.Contains(patients.Entry, e => e.Resource?.Id == consented.ToString());
        Assert.DoesNotContain(patients.Entry, e => e.Resource?.Id == other.ToString());

        await Read<R4.OperationOutcome>(outside.GetAsync("/fhir/MedicationRequest"), HttpStatusCode.BadRequest);
        await Read<R4.OperationOutcome>(outside.GetAsync($"/fhir/Observation?patient={consented}"), HttpStatusCode.Forbidden);
        await Read<R4.OperationOutcome>(outside.GetAsync("/fhir/AuditEvent"), HttpStatusCode.Forbidden);
        await outside.GetAsync($"/api/v1/patients/{consented}").ExpectStatus(HttpStatusCode.Forbidden);
        await outside.PostRaw("/fhir", "{\"resourceType\":\"Bundle\",\"type\":\"batch\"}", "application/fhir+json").ExpectStatus(HttpStatusCode.Forbidden);

        using var auditor = await Server.As("auditor");
        var trail = await Read<R4.Bundle>(auditor.GetAsync($"/fhir/AuditEvent?patient={consented}&_count=200"), HttpStatusCode.OK);
        Assert.Contains(Resources(trail).Cast<R4.AuditEvent>(), e => e.Subtype.Single().Code == "disclose"
            && e.Entity.Single().Description.Contains("lakeside family medicine", StringComparison.Ordinal));
        var otherTrail = await Read<R4.Bundle>(auditor.GetAsync($"/fhir/AuditEvent?patient={other}&_count=200"), HttpStatusCode.OK);
        Assert.DoesNotContain(Resources(otherTrail).Cast<R4.AuditEvent>(), e => e.Subtype.Single().Code == "disclose");

        // The list of disclosures names the recipient for the consented patient, and is empty for the other.
        var disclosed = await auditor.GetAsync($"/api/v1/patients/{consented}/disclosures").Expect(HttpStatusCode.OK);
        Assert.Contains(disclosed.EnumerateArray(), d => d.GetProperty("recipient").GetString() == "lakeside family medicine"
            && d.GetProperty("what").GetString() == "MedicationRequest records");
        Assert.Empty((await auditor.GetAsync($"/api/v1/patients/{other}/disclosures").Expect(HttpStatusCode.OK)).EnumerateArray());
        using (var eastNurse = await Server.As("nurse.east", "nurse-east-demo-2026"))
        {
            await eastNurse.GetAsync($"/api/v1/patients/{consented}/disclosures").ExpectProblem(HttpStatusCode.NotFound);
        }

        // The patient revokes: the next request gets nothing.
        using var intake = await Server.As("intake");
        var consent = (await intake.GetAsync($"/api/v1/patients/{consented}/consents").Expect(HttpStatusCode.OK)).EnumerateArray().Single();
        await intake.PostJson($"/api/v1/patients/{consented}/consents/{consent.GetProperty("id").GetGuid()}/revoke", new { reason = "patient asked in writing" })
            .Expect(HttpStatusCode.OK);
        Assert.Equal(0, (await Read<R4.Bundle>(outside.GetAsync($"/fhir/MedicationRequest?patient={consented}"), HttpStatusCode.OK)).Total);
    }

    private async Task<int> OutsideCountAsync()
    {
        await using var scope = Server.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MainstayDb>().OutsideRecords.CountAsync();
    }
}

public sealed class FhirApiOnSqlite(SqliteClinic fixture) : FhirApiTests(fixture), IClassFixture<SqliteClinic>;

public sealed class FhirApiOnPostgres(PostgresClinic fixture) : FhirApiTests(fixture), IClassFixture<PostgresClinic>;
