using System.Text;
using System.Text.Json;
using Mainstay.Clinical.Assessment;
using Mainstay.Clinical.Reporting;
using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Admissions;
using Mainstay.Features.Assessments;
using Mainstay.Features.Audit;
using Mainstay.Web;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Reports;

/// <summary>An episode kept out of the state's file, with what to fix (the director sees who; the state file never does).</summary>
public sealed record TedsRefusedRecord(Guid EpisodeId, Guid PatientId, string Mrn, string Name, string Site, DateOnly AdmittedOn, DateOnly? DischargedOn, IReadOnlyList<TedsProblem> Problems);

/// <summary>How many records of a file know a field (not -9).</summary>
public sealed record TedsFieldCompleteness(string Field, int Known, int Records);

/// <summary>One of the period's two files: its records (accepted ones go to the state), the refused ones and the fields' completeness.</summary>
public sealed record TedsFile(string Kind, IReadOnlyList<string> Fields, int Accepted, IReadOnlyList<TedsRefusedRecord> Refused, IReadOnlyList<TedsFieldCompleteness> Completeness)
{
    internal List<TedsRecord> Records { get; init; } = [];
}

public sealed record TedsSubmission(DateOnly From, DateOnly To, int? SiteId, TedsFile Admissions, TedsFile Discharges);

/// <summary>
/// The state's Treatment Episode Data Set report for a period: an admission record for every episode admitted in it and
/// a discharge record for every episode discharged in it, coded by <see cref="Teds"/> from the chart (the patient, the
/// episode and its first contact, the intake assessment nearest the admission, the drug screens before discharge).
/// Records missing a field the state cannot take as unknown are listed with the reason, never dropped silently.
/// </summary>
public sealed class TedsReport(MainstayDb db, ClinicUser user, AuditTrail audit, TimeProvider clock)
{
    /// <summary>The longest period one report covers.</summary>
    public const int MaxDays = 366;

    /// <summary>Screens this many days before discharge tell the discharge record about opioid use.</summary>
    public const int ScreenDaysBeforeDischarge = 30;

    private static readonly JsonSerializerOptions Json = AssessmentRegistry.Json;

    /// <summary>The calendar month before today's, the period a state usually asks for.</summary>
    public (DateOnly From, DateOnly To) LastMonth()
    {
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var first = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        return (first, first.AddMonths(1).AddDays(-1));
    }

    public async Task<Outcome<TedsSubmission>> BuildAsync(DateOnly? from, DateOnly? to, int? siteId, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var (defaultFrom, defaultTo) = LastMonth();
        var start = from ?? defaultFrom;
        var end = to ?? defaultTo;
        if (end < start)
        {
            errors.Add("to", "to must be on or after from.");
        }
        else if (end.DayNumber - start.DayNumber + 1 > MaxDays)
        {
            errors.Add("to", $"A report covers at most {MaxDays} days; ask for a shorter period.");
        }

        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        var scope = await user.ScopeAsync(ct);
        if (siteId is { } s && !scope.Includes(s))
        {
            return Refusal.Forbidden($"You are not granted site {siteId}.");
        }

        var sites = siteId is { } only ? [only] : scope.SiteIds.ToList();
        var siteRows = await db.Sites.AsNoTracking().Where(x => sites.Contains(x.Id)).ToDictionaryAsync(x => x.Id, ct);
        var zone = clock.LocalTimeZone;
        DateTimeOffset Utc(DateOnly day) => Dates.LocalMidnightUtc(day, zone);
        DateOnly Day(DateTimeOffset t) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(t, zone).DateTime);
        var lower = Utc(start);
        var upper = Utc(end.AddDays(1));

        var episodes = await db.TreatmentEpisodes.AsNoTracking()
            .Where(e => sites.Contains(e.SiteId)
                && ((e.AdmittedAt >= lower && e.AdmittedAt < upper) || (e.DischargedAt >= lower && e.DischargedAt < upper)))
            .ToListAsync(ct);
        var patientIds = episodes.Select(e => e.PatientId).Distinct().ToList();
        var patients = await db.Patients.AsNoTracking().Where(p => patientIds.Contains(p.Id))
            .Select(p => new { p.Id, p.Mrn, p.GivenName, p.FamilyName, p.BirthDate, p.SexAtBirth, p.Race, p.Ethnicity })
            .ToDictionaryAsync(p => p.Id, ct);
        var inquiryIds = episodes.Where(e => e.InquiryId is not null).Select(e => e.InquiryId!.Value).Distinct().ToList();
        var payers = await db.Inquiries.AsNoTracking().Where(i => inquiryIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => i.Payer, ct);
        var earlier = await db.TreatmentEpisodes.AsNoTracking().Where(e => patientIds.Contains(e.PatientId))
            .Select(e => new { e.Id, e.PatientId, e.AdmittedAt }).ToListAsync(ct);
        var assessments = await db.Assessments.AsNoTracking()
            .Where(a => patientIds.Contains(a.PatientId) && a.Status != AssessmentStatus.Draft && a.CompletedAt != null)
            .Select(a => new { a.PatientId, a.CompletedAt, a.Content }).ToListAsync(ct);
        var dischargedPatients = episodes.Where(e => e.DischargedAt >= lower && e.DischargedAt < upper).Select(e => e.PatientId).Distinct().ToList();
        var screenFrom = lower.AddDays(-ScreenDaysBeforeDischarge);
        var screens = await db.DrugScreens.AsNoTracking()
            .Where(x => dischargedPatients.Contains(x.PatientId) && x.Status == "resulted" && x.CollectedAt >= screenFrom && x.CollectedAt < upper)
            .Select(x => new { x.PatientId, x.CollectedAt, x.IllicitOpioidUse }).ToListAsync(ct);

