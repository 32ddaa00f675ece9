using System.Globalization;
using Mainstay.Clinical.Demographics;
using Mainstay.Clinical.Medication;
using Mainstay.Clinical.Withdrawal;
using Mainstay.Data;
using Mainstay.Features.Admissions;
using Mainstay.Features.Audit;
using Mainstay.Features.Counseling;
using Mainstay.Features.Dosing;
using Mainstay.Features.Orders;
using Mainstay.Features.Patients;
using Mainstay.Features.Screens;
using Mainstay.Features.Sites;
using Mainstay.Features.Withdrawal;
using Mainstay.Web;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.TrialData;

public sealed record TrialArmCount(string Trial, string Arm, string Medication, int Participants, int Doses);

public sealed record Ctn0094Report(int Participants, int Imported, int AlreadyThere, int WithoutDoses, int Doses, IReadOnlyList<TrialArmCount> Arms)
{
    /// <summary>Urine screens loaded: one per attended study visit or day with a positive result.</summary>
    public int Screens { get; init; }

    /// <summary>Study visits loaded as held sessions: attended, and missed (no-shows).</summary>
    public int VisitsAttended { get; init; }

    public int VisitsMissed { get; init; }

    /// <summary>Withdrawal ratings loaded as flowsheet readings (a category, from COWS or SOWS).</summary>
    public int WithdrawalRatings { get; init; }

    /// <summary>Missed visits the files give no day for and that no attended visit of the same schedule places.</summary>
    public int VisitsMissedWithoutDay { get; init; }
}

/// <summary>One study visit of a participant: its study day, whether it was kept, and why not (the file's reasons).</summary>
/// <param name="Estimated">The day is placed from the participant's other visits of the schedule (the file gives none).</param>
public sealed record StudyVisit(int Day, bool Attended, string? Reason, bool Estimated);

/// <summary>
/// Loads the NIDA CTN-0094 harmonized data of three OUD trials (CTN-0027, CTN-0030, CTN-0051; de-identified, MIT) as
/// a program: one site per trial, each randomized participant a chart ("Participant CTN-0002") with a treatment
/// episode, the first randomized arm as the medication order, and every daily dose of the study drug as a dose record,
/// trial days anchored to a chosen start date. Idempotent: participants already loaded are left as they are.
/// Study visits become held sessions with attendance (attended or no-show); urine screens come from the visits and
/// the positive findings; the harmonized withdrawal categories become a flowsheet (see docs/OUTCOMES.md).
/// </summary>
public sealed class Ctn0094Import(MainstayDb db, AuditTrail audit, TimeProvider clock)
{
    /// <summary>A naltrexone injection is recorded as amount 1 in the trial data; the XR-naltrexone dose is 380 mg.</summary>
    public const decimal NaltrexoneInjectionMg = 380;

    public static readonly IReadOnlyDictionary<int, (string Name, string Code)> Trials = new Dictionary<int, (string, string)>
    {
        [27] = ("CTN-0027 START: methadone vs buprenorphine", "C27"),
        [30] = ("CTN-0030 POATS: prescription opioid addiction", "C30"),
        [51] = ("CTN-0051 X:BOT: XR-naltrexone vs buprenorphine", "C51"),
    };

    public sealed record Participant(int Who, int Project, string Arm, int RandomizedDay, int? Age, bool? Male, IReadOnlyList<(int Day, decimal Amount)> Doses)
    {
        /// <summary>The urine screens: a study day and the harmonized categories found positive (none = a negative screen).</summary>
        public IReadOnlyList<(int Day, IReadOnlySet<string> Positive)> Screens { get; init; } = [];

        /// <summary>The study visits, one per day (a day with both a kept and a missed report is kept).</summary>
        public IReadOnlyList<StudyVisit> Visits { get; init; } = [];

        /// <summary>Missed visits left out because no day could be given to them.</summary>
        public int MissedWithoutDay { get; init; }

        /// <summary>The harmonized withdrawal ratings: a study day and a category 0–3 (COWS in CTN-0027/0030, SOWS in CTN-0051).</summary>
        public IReadOnlyList<(int Day, int Category)> Withdrawal { get; init; } = [];
    }

