using System.Linq.Expressions;
using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Assessments;
using Mainstay.Features.Audit;
using Mainstay.Features.Patients;
using Microsoft.EntityFrameworkCore;
using R4 = Hl7.Fhir.Model;

namespace Mainstay.Features.Fhir;

/// <summary>A page of search results: the resources of this page, how many matched in all, or why the search was refused.</summary>
public sealed record FhirPage(IReadOnlyList<R4.Resource> Resources, int Total, string? Error = null);

/// <summary>
/// Read and search over everything the FHIR API serves: Mainstay's own records mapped by <see cref="ChartResources"/>, and the
/// outside records received by import. The site wall applies as everywhere: a user sees only the records of patients at their
/// sites. Every search and read is audited.
/// </summary>
public sealed partial class FhirRecords(MainstayDb db, ClinicUser user, AuditTrail audit, TimeProvider clock)
{
    /// <summary>The most records one search looks through before it asks for a narrower search (patient, date, _id).</summary>
    public const int CandidateLimit = 5000;

    /// <summary>The Observations a flowsheet entry yields, each present when its columns are (as <see cref="ChartResources.Flowsheet"/> writes them).</summary>
    private static readonly (Func<FhirQuery.Token, bool> Asks, Expression<Func<Withdrawal.FlowsheetEntry, bool>> Present)[] FlowsheetParts =
    [
        (t => SearchColumns.Answers(ChartResources.InstrumentCode(Clinical.Instruments.Instruments.Find("cows"), "cows"), t), e => e.Cows != null),
        (t => SearchColumns.Answers(ChartResources.InstrumentCode(Clinical.Instruments.Instruments.Find("sows"), "sows"), t), e => e.Sows != null),
        (t => t.Matches(FhirCodes.InstrumentSystem, FhirCodes.WithdrawalCategoryCode), e => e.WithdrawalCategory != null),
        (t => t.Matches(FhirCodes.Loinc, FhirCodes.HeartRate), e => e.PulseBpm != null),
        (t => t.Matches(FhirCodes.Loinc, FhirCodes.BloodPressurePanel), e => e.SystolicMmHg != null && e.DiastolicMmHg != null),
        (t => t.Matches(FhirCodes.Loinc, FhirCodes.BodyTemperature), e => e.TemperatureC != null),
        (t => t.Matches(FhirCodes.Loinc, FhirCodes.RespiratoryRate), e => e.RespiratoryRate != null),
        (t => t.Matches(FhirCodes.Loinc, FhirCodes.OxygenSaturation), e => e.SpO2Percent != null),
    ];

