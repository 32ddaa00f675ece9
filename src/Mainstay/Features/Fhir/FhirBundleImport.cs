using System.Globalization;
using System.Linq.Expressions;
using System.Security.Cryptography;
using System.Text;
using Mainstay.Clinical.Demographics;
using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Audit;
using Mainstay.Features.Patients;
using Microsoft.EntityFrameworkCore;
using R4 = Hl7.Fhir.Model;

namespace Mainstay.Features.Fhir;

/// <summary>What happened to one entry of a Bundle: created, updated, unchanged, skipped or rejected, and why.</summary>
public sealed record ImportedEntry(int Index, string ResourceType, string? SourceId, string Result, string? Id, string? Reason);

/// <summary>The report of one Bundle: every entry's result, and whether anything was stored.</summary>
public sealed record BundleReport(string Origin, string BundleType, bool Committed, IReadOnlyList<ImportedEntry> Entries)
{
    public int Count(string result) => Entries.Count(e => e.Result == result);

    public bool HasRejections => Entries.Any(e => e.Result == ImportResults.Rejected);
}

public static class ImportResults
{
    public const string Created = "created";
    public const string Updated = "updated";
    public const string Unchanged = "unchanged";
    public const string Skipped = "skipped";
    public const string Rejected = "rejected";
}

/// <summary>
/// Imports FHIR Bundles (transaction, batch, collection) into a site. A Patient becomes a Mainstay chart (or is matched to the
/// chart an earlier import made); every other clinical resource is kept as an <see cref="OutsideRecord"/> with its references
/// rewritten to Mainstay's ids. Billing resources are skipped with the reason. A transaction (and any file) is all or nothing: one
/// rejected entry and nothing is stored. Re-importing the same Bundle changes nothing.
/// </summary>
public sealed class FhirBundleImport(MainstayDb db, ClinicUser user, AuditTrail audit, TimeProvider clock)
{
    /// <summary>The charts this bundle creates, given their numbers right before the save.</summary>
    private readonly List<Patient> unnumbered = [];

    /// <summary>
    /// Resource types Mainstay does not keep, with the reason given in the report. An import reads only their type and id
    /// (<see cref="FhirWire.ParseForImport{T}"/>): in Synthea's records they are over half the bytes.
    /// </summary>
    internal static readonly IReadOnlyDictionary<string, string> NotKept = new Dictionary<string, string>
    {
        ["Claim"] = "billing records are not kept in the clinical record",
        ["ExplanationOfBenefit"] = "billing records are not kept in the clinical record",
        ["Coverage"] = "insurance coverage is recorded at registration, not imported",
        ["Provenance"] = "the import itself is the provenance Mainstay records",
        ["Questionnaire"] = "Mainstay's questionnaires are its own instruments",
        ["Bundle"] = "nested Bundles are not imported; send their entries",
        ["OperationOutcome"] = "an OperationOutcome is not a record",
        ["CapabilityStatement"] = "not a record",
        ["Subscription"] = "not a record",
        ["AuditEvent"] = "another system's audit trail is not merged into Mainstay's",
    };

    /// <summary>Imports one Bundle. <paramref name="atomic"/> forces all-or-nothing whatever the Bundle's type (files from the CLI).</summary>
    public async Task<BundleReport> ImportAsync(R4.Bundle bundle, int siteId, string origin, bool atomic, CancellationToken ct)
    {
        var type = bundle.Type?.ToString().ToLowerInvariant() ?? "collection";
        var allOrNothing = atomic || bundle.Type == R4.Bundle.BundleType.Transaction;
        var entries = bundle.Entry.Select((e, i) => Plan(e, i)).ToList();
        var now = clock.GetUtcNow();

        var known = await KnownAsync(entries, ct);
        unnumbered.Clear(); // a bundle before this one that failed left its charts unsaved

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var references = new Dictionary<string, string>(StringComparer.Ordinal);
        var charts = new Dictionary<Guid, int>();
        var scope = await user.ScopeAsync(ct);

        // Patients first: everything else refers to them.
        var identifiers = new HashSet<(Guid, string, string)>();
        foreach (var entry in entries.Where(e => e.Result is null && e.Resource is R4.Patient))
        {
            await PatientAsync(entry, known, references, charts, scope, siteId, origin, now, ct);
            if (entry.Result != ImportResults.Rejected && Guid.TryParse(entry.Id, out var chart))
            {
                await KeepIdentifiersAsync(entry, chart, identifiers, charts[chart], origin, now, ct);
                await KeepRaceAndEthnicityAsync(entry, chart, charts[chart], origin, now, ct);
            }
        }

        foreach (var entry in entries.Where(e => e.Result is null))
        {
            var id = known.TryGetValue((entry.Resource!.TypeName, entry.SourceKey!), out var existing) ? existing.Id : Guid.CreateVersion7(now);
            entry.Id = id.ToString();
            foreach (var alias in entry.Aliases)
            {
                references[alias] = $"{entry.Resource.TypeName}/{id}";
            }
        }

        // Walked once per resource: the references are looked up here and rewritten in Outside.
        foreach (var entry in entries.Where(e => e.Result is null))
        {
            entry.References = ResourceFacts.References(entry.Resource!);
        }

        await ResolveStoredAsync(entries.Where(e => e.Result is null).SelectMany(e => e.References), references, charts, ct);
        foreach (var entry in entries.Where(e => e.Result is null))
        {
            Outside(entry, known, references, charts, scope, siteId, origin, now);
        }

        var report = new BundleReport(origin, type, false, [.. entries.Select(e => e.ToEntry())]);
        if (allOrNothing && report.HasRejections)
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return report;
        }

