using System.Globalization;
using System.Net.Mail;
using System.Text.Json;
using Mainstay.Clinical.Assessment;
using Mainstay.Clinical.Demographics;
using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Assessments;
using Mainstay.Features.Audit;
using Mainstay.Web;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Patients;

/// <summary>
/// Registering patients, changing their demographics and status, and reading a chart.
/// Each action is one transaction with its audit event; nothing is ever deleted.
/// </summary>
public sealed class PatientRegistry(MainstayDb db, ClinicUser user, AuditTrail audit, TimeProvider clock, EmergencyAccessBook emergency)
{
    public const int NameMax = 100;

    private DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    public async Task<Outcome<PatientRecord>> RegisterAsync(RegisterPatient request, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var given = Required(errors, "givenName", request.GivenName, NameMax);
        var family = Required(errors, "familyName", request.FamilyName, NameMax);
        var birthDate = BirthDate(errors, "birthDate", request.BirthDate, required: true);
        var sex = Sex(errors, "sexAtBirth", request.SexAtBirth, required: true);
        var optional = new Dictionary<string, string?>
        {
            ["middleName"] = Optional(errors, "middleName", request.MiddleName, NameMax),
            ["preferredName"] = Optional(errors, "preferredName", request.PreferredName, NameMax),
            ["genderIdentity"] = Optional(errors, "genderIdentity", request.GenderIdentity, 60),
            ["phone"] = Phone(errors, "phone", request.Phone),
            ["email"] = Email(errors, "email", request.Email),
            ["addressLine"] = Optional(errors, "addressLine", request.AddressLine, 200),
            ["city"] = Optional(errors, "city", request.City, 100),
            ["state"] = UsState(errors, "state", request.State),
            ["postalCode"] = PostalCode(errors, "postalCode", request.PostalCode),
            ["preferredLanguage"] = Optional(errors, "preferredLanguage", request.PreferredLanguage, 40),
        };
        var race = Category<Race>(errors, "race", request.Race);
        var ethnicity = Category<Ethnicity>(errors, "ethnicity", request.Ethnicity);

        if (request.SiteId is not { } siteId)
        {
            errors.Add("siteId", "siteId is required: the site where the patient is registered.");
        }
        else if (!await db.Sites.AnyAsync(s => s.Id == siteId, ct))
        {
            errors.Add("siteId", $"There is no site with id {siteId}.");
        }

        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        if (!await user.MayUseSiteAsync(request.SiteId!.Value, ct))
        {
            return Refusal.Forbidden($"You are not granted site {request.SiteId}; patients can be registered only at your sites.");
        }

        var familyKey = NameKey.Of(family);
        var givenKey = NameKey.Of(given);
        // Inside an admission the caller's transaction holds the whole action; alone, registration is its own.
        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        // The number first: taking it takes the write lock, so the look for the same person below sees a registration
        // made at the same moment: the later is marked a possible duplicate of the earlier, as when they come one by one.
        var serial = await NextMrnSerialAsync(db, ct);
        var duplicates = await db.Patients.AsNoTracking()
            .Where(p => p.FamilyKey == familyKey && p.GivenKey == givenKey && p.BirthDate == birthDate!.Value
                        && p.Status != PatientStatus.EnteredInError)
            .Select(p => p.Mrn)
            .ToListAsync(ct);
        var now = clock.GetUtcNow();
        var patient = new Patient
        {
            Id = Guid.CreateVersion7(now),
            Mrn = MedicalRecordNumber.FromSerial(serial).ToString(),
            SiteId = request.SiteId.Value,
            GivenName = given!,
            FamilyName = family!,
            MiddleName = optional["middleName"],
            PreferredName = optional["preferredName"],
            BirthDate = birthDate!.Value,
            SexAtBirth = sex!.Value,
            GenderIdentity = optional["genderIdentity"],
            Phone = optional["phone"],
            Email = optional["email"],
            AddressLine = optional["addressLine"],
            City = optional["city"],
            State = optional["state"],
            PostalCode = optional["postalCode"],
            PreferredLanguage = optional["preferredLanguage"],
            Race = race,
            Ethnicity = ethnicity,
            FamilyKey = familyKey,
            GivenKey = givenKey,
            PossibleDuplicate = duplicates.Count > 0,
            CreatedAt = now,
            UpdatedAt = now,
            Version = 1,
        };
        db.Patients.Add(patient);
        audit.Record(AuditActions.Create, "Patient", patient.Id.ToString(), patient.Id, patient.SiteId,
            duplicates.Count > 0 ? "possible duplicate of " + string.Join(", ", duplicates) : null);
        await db.SaveChangesAsync(ct);
        if (tx is not null)
        {
            await tx.CommitAsync(ct);
        }

        return (await LoadRecordAsync(patient.Id, ct))!;
    }

