using System.Globalization;
using Mainstay.Clinical.Screens;
using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Audit;
using Mainstay.Features.Patients;
using Mainstay.Web;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Screens;

/// <summary>What happened to one row of a lab file: imported, skipped (already imported) or rejected, and why.</summary>
public sealed record ImportRow(int Line, string? Mrn, string? Accession, string Outcome, IReadOnlyList<string> Reasons);

/// <summary>The import report: counts and every row. When any row is rejected nothing is imported.</summary>
public sealed record ImportReport(bool DryRun, bool Imported, int Rows, int Accepted, int Skipped, int Rejected, IReadOnlyList<ImportRow> Lines);

/// <summary>
/// Imports lab results from a CSV file, one specimen per row (columns in docs/API.md and on the import page). All or
/// nothing: every row is checked first; if one is rejected, nothing is stored and the report says which rows and why.
/// A lab's accession number already recorded is skipped, so a file can be sent twice.
/// </summary>
public sealed class ScreenImport(MainstayDb db, ClinicUser user, AuditTrail audit, DrugScreens screens, TimeProvider clock)
{
    /// <summary>The largest file accepted, in rows.</summary>
    public const int MaximumRows = 5000;

    public static readonly string[] Columns =
        ["mrn", "collected_at", "specimen", "observed", "lab", "accession", "temperature_c", "creatinine_mg_dl", "specific_gravity", "ph", "adulterant"];

    public static IEnumerable<string> AnalyteColumns => Enum.GetValues<Analyte>().Select(ScreenInterpretation.Code);