        if (entries.Any(e => e.Result is ImportResults.Created or ImportResults.Updated))
        {
            audit.Record("import", "fhir/Bundle", null, null, siteId,
                $"{origin}: {report.Count(ImportResults.Created)} created, {report.Count(ImportResults.Updated)} updated, {report.Count(ImportResults.Unchanged)} unchanged, {report.Count(ImportResults.Skipped)} skipped, {report.Count(ImportResults.Rejected)} rejected");
        }

        await PatientRegistry.NumberChartsAsync(db, unnumbered, ct);
        await db.SaveBatchAsync(ct); // the records as prepared statements; nothing is tracked afterwards
        await tx.CommitAsync(ct);
        return report with { Committed = true };
    }

    /// <summary>
    /// The records an earlier import stored under the Bundle's identities, in one query: per type, its keys, so each key is one
    /// seek in the unique (ResourceType, SourceKey) index. Each key list is one parameter (a JSON array on SQLite, an array on
    /// PostgreSQL), so the query's shape depends only on how many types the Bundle holds and EF compiles it once per count.
    /// Every column but the stored JSON, which is never read back here (an update replaces it): a re-import read 250
    /// documents a Bundle only to compare their hashes.
    /// </summary>
    private async Task<Dictionary<(string, string), OutsideRecord>> KnownAsync(List<PlannedEntry> entries, CancellationToken ct)
    {
        var parts = entries.Where(e => e.SourceKey is not null)
            .GroupBy(e => e.Resource!.TypeName, e => e.SourceKey!)
            .Select(PerType)
            .ToList();
        if (parts.Count == 0)
        {
            return [];
        }

        var rows = await db.OutsideRecords.AsNoTracking().Where(Predicates.AnyOf(parts))
            .Select(r => new OutsideRecord
            {
                Id = r.Id,
                ResourceType = r.ResourceType,
                SourceKey = r.SourceKey,
                SourceReference = r.SourceReference,
                PatientId = r.PatientId,
                SiteId = r.SiteId,
                Code = r.Code,
                CodeText = r.CodeText,
                EffectiveAt = r.EffectiveAt,
                Status = r.Status,
                Json = NotRead,
                ContentHash = r.ContentHash,
                Origin = r.Origin,
                Version = r.Version,
                ImportedAt = r.ImportedAt,
                ImportedBy = r.ImportedBy,
            })
            .ToListAsync(ct);
        return rows.ToDictionary(r => (r.ResourceType, r.SourceKey));
    }

    private static Expression<Func<OutsideRecord, bool>> PerType(IGrouping<string, string> keysOfType)
    {
        var type = keysOfType.Key;
        var keys = keysOfType.Distinct().ToList();
        return r => r.ResourceType == type && EF.Parameter(keys).Contains(r.SourceKey);
    }

    /// <summary>The JSON of a known record as <see cref="KnownAsync"/> reads it: unlike any stored resource, so an update always writes its own.</summary>
    private const string NotRead = "";

    private static PlannedEntry Plan(R4.Bundle.EntryComponent e, int index)
    {
        var planned = new PlannedEntry(index, e.Resource);
        var method = e.Request?.Method;
        if (e.Resource is null)
        {
            return planned.Reject("Unknown", "the entry has no resource");
        }

        if (method is not (null or R4.Bundle.HTTPVerb.POST or R4.Bundle.HTTPVerb.PUT))
        {
            return planned.Reject(e.Resource.TypeName, $"{method} entries are not supported; send POST or PUT");
        }

        if (NotKept.TryGetValue(e.Resource.TypeName, out var reason))
        {
            planned.Result = ImportResults.Skipped;
            planned.Reason = reason;
            return planned;
        }

        var resource = e.Resource;
        if (e.FullUrl is { Length: > 0 } fullUrl)
        {
            planned.Aliases.Add(fullUrl);
        }

        if (resource.Id is { Length: > 0 } id)
        {
            planned.Aliases.Add($"{resource.TypeName}/{id}");
        }

        // A chart exported by another Mainstay (a Patient with a Mainstay MRN) is known as it was before Mainstay listed the
        // identifiers other systems gave the patient after the MRN: by its full URL, else its id. Those are not its identity.
        var identifiers = resource.TryGetValue("identifier", out var value) && value is IEnumerable<R4.Identifier> list ? list.ToList() : [];
        var mainstayChart = resource is R4.Patient && identifiers.Any(i => i.System == FhirCodes.MrnSystem);
        var identifier = mainstayChart ? null
            : identifiers.FirstOrDefault(i => !string.IsNullOrEmpty(i.System) && !string.IsNullOrEmpty(i.Value) && i.System != FhirCodes.MrnSystem);
        planned.SourceKey = identifier is not null ? $"identifier|{identifier.System}|{identifier.Value}"
            : e.FullUrl is { Length: > 0 } url ? "url|" + url
            : resource.Id is { Length: > 0 } rid ? $"id|{resource.TypeName}/{rid}"
            : null;
        if (planned.SourceKey is null || resource is R4.Patient)
        {
            // Serialized here only when needed: a Patient is stored as received, and a resource without an identity is known by its content.
            planned.Received = FhirWire.Serialize(resource);
            planned.SourceKey ??= "hash|" + Hash(planned.Received);
        }
        return planned;
    }

    /// <param name="scope">The importer's sites: a received Patient that is the chart of a site outside them is refused, as
    /// every other record of such a patient is (an import by the command line, with no user, has every site).</param>
    private async Task PatientAsync(PlannedEntry entry, Dictionary<(string, string), OutsideRecord> known, Dictionary<string, string> references,
        Dictionary<Guid, int> charts, SiteScope scope, int siteId, string origin, DateTimeOffset now, CancellationToken ct)
    {
        var resource = (R4.Patient)entry.Resource!;
        var hash = Hash(entry.Received!);
        string NotGranted(int site) => $"it is the chart of a patient registered at a site you are not granted ({site})";
        Guid patientId;
        int chartSite; // where the chart is registered now (it may have moved since a record of it was stored)
        if (known.TryGetValue(("Patient", entry.SourceKey!), out var link))
        {
            patientId = link.PatientId!.Value;
            chartSite = await db.Patients.Where(p => p.Id == patientId).Select(p => (int?)p.SiteId).FirstOrDefaultAsync(ct) ?? link.SiteId;
            if (user.UserId is not null && !scope.Includes(chartSite))
            {
                entry.Reject("Patient", NotGranted(chartSite));
                return;
            }

            entry.Result = link.ContentHash == hash ? ImportResults.Unchanged : ImportResults.Updated;
            entry.Reason = link.ContentHash == hash ? null : "the chart's demographics are kept as staff maintain them; the received Patient is stored beside it";
            if (link.ContentHash != hash)
            {
                Keep(link, entry, "Patient", link.Id, patientId, link.SiteId, null, entry.Received!, hash, origin, now, known);
            }
        }
        else if (await ExistingChartAsync(resource, ct) is { } chart)
        {
            if (user.UserId is not null && !scope.Includes(chart.SiteId))
            {
                entry.Reject("Patient", NotGranted(chart.SiteId));
                return;
            }

            patientId = chart.Id;
            chartSite = chart.SiteId;
            entry.Result = ImportResults.Unchanged;
            entry.Reason = "matched the existing chart by its Mainstay id";
        }
        else
        {
            var (patient, problem) = NewPatient(resource, siteId, now);
            if (patient is null)
            {
                entry.Reject("Patient", problem!);
                return;
            }

            var duplicates = await db.Patients.AnyAsync(p => p.FamilyKey == patient.FamilyKey && p.GivenKey == patient.GivenKey
                && p.BirthDate == patient.BirthDate && p.Status != PatientStatus.EnteredInError, ct);
            patient.PossibleDuplicate = duplicates;
            patient.Mrn = ""; // numbered right before the save (PatientRegistry.NumberChartsAsync)
            unnumbered.Add(patient);
            db.Patients.Add(patient);
            audit.Record(AuditActions.Create, "Patient", patient.Id.ToString(), patient.Id, siteId, $"imported from {origin}" + (duplicates ? "; possible duplicate" : ""));
            patientId = patient.Id;
            chartSite = siteId;
            entry.Result = ImportResults.Created;
            entry.Reason = duplicates ? "registered; another chart has the same name and birth date (marked as a possible duplicate)" : null;
        }

        if (link is null)
        {
            Keep(null, entry, "Patient", Guid.CreateVersion7(now), patientId, chartSite, null, entry.Received!, hash, origin, now, known);
        }

        charts[patientId] = chartSite;
        entry.Id = patientId.ToString();
        foreach (var alias in entry.Aliases)
        {
            references[alias] = "Patient/" + patientId;
        }
    }

    /// <summary>
    /// A chart whose race or ethnicity no one has reported takes the sender's (US Core's extensions, read in the TEDS
    /// categories): a new chart at registration, an existing one as an update. A known answer is never replaced: the
    /// patient's own, at intake, is the chart's.
    /// </summary>
    private async Task KeepRaceAndEthnicityAsync(PlannedEntry entry, Guid patientId, int siteId, string origin, DateTimeOffset now, CancellationToken ct)
    {
        var (race, ethnicity) = ReceivedRaceAndEthnicity((R4.Patient)entry.Resource!);
        if (race == Clinical.Assessment.Race.Unknown && ethnicity == Clinical.Assessment.Ethnicity.Unknown)
        {
            return;
        }

        var chart = await db.Patients.FindAsync([patientId], ct);
        if (chart is null)
        {
            return;
        }

        var changes = ReportedRaceAndEthnicity.FillUnknown(chart, race, ethnicity);
        if (changes.Count == 0 || entry.Result == ImportResults.Created)
        {
            return;
        }

        var kept = changes.Keys.ToList();
        PatientRegistry.RecordRevision(db, chart, changes, "received from " + origin, user.UserId, user.Username, now);
        audit.Record(AuditActions.Update, "Patient", patientId.ToString(), patientId, siteId, $"{string.Join(" and ", kept)} from {origin}");
        if (entry.Result == ImportResults.Unchanged)
        {
            entry.Result = ImportResults.Updated;
            entry.Reason = $"the chart was given the {string.Join(" and ", kept)} it did not have";
        }
    }

    /// <summary>The race and ethnicity a received Patient's US Core extensions give, in the TEDS categories.</summary>
    internal static (Clinical.Assessment.Race Race, Clinical.Assessment.Ethnicity Ethnicity) ReceivedRaceAndEthnicity(R4.Patient r)
    {
        (List<string> Categories, List<string> Detailed, string? Text) Parts(string url)
        {
            var extension = r.Extension.FirstOrDefault(x => x.Url == url);
            List<string> Codes(string part) => [.. (extension?.Extension ?? []).Where(x => x.Url == part).Select(x => x.Value).OfType<R4.Coding>()
                .Where(c => RaceAndEthnicity.CodeSystems.Contains(c.System) && c.Code is not null).Select(c => c.Code!)];
            return (Codes("ombCategory"), Codes("detailed"), (extension?.Extension ?? []).FirstOrDefault(x => x.Url == "text")?.Value is R4.FhirString { Value: { } text } ? text : null);
        }

        var race = Parts(FhirCodes.UsCoreRace);
        var ethnicity = Parts(FhirCodes.UsCoreEthnicity);
        return (RaceAndEthnicity.RaceOf(race.Categories, race.Detailed, race.Text), RaceAndEthnicity.EthnicityOf(ethnicity.Categories, ethnicity.Detailed, ethnicity.Text));
    }

    /// <summary>
    /// Keeps the identifiers the sender gave the patient that the chart does not have yet (<see cref="ReceivedIdentifiers"/>).
    /// </summary>
    /// <param name="added">What this Bundle added already: the same patient may come twice in one Bundle.</param>
    private async Task KeepIdentifiersAsync(PlannedEntry entry, Guid patientId, HashSet<(Guid, string, string)> added, int siteId,
        string origin, DateTimeOffset now, CancellationToken ct)
    {
        var newChart = entry.Result == ImportResults.Created;
        var received = ReceivedIdentifiers((R4.Patient)entry.Resource!, patientId, origin, now);
        if (received.Count == 0)
        {
            return;
        }

        var held = newChart ? [] : await db.PatientIdentifiers.AsNoTracking().Where(i => i.PatientId == patientId).Select(i => new { i.System, i.Value }).ToListAsync(ct);
        var kept = new List<string>();
        foreach (var identifier in received)
        {
            if (held.Any(h => h.System == identifier.System && h.Value == identifier.Value) || !added.Add((patientId, identifier.System, identifier.Value)))
            {
                continue;
            }

            db.PatientIdentifiers.Add(identifier);
            kept.Add(identifier.TypeCode ?? identifier.System);
        }

        if (kept.Count > 0 && !newChart)
        {
            audit.Record(AuditActions.Update, "Patient", patientId.ToString(), patientId, siteId, $"identifiers from {origin}: {string.Join(", ", kept)}");
            if (entry.Result == ImportResults.Unchanged)
            {
                entry.Result = ImportResults.Updated;
                entry.Reason = $"the chart was given the identifiers it did not have ({string.Join(", ", kept)})";
            }
        }
    }

    /// <summary>
    /// The identifiers a received Patient gives the chart, in the order received: each with a system and a value, never an MRN
    /// of Mainstay's (another Mainstay numbers its charts from the same start); one the columns cannot hold whole is left out
    /// rather than cut.
    /// </summary>
    internal static List<PatientIdentifier> ReceivedIdentifiers(R4.Patient resource, Guid patientId, string origin, DateTimeOffset at) =>
        [.. resource.Identifier
            .Where(i => i.System is { Length: > 0 and <= PatientIdentifier.SystemMax } && i.Value is { Length: > 0 and <= PatientIdentifier.ValueMax }
                && i.System != FhirCodes.MrnSystem)
            .DistinctBy(i => (i.System, i.Value))
            .Select((i, position) =>
            {
                var type = i.Type?.Coding.FirstOrDefault(c => c.System == FhirCodes.IdentifierType);
                return new PatientIdentifier
                {
                    Id = Guid.CreateVersion7(at),
                    PatientId = patientId,
                    System = i.System!,
                    Value = i.Value!,
                    TypeCode = Truncate(type?.Code, 20),
                    TypeText = Truncate(i.Type?.Text ?? type?.Display, 100),
                    Position = position,
                    Origin = Truncate(origin, 260)!,
                    ReceivedAt = at,
                };
            })];

    /// <summary>
    /// A database with charts imported before the sender's identifiers were kept gets them, from the received Patients stored
    /// beside the charts, in chunks of charts (each chunk one transaction, none added twice, so an interrupted run is finished by
    /// the next); then <see cref="Counter.IdentifiersKept"/> records that it was done. Returns how many were added.
    /// </summary>
    internal static async Task<int> KeepIdentifiersOfEarlierImportsAsync(MainstayDb db, CancellationToken ct)
    {
        var keys = await db.OutsideRecords.AsNoTracking()
            .Where(r => r.ResourceType == "Patient" && r.PatientId != null)
            .Select(r => new { r.Id, PatientId = r.PatientId!.Value })
            .ToListAsync(ct);
        var added = 0;
        foreach (var chunk in keys.OrderBy(k => k.PatientId).ThenBy(k => k.Id).Chunk(500))
        {
            var ids = chunk.Select(k => k.Id).ToList();
            var charts = chunk.Select(k => k.PatientId).Distinct().ToList();
            var records = await db.OutsideRecords.AsNoTracking().Where(r => ids.Contains(r.Id))
                .Select(r => new { r.Id, PatientId = r.PatientId!.Value, r.Json, r.Origin, r.ImportedAt })
                .ToListAsync(ct);
            var held = (await db.PatientIdentifiers.AsNoTracking().Where(i => charts.Contains(i.PatientId))
                .Select(i => new { i.PatientId, i.System, i.Value }).ToListAsync(ct))
                .Select(i => (i.PatientId, i.System, i.Value)).ToHashSet();
            foreach (var record in records.OrderBy(r => r.ImportedAt).ThenBy(r => r.Id))
            {
                if (FhirWire.Parse<R4.Patient>(record.Json).Resource is not R4.Patient patient)
                {
                    continue;
                }

                foreach (var identifier in ReceivedIdentifiers(patient, record.PatientId, record.Origin, record.ImportedAt))
                {
                    if (held.Add((identifier.PatientId, identifier.System, identifier.Value)))
                    {
                        db.PatientIdentifiers.Add(identifier);
                        added++;
                    }
                }
            }

            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }

        await Counter.AddAsync(db, Counter.IdentifiersKept, added, ct);
        return added;
    }

    /// <summary>A Patient with the id of a chart of this Mainstay is that chart, not a new one: its id and site.</summary>
    private async Task<(Guid Id, int SiteId)?> ExistingChartAsync(R4.Patient resource, CancellationToken ct)
    {
        // Not by MRN: another Mainstay numbers its charts from the same start, so an MRN names a chart only in its own database.
        return Guid.TryParse(resource.Id, out var id) && await db.Patients.Where(p => p.Id == id).Select(p => (int?)p.SiteId).FirstOrDefaultAsync(ct) is { } site
            ? (id, site)
            : null;
    }

    /// <summary>The demographics of a received Patient; a chart needs a family name, a given name and a birth date.</summary>
    internal static (Patient? Patient, string? Problem) NewPatient(R4.Patient r, int siteId, DateTimeOffset now)
    {
        var name = r.Name.FirstOrDefault(n => n.Use == R4.HumanName.NameUse.Official) ?? r.Name.FirstOrDefault();
        var family = Truncate(name?.Family?.Trim(), PatientRegistry.NameMax);
        List<string> given = [.. (name?.Given ?? []).Where(g => !string.IsNullOrWhiteSpace(g)).Select(g => g!.Trim())];
        if (string.IsNullOrEmpty(family) || given.Count == 0)
        {
            return (null, "a Patient needs a family and a given name to become a chart");
        }

        if (!DateOnly.TryParseExact(r.BirthDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birth))
        {
            return (null, $"a Patient needs a full birth date (YYYY-MM-DD) to become a chart; it has '{r.BirthDate}'");
        }

        var birthSex = (r.Extension.FirstOrDefault(x => x.Url == FhirCodes.UsCoreBirthSex)?.Value as R4.Code)?.Value;
        var recorded = (r.Extension.FirstOrDefault(x => x.Url == FhirCodes.SexAtBirthExtension)?.Value as R4.Code)?.Value;
        var sex = (birthSex, r.Gender) switch
        {
            _ when Enum.TryParse<SexAtBirth>(recorded, ignoreCase: true, out var exact) && Enum.IsDefined(exact) => exact,
            ("F", _) => SexAtBirth.Female,
            ("M", _) => SexAtBirth.Male,
            (null, R4.AdministrativeGender.Female) => SexAtBirth.Female,
            (null, R4.AdministrativeGender.Male) => SexAtBirth.Male,
            _ => SexAtBirth.Unknown,
        };
        var address = r.Address.FirstOrDefault(a => a.Use is null or R4.Address.AddressUse.Home);
        var zip = address?.PostalCode?.Trim();
        var language = r.Communication.FirstOrDefault(c => c.Preferred == true) ?? r.Communication.FirstOrDefault();
        var dead = r.Deceased is R4.FhirBoolean { Value: true } or R4.FhirDateTime;
        var patient = new Patient
        {
            Id = Guid.CreateVersion7(now),
            Mrn = "",
            SiteId = siteId,
            GivenName = Truncate(given[0], PatientRegistry.NameMax)!,
            MiddleName = given.Count > 1 ? Truncate(given[1], PatientRegistry.NameMax) : null,
            FamilyName = family,
            PreferredName = Truncate(r.Name.FirstOrDefault(n => n.Use == R4.HumanName.NameUse.Usual)?.Given.FirstOrDefault(), PatientRegistry.NameMax),
            BirthDate = birth,
            SexAtBirth = sex,
            Phone = Truncate(r.Telecom.FirstOrDefault(t => t.System == R4.ContactPoint.ContactPointSystem.Phone)?.Value, 30),
            Email = Truncate(r.Telecom.FirstOrDefault(t => t.System == R4.ContactPoint.ContactPointSystem.Email)?.Value, 200),
            AddressLine = Truncate(address?.Line.FirstOrDefault(), 200),
            City = Truncate(address?.City, 100),
            State = UsStates.Code(address?.State),
            PostalCode = zip is not null && System.Text.RegularExpressions.Regex.IsMatch(zip, @"^\d{5}(-\d{4})?$") ? zip : null,
            PreferredLanguage = Truncate(language?.Language?.Text ?? language?.Language?.Coding.FirstOrDefault()?.Display, 40),
            FamilyKey = NameKey.Of(family),
            GivenKey = NameKey.Of(given[0]),
            // A record the sender marks as no longer in use (Patient.active false: a discharged patient, say) stays so here.
            Status = dead || r.Active == false ? PatientStatus.Inactive : PatientStatus.Active,
            StatusReason = dead ? Discharge.Deaths.OutsideRecordReason : r.Active == false ? "not active in the record received" : null,
            CreatedAt = now,
            UpdatedAt = now,
            Version = 1,
        };
        return (patient, null);
    }

    private void Outside(PlannedEntry entry, Dictionary<(string, string), OutsideRecord> known, Dictionary<string, string> references,
        Dictionary<Guid, int> charts, SiteScope scope, int siteId, string origin, DateTimeOffset now)
    {
        var resource = entry.Resource!;
        resource.Id = entry.Id;
        foreach (var reference in entry.References)
        {
            if (reference.Reference is not { Length: > 0 } target || target.StartsWith('#'))
            {
                continue;
            }

            if (references.TryGetValue(target, out var mapped))
            {
                reference.Reference = mapped;
            }
        }

        Guid? patientId = null;
        if (ResourceFacts.PatientReference(resource)?.Reference is { } subject)
        {
            if (!subject.StartsWith("Patient/", StringComparison.Ordinal) || !Guid.TryParse(subject[8..], out var pid)
                || !charts.TryGetValue(pid, out var patientSite))
            {
                entry.Reject(resource.TypeName, $"it refers to {subject}, which is neither in the Bundle nor a Mainstay patient");
                return;
            }

            if (user.UserId is not null && !scope.Includes(patientSite))
            {
                entry.Reject(resource.TypeName, $"its patient is registered at a site you are not granted ({patientSite})");
                return;
            }

            patientId = pid;
        }

        resource.Meta ??= new R4.Meta();
        resource.Meta.Tag.RemoveAll(t => t.System == FhirCodes.OutsideSourceSystem);
        resource.Meta.Tag.Add(new R4.Coding(FhirCodes.OutsideSourceSystem, Truncate(origin, 200), "outside record"));
        // One serialization: what is stored. Its hash tells a re-import of the same content (same ids, same references) from a change.
        var json = FhirWire.Serialize(resource);
        var hash = Hash(json);
        known.TryGetValue((resource.TypeName, entry.SourceKey!), out var existing);
        if (existing?.ContentHash == hash)
        {
            entry.Result = ImportResults.Unchanged;
            return;
        }

        var site = patientId is { } owner ? charts.GetValueOrDefault(owner, siteId) : siteId;
        entry.Result = Keep(existing, entry, resource.TypeName, Guid.Parse(entry.Id!), patientId, site, resource, json, hash, origin, now, known);
    }

    /// <summary>Stores a received resource: a new row, or the known row brought up to the new content. Returns created or updated.</summary>
    private string Keep(OutsideRecord? existing, PlannedEntry entry, string type, Guid id, Guid? patientId, int siteId, R4.Resource? searchable, string json,
        string hash, string origin, DateTimeOffset now, Dictionary<(string, string), OutsideRecord> known)
    {
        if (existing is not null && db.Entry(existing).State == EntityState.Detached)
        {
            // As KnownAsync read it (all but the JSON); what changes below is what the update writes.
            db.OutsideRecords.Attach(existing);
        }

        var record = existing ?? new OutsideRecord
        {
            Id = id,
            ResourceType = type,
            SourceKey = entry.SourceKey!,
            SourceReference = entry.Aliases.LastOrDefault(),
            SiteId = siteId,
            Json = json,
            ContentHash = hash,
            Origin = Truncate(origin, 260)!,
        };
        var code = searchable is null ? null : ResourceFacts.Codings(searchable) is [var first, ..] ? first : null;
        record.PatientId = patientId;
        record.Json = json;
        record.ContentHash = hash;
        record.Code = Truncate(code is null ? null : $"{code.System}|{code.Code}", 300);
        record.CodeText = searchable is null ? null : Truncate(ResourceFacts.MainCode(searchable)?.Text ?? code?.Display, 500);
        record.EffectiveAt = searchable is null ? null : ResourceFacts.When(searchable);
        record.Status = searchable is null ? null : Truncate(ResourceFacts.Status(searchable), 40);
        record.Version++;
        record.ImportedAt = now;
        record.ImportedBy = user.Username;
        if (existing is not null)
        {
            return ImportResults.Updated;
        }

        db.OutsideRecords.Add(record);
        known[(type, entry.SourceKey!)] = record;
        return ImportResults.Created;
    }

    /// <summary>
    /// References the Bundle does not resolve itself: to records an earlier import stored (as the source named them, "Patient/abc")
    /// or to Mainstay's own charts ("Patient/{id}"). One query per resource type, not one per reference.
    /// </summary>
    private async Task ResolveStoredAsync(IEnumerable<R4.ResourceReference> all, Dictionary<string, string> references, Dictionary<Guid, int> charts, CancellationToken ct)
    {
        var open = all.Select(r => r.Reference).OfType<string>()
            .Where(r => r.Length > 0 && !r.StartsWith('#') && !references.ContainsKey(r))
            .Distinct(StringComparer.Ordinal)
            .Select(r => (Reference: r, Type: TypeOf(r)))
            .Where(r => r.Type is not null)
            .ToList();
        foreach (var group in open.GroupBy(r => r.Type!))
        {
            foreach (var batch in group.Select(r => r.Reference).Chunk(500))
            {
                var type = group.Key;
                var hits = await db.OutsideRecords.AsNoTracking()
                    .Where(r => r.ResourceType == type && r.SourceReference != null && batch.Contains(r.SourceReference))
                    .Select(r => new { r.Id, r.PatientId, r.SiteId, r.SourceReference })
                    .ToListAsync(ct);
                foreach (var hit in hits)
                {
                    references[hit.SourceReference!] = type == "Patient" && hit.PatientId is { } p ? "Patient/" + p : $"{type}/{hit.Id}";
                    if (type == "Patient" && hit.PatientId is { } chart)
                    {
                        charts[chart] = hit.SiteId;
                    }
                }
            }
        }

        var charted = open.Where(r => r.Type == "Patient" && !references.ContainsKey(r.Reference))
            .Select(r => Guid.TryParse(r.Reference[(r.Reference.LastIndexOf('/') + 1)..], out var id) ? id : (Guid?)null)
            .OfType<Guid>()
            .Where(id => !charts.ContainsKey(id))
            .ToList();
        foreach (var batch in charted.Chunk(500))
        {
            foreach (var chart in await db.Patients.AsNoTracking().Where(p => batch.Contains(p.Id)).Select(p => new { p.Id, p.SiteId }).ToListAsync(ct))
            {
                charts[chart.Id] = chart.SiteId;
            }
        }
    }

    /// <summary>The resource type a literal reference names ("Patient" of "Patient/abc" or "http://x/fhir/Patient/abc"), or null.</summary>
    private static string? TypeOf(string reference)
    {
        var parts = reference.Split('/');
        return parts.Length >= 2 && R4.ModelInfo.IsKnownResource(parts[^2]) ? parts[^2] : null;
    }

    internal static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string? Truncate(string? s, int max) => s is null || s.Length <= max ? s : s[..max];

    private sealed class PlannedEntry(int index, R4.Resource? resource)
    {
        public R4.Resource? Resource { get; } = resource;
        public List<string> Aliases { get; } = [];
        public List<R4.ResourceReference> References { get; set; } = [];
        public string? SourceKey { get; set; }
        public string? Received { get; set; }
        public string? Id { get; set; }
        public string? Result { get; set; }
        public string? Reason { get; set; }
        private string? _type;

        public PlannedEntry Reject(string type, string reason)
        {
            _type = type;
            Result = ImportResults.Rejected;
            Reason = reason;
            return this;
        }

        public ImportedEntry ToEntry() =>
            new(index, Resource?.TypeName ?? _type ?? "Unknown", Aliases.LastOrDefault(), Result ?? ImportResults.Rejected,
                Result is ImportResults.Rejected or ImportResults.Skipped ? null : Id, Reason);
    }
}

