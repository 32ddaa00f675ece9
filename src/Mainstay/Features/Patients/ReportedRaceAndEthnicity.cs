using System.Text.Json;
using Mainstay.Clinical.Assessment;
using Mainstay.Data;
using Mainstay.Features.Assessments;
using Mainstay.Features.Audit;
using Microsoft.EntityFrameworkCore;
using R4 = Hl7.Fhir.Model;

namespace Mainstay.Features.Patients;

/// <summary>
/// Charts whose race or ethnicity no one has reported yet take them from what the database already holds: the latest
/// completed intake's answers first, then a record received from another system. Runs once at start-up for a database from
/// before the chart kept them (recorded by <see cref="Counter.RaceAndEthnicityKept"/>), and after the demo clinic is seeded.
/// </summary>
internal static class ReportedRaceAndEthnicity
{
    private const int Chunk = 500;

    /// <summary>Fills the charts, in chunks of charts (each one transaction; a chart already known is left alone, so a run interrupted is finished by the next). Returns how many charts changed.</summary>
    /// <param name="audit">Each chart changed is audited (an update naming what was filled and from where), as an import or intake would be.</param>
    public static async Task<int> FillAsync(MainstayDb db, Audit.AuditTrail audit, DateTimeOffset now, CancellationToken ct)
    {
        // Only charts something could fill: with a completed intake or a received record (a large network's generated
        // charts have neither, and are not read).
        var unknown = await db.Patients.AsNoTracking()
            .Where(p => (p.Race == Race.Unknown || p.Ethnicity == Ethnicity.Unknown)
                && (db.Assessments.Any(a => a.PatientId == p.Id && a.Status != AssessmentStatus.Draft)
                    || db.OutsideRecords.Any(r => r.ResourceType == "Patient" && r.PatientId == p.Id)))
            .Select(p => p.Id).ToListAsync(ct);
        var changed = 0;
        foreach (var ids in unknown.Order().Chunk(Chunk))
        {
            var charts = await db.Patients.Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
            var intakes = await db.Assessments.AsNoTracking()
                .Where(a => ids.Contains(a.PatientId) && a.Status != AssessmentStatus.Draft)
                .OrderBy(a => a.CompletedAt).Select(a => new { a.PatientId, a.Content }).ToListAsync(ct);
            var received = await db.OutsideRecords.AsNoTracking()
                .Where(r => r.ResourceType == "Patient" && r.PatientId != null && ids.Contains(r.PatientId.Value))
                .OrderBy(r => r.ImportedAt).Select(r => new { PatientId = r.PatientId!.Value, r.Json }).ToListAsync(ct);

            // The latest intake's known answer of each kind, else the first received record's (as an import fills only what
            // the chart does not know, and an intake replaces it).
            var reported = new Dictionary<Guid, (Race Race, Ethnicity Ethnicity)>();
            var sources = new Dictionary<Guid, string>();
            void Take(Guid patient, Race race, Ethnicity ethnicity, bool over)
            {
                var (r, e) = reported.GetValueOrDefault(patient);
                reported[patient] = (race != Race.Unknown && (over || r == Race.Unknown) ? race : r, ethnicity != Ethnicity.Unknown && (over || e == Ethnicity.Unknown) ? ethnicity : e);
            }

            foreach (var record in received)
            {
                if (Fhir.FhirWire.Parse<R4.Patient>(record.Json).Resource is R4.Patient patient)
                {
                    var (race, ethnicity) = Fhir.FhirBundleImport.ReceivedRaceAndEthnicity(patient);
                    Take(record.PatientId, race, ethnicity, over: false);
                    sources.TryAdd(record.PatientId, "a received record");
                }
            }

            var fromIntakes = new Dictionary<Guid, (Race, Ethnicity)>();
            foreach (var intake in intakes)
            {
                AssessmentContent? content;
                try
                {
                    content = JsonSerializer.Deserialize<AssessmentContent>(intake.Content, AssessmentRegistry.Json);
                }
                catch (JsonException)
                {
                    continue; // an intake this version cannot read fills nothing, and stops nothing
                }

                if (content?.History?.Reporting is { } answers)
                {
                    var (r, e) = fromIntakes.GetValueOrDefault(intake.PatientId);
                    fromIntakes[intake.PatientId] = (answers.Race != Race.Unknown ? answers.Race : r, answers.Ethnicity != Ethnicity.Unknown ? answers.Ethnicity : e);
                }
            }

            foreach (var (patient, (race, ethnicity)) in fromIntakes)
            {
                Take(patient, race, ethnicity, over: true);
                if (race != Race.Unknown || ethnicity != Ethnicity.Unknown)
                {
                    sources[patient] = "the latest intake";
                }
            }

            foreach (var (id, (race, ethnicity)) in reported)
            {
                var chart = charts[id];
                var before = (chart.Race, chart.Ethnicity);
                chart.Race = chart.Race == Race.Unknown ? race : chart.Race;
                chart.Ethnicity = chart.Ethnicity == Ethnicity.Unknown ? ethnicity : chart.Ethnicity;
                if (before != (chart.Race, chart.Ethnicity))
                {
                    // The Patient changed: a _since export carries it again.
                    chart.UpdatedAt = now;
                    audit.Record(AuditActions.Update, "Patient", id.ToString(), id, chart.SiteId,
                        $"race and ethnicity filled from {sources.GetValueOrDefault(id, "the records held")} (kept on the chart since this version)");
                    changed++;
                }
            }

            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }

        await Counter.AddAsync(db, Counter.RaceAndEthnicityKept, changed, ct);
        return changed;
    }
}