        // Each episode looks only at its own patient's rows.
        var earlierByPatient = earlier.ToLookup(x => x.PatientId);
        var intakesByPatient = assessments.ToLookup(a => a.PatientId);
        var screensByPatient = screens.ToLookup(x => x.PatientId);

        TedsEpisode Facts(TreatmentEpisode e)
        {
            var patient = patients[e.PatientId];
            var closedBy = e.DischargedAt ?? DateTimeOffset.MaxValue;
            var intake = intakesByPatient[e.PatientId].Where(a => a.CompletedAt <= closedBy)
                .OrderBy(a => Math.Abs((a.CompletedAt!.Value - e.AdmittedAt).TotalSeconds)).FirstOrDefault();
            bool? screened = null;
            if (e.DischargedAt is { } out_)
            {
                var before = screensByPatient[e.PatientId].Where(x => x.CollectedAt >= out_.AddDays(-ScreenDaysBeforeDischarge) && x.CollectedAt <= out_).ToList();
                screened = before.Count == 0 ? null : before.Any(x => x.IllicitOpioidUse);
            }

            return new TedsEpisode
            {
                CaseId = e.Id.ToString("N"),
                ClientId = e.PatientId.ToString("N"),
                ProviderId = siteRows[e.SiteId].Code,
                AdmittedOn = Day(e.AdmittedAt),
                BirthDate = patient.BirthDate,
                Sex = IntakeForm.Kebab(patient.SexAtBirth),
                ChartRace = patient.Race,
                ChartEthnicity = patient.Ethnicity,
                LevelOfCare = IntakeForm.Kebab(e.LevelOfCare),
                PlannedMedication = IntakeForm.Kebab(e.PlannedMedication),
                Referral = e.Source switch
                {
                    null => null,
                    InquirySource.Referral => e.ReferrerKind is { } kind ? IntakeForm.Kebab(kind) : null,
                    _ => "self",
                },
                DaysWaited = e.DaysWaited,
                EarlierEpisodes = earlierByPatient[e.PatientId].Count(x => x.AdmittedAt < e.AdmittedAt),
                Payer = e.InquiryId is { } inquiry && payers.TryGetValue(inquiry, out var payer) ? IntakeForm.Kebab(payer) : null,
                Intake = intake is null ? null : JsonSerializer.Deserialize<AssessmentContent>(intake.Content, Json)?.History,
                DischargedOn = e.DischargedAt is { } d ? Day(d) : null,
                DischargeReason = e.TedsReason,
                OpioidUseOnScreensBeforeDischarge = screened,
            };
        }

        TedsFile File(string kind, IReadOnlyList<string> fields, IEnumerable<TreatmentEpisode> chosen, Func<TedsEpisode, TedsRecord> code)
        {
            var records = new List<TedsRecord>();
            var refused = new List<TedsRefusedRecord>();
            foreach (var e in chosen.OrderBy(e => e.AdmittedAt).ThenBy(e => e.Id))
            {
                var record = code(Facts(e));
                records.Add(record);
                if (!record.Accepted)
                {
                    var p = patients[e.PatientId];
                    refused.Add(new TedsRefusedRecord(e.Id, e.PatientId, p.Mrn, $"{p.FamilyName}, {p.GivenName}", siteRows[e.SiteId].Name,
                        Day(e.AdmittedAt), e.DischargedAt is { } d ? Day(d) : null, record.Problems));
                }
            }

            var accepted = records.Where(r => r.Accepted).ToList();
            var completeness = fields.Select(f => new TedsFieldCompleteness(f, accepted.Count(r => r[f] != "-9"), accepted.Count)).ToList();
            return new TedsFile(kind, fields, accepted.Count, refused, completeness) { Records = records };
        }

        var admissions = File("admissions", Teds.AdmissionFields, episodes.Where(e => e.AdmittedAt >= lower && e.AdmittedAt < upper), Teds.Admission);
        var discharges = File("discharges", Teds.DischargeFields, episodes.Where(e => e.DischargedAt >= lower && e.DischargedAt < upper), Teds.Discharge);

        // Who was refused (names and MRNs) is shown to the director: a read of those charts, audited as one report event.
        await audit.RecordNowAsync(AuditActions.Read, "TedsReport", siteId: siteId,
            detail: $"TEDS {start:yyyy-MM-dd}..{end:yyyy-MM-dd}: {admissions.Accepted} admissions and {discharges.Accepted} discharges accepted, "
                + $"{admissions.Refused.Count + discharges.Refused.Count} refused", ct: ct);
        return new TedsSubmission(start, end, siteId, admissions, discharges);
    }

    /// <summary>The state's file: a header of codebook field names, then one line per accepted record (refused ones are listed in the report, not here).</summary>
    public static string Csv(TedsFile file)
    {
        var text = new StringBuilder();
        text.AppendJoin(',', file.Fields).Append('\n');
        foreach (var record in file.Records.Where(r => r.Accepted))
        {
            text.AppendJoin(',', record.Fields.Select(f => Web.Csv.Field(f.Value))).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Records an export of a state file (the accepted records leave the program).</summary>
    public Task RecordExportAsync(TedsSubmission submission, TedsFile file, CancellationToken ct) =>
        audit.RecordNowAsync("export", "TedsReport", siteId: submission.SiteId,
            detail: $"TEDS {file.Kind} {submission.From:yyyy-MM-dd}..{submission.To:yyyy-MM-dd}: {file.Accepted} records", ct: ct);
}