    /// <summary>The resource types Mainstay writes itself, with the sources they come from.</summary>
    internal static readonly IReadOnlyDictionary<string, INativeSource[]> Native = new Dictionary<string, INativeSource[]>
    {
        ["Patient"] = [new ChartPatients()],
        // Each source with a time names the value its resources' time is written from, so a date search reads only the rows
        // of the dates asked (a patient dosed daily for years has more than CandidateLimit doses; a clinic has more than
        // that of every kind). CarePlan and Consent are dated by day, and read whole. Likewise each source whose columns
        // decide its resources' code or status reads only the rows that can match (a clinic's oral-fluid screens among
        // its weekly urine screens, its buprenorphine doses among its methadone, its active orders among years of them).
        ["Condition"] = [new NativeSource<Assessment>(db => db.Assessments.Where(a => a.Status != AssessmentStatus.Draft && a.Results != null), (a, _) => ChartResources.Diagnosis(a) is { } c ? [c] : [],
            when: a => a.CompletedAt ?? a.UpdatedAt)],
        ["Observation"] =
        [
            // The code systems each source's Observation.code is written in: a search by code in another system skips the
            // source unread (a clinic's weekly drug screens are most of its observations; a PHQ-9 search needs none of them).
            new NativeSource<Assessment>(db => db.Assessments.Where(a => a.Status != AssessmentStatus.Draft && a.Results != null), (a, _) => ChartResources.Scores(a),
                when: a => a.CompletedAt ?? a.UpdatedAt, codeSystems: [FhirCodes.Loinc, FhirCodes.InstrumentSystem], byCode: ScoredInstruments,
                byStatus: SearchColumns.Among<Assessment, AssessmentStatus, string>(a => a.Status, (v, s) => s == (v == AssessmentStatus.Draft ? "preliminary" : "final"))),
            new NativeSource<Withdrawal.FlowsheetEntry>(db => db.FlowsheetEntries, (e, _) => ChartResources.Flowsheet(e), when: e => e.At,
                codeSystems: [FhirCodes.Loinc, FhirCodes.InstrumentSystem], byCode: SearchColumns.Parts(FlowsheetParts),
                byStatus: SearchColumns.Either<Withdrawal.FlowsheetEntry, string>(_ => true, s => s == "final", _ => false)),
            new NativeSource<Screens.DrugScreen>(db => db.DrugScreens.Where(s => s.Status != "ordered"), (s, _) => ChartResources.Screen(s) is { } o ? [o] : [],
                when: s => s.CollectedAt ?? s.OrderedAt, codeSystems: [FhirCodes.ScreenSystem], byCode: ScreenedSpecimens,
                byStatus: SearchColumns.Either<Screens.DrugScreen, string>(s => s.Status == "cancelled", s => s == "cancelled", s => s == "final")),
        ],
        // A response has no main code, a plan and a withdrawal episode only words: a search by code reads none of them.
        ["QuestionnaireResponse"] = [new NativeSource<Assessment>(db => db.Assessments, (a, _) => ChartResources.Responses(a), when: a => a.CompletedAt ?? a.UpdatedAt,
            byCode: SearchColumns.Uncoded<Assessment>,
            byStatus: SearchColumns.Parts<Assessment, string>(
            [
                (s => s == "in-progress", a => a.Status == AssessmentStatus.Draft),
                (s => s == "amended", a => a.Status != AssessmentStatus.Draft && a.Version > 1),
                (s => s == "completed", a => a.Status != AssessmentStatus.Draft && a.Version <= 1),
            ]))],
        ["MedicationRequest"] = [new NativeSource<Orders.MedicationOrder>(db => db.MedicationOrders, (o, _) => [ChartResources.MedicationRequest(o)], when: o => o.CreatedAt,
            byCode: SearchColumns.Among<Orders.MedicationOrder, Clinical.Medication.Moud, FhirQuery.Token>(o => o.Medication, (m, t) => SearchColumns.Answers(ChartResources.Medication(m), t)),
            byStatus: SearchColumns.Among<Orders.MedicationOrder, Orders.OrderStatus, string>(o => o.Status, (v, s) => s == Hl7.Fhir.Utility.EnumUtility.GetLiteral(ChartResources.RequestStatus(v))))],
        ["MedicationAdministration"] = [new NativeSource<Dosing.Dispense>(db => db.Dispenses, (d, _) => [ChartResources.MedicationAdministration(d)], when: d => d.At,
            byCode: SearchColumns.Among<Dosing.Dispense, Clinical.Medication.Moud, FhirQuery.Token>(d => d.Medication, (m, t) => SearchColumns.Answers(ChartResources.Medication(m), t)),
            byStatus: SearchColumns.Either<Dosing.Dispense, string>(d => d.ClaimedSlot == null, s => s == "entered-in-error", s => s == "completed"))],
        ["CarePlan"] = [new NativeSource<Plans.TreatmentPlan>(db => db.TreatmentPlans, (p, _) => [ChartResources.CarePlan(p)], byCode: SearchColumns.Uncoded<Plans.TreatmentPlan>,
            byStatus: SearchColumns.Among<Plans.TreatmentPlan, Plans.PlanStatus, string>(p => p.Status, (v, s) => s == (v == Plans.PlanStatus.Signed ? "active" : "draft")))],
        ["EpisodeOfCare"] =
        [
            new NativeSource<Admissions.TreatmentEpisode>(db => db.TreatmentEpisodes, (e, _) => [ChartResources.EpisodeOfCare(e)], when: e => e.AdmittedAt,
                byCode: SearchColumns.Written<Admissions.TreatmentEpisode>(ChartResources.TreatmentEpisodeType),
                byStatus: SearchColumns.Either<Admissions.TreatmentEpisode, string>(e => e.DischargedAt == null, s => s == "active", s => s == "finished")),
            new NativeSource<Withdrawal.WithdrawalEpisode>(db => db.WithdrawalEpisodes, (e, _) => [ChartResources.EpisodeOfCare(e)], when: e => e.StartedAt, byCode: SearchColumns.Uncoded<Withdrawal.WithdrawalEpisode>,
                byStatus: SearchColumns.Either<Withdrawal.WithdrawalEpisode, string>(e => e.EndedAt == null, s => s == "active", s => s == "finished")),
        ],
        ["Encounter"] = [new SessionEncounters()],
        ["Consent"] = [new NativeSource<Consents.Consent>(db => db.Consents, (c, today) => [ChartResources.Consent(c, today)])],
    };

