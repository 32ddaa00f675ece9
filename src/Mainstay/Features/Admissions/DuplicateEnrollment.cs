using System.Globalization;
using System.Text;
using System.Text.Json;
using Mainstay.Clinical.Admissions;
using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Assessments;
using Mainstay.Features.Audit;
using Mainstay.Features.Consents;
using Mainstay.Features.Orders;
using Mainstay.Features.Patients;
using Mainstay.Web;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Admissions;

public sealed record ResolveEnrollment
{
    /// <summary>not-same-person, enrolled-elsewhere, transferring or no-longer-enrolled.</summary>
    public string? Resolution { get; init; }

    public string? Note { get; init; }
}

public sealed record RegistryImportReport(int Rows, int Added, int Updated, IReadOnlyList<string> Rejected);

/// <summary>
/// The check for enrollment at another program before admission (42 CFR 2.34): every chart in this Mainstay network,
/// whatever the site wall, and the central registry's entries, compared by the fuzzy matcher. Only what 2.34 allows is
/// shown — identity, drug, dose, dates — and each chart it touches is audited for that chart's privacy officer.
/// </summary>
public sealed class DuplicateEnrollment(MainstayDb db, ClinicUser user, AuditTrail audit, TimeProvider clock)
{
    public const string RegistryPurpose = "Prevent multiple enrollments in opioid treatment (42 CFR 2.34)";

    public static readonly string[] RegistryColumns =
    [
        "program_code", "program_name", "person_reference", "given_name", "family_name", "birth_date", "sex", "medication", "dose_mg",
        "last_event", "last_event_on", "admitted_on", "ended_on",
    ];

    public static readonly string[] RegistryEvents = ["admitted", "dose-changed", "interrupted", "resumed", "discharged"];

    private static readonly LevelOfCare[] MedicationLevels = [LevelOfCare.OpioidTreatmentProgram, LevelOfCare.OfficeBasedOpioidTreatment, LevelOfCare.WithdrawalManagement];