    /// <summary>
    /// Opens a chart: the read is audited. Patients at sites the user is not granted are not found, unless the user
    /// holds open emergency access to this chart; such a read is audited with purpose "emergency".
    /// </summary>
    public async Task<Outcome<PatientRecord>> ReadAsync(Guid id, CancellationToken ct)
    {
        var record = await LoadRecordAsync(id, ct);
        if (record is null)
        {
            return Refusal.NotFound($"There is no patient with id {id} at your sites.");
        }

        if (await user.MayUseSiteAsync(record.SiteId, ct))
        {
            await audit.RecordNowAsync(AuditActions.Read, "Patient", id.ToString(), id, record.SiteId, ct: ct);
            return record;
        }

        if (await emergency.ActiveAsync(id, ct) is not { } grant)
        {
            return Refusal.NotFound($"There is no patient with id {id} at your sites.");
        }

        audit.Record(AuditActions.Read, "Patient", id.ToString(), id, record.SiteId, detail: $"under emergency access {grant.Id}", purpose: "emergency");
        await audit.SaveAsync(ct);
        return record with { EmergencyAccessUntil = grant.Until };
    }

    public async Task<Outcome<PatientRecord>> UpdateAsync(Guid id, UpdateDemographics request, CancellationToken ct)
    {
        var patient = await db.Patients.SingleOrDefaultAsync(p => p.Id == id, ct);
        if (patient is null || !await user.MayUseSiteAsync(patient.SiteId, ct))
        {
            return Refusal.NotFound($"There is no patient with id {id} at your sites.");
        }

        if (request.Version is { } expected && expected != patient.Version)
        {
            return Refusal.Conflict($"The chart was changed by someone else (now version {patient.Version}, you had {expected}); reload and try again.");
        }

        var errors = new FieldErrors();
        var changes = new Dictionary<string, object?[]>(StringComparer.Ordinal);
        void Change<T>(string field, T current, T next, Action<T> apply)
        {
            if (!EqualityComparer<T>.Default.Equals(current, next))
            {
                changes[field] = [current, next];
                apply(next);
            }
        }

        if (request.GivenName is not null && Required(errors, "givenName", request.GivenName, NameMax) is { } given)
        {
            Change("givenName", patient.GivenName, given, v => patient.GivenName = v);
        }

        if (request.FamilyName is not null && Required(errors, "familyName", request.FamilyName, NameMax) is { } family)
        {
            Change("familyName", patient.FamilyName, family, v => patient.FamilyName = v);
        }

        if (request.BirthDate is not null && BirthDate(errors, "birthDate", request.BirthDate, required: true) is { } birth)
        {
            Change("birthDate", patient.BirthDate, birth, v => patient.BirthDate = v);
        }

        if (request.SexAtBirth is not null && Sex(errors, "sexAtBirth", request.SexAtBirth, required: true) is { } sex)
        {
            Change("sexAtBirth", PatientWire.Name(patient.SexAtBirth), PatientWire.Name(sex), _ => patient.SexAtBirth = sex);
        }

        void OptionalField(string field, string? given, Func<string?> validate, string? current, Action<string?> apply)
        {
            if (given is not null)
            {
                Change(field, current, validate(), apply);
            }
        }

        OptionalField("middleName", request.MiddleName, () => Optional(errors, "middleName", request.MiddleName, NameMax), patient.MiddleName, v => patient.MiddleName = v);
        OptionalField("preferredName", request.PreferredName, () => Optional(errors, "preferredName", request.PreferredName, NameMax), patient.PreferredName, v => patient.PreferredName = v);
        OptionalField("genderIdentity", request.GenderIdentity, () => Optional(errors, "genderIdentity", request.GenderIdentity, 60), patient.GenderIdentity, v => patient.GenderIdentity = v);
        OptionalField("phone", request.Phone, () => Phone(errors, "phone", request.Phone), patient.Phone, v => patient.Phone = v);
        OptionalField("email", request.Email, () => Email(errors, "email", request.Email), patient.Email, v => patient.Email = v);
        OptionalField("addressLine", request.AddressLine, () => Optional(errors, "addressLine", request.AddressLine, 200), patient.AddressLine, v => patient.AddressLine = v);
        OptionalField("city", request.City, () => Optional(errors, "city", request.City, 100), patient.City, v => patient.City = v);
        OptionalField("state", request.State, () => UsState(errors, "state", request.State), patient.State, v => patient.State = v);
        OptionalField("postalCode", request.PostalCode, () => PostalCode(errors, "postalCode", request.PostalCode), patient.PostalCode, v => patient.PostalCode = v);
        OptionalField("preferredLanguage", request.PreferredLanguage, () => Optional(errors, "preferredLanguage", request.PreferredLanguage, 40), patient.PreferredLanguage, v => patient.PreferredLanguage = v);
        if (request.Race is not null)
        {
            var race = Category<Race>(errors, "race", request.Race);
            Change("race", IntakeForm.Kebab(patient.Race), IntakeForm.Kebab(race), _ => patient.Race = race);
        }

        if (request.Ethnicity is not null)
        {
            var ethnicity = Category<Ethnicity>(errors, "ethnicity", request.Ethnicity);
            Change("ethnicity", IntakeForm.Kebab(patient.Ethnicity), IntakeForm.Kebab(ethnicity), _ => patient.Ethnicity = ethnicity);
        }

        var reason = Optional(errors, "reason", request.Reason, 500);

        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        if (changes.Count > 0)
        {
            patient.FamilyKey = NameKey.Of(patient.FamilyName);
            patient.GivenKey = NameKey.Of(patient.GivenName);
            var saved = await SaveRevisionAsync(patient, changes, reason, AuditActions.Update, ct);
            if (saved is not null)
            {
                return saved;
            }
        }

        return (await LoadRecordAsync(id, ct))!;
    }