    /// <summary>Assessments that scored an instrument whose code is asked: the instrument's code is a key of the stored results.</summary>
    private static Expression<Func<Assessment, bool>> ScoredInstruments(IReadOnlyList<FhirQuery.Token> asked)
    {
        // The instruments a code names: by LOINC through the instrument list, by Mainstay's own code as written (an instrument
        // scored before it left the list still carries its code). A code the stored JSON would escape is left to the resources.
        var named = asked.SelectMany(t => Clinical.Instruments.Instruments.All
                .Where(d => SearchColumns.Answers(ChartResources.InstrumentCode(d, d.Code), t)).Select(d => d.Code)
                .Concat(t.System is null || t.System == FhirCodes.InstrumentSystem ? [t.Code] : []))
            .Distinct().ToList();
        if (named.Any(code => !StoredVerbatim().IsMatch(code)))
        {
            return _ => true;
        }

        return named.Count == 0 ? _ => false
            : Predicates.AnyOf([.. named.Select(code => "\"" + code + "\":{").Select(written => (Expression<Func<Assessment, bool>>)(a => a.Results!.Contains(written)))]);
    }

    /// <summary>Screens of the specimens asked: a screen's code is its specimen.</summary>
    private static Expression<Func<Screens.DrugScreen, bool>> ScreenedSpecimens(IReadOnlyList<FhirQuery.Token> asked) =>
        SearchColumns.In<Screens.DrugScreen, string>(s => s.Specimen, [.. asked.Where(t => t.System is null || t.System == FhirCodes.ScreenSystem).Select(t => t.Code).Distinct()]);

    /// <summary>Types served without a patient behind them.</summary>
    internal static readonly IReadOnlySet<string> Definitional = new HashSet<string> { "Questionnaire" };

    private DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    public async Task<FhirPage> SearchAsync(string type, FhirQuery q, string queryText, CancellationToken ct)
    {
        var caller = await Disclosure.ForAsync(db, user, clock, ct);
        if (caller.Client is not null && type != "Patient" && q.Patient is null)
        {
            return new FhirPage([], 0, "A client outside the program searches one patient at a time: give patient=.");
        }

        var page = await FindAsync(type, q, caller.Scope, ct, caller.Consented);
        if (page.Error is null)
        {
            // The query as asked, but a Social Security number searched for by its last four digits only.
            var asked = q.Identifier is { } identifier && OtherIdentifierView.Audited(identifier.System, identifier.Code) is var audited && audited != identifier.Code
                ? Uri.UnescapeDataString(queryText.Replace('+', ' ')).Replace(identifier.Code, audited, StringComparison.Ordinal)
                : queryText;
            await audit.RecordNowAsync(AuditActions.Search, "fhir/" + type, null, q.Patient, null, $"{asked} → {page.Total}", ct);
            await caller.DiscloseAsync(audit, type, page.Resources, ct);
        }

        return page;
    }