    private DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    public async Task<Outcome<EnrollmentCheckView>> CheckAsync(Guid inquiryId, CancellationToken ct)
    {
        if (user.Role is not (Roles.Intake or Roles.Counselor or Roles.Nurse or Roles.Prescriber))
        {
            return Refusal.Forbidden("Only intake coordinators and clinicians run the enrollment check.");
        }

        var inquiry = await db.Inquiries.SingleOrDefaultAsync(i => i.Id == inquiryId, ct);
        if (inquiry is null || !await user.MayUseSiteAsync(inquiry.SiteId, ct))
        {
            return Refusal.NotFound($"There is no inquiry with id {inquiryId} at your sites.");
        }

        if (inquiry.EnrollmentConsentSignedOn is null)
        {
            return new Refusal(RefusalKind.Unprocessable,
                $"{inquiry.Reference}: record the person's written consent to the enrollment check first (42 CFR 2.34 allows the check only with consent under 2.31).");
        }

        if (inquiry.BirthDate is not { } birth)
        {
            return new Refusal(RefusalKind.Unprocessable, $"{inquiry.Reference}: the birth date is needed to look for another enrollment.");
        }

        var person = new PersonKey(inquiry.GivenName, inquiry.FamilyName, birth, inquiry.Sex, inquiry.Phone);
        var candidates = new List<EnrollmentCandidate>();
        var touched = new List<(Guid PatientId, int SiteId)>();
        var dates = BirthDateVariants(birth).ToList();
        var familyPrefix = NameKey.Of(inquiry.FamilyName) is { Length: >= 3 } key ? key[..3] : NameKey.Of(inquiry.FamilyName);
        var upper = familyPrefix.Length > 0 ? NameKey.UpperBound(familyPrefix) : "";

        // The whole network: the check is the one read that crosses the site wall, and it shows only what 2.34 allows.
        var network = await db.Patients.AsNoTracking()
            .Where(p => p.Status != PatientStatus.EnteredInError && p.Id != inquiry.PatientId
                        && (dates.Contains(p.BirthDate) || (familyPrefix.Length > 0 && string.Compare(p.FamilyKey, familyPrefix) >= 0 && string.Compare(p.FamilyKey, upper) < 0)))
            .Select(p => new { p.Id, p.GivenName, p.FamilyName, p.BirthDate, p.SexAtBirth, p.Phone, p.Status, p.SiteId, Site = p.Site!.Name })
            .Take(5000)
            .ToListAsync(ct);
        var scored = network
            .Select(p => (Patient: p, Match: EnrollmentMatch.Compare(person, new PersonKey(p.GivenName, p.FamilyName, p.BirthDate, PatientWire.Name(p.SexAtBirth), p.Phone))))
            .Where(x => x.Match.Verdict != MatchVerdict.NoMatch)
            .ToList();
        var ids = scored.Select(x => x.Patient.Id).ToList();
        var episodes = await db.TreatmentEpisodes.AsNoTracking().Where(e => ids.Contains(e.PatientId) && e.DischargedAt == null)
            .Select(e => new { e.PatientId, e.LevelOfCare, e.AdmittedAt }).ToListAsync(ct);
        var orders = await db.MedicationOrders.AsNoTracking()
            .Where(o => ids.Contains(o.PatientId) && (o.Status == OrderStatus.Active || o.Status == OrderStatus.Held))
            .Select(o => new { o.PatientId, o.Medication, o.DoseMg, o.StartDate }).ToListAsync(ct);
        var matchedEnrolled = false;
        foreach (var (p, match) in scored.OrderByDescending(x => x.Match.Score))
        {
            var order = orders.Where(o => o.PatientId == p.Id).OrderByDescending(o => o.StartDate).FirstOrDefault();
            var episode = episodes.Where(e => e.PatientId == p.Id).OrderByDescending(e => e.AdmittedAt).FirstOrDefault();
            var enrolled = order is not null || episode is not null;
            matchedEnrolled |= enrolled;
            var status = enrolled
                ? "enrolled" + (episode is null ? "" : $" ({IntakeForm.Kebab(episode.LevelOfCare)})")
                : $"not in treatment ({PatientWire.Name(p.Status)}): readmission may reuse this chart";
            candidates.Add(new EnrollmentCandidate(
                "network", p.Id.ToString(), p.Site, $"{p.FamilyName}, {p.GivenName}", p.BirthDate, status,
                order is null ? null : $"{MedicationOrders.Name(order.Medication)} {order.DoseMg.ToString("0.##", CultureInfo.InvariantCulture)} mg",
                order?.StartDate ?? (episode is null ? null : DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(episode.AdmittedAt, clock.LocalTimeZone).DateTime)),
                Math.Round(match.Score, 3), IntakeForm.Kebab(match.Verdict), match.Evidence));
            touched.Add((p.Id, p.SiteId));
        }

#pragma warning disable CA1862 // translated to SQL: lower() on both providers, not a .NET comparison
        var familyLower = inquiry.FamilyName.Trim().ToLowerInvariant();
        var registry = await db.RegistryEnrollments.AsNoTracking()
            .Where(r => r.EndedOn == null && (dates.Contains(r.BirthDate) || r.FamilyName.ToLower() == familyLower))
            .Take(5000)
            .ToListAsync(ct);
#pragma warning restore CA1862
        foreach (var (r, match) in registry
                     .Select(r => (Row: r, Match: EnrollmentMatch.Compare(person, new PersonKey(r.GivenName, r.FamilyName, r.BirthDate, r.Sex))))
                     .Where(x => x.Match.Verdict != MatchVerdict.NoMatch)
                     .OrderByDescending(x => x.Match.Score))
        {
            matchedEnrolled = true;
            candidates.Add(new EnrollmentCandidate(
                "registry", $"{r.ProgramCode}/{r.PersonReference}", $"{r.ProgramName} ({r.ProgramCode})", $"{r.FamilyName}, {r.GivenName}", r.BirthDate,
                $"{r.LastEvent} {r.LastEventOn:yyyy-MM-dd}",
                r.Medication is null ? null : r.Medication + (r.DoseMg is { } d ? $" {d.ToString("0.##", CultureInfo.InvariantCulture)} mg" : ""),
                r.AdmittedOn, Math.Round(match.Score, 3), IntakeForm.Kebab(match.Verdict), match.Evidence));
        }

        var now = clock.GetUtcNow();
        var check = new EnrollmentCheck
        {
            Id = Guid.CreateVersion7(now),
            SiteId = inquiry.SiteId,
            InquiryId = inquiry.Id,
            PatientId = inquiry.PatientId,
            CheckedAt = now,
            CheckedBy = user.Username ?? "system",
            Candidates = JsonSerializer.Serialize(candidates, JsonBody.Options),
            Result = matchedEnrolled ? EnrollmentCheckResult.PossibleMatch : EnrollmentCheckResult.Clear,
        };
        db.EnrollmentChecks.Add(check);
        db.InquiryActivities.Add(new InquiryActivity
        {
            InquiryId = inquiry.Id,
            SiteId = inquiry.SiteId,
            At = now,
            By = user.Username,
            Kind = ActivityKind.EnrollmentCheck,
            What = IntakeForm.Kebab(check.Result),
            Detail = candidates.Count == 0 ? "no candidates" : $"{candidates.Count} candidate(s): " + string.Join("; ", candidates.Select(c => $"{c.Where} {c.Verdict}")),
        });
        audit.Record("enrollment-check", "Inquiry", inquiry.Id.ToString(), inquiry.PatientId, inquiry.SiteId,
            $"{inquiry.Reference}: {IntakeForm.Kebab(check.Result)}, {candidates.Count} candidate(s)", purpose: "prevent-multiple-enrollment");
        foreach (var (patientId, siteId) in touched)
        {
            audit.Record("enrollment-check-match", "Patient", patientId.ToString(), patientId, siteId,
                $"compared with {inquiry.Reference} at site {inquiry.SiteId}", purpose: "prevent-multiple-enrollment");
        }

        await db.SaveChangesAsync(ct);
        return View(check);
    }