    public async Task<Outcome<PatientRecord>> ChangeStatusAsync(Guid id, ChangePatientStatus request, CancellationToken ct)
    {
        var patient = await db.Patients.SingleOrDefaultAsync(p => p.Id == id, ct);
        if (patient is null || !await user.MayUseSiteAsync(patient.SiteId, ct))
        {
            return Refusal.NotFound($"There is no patient with id {id} at your sites.");
        }

        var errors = new FieldErrors();
        PatientStatus status = default;
        if (string.IsNullOrWhiteSpace(request.Status))
        {
            errors.Add("status", "status is required: " + string.Join(", ", PatientWire.StatusNames.Keys) + ".");
        }
        else if (!PatientWire.StatusNames.TryGetValue(request.Status.Trim(), out status))
        {
            errors.Add("status", $"'{request.Status}' is not a patient status; use one of " + string.Join(", ", PatientWire.StatusNames.Keys) + ".");
        }

        var reason = Optional(errors, "reason", request.Reason, 500);
        if (reason is null && (status == PatientStatus.EnteredInError || patient.Status == PatientStatus.EnteredInError))
        {
            errors.Add("reason", "A reason is required to mark a registration entered-in-error, or to restore one.");
        }

        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        // Someone who died is not made active, waiting or inactive again; only a registration made by mistake is marked so.
        if ((status != patient.Status || reason != patient.StatusReason) && status != PatientStatus.EnteredInError
            && await Discharge.Deaths.RecordedAsync(db, id, ct) is { } died)
        {
            return Refusal.Conflict($"{patient.Mrn} died (recorded on {Discharge.Deaths.Day(died, clock.LocalTimeZone):yyyy-MM-dd}): the status stays discharged.");
        }

        if (status != patient.Status || reason != patient.StatusReason)
        {
            var changes = new Dictionary<string, object?[]>(StringComparer.Ordinal)
            {
                ["status"] = [PatientWire.Name(patient.Status), PatientWire.Name(status)],
            };
            patient.Status = status;
            patient.StatusReason = reason;
            var saved = await SaveRevisionAsync(patient, changes, reason, AuditActions.StatusChange, ct);
            if (saved is not null)
            {
                return saved;
            }
        }

        return (await LoadRecordAsync(id, ct))!;
    }