    public async Task<R4.Resource?> ReadAsync(string type, string id, CancellationToken ct)
    {
        var caller = await Disclosure.ForAsync(db, user, clock, ct);
        var page = await FindAsync(type, new FhirQuery { Ids = [id], Count = 1 }, caller.Scope, ct, caller.Consented);
        var resource = page.Resources.Count > 0 ? page.Resources[0] : null;
        if (resource is not null)
        {
            await audit.RecordNowAsync(AuditActions.Read, "fhir/" + type, id, PatientOf(resource), null, null, ct);
            await caller.DiscloseAsync(audit, type, [resource], ct);
        }

        return resource;
    }

    internal static Guid? PatientOf(R4.Resource resource) =>
        resource is R4.Patient p ? Guid.TryParse(p.Id, out var id) ? id : null
        : ResourceFacts.PatientReference(resource)?.Reference is { } r && r.StartsWith("Patient/", StringComparison.Ordinal) && Guid.TryParse(r[8..], out var pid) ? pid : null;

    /// <param name="consented">For a client outside the program: the patients whose consent names it; nothing else is found.</param>
    internal async Task<FhirPage> FindAsync(string type, FhirQuery q, SiteScope scope, CancellationToken ct, IReadOnlySet<Guid>? consented = null)
    {
        if (consented is not null)
        {
            if (type == "Patient")
            {
                var allowed = q.Ids.Count == 0 ? consented : q.RecordIds.Where(consented.Contains).ToHashSet();
                return allowed.Count == 0 ? new FhirPage([], 0) : await PatientsAsync(q with { Ids = [.. allowed.Select(g => g.ToString())] }, scope, ct);
            }

            if (q.Patient is { } asked && !consented.Contains(asked))
            {
                return new FhirPage([], 0);
            }

            var page = await FindAsync(type, q, scope, ct);
            return q.Patient is not null ? page : new FhirPage([.. page.Resources.Where(r => PatientOf(r) is { } p && consented.Contains(p))], page.Total);
        }

        switch (type)
        {
            case "Patient":
                return await PatientsAsync(q, scope, ct);
            case "Questionnaire":
                return Page(q, [.. Clinical.Instruments.Instruments.All.Select(ChartResources.Questionnaire).Where(r => Matches(q, r))]);
            case "AuditEvent":
                return await AuditEventsAsync(q, scope, ct);
        }

        var found = new List<R4.Resource>();
        var recordIds = q.RecordIds;
        if (q.Ids.Count == 0 || recordIds.Count > 0)
        {
            foreach (var source in Native.GetValueOrDefault(type) ?? [])
            {
                if (q.Codes.Count > 0 && !q.Codes.Any(source.MayHave))
                {
                    continue;
                }

                var batch = await source.LoadAsync(db, scope, q.Patient, recordIds, null, CandidateLimit + 1, Today, ct, Narrowing.Of(q));
                if (batch.Rows > CandidateLimit)
                {
                    return TooMany(type);
                }

                found.AddRange(batch.Resources);
            }
        }

        var outside = await OutsideAsync(type, q, scope, CandidateLimit + 1, ct);
        if (outside.Count > CandidateLimit)
        {
            return TooMany(type);
        }

        found.AddRange(outside);
        return Page(q, [.. found.Where(r => Matches(q, r))
            .OrderByDescending(ResourceFacts.When)
            .ThenBy(r => r.Id, StringComparer.Ordinal)]);
    }

