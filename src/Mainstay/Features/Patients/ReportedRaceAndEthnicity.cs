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

    /// <summary>
    /// The chart takes a race or ethnicity it does not know yet (a known one is never replaced this way: only the patient's
    /// own answer, at intake or in the demographics, replaces it). Returns what changed, as a revision's changes.
    /// </summary>
    internal static Dictionary<string, object?[]> FillUnknown(Patient chart, Race race, Ethnicity ethnicity)
    {
        var changes = new Dictionary<string, object?[]>(StringComparer.Ordinal);
        if (chart.Race == Race.Unknown && race != Race.Unknown)
        {
            changes["race"] = [IntakeForm.Kebab(chart.Race), IntakeForm.Kebab(race)];
            chart.Race = race;
        }

        if (chart.Ethnicity == Ethnicity.Unknown && ethnicity != Ethnicity.Unknown)
        {
            changes["ethnicity"] = [IntakeForm.Kebab(chart.Ethnicity), IntakeForm.Kebab(ethnicity)];
            chart.Ethnicity = ethnicity;
        }

        return changes;
    }

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
                .OrderBy(a => a.CompletedAt).ThenBy(a => a.Id).Select(a => new { a.PatientId, a.Content }).ToListAsync(ct);
            var received = await db.OutsideRecords.AsNoTracking()
                .Where(r => r.ResourceType == "Patient" && r.PatientId != null && ids.Contains(r.PatientId.Value))
                .OrderBy(r => r.ImportedAt).ThenBy(r => r.Id).Select(r => new { PatientId = r.PatientId!.Value, r.Json }).ToListAsync(ct);

            // Each kind from the latest intake that answered it, else from the first received record that says (as an import
            // fills only what the chart does not know, and an intake replaces it).
            var races = new Dictionary<Guid, (Race Value, string From)>();
            var ethnicities = new Dictionary<Guid, (Ethnicity Value, string From)>();
            foreach (var record in received)
            {
                if (Fhir.FhirWire.Parse<R4.Patient>(record.Json).Resource is R4.Patient patient)
                {
                    var (race, ethnicity) = Fhir.FhirBundleImport.ReceivedRaceAndEthnicity(patient);
                    if (race != Race.Unknown)
                    {
                        races.TryAdd(record.PatientId, (race, "a received record"));
                    }

                    if (ethnicity != Ethnicity.Unknown)
                    {
                        ethnicities.TryAdd(record.PatientId, (ethnicity, "a received record"));
                    }
                }
            }

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
                    if (answers.Race != Race.Unknown)
                    {
                        races[intake.PatientId] = (answers.Race, "an intake");
                    }

                    if (answers.Ethnicity != Ethnicity.Unknown)
                    {
                        ethnicities[intake.PatientId] = (answers.Ethnicity, "an intake");
                    }
                }
            }

            foreach (var (id, chart) in charts)
            {
                races.TryGetValue(id, out var race);
                ethnicities.TryGetValue(id, out var ethnicity);
                var changes = FillUnknown(chart, race.Value, ethnicity.Value);
                List<string> filled = [.. changes.Keys.Select(k => k + " from " + (k == "race" ? race.From : ethnicity.From))];
                if (filled.Count > 0)
                {
                    // The Patient changed (a _since export carries it again), as its next revision.
                    PatientRegistry.RecordRevision(db, chart, changes, "filled from what was recorded: " + string.Join(" and ", filled), null, "system", now);
                    audit.Record(AuditActions.Update, "Patient", id.ToString(), id, chart.SiteId, $"filled on the chart: {string.Join(" and ", filled)}");
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