/// <summary>US state names to their two-letter codes (outside records often spell the state out).</summary>
internal static class UsStates
{
    private static readonly Dictionary<string, string> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Alabama"] = "AL",
        ["Alaska"] = "AK",
        ["Arizona"] = "AZ",
        ["Arkansas"] = "AR",
        ["California"] = "CA",
        ["Colorado"] = "CO",
        ["Connecticut"] = "CT",
        ["Delaware"] = "DE",
        ["District of Columbia"] = "DC",
        ["Florida"] = "FL",
        ["Georgia"] = "GA",
        ["Hawaii"] = "HI",
        ["Idaho"] = "ID",
        ["Illinois"] = "IL",
        ["Indiana"] = "IN",
        ["Iowa"] = "IA",
        ["Kansas"] = "KS",
        ["Kentucky"] = "KY",
        ["Louisiana"] = "LA",
        ["Maine"] = "ME",
        ["Maryland"] = "MD",
        ["Massachusetts"] = "MA",
        ["Michigan"] = "MI",
        ["Minnesota"] = "MN",
        ["Mississippi"] = "MS",
        ["Missouri"] = "MO",
        ["Montana"] = "MT",
        ["Nebraska"] = "NE",
        ["Nevada"] = "NV",
        ["New Hampshire"] = "NH",
        ["New Jersey"] = "NJ",
        ["New Mexico"] = "NM",
        ["New York"] = "NY",
        ["North Carolina"] = "NC",
        ["North Dakota"] = "ND",
        ["Ohio"] = "OH",
        ["Oklahoma"] = "OK",
        ["Oregon"] = "OR",
        ["Pennsylvania"] = "PA",
        ["Rhode Island"] = "RI",
        ["South Carolina"] = "SC",
        ["South Dakota"] = "SD",
        ["Tennessee"] = "TN",
        ["Texas"] = "TX",
        ["Utah"] = "UT",
        ["Vermont"] = "VT",
        ["Virginia"] = "VA",
        ["Washington"] = "WA",
        ["West Virginia"] = "WV",
        ["Wisconsin"] = "WI",
        ["Wyoming"] = "WY",
        ["Puerto Rico"] = "PR",
    };

    /// <summary>The two-letter code of a state given by code or name, or null when it is neither.</summary>
    public static string? Code(string? state)
    {
        var s = state?.Trim();
        return string.IsNullOrEmpty(s) ? null
            : s.Length == 2 && s.All(char.IsAsciiLetter) ? s.ToUpperInvariant()
            : ByName.GetValueOrDefault(s);
    }
}