    /// <summary>Codes the stored JSON holds exactly as written: no character its serializer escapes.</summary>
    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z0-9._:-]{1,100}$")]
    private static partial System.Text.RegularExpressions.Regex StoredVerbatim();

    private static FhirPage TooMany(string type) =>
        new([], 0, $"More than {CandidateLimit} {type} records match; narrow the search with patient, date or _id, or use $export for bulk data.");

    private static FhirPage Page(FhirQuery q, IReadOnlyList<R4.Resource> all) =>
        new([.. all.Skip(q.Offset).Take(q.Count)], all.Count);

    /// <summary>The filters every type shares, on the resource itself: id, code, status and date.</summary>
    internal static bool Matches(FhirQuery q, R4.Resource r) =>
        (q.Ids.Count == 0 || q.Ids.Contains(r.Id))
        && (q.Codes.Count == 0 || ResourceFacts.Codings(r).Any(c => q.Codes.Any(t => t.Matches(c.System, c.Code))))
        && (q.Statuses.Count == 0 || q.Statuses.Contains(ResourceFacts.Status(r) ?? ""))
        && q.InRange(ResourceFacts.When(r));

    /// <summary>Outside records of a type (never Patient: a received Patient is a chart of Mainstay's own).</summary>
    internal async Task<List<R4.Resource>> OutsideAsync(string type, FhirQuery q, SiteScope scope, int take, CancellationToken ct)
    {
        var rows = db.OutsideRecords.AsNoTracking().Where(r => r.ResourceType == type && r.ResourceType != "Patient");
        if (!scope.All)
        {
            var sites = scope.SiteIds.ToList();
            rows = rows.Where(r => sites.Contains(r.SiteId));
        }

        if (q.Patient is { } patient)
        {
            rows = rows.Where(r => r.PatientId == patient);
        }

        if (q.Ids.Count > 0)
        {
            var ids = q.RecordIds.ToList();
            rows = rows.Where(r => ids.Contains(r.Id));
        }

        if (q.Statuses.Count > 0)
        {
            var statuses = q.Statuses.ToList();
            rows = rows.Where(r => r.Status != null && statuses.Contains(r.Status));
        }

        if (q.Codes.Count > 0 && q.Codes.All(t => StoredVerbatim().IsMatch(t.Code)))
        {
            // A record with the code has it in its stored JSON as written here, so only those rows are read (the 5,000 a
            // search reads are then the code's, not the type's); which coding and system matched is checked on the resources.
            rows = rows.Where(Predicates.AnyOf([.. q.Codes.Select(t => "\"code\":\"" + t.Code + "\"").Distinct()
                .Select(written => (Expression<Func<OutsideRecord, bool>>)(r => r.Json.Contains(written)))]));
        }

        if (q.From is { } from)
        {
            rows = rows.Where(r => r.EffectiveAt >= from);
        }

        if (q.Before is { } before)
        {
            rows = rows.Where(r => r.EffectiveAt < before);
        }

        var json = await rows.OrderBy(r => r.Id).Select(r => r.Json).Take(take).ToListAsync(ct);
        return [.. json.Select(j => FhirWire.Parse<R4.Resource>(j).Resource).OfType<R4.Resource>()];
    }

    private async Task<FhirPage> PatientsAsync(FhirQuery q, SiteScope scope, CancellationToken ct)
    {
        var rows = db.Patients.AsNoTracking().Where(p => p.Status != PatientStatus.EnteredInError);
        if (!scope.All)
        {
            var sites = scope.SiteIds.ToList();
            rows = rows.Where(p => sites.Contains(p.SiteId));
        }

        if (q.Ids.Count > 0)
        {
            var ids = q.RecordIds.ToList();
            rows = rows.Where(p => ids.Contains(p.Id));
        }

        foreach (var (text, family, given) in (ReadOnlySpan<(string?, bool, bool)>)[(q.Name, true, true), (q.Family, true, false), (q.Given, false, true)])
        {
            if (NameKey.Of(text) is { Length: > 0 } key)
            {
                rows = (family, given) switch
                {
                    (true, true) => rows.Where(p => p.FamilyKey.StartsWith(key) || p.GivenKey.StartsWith(key)),
                    (true, false) => rows.Where(p => p.FamilyKey.StartsWith(key)),
                    _ => rows.Where(p => p.GivenKey.StartsWith(key)),
                };
            }
        }

        if (q.BirthDate is { } birth)
        {
            rows = rows.Where(p => p.BirthDate == birth);
        }

        if (q.Gender is { } gender)
        {
            var sex = gender switch
            {
                "female" => SexAtBirth.Female,
                "male" => SexAtBirth.Male,
                "other" => SexAtBirth.Intersex,
                _ => SexAtBirth.Unknown,
            };
            rows = rows.Where(p => p.SexAtBirth == sex);
        }

        if (q.Identifier is { } identifier)
        {
            // Mainstay's MRN, or any identifier another system gave the patient (charts imported before identifiers were kept
            // got theirs at start-up). The charts an identifier names are sought in its value index first, then by id.
            var value = identifier.Code;
            var system = identifier.System;
            var named = system == FhirCodes.MrnSystem ? []
                : await db.PatientIdentifiers.AsNoTracking().Where(i => i.Value == value && (system == null || i.System == system))
                    .Select(i => i.PatientId).Distinct().ToListAsync(ct);
            rows = system switch
            {
                null => rows.Where(p => p.Mrn == value || named.Contains(p.Id)),
                FhirCodes.MrnSystem => rows.Where(p => p.Mrn == value),
                _ => rows.Where(p => named.Contains(p.Id)),
            };
        }

        var total = await rows.CountAsync(ct);
        var page = await rows.OrderBy(p => p.FamilyKey).ThenBy(p => p.GivenKey).ThenBy(p => p.Id).Skip(q.Offset).Take(q.Count).ToListAsync(ct);
        return new FhirPage(await ChartPatients.ResourcesAsync(db, page, ct), total);
    }

    private async Task<FhirPage> AuditEventsAsync(FhirQuery q, SiteScope scope, CancellationToken ct)
    {
        var rows = db.AuditEvents.AsNoTracking().AsQueryable();
        if (!scope.All)
        {
            var sites = scope.SiteIds.ToList();
            rows = rows.Where(e => e.SiteId == null || sites.Contains(e.SiteId.Value));
        }

        if (q.Ids.Count > 0)
        {
            var sequences = q.Ids.Select(i => long.TryParse(i, out var s) ? s : -1).ToList();
            rows = rows.Where(e => sequences.Contains(e.Sequence));
        }

        if (q.Patient is { } patient)
        {
            rows = rows.Where(e => e.PatientId == patient);
        }

        if (q.From is { } from)
        {
            rows = rows.Where(e => e.At >= from);
        }

        if (q.Before is { } before)
        {
            rows = rows.Where(e => e.At < before);
        }

        var total = await rows.CountAsync(ct);
        var page = await rows.OrderByDescending(e => e.Sequence).Skip(q.Offset).Take(q.Count).ToListAsync(ct);
        return new FhirPage([.. page.Select(ChartResources.AuditEvent)], total);
    }
}