    public async Task<Outcome<ImportReport>> ImportAsync(TextReader csv, bool dryRun, CancellationToken ct)
    {
        if (user.Role is not (Roles.Prescriber or Roles.Nurse))
        {
            return Refusal.Forbidden("Only a nurse or a prescriber imports drug-screen results.");
        }

        var records = Csv.Read(csv).Take(MaximumRows + 2).ToList();
        if (records.Count == 0)
        {
            return Refusal.Invalid("file", "The file is empty: the first line must name the columns.");
        }

        if (records.Count > MaximumRows + 1)
        {
            return Refusal.Invalid("file", $"The file has more than {MaximumRows} rows; split it.");
        }

        var header = records[0].Fields.Select(h => h.Trim().ToLowerInvariant()).ToList();
        var headerErrors = new FieldErrors();
        foreach (var unknown in header.Where(h => !Columns.Contains(h) && !AnalyteColumns.Contains(h)))
        {
            headerErrors.Add("header", $"Unknown column '{unknown}'. Columns: {string.Join(", ", Columns)}, and one per analyte: {string.Join(", ", AnalyteColumns)}.");
        }

        foreach (var required in new[] { "mrn", "collected_at" }.Where(r => !header.Contains(r)))
        {
            headerErrors.Add("header", $"The column '{required}' is required.");
        }

        foreach (var twice in header.GroupBy(h => h).Where(g => g.Count() > 1))
        {
            headerErrors.Add("header", $"The column '{twice.Key}' appears twice.");
        }

        if (!header.Any(AnalyteColumns.Contains))
        {
            headerErrors.Add("header", "No analyte columns: name at least one, e.g. fentanyl.");
        }

        if (headerErrors.Any)
        {
            return Refusal.Invalid(headerErrors);
        }

        var scope = await user.ScopeAsync(ct);
        var siteIds = scope.SiteIds.ToList();
        var rows = records.Skip(1).Where(r => r.Fields.Any(f => f.Length > 0)).ToList();
        var readable = rows.Where(r => r.Error is null).ToList();
        var mrns = readable.Select(r => Cell(r, header, "mrn")).OfType<string>().Distinct().ToList();
        var patients = (await db.Patients.AsNoTracking()
                .Where(p => mrns.Contains(p.Mrn) && p.Status != PatientStatus.EnteredInError && (scope.All || siteIds.Contains(p.SiteId)))
                .ToListAsync(ct))
            .GroupBy(p => p.Mrn).ToDictionary(g => g.Key, g => g.First());
        var accessions = readable.Select(r => Cell(r, header, "accession")).OfType<string>().Distinct().ToList();
        var known = (await db.DrugScreens.AsNoTracking().Where(s => s.Accession != null && accessions.Contains(s.Accession))
                .Select(s => new { s.Lab, s.Accession, s.Status }).ToListAsync(ct))
            .ToDictionary(s => (s.Lab!, s.Accession!), s => s.Status);

        var report = new List<ImportRow>();
        var accepted = new List<(Patient Patient, DrugScreens.ParsedResults Results, string Specimen)>();
        var seen = new HashSet<(string, string)>();
        foreach (var row in rows)
        {
            var reasons = new List<string>();
            var mrn = Cell(row, header, "mrn");
            var accession = Cell(row, header, "accession");
            var lab = Cell(row, header, "lab");
            if (row.Error is not null)
            {
                report.Add(new ImportRow(row.Line, null, null, "rejected", [$"The line cannot be read: {row.Error}."]));
                continue;
            }

            if (row.Fields.Length != header.Count)
            {
                report.Add(new ImportRow(row.Line, mrn, accession, "rejected", [$"The row has {row.Fields.Length} cells; the header names {header.Count}."]));
                continue;
            }

            if (lab is not null && accession is not null)
            {
                if (known.TryGetValue((lab, accession), out var status) && status == "resulted")
                {
                    report.Add(new ImportRow(row.Line, mrn, accession, "skipped", [$"Accession {accession} of {lab} is already recorded."]));
                    continue;
                }

                if (!seen.Add((lab, accession)))
                {
                    reasons.Add($"Accession {accession} of {lab} appears twice in the file.");
                }
            }

            Patient? patient = null;
            if (mrn is null)
            {
                reasons.Add("mrn is empty.");
            }
            else if (!patients.TryGetValue(mrn, out patient))
            {
                reasons.Add($"No patient with MRN {mrn} at your sites.");
            }

            var specimen = Cell(row, header, "specimen")?.ToLowerInvariant() ?? "urine";
            if (!DrugScreens.Specimens.Contains(specimen))
            {
                reasons.Add($"specimen '{specimen}' must be urine or oral-fluid.");
            }

            var errors = new FieldErrors();
            var input = new ScreenResults
            {
                CollectedAt = When(Cell(row, header, "collected_at"), errors),
                Observed = YesNo(Cell(row, header, "observed"), "observed", errors),
                AdulterantDetected = YesNo(Cell(row, header, "adulterant"), "adulterant", errors),
                TemperatureC = Number(Cell(row, header, "temperature_c"), "temperature_c", errors),
                CreatinineMgPerDl = Number(Cell(row, header, "creatinine_mg_dl"), "creatinine_mg_dl", errors),
                SpecificGravity = Number(Cell(row, header, "specific_gravity"), "specific_gravity", errors),
                Ph = Number(Cell(row, header, "ph"), "ph", errors),
                Lab = lab,
                Accession = accession,
                Analytes = AnalyteColumns.Where(header.Contains).Select(a => (a, Cell(row, header, a)))
                    .Where(c => c.Item2 is not null).ToDictionary(c => c.a, c => c.Item2!),
            };
            var parsed = errors.Any ? null : screens.Parse(input, errors, "");
            reasons.AddRange(errors.ToDictionary().SelectMany(e => e.Value));
            if (reasons.Count > 0 || parsed is null || patient is null)
            {
                report.Add(new ImportRow(row.Line, mrn, accession, "rejected", reasons));
                continue;
            }

            accepted.Add((patient, parsed, specimen));
            report.Add(new ImportRow(row.Line, mrn, accession, dryRun ? "accepted" : "imported", []));
        }

        var rejected = report.Count(r => r.Outcome == "rejected");
        var skipped = report.Count(r => r.Outcome == "skipped");
        var result = new ImportReport(dryRun, false, report.Count, accepted.Count, skipped, rejected, report);
        if (rejected > 0)
        {
            return new Refusal(RefusalKind.Unprocessable,
                $"{rejected} of {report.Count} rows were rejected; nothing was imported. Correct the rows listed and send the file again.",
                Violations: result);
        }

        if (dryRun || accepted.Count == 0)
        {
            return result;
        }

        // Not under the write lock (a lab file's rows would hold the dosing window): the same file sent twice at the same
        // moment (a retry, a second tab) is refused for the later of the two by the accession's unique index, or, where the
        // transaction already serializes writers (SQLite), by finding the accession recorded meanwhile.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        foreach (var (patient, parsed, specimen) in accepted)
        {
            var screen = await db.DrugScreens.SingleOrDefaultAsync(s => s.Lab == parsed.Lab && s.Accession == parsed.Accession && s.Accession != null, ct);
            if (screen is { Status: "resulted" })
            {
                return RecordedMeanwhile();
            }

            if (screen is null)
            {
                var now = clock.GetUtcNow();
                screen = new DrugScreen
                {
                    Id = Guid.CreateVersion7(now),
                    PatientId = patient.Id,
                    SiteId = patient.SiteId,
                    Specimen = specimen,
                    Reason = "random",
                    Status = "ordered",
                    OrderedAt = parsed.CollectedAt,
                    OrderedBy = user.Username ?? "unknown",
                };
                db.DrugScreens.Add(screen);
            }

            await screens.RecordAsync(screen, parsed, ct);
            screen.CollectedBy = parsed.Lab;
        }

        audit.Record(AuditActions.Create, "DrugScreenImport", detail: $"{accepted.Count} screens imported, {skipped} skipped");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (IsAccessionTaken(e))
        {
            return RecordedMeanwhile();
        }

        await tx.CommitAsync(ct);
        return result with { Imported = true };
    }

