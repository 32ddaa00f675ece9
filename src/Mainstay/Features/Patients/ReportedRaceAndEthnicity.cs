using System.Text.Json;
using Mainstay.Clinical.Assessment;
using Mainstay.Data;
using Mainstay.Features.Assessments;
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
    public static async Task<int> FillAsync(MainstayDb db, CancellationToken ct)
    {
        var unknown = await db.Patients.AsNoTracking()
            .Where(p => p.Race == Race.Unknown || p.Ethnicity == Ethnicity.Unknown)
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

            // The latest known answer of each kind, intakes over received records.
            var reported = new Dictionary<Guid, (Race Race, Ethnicity Ethnicity)>();
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
                    Take(record.PatientId, race, ethnicity, over: true);
                }
            }

            var fromIntakes = new Dictionary<Guid, (Race, Ethnicity)>();
            foreach (var intake in intakes)
            {
                if (JsonSerializer.Deserialize<AssessmentContent>(intake.Content, AssessmentRegistry.Json)?.History?.Reporting is { } answers)
                {
                    var (r, e) = fromIntakes.GetValueOrDefault(intake.PatientId);
                    fromIntakes[intake.PatientId] = (answers.Race != Race.Unknown ? answers.Race : r, answers.Ethnicity != Ethnicity.Unknown ? answers.Ethnicity : e);
                }
            }

            foreach (var (patient, (race, ethnicity)) in fromIntakes)
            {
                Take(patient, race, ethnicity, over: true);
            }

            foreach (var (id, (race, ethnicity)) in reported)
            {
                var chart = charts[id];
                var before = (chart.Race, chart.Ethnicity);
                chart.Race = chart.Race == Race.Unknown ? race : chart.Race;
                chart.Ethnicity = chart.Ethnicity == Ethnicity.Unknown ? ethnicity : chart.Ethnicity;
                changed += before == (chart.Race, chart.Ethnicity) ? 0 : 1;
            }

            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }

        await Counter.AddAsync(db, Counter.RaceAndEthnicityKept, changed, ct);
        return changed;
    }
}