/// <summary>One table of Mainstay's own records that yields resources of a type.</summary>
internal interface INativeSource
{
    /// <summary>
    /// Rows visible in <paramref name="scope"/>, of one patient or all, of the given record ids or all, after a key (for paging
    /// through everything in key order), at most <paramref name="take"/> rows, mapped to resources. A source that knows the
    /// columns its resources' time, code or status come from reads only the rows that can match what is <paramref name="asked"/>;
    /// the others read every row and leave it to the search's own filter.
    /// </summary>
    Task<(List<R4.Resource> Resources, int Rows, Guid? Last)> LoadAsync(
        MainstayDb db, SiteScope scope, Guid? patient, IReadOnlyList<Guid> ids, Guid? after, int take, DateOnly today, CancellationToken ct,
        Narrowing? asked = null);

    /// <summary>False only when no resource of this source can have a main code matching <paramref name="code"/>.</summary>
    bool MayHave(FhirQuery.Token code) => true;
}

/// <param name="codeSystems">The systems of the resources' main codes, when they are known: a search by a code of any other system skips the source.</param>
/// <param name="when">
/// What the resources' time (<see cref="ResourceFacts.When"/>) is written from, when a row has one: the date filter is
/// applied to it in the database, and again to the resources (which carry it to the second).
/// </param>
/// <param name="byCode">The rows that can yield a resource with one of the main codes asked, when the row's columns decide them.</param>
/// <param name="byStatus">The rows that can yield a resource with one of the statuses asked, when the row's columns decide them.</param>
internal sealed class NativeSource<T>(
    Func<MainstayDb, IQueryable<T>> rows, Func<T, DateOnly, IEnumerable<R4.Resource>> map, string patientKey = "PatientId", Expression<Func<T, DateTimeOffset>>? when = null,
    IReadOnlyList<string>? codeSystems = null,
    Func<IReadOnlyList<FhirQuery.Token>, Expression<Func<T, bool>>>? byCode = null,
    Func<IReadOnlyList<string>, Expression<Func<T, bool>>>? byStatus = null)
    : INativeSource
    where T : class
{
    public bool MayHave(FhirQuery.Token code) => code.System is null || codeSystems is null || codeSystems.Contains(code.System);

    /// <summary>
    /// Rows whose time is at or after <paramref name="from"/> (when given) and before <paramref name="before"/> plus a second
    /// (a resource's time is cut to the second, so a row a fraction before the bound may still be in range).
    /// </summary>
    private static IQueryable<T> InRange(IQueryable<T> q, Expression<Func<T, DateTimeOffset>> at, DateTimeOffset? from, DateTimeOffset? before)
    {
        if (from is { } start)
        {
            Expression<Func<DateTimeOffset>> bound = () => start;
            q = q.Where(Expression.Lambda<Func<T, bool>>(Expression.GreaterThanOrEqual(at.Body, bound.Body), at.Parameters));
        }

        if (before is { } end)
        {
            var slack = end < DateTimeOffset.MaxValue.AddSeconds(-1) ? end.AddSeconds(1) : DateTimeOffset.MaxValue;
            Expression<Func<DateTimeOffset>> bound = () => slack;
            q = q.Where(Expression.Lambda<Func<T, bool>>(Expression.LessThan(at.Body, bound.Body), at.Parameters));
        }

        return q;
    }

    public async Task<(List<R4.Resource> Resources, int Rows, Guid? Last)> LoadAsync(
        MainstayDb db, SiteScope scope, Guid? patient, IReadOnlyList<Guid> ids, Guid? after, int take, DateOnly today, CancellationToken ct,
        Narrowing? asked = null)
    {
        var (found, last) = await LoadRowsAsync(db, scope, patient, ids, after, take, ct, asked);
        return ([.. found.SelectMany(x => map(x, today))], found.Count, last);
    }

    /// <summary>The rows <see cref="LoadAsync"/> maps, in key order, and the last one's key.</summary>
    public async Task<(List<T> Rows, Guid? Last)> LoadRowsAsync(
        MainstayDb db, SiteScope scope, Guid? patient, IReadOnlyList<Guid> ids, Guid? after, int take, CancellationToken ct,
        Narrowing? asked = null)
    {
        var q = rows(db).AsNoTracking();
        if (when is not null && asked is not null)
        {
            q = InRange(q, when, asked.From, asked.Before);
        }

        if (byCode is not null && asked?.Codes is { Count: > 0 } codes)
        {
            q = q.Where(byCode(codes));
        }

        if (byStatus is not null && asked?.Statuses is { Count: > 0 } statuses)
        {
            q = q.Where(byStatus(statuses));
        }

        if (!scope.All)
        {
            var sites = scope.SiteIds.ToList();
            q = q.Where(x => sites.Contains(EF.Property<int>(x, "SiteId")));
        }

        if (patient is { } p)
        {
            q = q.Where(x => EF.Property<Guid>(x, patientKey) == p);
        }

        if (ids.Count > 0)
        {
            var list = ids.ToList();
            q = q.Where(x => list.Contains(EF.Property<Guid>(x, "Id")));
        }

        if (patientKey != "Id")
        {
            // Records of a chart registered in error stay out of every answer, as the chart does.
            q = q.Where(x => db.Patients.Any(pt => pt.Id == EF.Property<Guid>(x, patientKey) && pt.Status != PatientStatus.EnteredInError));
        }

        if (after is { } a)
        {
            q = q.Where(x => EF.Property<Guid>(x, "Id") > a);
        }

        var found = await q.OrderBy(x => EF.Property<Guid>(x, "Id")).Take(take).ToListAsync(ct);
        return (found, found.Count == 0 ? null : db.Entry(found[^1]).Property<Guid>("Id").CurrentValue);
    }
}