    /// <summary>Forgets what this import had tracked (nothing of it is saved) and says why.</summary>
    private Refusal RecordedMeanwhile()
    {
        db.ChangeTracker.Clear();
        return Refusal.Conflict("Some of these accessions were recorded at the same moment (another import of the file, or results entered by hand); nothing of this import was saved. Send the file again: what is recorded is skipped.");
    }

    /// <summary>The unique index of a lab's accession numbers refused a row: the accession was recorded by another writer.</summary>
    private static bool IsAccessionTaken(DbUpdateException e) => e.InnerException switch
    {
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteExtendedErrorCode == 2067 && sqlite.Message.Contains("DrugScreens.Accession", StringComparison.Ordinal),
        Npgsql.PostgresException pg => pg.SqlState == "23505" && pg.ConstraintName == "UX_DrugScreens_Accession",
        _ => false,
    };

    private static string? Cell(CsvRecord row, List<string> header, string column)
    {
        var i = header.IndexOf(column);
        if (i < 0 || i >= row.Fields.Length)
        {
            return null;
        }

        var value = row.Fields[i].Trim();
        return value.Length == 0 ? null : value;
    }

    private static DateTimeOffset? When(string? text, FieldErrors errors)
    {
        if (text is null)
        {
            errors.Add("collected_at", "collected_at is empty.");
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out var at))
        {
            return at;
        }

        errors.Add("collected_at", $"collected_at '{text}' is not a date and time (e.g. 2026-11-20T08:30:00-05:00).");
        return null;
    }

    private static bool? YesNo(string? text, string column, FieldErrors errors)
    {
        switch (text?.ToLowerInvariant())
        {
            case null:
                return null;
            case "yes" or "y" or "true" or "1":
                return true;
            case "no" or "n" or "false" or "0":
                return false;
            default:
                errors.Add(column, $"{column} '{text}' must be yes or no.");
                return null;
        }
    }

    private static decimal? Number(string? text, string column, FieldErrors errors)
    {
        if (text is null)
        {
            return null;
        }

        if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        errors.Add(column, $"{column} '{text}' is not a number.");
        return null;
    }
}
