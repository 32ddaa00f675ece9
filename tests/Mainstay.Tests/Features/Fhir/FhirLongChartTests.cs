// Firely's model marks nearly every element nullable; the assertions below fail on a missing one.
#nullable disable warnings
using System.Net;
using System.Text.Json;
using Hl7.Fhir.Serialization;
using Mainstay.Clinical.Medication;
using Mainstay.Data;
using Mainstay.Features.Dosing;
using Mainstay.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using R4 = Hl7.Fhir.Model;

namespace Mainstay.Tests.Features.Fhir;

/// <summary>
/// A patient dosed every day for fourteen years has more doses than one FHIR search looks through
/// (<see cref="Mainstay.Features.Fhir.FhirRecords.CandidateLimit"/>): a date search reads only the days asked for. On a server
/// of its own, so the other FHIR tests' searches over every patient stay under the limit.
/// </summary>
public abstract class FhirLongChartTests(TestDatabase database)
{
    private static readonly JsonSerializerOptions Fhir = new JsonSerializerOptions().ForFhir(R4.ModelInfo.ModelInspector);

    [Fact]
    public async Task A_date_search_finds_the_recent_doses_of_a_patient_with_more_doses_than_a_search_reads()
    {
        await using var server = await ClinicServer.StartAsync(database);
        using var prescriber = await server.As("prescriber");
        var (id, today) = await RegisterAsync(prescriber, "Long", "Course");
        var order = await prescriber.PostJson($"/api/v1/patients/{id}/orders", new
        {
            medication = "methadone",
            doseMg = 80,
            startDate = today.AddDays(-5100).ToString("yyyy-MM-dd"),
            overrideReason = "a long course for the FHIR search test",
        }).Expect(HttpStatusCode.Created);
        var orderId = order.GetProperty("id").GetGuid();
        var days = Mainstay.Features.Fhir.FhirRecords.CandidateLimit + 1;
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
            for (var day = 0; day < days; day++)
            {
                var date = today.AddDays(-day);
                db.Dispenses.Add(new Dispense
                {
                    Id = Guid.NewGuid(),
                    PatientId = id,
                    SiteId = 1,
                    OrderId = orderId,
                    LineageId = orderId,
                    DoseDate = date,
                    Slot = 1,
                    ClaimedSlot = 1,
                    Medication = Moud.Methadone,
                    OrderedMg = 80,
                    AmountMg = 80,
                    Observed = true,
                    At = new DateTimeOffset(date.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero),
                    Nurse = "history",
                });
            }

            await db.SaveChangesAsync();
        }