    /// <summary>The scale a trial rated withdrawal on (harmonization vignette: COWS in CTN-0027 and CTN-0030, SOWS in CTN-0051).</summary>
    public static WithdrawalScale ScaleOf(int project) => project == 51 ? WithdrawalScale.Sows : WithdrawalScale.Cows;

    /// <summary>The reason columns of visit.csv, as words.</summary>
    private static readonly (string Column, string Reason)[] MissedReasons =
    [
        ("is_dead", "died"), ("is_no_show", "did not come"), ("is_no_funding", "no funding"), ("is_left_study", "left the study"),
        ("is_in_jail", "in jail"), ("is_forgot", "forgot"), ("is_in_hospital", "in hospital"), ("is_illness", "ill"), ("is_moved", "moved"),
        ("is_missing_14_consecutive", "missed 14 days in a row"), ("is_window", "outside the visit window"), ("is_unable", "unable to come"),
        ("is_on_vacation", "on vacation"), ("is_other", "other reason"),
    ];

    /// <summary>A weekly visit label ("WK12", "P1Wk2", "P2Wk1A"): its schedule and week; null for other visits (baseline, end of treatment, follow-ups).</summary>
    public static (string Schedule, int Week)? WeeklyVisit(string label)
    {
        var m = System.Text.RegularExpressions.Regex.Match(label, "^(WK|P1Wk|P2Wk)([0-9]{1,2})[AB]?$");
        return m.Success ? (m.Groups[1].Value, int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)) : null;
    }

    /// <summary>
    /// One participant's visits from the rows of visit.csv (label, "visit" or "no visit", study day or null, reason). A kept
    /// visit is on its day. A missed visit without a day (most of them: the file records the missed appointment, not its
    /// date) is placed on its schedule from the participant's kept visits of the same schedule: between two kept weeks
    /// by straight line, beyond them 7 days a week. A missed visit that cannot be placed is counted, not stored.
    /// </summary>
    public static (IReadOnlyList<StudyVisit> Visits, int Unplaced) PlaceVisits(IEnumerable<(string Label, bool Kept, int? Day, string? Reason)> rows)
    {
        var list = rows.ToList();
        var anchors = list.Where(r => r.Kept && r.Day is not null && WeeklyVisit(r.Label) is not null)
            .Select(r => (Visit: WeeklyVisit(r.Label)!.Value, Day: r.Day!.Value))
            .GroupBy(a => a.Visit.Schedule)
            .ToDictionary(g => g.Key, g => g.GroupBy(a => a.Visit.Week).Select(w => (Week: w.Key, Day: w.Min(a => a.Day))).OrderBy(a => a.Week).ToList());
        var kept = list.Where(r => r.Kept && r.Day is not null).Select(r => r.Day!.Value).ToHashSet();
        var missed = new Dictionary<int, StudyVisit>();
        var unplaced = 0;
        foreach (var r in list.Where(r => !r.Kept))
        {
            int? day = r.Day;
            var estimated = false;
            if (day is null && WeeklyVisit(r.Label) is { } visit && anchors.TryGetValue(visit.Schedule, out var schedule))
            {
                var before = schedule.LastOrDefault(a => a.Week < visit.Week);
                var after = schedule.FirstOrDefault(a => a.Week > visit.Week);
                var exact = schedule.FirstOrDefault(a => a.Week == visit.Week);
                day = exact != default ? null   // the same week was also kept: this report adds nothing
                    : before != default && after != default
                        ? before.Day + (int)Math.Round((after.Day - before.Day) * (visit.Week - before.Week) / (double)(after.Week - before.Week), MidpointRounding.AwayFromZero)
                        : before != default ? before.Day + (7 * (visit.Week - before.Week))
                        : after != default ? after.Day - (7 * (after.Week - visit.Week))
                        : null;
                estimated = day is not null;
                if (exact != default)
                {
                    continue;
                }
            }

            if (day is not { } d)
            {
                unplaced++;
            }
            else if (!kept.Contains(d))
            {
                missed.TryAdd(d, new StudyVisit(d, false, r.Reason, estimated));
            }
        }

        return ([.. kept.Select(d => new StudyVisit(d, true, null, false)).Concat(missed.Values).OrderBy(v => v.Day)], unplaced);
    }

    /// <summary>The harmonized UDS categories kept, and the panel analyte each is recorded as.</summary>
    private static readonly IReadOnlyDictionary<string, string> UdsAnalytes = new Dictionary<string, string>
    {
        ["Opioid"] = "opiates",
        ["Methadone"] = "methadone",
        ["Buprenorphine"] = "buprenorphine",
        ["Cocaine"] = "cocaine",
        ["Amphetamine"] = "amphetamines",
        ["Benzodiazepine"] = "benzodiazepines",
    };

    /// <summary>
    /// Non-study opioids for the arm (the CTN-0094 team's weekly-pattern rule): buprenorphine arms — opioid or
    /// methadone; methadone arms — opioid or buprenorphine; XR-naltrexone — any of the three.
    /// </summary>
    public static bool NonStudyOpioid(Moud medication, IReadOnlySet<string> positive) => medication switch
    {
        Moud.Buprenorphine => positive.Contains("Opioid") || positive.Contains("Methadone"),
        Moud.Methadone => positive.Contains("Opioid") || positive.Contains("Buprenorphine"),
        _ => positive.Contains("Opioid") || positive.Contains("Methadone") || positive.Contains("Buprenorphine"),
    };

    public static Moud MedicationOf(string arm) =>
        arm.Contains("NTX", StringComparison.OrdinalIgnoreCase) ? Moud.Naltrexone
        : arm.Contains("Methadone", StringComparison.OrdinalIgnoreCase) ? Moud.Methadone
        : Moud.Buprenorphine;

    /// <summary>Reads the CSVs of the data folder (everybody, demographics, randomization, treatment).</summary>
    public static IReadOnlyList<Participant> Read(string folder)
    {
        var csv = Path.Combine(folder, "csv");
        Dictionary<string, int> Header(string[] fields) => fields.Select((f, i) => (f, i)).ToDictionary(x => x.f.Trim(), x => x.i);
        IEnumerable<(Dictionary<string, int> H, string[] F)> Rows(string name)
        {
            using var reader = new StreamReader(Path.Combine(csv, name));
            var records = Csv.Read(reader).ToList();
            var header = Header(records[0].Fields);
            return records.Skip(1).Where(r => r.Error is null && r.Fields.Length == header.Count).Select(r => (header, r.Fields)).ToList();
        }

        static int? Int(string s) => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;
        var projects = Rows("everybody.csv").ToDictionary(r => int.Parse(r.F[r.H["who"]], CultureInfo.InvariantCulture), r => int.Parse(r.F[r.H["project"]], CultureInfo.InvariantCulture));
        var demographics = Rows("demographics.csv").ToDictionary(r => int.Parse(r.F[r.H["who"]], CultureInfo.InvariantCulture),
            r => (Age: Int(r.F[r.H["age"]]), Male: r.F[r.H["is_male"]] switch { "Yes" => (bool?)true, "No" => false, _ => null }));
        var arms = Rows("randomization.csv").Where(r => r.F[r.H["which"]] == "1")
            .GroupBy(r => int.Parse(r.F[r.H["who"]], CultureInfo.InvariantCulture))
            .ToDictionary(g => g.Key, g => (Arm: g.First().F[g.First().H["treatment"]], Day: Int(g.First().F[g.First().H["when"]]) ?? 0));
        var doses = Rows("treatment.csv")
            .Select(r => (Who: Int(r.F[r.H["who"]]), Amount: decimal.TryParse(r.F[r.H["amount"]], NumberStyles.Number, CultureInfo.InvariantCulture, out var a) ? a : 0, Day: Int(r.F[r.H["when"]])))
            .Where(d => d.Who is not null && d.Day is not null && d.Amount > 0)
            .GroupBy(d => d.Who!.Value)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<(int, decimal)>)g.GroupBy(d => d.Day!.Value).OrderBy(d => d.Key).Select(d => (d.Key, d.Sum(x => x.Amount))).ToList());
        // A screen is recorded on every attended study visit (uds.csv holds only positive findings, so an attended visit
        // without one is a negative screen — the CTN-0094 team's own inference) and on any day with a positive finding.
        var positives = (File.Exists(Path.Combine(csv, "uds.csv")) ? Rows("uds.csv") : [])
            .Select(r => (Who: Int(r.F[r.H["who"]]), What: r.F[r.H["what"]], Day: Int(r.F[r.H["when"]])))
            .Where(u => u.Who is not null && u.Day is not null)
            .GroupBy(u => (u.Who!.Value, u.Day!.Value))
            .ToDictionary(g => g.Key, g => (IReadOnlySet<string>)g.Select(u => u.What).ToHashSet(StringComparer.Ordinal));
        var visitRows = File.Exists(Path.Combine(csv, "visit.csv"))
            ? Rows("visit.csv").Where(r => r.F[r.H["what"]] is "visit" or "no visit" && Int(r.F[r.H["who"]]) is not null)
                .Select(r => (Who: Int(r.F[r.H["who"]])!.Value, Label: r.F[r.H["visit"]], Kept: r.F[r.H["what"]] == "visit", Day: Int(r.F[r.H["when"]]),
                    Reason: string.Join(", ", MissedReasons.Where(m => r.H.TryGetValue(m.Column, out var i) && r.F[i] == "1").Select(m => m.Reason)) is { Length: > 0 } why ? why : null))
                .ToLookup(r => r.Who)
            : Enumerable.Empty<(int Who, string Label, bool Kept, int? Day, string? Reason)>().ToLookup(r => r.Who);
        var visits = visitRows.SelectMany(g => g.Where(r => r.Kept && r.Day is not null).Select(r => (g.Key, r.Day!.Value))).ToHashSet();
        var withdrawal = (File.Exists(Path.Combine(csv, "withdrawal.csv")) ? Rows("withdrawal.csv") : [])
            .Select(r => (Who: Int(r.F[r.H["who"]]), Category: Int(r.F[r.H["withdrawal"]]), Day: Int(r.F[r.H["when"]])))
            .Where(w => w.Who is not null && w.Day is not null && w.Category is >= 0 and <= 3)
            .GroupBy(w => w.Who!.Value)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<(int, int)>)g.GroupBy(w => w.Day!.Value).OrderBy(d => d.Key).Select(d => (d.Key, d.Max(w => w.Category!.Value))).ToList());
        var screenDays = visits.Concat(positives.Keys).Distinct().GroupBy(k => k.Item1)
            .ToDictionary(g => g.Key, g => g.Select(k => k.Item2).Order().ToList());
        return arms.Where(a => projects.ContainsKey(a.Key)).OrderBy(a => a.Key).Select(a =>
        {
            var d = demographics.GetValueOrDefault(a.Key);
            var (placed, unplaced) = PlaceVisits(visitRows[a.Key].Select(r => (r.Label, r.Kept, r.Day, r.Reason)));
            return new Participant(a.Key, projects[a.Key], a.Value.Arm, a.Value.Day, d.Age, d.Male, doses.GetValueOrDefault(a.Key) ?? [])
            {
                Visits = placed,
                MissedWithoutDay = unplaced,
                Withdrawal = withdrawal.GetValueOrDefault(a.Key) ?? [],
                Screens = [.. (screenDays.GetValueOrDefault(a.Key) ?? []).Select(day =>
                    (day, positives.GetValueOrDefault((a.Key, day)) ?? (IReadOnlySet<string>)new HashSet<string>()))],
            };
        }).ToList();
    }

    /// <summary>Loads the participants, <paramref name="batch"/> at a time, each batch one transaction.</summary>
    public async Task<Ctn0094Report> ImportAsync(IReadOnlyList<Participant> participants, DateOnly start, Action<int> advance, CancellationToken ct, int batch = 100)
    {
        var sites = await SitesAsync(ct);
        var siteIds = sites.Values.ToList();
        var known = (await db.Patients.AsNoTracking().Where(p => siteIds.Contains(p.SiteId) && p.FamilyName.StartsWith("CTN-"))
            .Select(p => p.FamilyName).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var zone = clock.LocalTimeZone;
        DateTimeOffset At(DateOnly day, int hour)
        {
            var wall = day.ToDateTime(new TimeOnly(hour, 0));
            return new DateTimeOffset(wall, zone.GetUtcOffset(wall)).ToUniversalTime();
        }

        int imported = 0, already = 0, withoutDoses = 0, doseCount = 0, screenCount = 0, attended = 0, missedVisits = 0, unplacedVisits = 0, ratings = 0;
        var arms = new Dictionary<(int, string), (int People, int Doses)>();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            foreach (var chunk in participants.Chunk(batch))
            {
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                var now = clock.GetUtcNow();
                var unnumbered = new List<Patient>();
                foreach (var p in chunk)
                {
                    var family = $"CTN-{p.Who:0000}";
                    if (known.Contains(family))
                    {
                        already++;
                        continue;
                    }

                    var siteId = sites[p.Project];
                    var medication = MedicationOf(p.Arm);
                    var first = p.Doses.Count > 0 ? Math.Min(p.Doses[0].Day, p.RandomizedDay) : p.RandomizedDay;
                    var last = p.Doses.Count > 0 ? p.Doses[^1].Day : p.RandomizedDay;
                    var patient = new Patient
                    {
                        Id = Guid.CreateVersion7(now),
                        Mrn = "", // numbered right before the save (PatientRegistry.NumberChartsAsync)
                        SiteId = siteId,
                        GivenName = "Participant",
                        FamilyName = family,
                        FamilyKey = NameKey.Of(family),
                        GivenKey = "participant",
                        BirthDate = start.AddYears(-(p.Age ?? 35)).AddDays(-182),
                        SexAtBirth = p.Male switch { true => SexAtBirth.Male, false => SexAtBirth.Female, null => SexAtBirth.Unknown },
                        Status = PatientStatus.Discharged,
                        StatusReason = "trial participation ended",
                        CreatedAt = now,
                        UpdatedAt = now,
                        Version = 1,
                    };
                    db.Patients.Add(patient);
                    unnumbered.Add(patient);
                    db.TreatmentEpisodes.Add(new TreatmentEpisode
                    {
                        Id = Guid.CreateVersion7(now),
                        PatientId = patient.Id,
                        SiteId = siteId,
                        LevelOfCare = medication == Moud.Methadone ? LevelOfCare.OpioidTreatmentProgram : LevelOfCare.OfficeBasedOpioidTreatment,
                        PlannedMedication = medication switch { Moud.Methadone => PreferredMedication.Methadone, Moud.Naltrexone => PreferredMedication.Naltrexone, _ => PreferredMedication.Buprenorphine },
                        AdmittedAt = At(start.AddDays(first), 9),
                        AdmittedBy = "ctn0094",
                        DischargedAt = At(start.AddDays(last + 1), 9),
                        DischargeReason = "other",
                        TedsReason = 7,
                        DischargedBy = "ctn0094",
                        DischargeNote = $"trial arm {p.Arm}; study days {first} to {last}",
                    });
                    if (p.Doses.Count == 0)
                    {
                        withoutDoses++;
                    }
                    else
                    {
                        var orderId = Guid.CreateVersion7(now);
                        decimal Mg(decimal amount) => medication == Moud.Naltrexone ? amount * NaltrexoneInjectionMg : amount;
                        db.MedicationOrders.Add(new MedicationOrder
                        {
                            Id = orderId,
                            PatientId = patient.Id,
                            SiteId = siteId,
                            LineageId = orderId,
                            Version = 1,
                            Medication = medication,
                            DoseMg = Mg(p.Doses[0].Amount),
                            Schedule = medication == Moud.Naltrexone ? "every-4-weeks" : "daily",
                            StartDate = start.AddDays(p.Doses[0].Day),
                            StopDate = start.AddDays(last),
                            Status = OrderStatus.Discontinued,
                            StatusReason = "trial participation ended",
                            Prescriber = "CTN-0094 study physician",
                            Findings = "[]",
                            Instructions = $"CTN-0094 arm: {p.Arm}",
                            CreatedAt = At(start.AddDays(p.Doses[0].Day), 8),
                        });
                        foreach (var (day, amount) in p.Doses)
                        {
                            var date = start.AddDays(day);
                            db.Dispenses.Add(new Dispense
                            {
                                Id = Guid.CreateVersion7(now),
                                PatientId = patient.Id,
                                SiteId = siteId,
                                OrderId = orderId,
                                LineageId = orderId,
                                DoseDate = date,
                                Slot = 1,
                                ClaimedSlot = 1,
                                Medication = medication,
                                OrderedMg = Mg(amount),
                                AmountMg = Mg(amount),
                                Observed = true,
                                At = At(date, 9),
                                Nurse = "ctn0094",
                            });
                        }
                    }

                    foreach (var (day, positive) in p.Screens)
                    {
                        var at = At(start.AddDays(day), 10);
                        var illicit = NonStudyOpioid(medication, positive);
                        var results = UdsAnalytes.Where(u => positive.Contains(u.Key) || u.Key != "Buprenorphine" || p.Project == 51)
                            .ToDictionary(u => u.Value, u => positive.Contains(u.Key) ? "positive" : "negative");
                        db.DrugScreens.Add(new DrugScreen
                        {
                            Id = Guid.CreateVersion7(now),
                            PatientId = patient.Id,
                            SiteId = siteId,
                            Specimen = "urine",
                            Reason = "scheduled",
                            Status = "resulted",
                            OrderedAt = at,
                            OrderedBy = "ctn0094",
                            CollectedAt = at,
                            CollectedBy = "ctn0094",
                            Lab = "CTN-0094",
                            Accession = $"{p.Who}/{day}",
                            ResultedAt = at,
                            ResultedBy = "ctn0094",
                            Results = System.Text.Json.JsonSerializer.Serialize(results),
                            Validity = "valid",
                            Findings = "[]",
                            ReadAgainst = MedicationOrders.Name(medication),
                            IllicitOpioidUse = illicit,
                            OpioidNegative = !illicit,
                        });
                    }

                    foreach (var visit in p.Visits)
                    {
                        var startsAt = At(start.AddDays(visit.Day), 10);
                        var sessionId = Guid.CreateVersion7(now);
                        db.CounselingSessions.Add(new CounselingSession
                        {
                            Id = sessionId,
                            SiteId = siteId,
                            Kind = CounselingCalendar.IntakeKebab(SessionKind.StudyVisit),
                            PatientId = patient.Id,
                            Facilitator = "CTN-0094 research staff",
                            StartsAt = startsAt,
                            EndsAt = startsAt.AddMinutes(30),
                            Status = "held",
                            CreatedAt = now,
                            CreatedBy = "ctn0094",
                        });
                        db.SessionAttendance.Add(new SessionAttendance
                        {
                            Id = Guid.CreateVersion7(now),
                            SessionId = sessionId,
                            PatientId = patient.Id,
                            SiteId = siteId,
                            SessionStartsAt = startsAt,
                            Mark = visit.Attended ? "attended" : "no-show",
                            Note = visit.Attended ? null : string.Join("; ", new[] { visit.Reason, visit.Estimated ? "day placed from the visit schedule" : null }.OfType<string>()) is { Length: > 0 } note ? note : null,
                            RecordedAt = now,
                            RecordedBy = "ctn0094",
                        });
                    }

                    if (p.Withdrawal.Count > 0)
                    {
                        AddWithdrawalRatings(p, patient.Id, siteId, medication, start, At, now);
                    }

                    imported++;
                    ratings += p.Withdrawal.Count;
                    attended += p.Visits.Count(v => v.Attended);
                    missedVisits += p.Visits.Count(v => !v.Attended);
                    unplacedVisits += p.MissedWithoutDay;
                    screenCount += p.Screens.Count;
                    doseCount += p.Doses.Count;
                    var key = (p.Project, p.Arm);
                    var counts = arms.GetValueOrDefault(key);
                    arms[key] = (counts.People + 1, counts.Doses + p.Doses.Count);
                    known.Add(family);
                }

                audit.Record("import", "TrialData", "ctn0094", null, null, $"CTN-0094: {chunk.Length} participants in this batch");
                await PatientRegistry.NumberChartsAsync(db, unnumbered, ct);
                db.ChangeTracker.DetectChanges();
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                db.ChangeTracker.Clear();
                advance(chunk.Length);
            }
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = true;
        }

        return new Ctn0094Report(participants.Count, imported, already, withoutDoses, doseCount,
            arms.OrderBy(a => a.Key.Item1).ThenBy(a => a.Key.Item2, StringComparer.Ordinal)
                .Select(a => new TrialArmCount(Trials[a.Key.Item1].Code, a.Key.Item2, MedicationOrders.Name(MedicationOf(a.Key.Item2)), a.Value.People, a.Value.Doses)).ToList())
        {
            Screens = screenCount,
            VisitsAttended = attended,
            VisitsMissed = missedVisits,
            VisitsMissedWithoutDay = unplacedVisits,
            WithdrawalRatings = ratings,
        };
    }

    /// <summary>
    /// The trial's withdrawal ratings as a flowsheet: one withdrawal episode from the first rating to the last (inpatient in
    /// CTN-0051, whose participants were detoxified in hospital; ambulatory otherwise), one reading per rated day holding the
    /// category and, in its note, the scale and scores the category stands for.
    /// </summary>
    private void AddWithdrawalRatings(Participant p, Guid patientId, int siteId, Moud medication, DateOnly start, Func<DateOnly, int, DateTimeOffset> at, DateTimeOffset now)
    {
        var scale = ScaleOf(p.Project);
        var episodeId = Guid.CreateVersion7(now);
        db.WithdrawalEpisodes.Add(new WithdrawalEpisode
        {
            Id = episodeId,
            PatientId = patientId,
            SiteId = siteId,
            Setting = p.Project == 51 ? "inpatient" : "ambulatory",
            Protocol = medication switch
            {
                Moud.Methadone => WithdrawalProtocol.Methadone,
                Moud.Naltrexone => WithdrawalProtocol.SymptomManaged,
                _ => WithdrawalProtocol.BuprenorphineStandard,
            },
            StartedAt = at(start.AddDays(p.Withdrawal[0].Day), 8),
            StartedBy = "ctn0094",
            EndedAt = at(start.AddDays(p.Withdrawal[^1].Day), 17),
            EndedBy = "ctn0094",
            EndReason = "trial ratings ended",
            EndedOnMaintenance = p.Doses.Count > 0 && medication != Moud.Naltrexone ? true : null,
        });
        foreach (var (day, category) in p.Withdrawal)
        {
            var when = at(start.AddDays(day), 9);
            db.FlowsheetEntries.Add(new FlowsheetEntry
            {
                Id = Guid.CreateVersion7(now),
                EpisodeId = episodeId,
                PatientId = patientId,
                SiteId = siteId,
                At = when,
                WithdrawalCategory = category,
                Notes = $"CTN-0094 withdrawal category: {WithdrawalCategory.Describe(scale, category)}",
                RecordedBy = "ctn0094",
                RecordedAt = when,
            });
        }
    }

    /// <summary>The program and its three sites, created on the first import.</summary>
    private async Task<Dictionary<int, int>> SitesAsync(CancellationToken ct)
    {
        var codes = Trials.Values.Select(t => t.Code).ToList();
        var existing = await db.Sites.Where(s => codes.Contains(s.Code)).ToListAsync(ct);
        if (existing.Count < Trials.Count)
        {
            var now = clock.GetUtcNow();
            var org = existing.FirstOrDefault()?.OrganizationId is { } orgId
                ? await db.Organizations.SingleAsync(o => o.Id == orgId, ct)
                : new Organization { Name = "NIDA CTN-0094 trials (de-identified public data)", CreatedAt = now };
            foreach (var (_, (name, code)) in Trials.Where(t => existing.All(s => s.Code != t.Value.Code)))
            {
                // Inactive: the trial program takes no new patients (and is not offered on the public call-back form).
                var site = new Site { Organization = org, Name = name, Code = code, CreatedAt = now, IsActive = false };
                db.Sites.Add(site);
                existing.Add(site);
            }

            audit.Record(AuditActions.Create, "Organization", null, detail: "CTN-0094 trial sites");
            await db.SaveChangesAsync(ct);
        }

        return Trials.ToDictionary(t => t.Key, t => existing.Single(s => s.Code == t.Value.Code).Id);
    }
}