    public async Task<Outcome<AllergyView>> RecordAllergyAsync(Guid id, RecordAllergy request, CancellationToken ct)
    {
        var patient = await db.Patients.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct);
        if (patient is null || !await user.MayUseSiteAsync(patient.SiteId, ct))
        {
            return Refusal.NotFound($"There is no patient with id {id} at your sites.");
        }

        var errors = new FieldErrors();
        var substance = Required(errors, "substance", request.Substance, 200);
        var reaction = Optional(errors, "reaction", request.Reaction, 300);
        var severity = AllergySeverity.Unknown;
        if (!string.IsNullOrWhiteSpace(request.Severity) && !PatientWire.SeverityNames.TryGetValue(request.Severity.Trim(), out severity))
        {
            errors.Add("severity", $"'{request.Severity}' is not a severity; use mild, moderate, severe or unknown.");
        }

        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        var allergy = new Allergy
        {
            Id = Guid.CreateVersion7(clock.GetUtcNow()),
            PatientId = id,
            SiteId = patient.SiteId,
            Substance = substance!,
            Reaction = reaction,
            Severity = severity,
            RecordedAt = clock.GetUtcNow(),
            RecordedBy = user.Username,
        };
        db.Allergies.Add(allergy);
        audit.Record(AuditActions.Create, "AllergyIntolerance", allergy.Id.ToString(), id, patient.SiteId, substance);
        await db.SaveChangesAsync(ct);
        return new AllergyView(allergy.Id, allergy.Substance, allergy.Reaction, PatientWire.Name(allergy.Severity), allergy.RecordedAt);
    }

    /// <summary>A patient's demographic and status history, newest first.</summary>
    public async Task<Outcome<IReadOnlyList<PatientRevision>>> HistoryAsync(Guid id, CancellationToken ct)
    {
        var siteId = await db.Patients.Where(p => p.Id == id).Select(p => (int?)p.SiteId).SingleOrDefaultAsync(ct);
        if (siteId is null || !await user.MayUseSiteAsync(siteId.Value, ct))
        {
            return Refusal.NotFound($"There is no patient with id {id} at your sites.");
        }

        var revisions = await RevisionsOfAsync(id, ct);
        await audit.RecordNowAsync(AuditActions.Read, "PatientHistory", id.ToString(), id, siteId, ct: ct);
        return new Outcome<IReadOnlyList<PatientRevision>>(revisions, null);
    }

    internal async Task<IReadOnlyList<PatientRevision>> RevisionsOfAsync(Guid id, CancellationToken ct) =>
        await db.PatientRevisions.AsNoTracking()
            .Where(r => r.PatientId == id)
            .OrderByDescending(r => r.Version)
            .ToListAsync(ct);

    private async Task<Refusal?> SaveRevisionAsync(
        Patient patient, Dictionary<string, object?[]> changes, string? reason, string action, CancellationToken ct)
    {
        RecordRevision(db, patient, changes, reason, user.UserId, user.Username, clock.GetUtcNow());
        audit.Record(action, "Patient", patient.Id.ToString(), patient.Id, patient.SiteId,
            "changed " + string.Join(", ", changes.Keys) + (reason is null ? "" : $"; reason: {reason}"));
        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear(); // what failed is not saved again by a later save of this request (the audit of a read)
            return Refusal.Conflict("The chart was changed by someone else at the same moment; reload and try again.");
        }
    }

    /// <summary>
    /// Records a change of the chart as its next revision, whatever made it (a form, the API, an intake, a received record):
    /// the version goes up, so a form opened before it is refused or leaves the changed fields alone, and the chart's change
    /// history shows it. Saved with the caller's other writes.
    /// </summary>
    /// <param name="changes">Each changed field (the API's name) with its value before and after.</param>
    internal static void RecordRevision(
        MainstayDb db, Patient chart, IReadOnlyDictionary<string, object?[]> changes, string? reason, Guid? byUserId, string? by, DateTimeOffset now)
    {
        chart.Version++;
        chart.UpdatedAt = now;
        db.PatientRevisions.Add(new PatientRevision
        {
            PatientId = chart.Id,
            SiteId = chart.SiteId,
            Version = chart.Version,
            ChangedAt = now,
            ChangedByUserId = byUserId,
            ChangedBy = by,
            Reason = reason is { Length: > ReasonMax } ? Cut(reason, ReasonMax - 1) + "…" : reason,
            Changes = JsonSerializer.Serialize(changes.ToDictionary(c => c.Key, c => new { from = c.Value[0], to = c.Value[1] })),
        });
    }

    /// <summary>The text cut to at most <paramref name="length"/> characters, never between the two halves of a surrogate pair.</summary>
    private static string Cut(string text, int length) =>
        text.Length <= length ? text : text[..(char.IsHighSurrogate(text[length - 1]) ? length - 1 : length)];

    /// <summary>The longest reason a revision keeps (a longer one, such as an amendment's reason after its prefix, is cut).</summary>
    internal const int ReasonMax = 500;

    /// <summary>
    /// Sets the chart's status and its reason as its next revision, when an admission, a discharge, a death learned after
    /// discharge or a death recorded in error changes it (the desk's own change, with its audit, is ChangeStatusAsync).
    /// </summary>
    internal static void RecordStatus(MainstayDb db, Patient chart, PatientStatus status, string reason, ClinicUser by, DateTimeOffset now)
    {
        var changes = new Dictionary<string, object?[]>(StringComparer.Ordinal) { ["status"] = [PatientWire.Name(chart.Status), PatientWire.Name(status)] };
        chart.Status = status;
        chart.StatusReason = Cut(reason, ReasonMax);
        RecordRevision(db, chart, changes, reason, by.UserId, by.Username ?? "system", now);
    }

    /// <summary>The next medical record number serial, taken under the counter row's lock (inside the caller's transaction).</summary>
    internal static Task<long> NextMrnSerialAsync(MainstayDb db, CancellationToken ct) => db.NextNumberAsync(Counter.MrnSerial, ct);

    /// <summary>
    /// Gives charts created by a bulk import their medical record numbers, in one statement, right before the import saves.
    /// Taking a number locks the counter and the chain head until the commit (<see cref="MainstayDb.NextNumbersAsync"/>):
    /// taken as late as this, an import holds them for its save only, not while it reads and builds the rest of its records.
    /// </summary>
    internal static async Task NumberChartsAsync(MainstayDb db, List<Patient> charts, CancellationToken ct)
    {
        if (charts.Count == 0)
        {
            return;
        }

        var serial = await db.NextNumbersAsync(Counter.MrnSerial, charts.Count, ct) - charts.Count;
        foreach (var chart in charts)
        {
            chart.Mrn = MedicalRecordNumber.FromSerial(++serial).ToString();
        }

        charts.Clear();
    }

    internal async Task<PatientRecord?> LoadRecordAsync(Guid id, CancellationToken ct)
    {
        var p = await db.Patients.AsNoTracking()
            .Where(p => p.Id == id)
            .Select(p => new { Patient = p, SiteName = p.Site!.Name })
            .SingleOrDefaultAsync(ct);
        if (p is null)
        {
            return null;
        }

        var allergies = await db.Allergies.AsNoTracking()
            .Where(a => a.PatientId == id && !a.EnteredInError)
            .OrderBy(a => a.RecordedAt)
            .Select(a => new AllergyView(a.Id, a.Substance, a.Reaction, PatientWire.Name(a.Severity), a.RecordedAt))
            .ToListAsync(ct);

        var patient = p.Patient;
        var duplicates = patient.PossibleDuplicate
            ? await db.Patients.AsNoTracking()
                .Where(o => o.Id != id && o.FamilyKey == patient.FamilyKey && o.GivenKey == patient.GivenKey
                            && o.BirthDate == patient.BirthDate && o.Status != PatientStatus.EnteredInError)
                .Select(o => new PossibleDuplicateView(o.Id, o.Mrn, o.SiteId, PatientWire.Name(o.Status)))
                .ToListAsync(ct)
            : [];

        // A patient discharged because they died: the chart says so first, before anyone calls, invites or doses.
        var alerts = ChartAlerts(patient, allergies, duplicates);
        if (await Discharge.Deaths.RecordedAsync(db, id, ct) is { } at)
        {
            alerts.Insert(0, new ChartAlert("deceased", "danger", $"Deceased: discharged on {Discharge.Deaths.Day(at, clock.LocalTimeZone):yyyy-MM-dd} because the patient died"));
        }
        else if (Discharge.Deaths.StatusSays(patient) is { } who)
        {
            alerts.Insert(0, new ChartAlert("deceased", "danger", $"Deceased, says {who} (change the status if that is wrong)"));
        }

        var others = await db.PatientIdentifiers.AsNoTracking()
            .Where(i => i.PatientId == id)
            .OrderBy(i => i.ReceivedAt).ThenBy(i => i.Position)
            .Select(i => new OtherIdentifierView(i.System, i.Value, i.TypeCode, i.TypeText, i.Origin, i.ReceivedAt))
            .ToListAsync(ct);

        return new PatientRecord(
            patient.Id, patient.Mrn, patient.GivenName, patient.MiddleName, patient.FamilyName, patient.PreferredName,
            patient.BirthDate, PatientWire.AgeOn(patient.BirthDate, Today), PatientWire.Name(patient.SexAtBirth),
            patient.GenderIdentity, patient.SiteId, p.SiteName, PatientWire.Name(patient.Status), patient.StatusReason,
            patient.Phone, patient.Email, patient.AddressLine, patient.City, patient.State, patient.PostalCode,
            patient.PreferredLanguage, patient.PossibleDuplicate, duplicates, allergies,
            alerts, patient.Version, patient.CreatedAt, patient.UpdatedAt)
        {
            OtherIdentifiers = others,
            Race = Assessments.IntakeForm.Kebab(patient.Race),
            Ethnicity = Assessments.IntakeForm.Kebab(patient.Ethnicity),
        };
    }

    private static List<ChartAlert> ChartAlerts(Patient p, List<AllergyView> allergies, IReadOnlyList<PossibleDuplicateView> duplicates)
    {
        var alerts = new List<ChartAlert>();
        if (p.Status == PatientStatus.EnteredInError)
        {
            alerts.Add(new ChartAlert("entered-in-error", "danger", "This registration was entered in error" + (p.StatusReason is null ? "." : $": {p.StatusReason}")));
        }

        if (duplicates.Count > 0)
        {
            alerts.Add(new ChartAlert("possible-duplicate", "warning",
                "Possible duplicate registration: same name and birth date as " + string.Join(", ", duplicates.Select(d => d.Mrn)) + "."));
        }

        foreach (var a in allergies.Where(a => a.Severity == "severe"))
        {
            alerts.Add(new ChartAlert("allergy", "danger", $"Severe allergy: {a.Substance}" + (a.Reaction is null ? "" : $" ({a.Reaction})")));
        }

        return alerts;
    }

    // ---- field validation: every message names its field and says what is allowed ----

    private static string? Required(FieldErrors errors, string field, string? value, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(field, $"{field} is required.");
            return null;
        }

        return Optional(errors, field, value, max);
    }

    /// <summary>
    /// A TEDS race or ethnicity category by its kebab-case name, as the intake and the API write it ("white",
    /// "not-hispanic-or-latino"); unknown when empty. Anything else is refused with the categories there are.
    /// </summary>
    private static T Category<T>(FieldErrors errors, string field, string? value)
        where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return default;
        }

        var given = value.Trim();
        foreach (var category in Enum.GetValues<T>())
        {
            if (string.Equals(IntakeForm.Kebab(category), given, StringComparison.OrdinalIgnoreCase))
            {
                return category;
            }
        }

        errors.Add(field, $"{field} must be one of {string.Join(", ", Enum.GetValues<T>().Select(IntakeForm.Kebab))}.");
        return default;
    }

    private static string? Optional(FieldErrors errors, string field, string? value, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var trimmed = value.Trim();
        if (trimmed.Length > max)
        {
            errors.Add(field, $"{field} is longer than {max} characters.");
            return null;
        }

        if (trimmed.Any(char.IsControl))
        {
            errors.Add(field, $"{field} contains control characters.");
            return null;
        }

        return trimmed;
    }

    private DateOnly? BirthDate(FieldErrors errors, string field, string? value, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                errors.Add(field, $"{field} is required, written YYYY-MM-DD.");
            }

            return null;
        }

        if (!DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            errors.Add(field, $"{field} '{value}' is not a date written YYYY-MM-DD.");
            return null;
        }

        if (date > Today)
        {
            errors.Add(field, $"{field} {date:yyyy-MM-dd} is in the future.");
            return null;
        }

        if (date.Year < 1900)
        {
            errors.Add(field, $"{field} {date:yyyy-MM-dd} is before 1900.");
            return null;
        }

        return date;
    }

    private static SexAtBirth? Sex(FieldErrors errors, string field, string? value, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                errors.Add(field, $"{field} is required: female, male, intersex or unknown.");
            }

            return null;
        }

        if (PatientWire.SexNames.TryGetValue(value.Trim(), out var sex))
        {
            return sex;
        }

        errors.Add(field, $"{field} '{value}' is not one of female, male, intersex, unknown.");
        return null;
    }

    private static string? Phone(FieldErrors errors, string field, string? value)
    {
        var phone = Optional(errors, field, value, 40);
        if (phone is not null && phone.Count(char.IsAsciiDigit) is < 7 or > 15)
        {
            errors.Add(field, $"{field} '{phone}' does not look like a phone number (7 to 15 digits).");
            return null;
        }

        return phone;
    }

    private static string? Email(FieldErrors errors, string field, string? value)
    {
        var email = Optional(errors, field, value, 200);
        if (email is not null && (!MailAddress.TryCreate(email, out var parsed) || parsed.Address != email))
        {
            errors.Add(field, $"{field} '{email}' is not an e-mail address.");
            return null;
        }

        return email;
    }

    private static string? UsState(FieldErrors errors, string field, string? value)
    {
        var state = Optional(errors, field, value, 2)?.ToUpperInvariant();
        if (state is not null && (state.Length != 2 || !state.All(char.IsAsciiLetter)))
        {
            errors.Add(field, $"{field} must be a two-letter state code.");
            return null;
        }

        return state;
    }

    private static string? PostalCode(FieldErrors errors, string field, string? value)
    {
        var zip = Optional(errors, field, value, 10);
        if (zip is not null && !System.Text.RegularExpressions.Regex.IsMatch(zip, @"^\d{5}(-\d{4})?$"))
        {
            errors.Add(field, $"{field} '{zip}' is not a US ZIP code (12345 or 12345-6789).");
            return null;
        }

        return zip;
    }
}