        using var counselor = await server.As("counselor");
        // Every dose at once is more than a search reads: refused, with the way out named.
        using (var everything = await counselor.GetAsync($"/fhir/MedicationAdministration?patient={id}"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, everything.StatusCode);
            Assert.Contains("narrow the search", await everything.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // The last eleven days (midnight UTC ten days ago onwards), and a closed range of three days further back.
        var from = today.AddDays(-10).ToString("yyyy-MM-dd") + "T00:00:00Z";
        var recent = await SearchAsync(counselor, $"/fhir/MedicationAdministration?patient={id}&date=ge{from}&_count=100");
        Assert.Equal(11, recent.Total);
        Assert.All(recent.Entry, e => Assert.True(((R4.FhirDateTime)((R4.MedicationAdministration)e.Resource).Effective).ToDateTimeOffset(TimeSpan.Zero) >= DateTimeOffset.Parse(from, System.Globalization.CultureInfo.InvariantCulture)));
        var (start, end) = (today.AddDays(-4000).ToString("yyyy-MM-dd") + "T00:00:00Z", today.AddDays(-3997).ToString("yyyy-MM-dd") + "T00:00:00Z");
        var span = await SearchAsync(counselor, $"/fhir/MedicationAdministration?patient={id}&date=ge{start}&date=lt{end}");
        Assert.Equal(
            [today.AddDays(-3998), today.AddDays(-3999), today.AddDays(-4000)],
            span.Entry.Select(e => DateOnly.FromDateTime(((R4.FhirDateTime)((R4.MedicationAdministration)e.Resource).Effective).ToDateTimeOffset(TimeSpan.Zero).UtcDateTime)));
    }

    [Fact]
    public async Task A_date_search_reads_only_the_observations_of_the_dates_asked_for_a_patient_and_for_the_clinic()
    {
        await using var server = await ClinicServer.StartAsync(database);
        using var counselor = await server.As("counselor");
        var (id, today) = await RegisterAsync(counselor, "Many", "Screens");
        await using (var scope = server.Services.CreateAsyncScope())
        {
            // A screen a day, more than a search reads, collected at noon UTC.
            var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
            for (var day = 0; day <= Mainstay.Features.Fhir.FhirRecords.CandidateLimit; day++)
            {
                var collected = new DateTimeOffset(today.AddDays(-day).ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
                db.DrugScreens.Add(new Mainstay.Features.Screens.DrugScreen
                {
                    Id = Guid.NewGuid(),
                    PatientId = id,
                    SiteId = 1,
                    Specimen = "urine",
                    Reason = "random",
                    Status = "resulted",
                    OrderedAt = collected.AddHours(-1),
                    OrderedBy = "history",
                    CollectedAt = collected,
                    ResultedAt = collected.AddHours(2),
                    Results = """{"fentanyl":"negative"}""",
                    OpioidNegative = true,
                });
            }

            await db.SaveChangesAsync();
        }

        using (var everything = await counselor.GetAsync($"/fhir/Observation?patient={id}"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, everything.StatusCode);
            Assert.Contains("narrow the search", await everything.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var from = today.AddDays(-10).ToString("yyyy-MM-dd") + "T00:00:00Z";
        var bound = DateTimeOffset.Parse(from, System.Globalization.CultureInfo.InvariantCulture);
        var mine = await SearchAsync(counselor, $"/fhir/Observation?patient={id}&date=ge{from}&_count=100");
        Assert.Equal(11, mine.Total);

        // The whole clinic's observations of those days: the demo's recent ones and these eleven, none older.
        var clinic = await SearchAsync(counselor, $"/fhir/Observation?date=ge{from}&_count=1000");
        Assert.True(clinic.Total > 11, $"the demo has recent observations too ({clinic.Total})");
        Assert.Equal(11, clinic.Entry.Count(e => ((R4.Observation)e.Resource).Subject.Reference == $"Patient/{id}"));
        Assert.All(clinic.Entry, e => Assert.True(((R4.FhirDateTime)((R4.Observation)e.Resource).Effective).ToDateTimeOffset(TimeSpan.Zero) >= bound));
        // A search by a code no screen has reads no screen: the clinic's PHQ-9 totals (this patient's intake has one), with
        // no date, past the 5,001 screens. A search by the screens' own code still meets the limit.
        using var prescriber = await server.As("prescriber");
        var draft = (await prescriber.PostJson($"/api/v1/patients/{id}/assessments", new { }).Expect(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await prescriber.PutAsync($"/api/v1/patients/{id}/assessments/{draft}", System.Net.Http.Json.JsonContent.Create(new
        {
            history = new { substances = new object[] { new { substance = "fentanyl", routes = new[] { "smoking" }, frequency = "daily" } } },
            asam = new { withdrawal = 1, biomedical = 1, emotionalBehavioralCognitive = 1, readinessToChange = 1, relapsePotential = 2, recoveryEnvironment = 2 },
            instruments = new Dictionary<string, object>
            {
                ["dsm5-oud"] = new { answers = Enumerable.Range(1, 11).ToDictionary(i => $"c{i}", i => i <= 4 ? 1 : 0) },
                ["phq9"] = new { answers = new { q1 = 1, q2 = 1, q3 = 0, q4 = 1, q5 = 0, q6 = 1, q7 = 0, q8 = 0, q9 = 0 } },
            },
        })).Expect(HttpStatusCode.OK);
        await prescriber.PostAsync($"/api/v1/patients/{id}/assessments/{draft}/complete", null).Expect(HttpStatusCode.OK);
        var phq9 = await SearchAsync(counselor, "/fhir/Observation?code=http://loinc.org|44261-6&_count=1000");
        Assert.Contains(phq9.Entry, e => ((R4.Observation)e.Resource).Subject.Reference == $"Patient/{id}");
        Assert.All(phq9.Entry, e => Assert.Contains(((R4.Observation)e.Resource).Code.Coding, c => c.System == "http://loinc.org" && c.Code == "44261-6"));
        using (var screens = await counselor.GetAsync("/fhir/Observation?code=urn:mainstay:drug-screen|urine"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, screens.StatusCode);
        }

        // A closed range of a day, 4,000 days back: that day's screen alone.
        var (start, end) = (today.AddDays(-4000).ToString("yyyy-MM-dd"), today.AddDays(-3999).ToString("yyyy-MM-dd"));
        var oneDay = await SearchAsync(counselor, $"/fhir/Observation?date=ge{start}T00:00:00Z&date=lt{end}T00:00:00Z");
        Assert.Equal($"Patient/{id}", ((R4.Observation)Assert.Single(oneDay.Entry).Resource).Subject.Reference);
    }

    [Fact]
    public async Task A_code_search_over_received_records_reads_only_those_with_the_code_however_many_the_clinic_holds()
    {
        await using var server = await ClinicServer.StartAsync(database);
        using var counselor = await server.As("counselor");
        var (id, today) = await RegisterAsync(counselor, "Many", "Received");
        var at = new DateTimeOffset(today.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero);
        await using (var scope = server.Services.CreateAsyncScope())
        {
            // A hospital's heart rates, more than a search reads, and three body weights: one coded only in its second coding.
            var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
            void Received(int n, params R4.Coding[] codings)
            {
                var recordId = Guid.NewGuid();
                var observation = new R4.Observation
                {
                    Id = recordId.ToString(),
                    Status = R4.ObservationStatus.Final,
                    Code = new R4.CodeableConcept { Coding = [.. codings] },
                    Subject = new R4.ResourceReference("Patient/" + id),
                    Effective = new R4.FhirDateTime(at.AddMinutes(-n)),
                };
                db.OutsideRecords.Add(new Mainstay.Features.Fhir.OutsideRecord
                {
                    Id = recordId,
                    ResourceType = "Observation",
                    SourceKey = $"id|Observation/{recordId}",
                    PatientId = id,
                    SiteId = 1,
                    Code = $"{codings[0].System}|{codings[0].Code}",
                    EffectiveAt = at.AddMinutes(-n),
                    Status = "final",
                    Json = Mainstay.Features.Fhir.FhirWire.Serialize(observation),
                    ContentHash = recordId.ToString("N"),
                    Origin = "test",
                    ImportedAt = at,
                });
            }

            for (var n = 0; n <= Mainstay.Features.Fhir.FhirRecords.CandidateLimit; n++)
            {
                Received(n, new R4.Coding("http://loinc.org", "8867-4"));
            }

            Received(1, new R4.Coding("http://loinc.org", "29463-7"));
            Received(2, new R4.Coding("http://loinc.org", "29463-7"), new R4.Coding("urn:hospital:labs", "WT"));
            Received(3, new R4.Coding("urn:hospital:labs", "WT"), new R4.Coding("http://loinc.org", "29463-7"));
            await db.SaveChangesAsync();
        }

        // The whole clinic's weights, with no patient and no date: the three, read past the 5,001 heart rates.
        var weights = await SearchAsync(counselor, "/fhir/Observation?code=http://loinc.org|29463-7&_count=100");
        Assert.Equal(3, weights.Total);
        Assert.All(weights.Entry, e => Assert.Equal($"Patient/{id}", ((R4.Observation)e.Resource).Subject.Reference));
        Assert.Equal(3, (await SearchAsync(counselor, "/fhir/Observation?code=29463-7")).Total);
        Assert.Equal(2, (await SearchAsync(counselor, "/fhir/Observation?code=urn:hospital:labs|WT")).Total);
        Assert.Equal(0, (await SearchAsync(counselor, "/fhir/Observation?code=urn:hospital:labs|29463-7")).Total);
        Assert.Equal(3, (await SearchAsync(counselor, "/fhir/Observation?code=urn:hospital:labs|WT,http://loinc.org|29463-7")).Total);

        // The heart rates themselves are more than a search reads, and so is a code the stored JSON would hold escaped.
        foreach (var code in new[] { "http://loinc.org|8867-4", "http://loinc.org|8867-4,x<y" })
        {
            using var many = await counselor.GetAsync("/fhir/Observation?code=" + Uri.EscapeDataString(code));
            Assert.Equal(HttpStatusCode.BadRequest, many.StatusCode);
        }
    }

    [Fact]
    public async Task A_code_or_status_search_over_the_programs_own_records_reads_only_the_rows_that_can_match()
    {
        await using var server = await ClinicServer.StartAsync(database);
        using var prescriber = await server.As("prescriber");
        var (id, today) = await RegisterAsync(prescriber, "Weekly", "Screened");
        var (other, _) = await RegisterAsync(prescriber, "Few", "Doses");
        var at = new DateTimeOffset(today.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero);
        async Task<Guid> OrderAsync(Guid patient, string medication, int doseMg) =>
            (await prescriber.PostJson($"/api/v1/patients/{patient}/orders", new
            {
                medication,
                doseMg,
                startDate = today.AddDays(-5100).ToString("yyyy-MM-dd"),
                overrideReason = "a long course for the FHIR search test",
            }).Expect(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var methadone = await OrderAsync(id, "methadone", 80);
        var buprenorphine = await OrderAsync(other, "buprenorphine", 8);
        await using (var scope = server.Services.CreateAsyncScope())
        {
            // More urine screens and methadone doses than a search reads, and beside them a few oral-fluid screens (one
            // cancelled) and buprenorphine doses (one entered in error).
            var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
            void Screen(int n, string specimen, string status) => db.DrugScreens.Add(new Mainstay.Features.Screens.DrugScreen
            {
                Id = Guid.NewGuid(),
                PatientId = id,
                SiteId = 1,
                Specimen = specimen,
                Reason = "random",
                Status = status,
                OrderedAt = at.AddDays(-n),
                OrderedBy = "history",
                CollectedAt = status == "cancelled" ? null : at.AddDays(-n),
                ResultedAt = status == "cancelled" ? null : at.AddDays(-n),
                Results = status == "cancelled" ? null : """{"fentanyl":"negative"}""",
                CancelReason = status == "cancelled" ? "no specimen" : null,
            });
            void Dose(Guid patient, Guid order, int n, Moud medication, bool voided = false) => db.Dispenses.Add(new Dispense
            {
                Id = Guid.NewGuid(),
                PatientId = patient,
                SiteId = 1,
                OrderId = order,
                LineageId = order,
                DoseDate = today.AddDays(-n),
                Slot = 1,
                ClaimedSlot = voided ? null : 1,
                Medication = medication,
                OrderedMg = 8,
                AmountMg = 8,
                Observed = true,
                At = at.AddDays(-n),
                Nurse = "history",
            });

            for (var n = 0; n <= Mainstay.Features.Fhir.FhirRecords.CandidateLimit; n++)
            {
                Screen(n, "urine", "resulted");
                Dose(id, methadone, n, Moud.Methadone);
            }

            Screen(1, "oral-fluid", "resulted");
            Screen(8, "oral-fluid", "resulted");
            Screen(15, "oral-fluid", "cancelled");
            for (var n = 0; n < 3; n++)
            {
                Dose(other, buprenorphine, n, Moud.Buprenorphine);
            }

            Dose(other, buprenorphine, 0, Moud.Buprenorphine, voided: true);
            await db.SaveChangesAsync();
        }

        // What the clinic holds of each kind, counted in the database, is what the searches find: read past the 5,001.
        int oralFluid, cancelled, buprenorphineDoses, voidedDoses;
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
            oralFluid = await db.DrugScreens.CountAsync(s => s.Specimen == "oral-fluid" && s.Status != "ordered");
            cancelled = await db.DrugScreens.CountAsync(s => s.Status == "cancelled");
            buprenorphineDoses = await db.Dispenses.CountAsync(d => d.Medication == Moud.Buprenorphine);
            voidedDoses = await db.Dispenses.CountAsync(d => d.ClaimedSlot == null);
        }

        using var counselor = await server.As("counselor");
        var screens = await SearchAsync(counselor, "/fhir/Observation?code=urn:mainstay:drug-screen|oral-fluid&_count=100");
        Assert.Equal(oralFluid, screens.Total);
        Assert.Equal(3, screens.Entry.Count(e => ((R4.Observation)e.Resource).Subject.Reference == $"Patient/{id}"));
        Assert.Equal(oralFluid, (await SearchAsync(counselor, "/fhir/Observation?code=oral-fluid")).Total);
        var cancelledOralFluid = await SearchAsync(counselor, "/fhir/Observation?code=oral-fluid&status=cancelled");
        Assert.Equal(R4.ObservationStatus.Cancelled, Assert.Single(cancelledOralFluid.Entry, e => ((R4.Observation)e.Resource).Subject.Reference == $"Patient/{id}").Resource is R4.Observation { Status: var status } ? status : null);
        Assert.Equal(cancelled, (await SearchAsync(counselor, "/fhir/Observation?status=cancelled")).Total);
        Assert.Equal(0, (await SearchAsync(counselor, "/fhir/Observation?code=urn:mainstay:drug-screen|hair")).Total);

        var doses = await SearchAsync(counselor, "/fhir/MedicationAdministration?code=http://www.nlm.nih.gov/research/umls/rxnorm|1819&_count=10");
        Assert.Equal(buprenorphineDoses, doses.Total);
        var voided = await SearchAsync(counselor, "/fhir/MedicationAdministration?status=entered-in-error");
        Assert.Equal(voidedDoses, voided.Total);
        Assert.Contains(voided.Entry, e => ((R4.MedicationAdministration)e.Resource).Subject.Reference == $"Patient/{other}");
        Assert.Equal(1, (await SearchAsync(counselor, $"/fhir/MedicationAdministration?patient={other}&status=entered-in-error&code=1819")).Total);

        // The urine screens and the methadone doses are still more than a search reads.
        foreach (var url in new[] { "/fhir/Observation?code=urn:mainstay:drug-screen|urine", "/fhir/MedicationAdministration?code=6813", "/fhir/Observation?status=final" })
        {
            using var many = await counselor.GetAsync(url);
            Assert.Equal(HttpStatusCode.BadRequest, many.StatusCode);
        }
    }

    [Fact]
    public async Task Every_code_and_status_a_chart_holds_finds_exactly_the_resources_that_carry_it()
    {
        // A chart with records of every kind and state, copied from the demo clinic's own rows where it has them: for each
        // type, a search by each code (with and without system), each status, and both together finds exactly the resources
        // of the unfiltered search that carry them. The database narrows by columns; this holds it to what the resources say.
        await using var server = await ClinicServer.StartAsync(database);
        using var prescriber = await server.As("prescriber");
        var (id, today) = await RegisterAsync(prescriber, "Every", "Kind");
        var at = new DateTimeOffset(today.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero);
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
            foreach (var (status, version) in new[] { (Mainstay.Features.Assessments.AssessmentStatus.Completed, 1), (Mainstay.Features.Assessments.AssessmentStatus.Draft, 1), (Mainstay.Features.Assessments.AssessmentStatus.Completed, 2) })
            {
                var a = await db.Assessments.AsNoTracking().FirstAsync(x => x.Results != null && x.Status == Mainstay.Features.Assessments.AssessmentStatus.Completed);
                (a.Id, a.PatientId, a.SiteId, a.Status, a.Version) = (Guid.NewGuid(), id, 1, status, version);
                db.Assessments.Add(a);
            }

            var orders = new List<Guid>();
            foreach (var (status, medication) in new[] { (Mainstay.Features.Orders.OrderStatus.Active, Moud.Buprenorphine), (Mainstay.Features.Orders.OrderStatus.Held, Moud.Buprenorphine), (Mainstay.Features.Orders.OrderStatus.Discontinued, Moud.Methadone), (Mainstay.Features.Orders.OrderStatus.Superseded, Moud.Methadone), (Mainstay.Features.Orders.OrderStatus.Scheduled, Moud.Naltrexone) })
            {
                var o = await db.MedicationOrders.AsNoTracking().FirstAsync();
                (o.Id, o.PatientId, o.SiteId, o.LineageId, o.Version, o.Status, o.Medication) = (Guid.NewGuid(), id, 1, Guid.NewGuid(), 1, status, medication);
                db.MedicationOrders.Add(o);
                orders.Add(o.Id);
            }

            foreach (var (n, medication, voided) in new[] { (0, Moud.Buprenorphine, false), (1, Moud.Buprenorphine, true), (9, Moud.Methadone, false), (30, Moud.Naltrexone, false) })
            {
                var d = await db.Dispenses.AsNoTracking().FirstAsync();
                (d.Id, d.PatientId, d.SiteId, d.OrderId, d.LineageId, d.DoseDate, d.At, d.ClaimedSlot, d.Medication, d.IdempotencyKey) =
                    (Guid.NewGuid(), id, 1, orders[n % 2], Guid.NewGuid(), today.AddDays(-n), at.AddDays(-n), voided ? null : 1, medication, null);
                db.Dispenses.Add(d);
            }

            foreach (var (specimen, status) in new[] { ("urine", "resulted"), ("oral-fluid", "resulted"), ("oral-fluid", "cancelled"), ("urine", "ordered") })
            {
                var s = await db.DrugScreens.AsNoTracking().FirstAsync(x => x.Status == "resulted");
                (s.Id, s.PatientId, s.SiteId, s.Specimen, s.Status, s.Accession) = (Guid.NewGuid(), id, 1, specimen, status, null);
                db.DrugScreens.Add(s);
            }

            foreach (var discharged in new[] { true, false })
            {
                var e = await db.TreatmentEpisodes.AsNoTracking().FirstAsync();
                (e.Id, e.PatientId, e.SiteId, e.DischargedAt) = (Guid.NewGuid(), id, 1, discharged ? at.AddDays(-30) : null);
                if (discharged)
                {
                    e.AdmittedAt = at.AddDays(-90);
                }

                db.TreatmentEpisodes.Add(e);
            }

            foreach (var revoked in new[] { true, false })
            {
                db.Consents.Add(new Mainstay.Features.Consents.Consent
                {
                    Id = Guid.NewGuid(),
                    PatientId = id,
                    SiteId = 1,
                    Discloser = "Mainstay demo clinic",
                    Recipient = "Riverbend General Hospital",
                    Information = "medication and dose",
                    Purpose = "coordination of care",
                    ExpiresOn = today.AddYears(1),
                    SignedBy = "Every Kind",
                    SignerRelationship = "self",
                    SignedOn = today.AddDays(-10),
                    SignatureMethod = "wet-ink",
                    RightToRevokeExplained = true,
                    RecordedAt = at.AddDays(-10),
                    RevokedAt = revoked ? at.AddDays(-1) : null,
                });
            }

            var plan = await db.TreatmentPlans.AsNoTracking().FirstAsync();
            (plan.Id, plan.PatientId, plan.SiteId) = (Guid.NewGuid(), id, 1);
            db.TreatmentPlans.Add(plan);

            var marks = await db.SessionAttendance.AsNoTracking().GroupBy(m => m.SessionId).Select(g => g.First()).Take(3).ToListAsync();
            foreach (var (m, mark) in marks.Zip(["attended", "late", "no-show"]))
            {
                (m.Id, m.PatientId, m.SiteId, m.Mark) = (Guid.NewGuid(), id, 1, mark);
                db.SessionAttendance.Add(m);
            }

            foreach (var ended in new[] { true, false })
            {
                var episode = new Mainstay.Features.Withdrawal.WithdrawalEpisode
                {
                    Id = Guid.NewGuid(),
                    PatientId = id,
                    SiteId = 1,
                    Setting = "outpatient",
                    StartedAt = at.AddDays(ended ? -60 : -1),
                    EndedAt = ended ? at.AddDays(-55) : null,
                };
                db.WithdrawalEpisodes.Add(episode);
                db.FlowsheetEntries.Add(new Mainstay.Features.Withdrawal.FlowsheetEntry { Id = Guid.NewGuid(), EpisodeId = episode.Id, PatientId = id, SiteId = 1, At = episode.StartedAt.AddHours(1), Cows = 14, PulseBpm = 104, SystolicMmHg = 150, DiastolicMmHg = 95, TemperatureC = 37.4m, RecordedAt = at });
                db.FlowsheetEntries.Add(new Mainstay.Features.Withdrawal.FlowsheetEntry { Id = Guid.NewGuid(), EpisodeId = episode.Id, PatientId = id, SiteId = 1, At = episode.StartedAt.AddHours(3), Sows = 22, RespiratoryRate = 18, SpO2Percent = 97, SystolicMmHg = 140, RecordedAt = at });
                db.FlowsheetEntries.Add(new Mainstay.Features.Withdrawal.FlowsheetEntry { Id = Guid.NewGuid(), EpisodeId = episode.Id, PatientId = id, SiteId = 1, At = episode.StartedAt.AddHours(5), WithdrawalCategory = 2, PulseBpm = 88, RecordedAt = at });
            }

            await db.SaveChangesAsync();
        }

        using var counselor = await server.As("counselor");
        var checkedSearches = 0;
        foreach (var type in Mainstay.Features.Fhir.FhirRecords.Native.Keys.Where(t => t != "Patient"))
        {
            var all = (await SearchAsync(counselor, $"/fhir/{type}?patient={id}&_count=1000")).Entry.Select(e => e.Resource).ToList();
            Assert.True(all.Count > 0, $"{type}: the chart has none");
            var codings = all.SelectMany(Mainstay.Features.Fhir.ResourceFacts.Codings).Select(c => (c.System, c.Code)).Distinct().ToList();
            var statuses = all.Select(Mainstay.Features.Fhir.ResourceFacts.Status).OfType<string>().Distinct().ToList();
            var asked = new List<(string Query, Func<R4.Resource, bool> Carries)>();
            foreach (var (system, code) in codings)
            {
                bool Coded(R4.Resource r, string? s) => Mainstay.Features.Fhir.ResourceFacts.Codings(r).Any(c => c.Code == code && (s is null || c.System == s));
                asked.Add(("code=" + Uri.EscapeDataString($"{system}|{code}"), r => Coded(r, system)));
                asked.Add(("code=" + Uri.EscapeDataString(code), r => Coded(r, null)));
                foreach (var status in statuses)
                {
                    asked.Add(($"code={Uri.EscapeDataString(code)}&status={status}", r => Coded(r, null) && Mainstay.Features.Fhir.ResourceFacts.Status(r) == status));
                }
            }

            foreach (var status in statuses)
            {
                asked.Add(($"status={status}", r => Mainstay.Features.Fhir.ResourceFacts.Status(r) == status));
            }

            if (codings.Count > 1)
            {
                var (first, last) = (codings[0], codings[^1]);
                asked.Add(("code=" + Uri.EscapeDataString($"{first.System}|{first.Code},{last.Code}"), r => Mainstay.Features.Fhir.ResourceFacts.Codings(r)
                    .Any(c => (c.System == first.System && c.Code == first.Code) || c.Code == last.Code)));
            }

            if (statuses.Count > 1)
            {
                asked.Add(($"status={statuses[0]},{statuses[1]}", r => Mainstay.Features.Fhir.ResourceFacts.Status(r) is { } s && (s == statuses[0] || s == statuses[1])));
            }

            asked.Add(("code=" + Uri.EscapeDataString("urn:nowhere|" + (codings.Count > 0 ? codings[0].Code : "x")), _ => false));
            asked.Add(("status=no-such-status", _ => false));
            foreach (var (query, carries) in asked)
            {
                var found = await SearchAsync(counselor, $"/fhir/{type}?patient={id}&{query}&_count=1000");
                Assert.True(
                    all.Where(carries).Select(r => r.Id).Order().SequenceEqual(found.Entry.Select(e => e.Resource.Id).Order()),
                    $"{type}?{query}: expected [{string.Join(", ", all.Where(carries).Select(r => r.Id).Order())}], found [{string.Join(", ", found.Entry.Select(e => e.Resource.Id).Order())}]");
                checkedSearches++;
            }
        }

        Assert.True(checkedSearches > 100, $"only {checkedSearches} searches checked");
    }

    /// <summary>A new patient at site 1, and today's date in UTC (the days the history is written on).</summary>
    private static async Task<(Guid Id, DateOnly Today)> RegisterAsync(HttpClient client, string given, string family)
    {
        var p = await client.PostJson("/api/v1/patients", new { givenName = given, familyName = family, birthDate = "1960-04-04", sexAtBirth = "female", siteId = 1 })
            .Expect(HttpStatusCode.Created);
        return (p.GetProperty("id").GetGuid(), DateOnly.FromDateTime(DateTime.UtcNow));
    }

    private static async Task<R4.Bundle> SearchAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {text}");
        return JsonSerializer.Deserialize<R4.Bundle>(text, Fhir);
    }
}

public sealed class FhirLongChartOnSqlite() : FhirLongChartTests(TestDatabase.Sqlite);

public sealed class FhirLongChartOnPostgres() : FhirLongChartTests(TestDatabase.PostgreSql);