    public async Task<Outcome<EnrollmentCheckView>> ResolveAsync(Guid checkId, ResolveEnrollment request, CancellationToken ct)
    {
        if (user.Role is not (Roles.Prescriber or Roles.Nurse or Roles.Counselor))
        {
            return Refusal.Forbidden("A clinician (prescriber, nurse or counselor) resolves a possible duplicate enrollment.");
        }

        var check = await db.EnrollmentChecks.SingleOrDefaultAsync(c => c.Id == checkId, ct);
        if (check is null || !await user.MayUseSiteAsync(check.SiteId, ct))
        {
            return Refusal.NotFound($"There is no enrollment check with id {checkId} at your sites.");
        }

        var errors = new FieldErrors();
        var resolution = errors.Choice<EnrollmentResolution>("resolution", request.Resolution, required: true);
        var note = errors.Text("note", request.Note, 1000, required: true);
        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        if (check.Result == EnrollmentCheckResult.Clear)
        {
            return Refusal.Conflict("This check found no other enrollment; there is nothing to resolve.");
        }

        if (check.Resolution is { } done && done != EnrollmentResolution.EnrolledElsewhere)
        {
            return Refusal.Conflict($"Already resolved ({IntakeForm.Kebab(done)}) by {check.ResolvedBy}; run a new check if something changed.");
        }

        var now = clock.GetUtcNow();
        check.Resolution = resolution;
        check.ResolvedAt = now;
        check.ResolvedBy = user.Username;
        check.ResolutionNote = note;
        if (check.InquiryId is { } inquiryId)
        {
            db.InquiryActivities.Add(new InquiryActivity
            {
                InquiryId = inquiryId,
                SiteId = check.SiteId,
                At = now,
                By = user.Username,
                Kind = ActivityKind.EnrollmentCheck,
                What = "resolved",
                Outcome = IntakeForm.Kebab(resolution!.Value),
                Detail = note,
            });
        }

        audit.Record(AuditActions.Update, "EnrollmentCheck", check.Id.ToString(), check.PatientId, check.SiteId, $"resolved: {IntakeForm.Kebab(resolution!.Value)}; {note}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Refusal.Conflict("Someone resolved this check at the same moment; reload it.");
        }

        return View(check);
    }

    internal async Task<IReadOnlyList<EnrollmentCheckView>> ChecksForAsync(Guid inquiryId, CancellationToken ct) =>
        (await db.EnrollmentChecks.AsNoTracking().Where(c => c.InquiryId == inquiryId).OrderByDescending(c => c.CheckedAt).ToListAsync(ct))
        .Select(View).ToList();

    /// <summary>The check that stops a medication order for this patient, if any: an unresolved possible match, or enrollment elsewhere confirmed.</summary>
    public static async Task<EnrollmentCheck?> BlockingCheckAsync(MainstayDb db, Guid patientId, CancellationToken ct)
    {
        var checks = await db.EnrollmentChecks.AsNoTracking()
            .Where(c => c.PatientId == patientId && c.Result == EnrollmentCheckResult.PossibleMatch)
            .OrderByDescending(c => c.CheckedAt)
            .ToListAsync(ct);
        return checks.FirstOrDefault() is { Blocks: true } latest ? latest : null;
    }