/// <summary>Charts as Patient resources, each with the identifiers other systems gave it, read for the page in one query.</summary>
internal sealed class ChartPatients : INativeSource
{
    private static readonly NativeSource<Patient> Charts = new(db => db.Patients.Where(p => p.Status != PatientStatus.EnteredInError), (_, _) => [], "Id");

    public async Task<(List<R4.Resource> Resources, int Rows, Guid? Last)> LoadAsync(
        MainstayDb db, SiteScope scope, Guid? patient, IReadOnlyList<Guid> ids, Guid? after, int take, DateOnly today, CancellationToken ct,
        Narrowing? asked = null)
    {
        var (charts, last) = await Charts.LoadRowsAsync(db, scope, patient, ids, after, take, ct, asked);
        return (await ResourcesAsync(db, charts, ct), charts.Count, last);
    }

    internal static async Task<List<R4.Resource>> ResourcesAsync(MainstayDb db, IReadOnlyList<Patient> charts, CancellationToken ct)
    {
        var ids = charts.Select(p => p.Id).ToList();
        var others = ids.Count == 0 ? [] : await db.PatientIdentifiers.AsNoTracking().Where(i => ids.Contains(i.PatientId)).ToListAsync(ct);
        var byChart = others.ToLookup(i => i.PatientId);
        return [.. charts.Select(p => ChartResources.Patient(p, [.. byChart[p.Id]]))];
    }
}