    /// <summary>The consent recorded at admission for the registry disclosures 2.34 allows, with the 2.31 elements.</summary>
    internal static Consent RegistryConsent(Patient patient, Inquiry inquiry, DateOnly signedOn, string? by, DateTimeOffset now, string siteName) => new()
    {
        Id = Guid.CreateVersion7(now),
        PatientId = patient.Id,
        SiteId = inquiry.SiteId,
        Discloser = siteName,
        Recipient = "The central registry and withdrawal-management or maintenance programs within 200 miles",
        Information = "Identifying information, medication and dose, and the dates of admission, dose changes, interruption, resumption and discharge",
        Purpose = RegistryPurpose,
        ExpiryEvent = "end of treatment",
        SignedBy = inquiry.EnrollmentConsentSignedBy ?? $"{inquiry.GivenName} {inquiry.FamilyName}",
        SignerRelationship = "self",
        SignedOn = signedOn,
        SignatureMethod = "written",
        RightToRevokeExplained = true,
        RecordedAt = now,
        RecordedBy = by,
    };

    // ---------------------------------------------------------------- central registry file

    /// <summary>
    /// This program's enrollments for the central registry, as CSV: only patients whose consent for the registry is
    /// active, and only the fields 2.34 allows.
    /// </summary>
    public async Task<Outcome<string>> ExportAsync(int? siteId, CancellationToken ct)
    {
        if (user.Role is not (Roles.Intake or Roles.Prescriber or Roles.Director))
        {
            return Refusal.Forbidden("Only intake coordinators, prescribers and the director send the registry file.");
        }

        var scope = await user.ScopeAsync(ct);
        if (siteId is { } only && !scope.Includes(only))
        {
            return Refusal.Forbidden($"You are not granted site {only}.");
        }

        var siteIds = siteId is { } s ? [s] : scope.SiteIds.ToList();
        var consents = await db.Consents.AsNoTracking()
            .Where(c => c.Purpose == RegistryPurpose && c.RevokedAt == null && siteIds.Contains(c.SiteId))
            .Select(c => new { c.PatientId, c.ExpiresOn })
            .ToListAsync(ct);
        var consented = consents.Where(c => c.ExpiresOn is null || c.ExpiresOn >= Today).Select(c => c.PatientId).ToHashSet().ToList();
        var episodes = await db.TreatmentEpisodes.AsNoTracking()
            .Where(e => consented.Contains(e.PatientId) && MedicationLevels.Contains(e.LevelOfCare) && siteIds.Contains(e.SiteId))
            .Join(db.Patients, e => e.PatientId, p => p.Id, (e, p) => new { Episode = e, Patient = p, Site = p.Site! })
            .ToListAsync(ct);
        var patientIds = episodes.Select(e => e.Patient.Id).Distinct().ToList();
        var orders = await db.MedicationOrders.AsNoTracking()
            .Where(o => patientIds.Contains(o.PatientId) && siteIds.Contains(o.SiteId) && (o.Status == OrderStatus.Active || o.Status == OrderStatus.Held))
            .ToListAsync(ct);
        var csv = new StringBuilder(string.Join(',', RegistryColumns)).Append('\n');
        foreach (var latest in episodes.GroupBy(e => e.Patient.Id).Select(g => g.OrderByDescending(e => e.Episode.AdmittedAt).First()))
        {
            var order = orders.Where(o => o.PatientId == latest.Patient.Id).OrderByDescending(o => o.StartDate).FirstOrDefault();
            var e = latest.Episode;
            var admitted = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(e.AdmittedAt, clock.LocalTimeZone).DateTime);
            var ended = e.DischargedAt is { } d ? DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(d, clock.LocalTimeZone).DateTime) : (DateOnly?)null;
            var (lastEvent, lastOn) = ended is { } end ? ("discharged", end)
                : order is not null && order.StartDate > admitted ? ("dose-changed", order.StartDate) : ("admitted", admitted);
            string?[] row =
            [
                latest.Site.Code, latest.Site.Name, latest.Patient.Id.ToString(), latest.Patient.GivenName, latest.Patient.FamilyName,
                latest.Patient.BirthDate.ToString("yyyy-MM-dd"), PatientWire.Name(latest.Patient.SexAtBirth),
                order is null ? null : MedicationOrders.Name(order.Medication), order?.DoseMg.ToString("0.##", CultureInfo.InvariantCulture),
                lastEvent, lastOn.ToString("yyyy-MM-dd"), admitted.ToString("yyyy-MM-dd"), ended?.ToString("yyyy-MM-dd"),
            ];
            csv.Append(string.Join(',', row.Select(Csv.Field))).Append('\n');
        }

        audit.Record("disclose", "RegistryFile", null, null, siteId, $"{episodes.Select(e => e.Patient.Id).Distinct().Count()} enrollments", purpose: "prevent-multiple-enrollment");
        foreach (var p in episodes.Select(e => (e.Patient.Id, e.Patient.SiteId)).Distinct())
        {
            audit.Record("disclose", "Patient", p.Id.ToString(), p.Id, p.SiteId, "central registry file (42 CFR 2.34)", purpose: "prevent-multiple-enrollment");
        }

        await db.SaveChangesAsync(ct);
        return csv.ToString();
    }

    /// <summary>Loads the registry's file of other programs' enrollments: every row checked first; one bad row and nothing is loaded.</summary>
    public async Task<Outcome<RegistryImportReport>> ImportAsync(TextReader reader, CancellationToken ct)
    {
        if (user.Role is not (Roles.Intake or Roles.Prescriber or Roles.Admin))
        {
            return Refusal.Forbidden("Only intake coordinators, prescribers and administrators load the registry file.");
        }

        var records = Csv.Read(reader).Take(200_002).ToList();
        if (records.Count == 0)
        {
            return Refusal.Invalid("file", $"The file is empty: the first line must name the columns ({string.Join(", ", RegistryColumns)}).");
        }

        var header = records[0].Fields.Select(h => h.Trim().ToLowerInvariant()).ToList();
        var missing = RegistryColumns.Where(c => !header.Contains(c)).ToList();
        if (missing.Count > 0)
        {
            return Refusal.Invalid("header", $"Missing column(s): {string.Join(", ", missing)}. Columns: {string.Join(", ", RegistryColumns)}.");
        }

        if (records.Count > 200_001)
        {
            return Refusal.Invalid("file", "The file has more than 200,000 rows; split it.");
        }

        var ownCodes = await db.Sites.AsNoTracking().Select(s => s.Code).ToListAsync(ct);
        var rejected = new List<string>();
        var parsed = new List<RegistryEnrollment>();
        foreach (var record in records.Skip(1).Where(r => r.Fields.Any(f => f.Length > 0)))
        {
            if (record.Error is not null)
            {
                rejected.Add($"line {record.Line}: {record.Error}");
                continue;
            }

            string? Cell(string column) => header.IndexOf(column) is var i && i < record.Fields.Length && record.Fields[i].Trim() is { Length: > 0 } v ? v : null;
            var errors = new FieldErrors();
            var code = errors.Text("program_code", Cell("program_code"), 40, required: true);
            var name = errors.Text("program_name", Cell("program_name"), 200, required: true);
            var reference = errors.Text("person_reference", Cell("person_reference"), 80, required: true);
            var given = errors.Text("given_name", Cell("given_name"), 100, required: true);
            var family = errors.Text("family_name", Cell("family_name"), 100, required: true);
            var birth = errors.Day("birth_date", Cell("birth_date"), required: true, latest: Today);
            var sex = errors.Text("sex", Cell("sex"), 16)?.ToLowerInvariant();
            var medication = errors.Text("medication", Cell("medication"), 40);
            decimal? dose = null;
            if (Cell("dose_mg") is { } doseText)
            {
                if (decimal.TryParse(doseText, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) && d is > 0 and < 10000)
                {
                    dose = d;
                }
                else
                {
                    errors.Add("dose_mg", $"dose_mg '{doseText}' is not a dose in mg.");
                }
            }

            var lastEvent = errors.Text("last_event", Cell("last_event"), 20, required: true)?.ToLowerInvariant();
            if (lastEvent is not null && !RegistryEvents.Contains(lastEvent))
            {
                errors.Add("last_event", $"last_event '{lastEvent}' is not one of {string.Join(", ", RegistryEvents)}.");
            }

            var lastOn = errors.Day("last_event_on", Cell("last_event_on"), required: true, latest: Today);
            var admitted = errors.Day("admitted_on", Cell("admitted_on"), latest: Today);
            var ended = errors.Day("ended_on", Cell("ended_on"), latest: Today);
            if (code is not null && ownCodes.Contains(code))
            {
                errors.Add("program_code", $"program_code '{code}' is one of this network's own sites; its enrollments are already here.");
            }

            if (errors.Any)
            {
                rejected.Add($"line {record.Line}: {errors.Summary()}");
                continue;
            }

            parsed.Add(new RegistryEnrollment
            {
                ProgramCode = code!,
                ProgramName = name!,
                PersonReference = reference!,
                GivenName = given!,
                FamilyName = family!,
                BirthDate = birth!.Value,
                Sex = sex,
                Medication = medication,
                DoseMg = dose,
                LastEvent = lastEvent!,
                LastEventOn = lastOn!.Value,
                AdmittedOn = admitted,
                EndedOn = ended ?? (lastEvent == "discharged" ? lastOn : null),
                ImportedBy = user.Username ?? "system",
            });
        }

        foreach (var twice in parsed.GroupBy(p => (p.ProgramCode, p.PersonReference)).Where(g => g.Count() > 1))
        {
            rejected.Add($"{twice.Key.ProgramCode}/{twice.Key.PersonReference} appears {twice.Count()} times.");
        }

        if (rejected.Count > 0)
        {
            return new RegistryImportReport(records.Count - 1, 0, 0, rejected);
        }

        var now = clock.GetUtcNow();
        var codes = parsed.Select(p => p.ProgramCode).Distinct().ToList();
        var existing = (await db.RegistryEnrollments.Where(r => codes.Contains(r.ProgramCode)).ToListAsync(ct))
            .ToDictionary(r => (r.ProgramCode, r.PersonReference));
        int added = 0, updated = 0;
        foreach (var row in parsed)
        {
            row.ImportedAt = now;
            if (existing.TryGetValue((row.ProgramCode, row.PersonReference), out var known))
            {
                known.ProgramName = row.ProgramName;
                known.GivenName = row.GivenName;
                known.FamilyName = row.FamilyName;
                known.BirthDate = row.BirthDate;
                known.Sex = row.Sex;
                known.Medication = row.Medication;
                known.DoseMg = row.DoseMg;
                known.LastEvent = row.LastEvent;
                known.LastEventOn = row.LastEventOn;
                known.AdmittedOn = row.AdmittedOn;
                known.EndedOn = row.EndedOn;
                known.ImportedAt = now;
                known.ImportedBy = row.ImportedBy;
                updated++;
            }
            else
            {
                row.Id = Guid.CreateVersion7(now);
                db.RegistryEnrollments.Add(row);
                added++;
            }
        }

        audit.Record(AuditActions.Create, "RegistryFile", null, null, null, $"{added} added, {updated} updated from the central registry");
        await db.SaveChangesAsync(ct);
        return new RegistryImportReport(parsed.Count, added, updated, []);
    }

    /// <summary>
    /// The birth dates a clerk might have typed for <paramref name="d"/>: itself, day and month swapped, the year one
    /// either side, any one digit changed, and any two neighbouring digits swapped. The check reads these from the index.
    /// </summary>
    public static IEnumerable<DateOnly> BirthDateVariants(DateOnly d)
    {
        var seen = new HashSet<DateOnly> { d };
        var digits = d.ToString("yyyyMMdd", CultureInfo.InvariantCulture).ToCharArray();

        void Try(string text)
        {
            if (DateOnly.TryParseExact(text, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var v) && v.Year >= 1900)
            {
                seen.Add(v);
            }
        }

        if (d.Day <= 12)
        {
            Try($"{d.Year:0000}{d.Day:00}{d.Month:00}");
        }

        Try($"{d.Year - 1:0000}{d.Month:00}{d.Day:00}");
        Try($"{d.Year + 1:0000}{d.Month:00}{d.Day:00}");
        for (var i = 0; i < digits.Length; i++)
        {
            var original = digits[i];
            for (var c = '0'; c <= '9'; c++)
            {
                if (c != original)
                {
                    digits[i] = c;
                    Try(new string(digits));
                }
            }

            digits[i] = original;
            if (i + 1 < digits.Length && digits[i + 1] != original)
            {
                (digits[i], digits[i + 1]) = (digits[i + 1], digits[i]);
                Try(new string(digits));
                (digits[i], digits[i + 1]) = (digits[i + 1], digits[i]);
            }
        }

        return seen;
    }

    private static EnrollmentCheckView View(EnrollmentCheck c) => new(
        c.Id, c.CheckedAt, c.CheckedBy, c.Result,
        JsonSerializer.Deserialize<List<EnrollmentCandidate>>(c.Candidates, JsonBody.Options) ?? [],
        c.Resolution, c.ResolvedAt, c.ResolvedBy, c.ResolutionNote, c.Blocks);
}