/// <summary>
/// Encounters of the program's own sessions: a patient's attendance mark at a session, read as the marks are (site wall,
/// patient, date), with the sessions of the page read after it in one query for their kind, facilitator and end.
/// </summary>
internal sealed class SessionEncounters : INativeSource
{
    private static readonly NativeSource<Counseling.SessionAttendance> Marks = new(db => db.SessionAttendance, (_, _) => [], when: a => a.SessionStartsAt,
        byStatus: SearchColumns.Either<Counseling.SessionAttendance, string>(m => ChartResources.CameMarks.Contains(m.Mark), s => s == "finished", s => s == "cancelled"));

    public async Task<(List<R4.Resource> Resources, int Rows, Guid? Last)> LoadAsync(
        MainstayDb db, SiteScope scope, Guid? patient, IReadOnlyList<Guid> ids, Guid? after, int take, DateOnly today, CancellationToken ct,
        Narrowing? asked = null)
    {
        var (marks, last) = await Marks.LoadRowsAsync(db, scope, patient, ids, after, take, ct, asked);
        var sessionIds = marks.Select(m => m.SessionId).Distinct().ToList();
        var sessions = await db.CounselingSessions.AsNoTracking().Where(x => sessionIds.Contains(x.Id)).ToDictionaryAsync(x => x.Id, ct);
        return ([.. marks.Select(m => ChartResources.Encounter(m, sessions.GetValueOrDefault(m.SessionId)))], marks.Count, last);
    }
}
