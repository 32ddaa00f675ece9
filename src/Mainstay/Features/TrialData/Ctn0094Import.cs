using System.Globalization;
using Mainstay.Clinical.Demographics;
using Mainstay.Clinical.Medication;
using Mainstay.Data;
using Mainstay.Features.Admissions;
using Mainstay.Features.Audit;
using Mainstay.Features.Dosing;
using Mainstay.Features.Orders;
using Mainstay.Features.Patients;
using Mainstay.Features.Screens;
using Mainstay.Features.Sites;
using Mainstay.Web;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.TrialData;

public sealed record TrialArmCount(string Trial, string Arm, string Medication, int Participants, int Doses);

public sealed record Ctn0094Report(int Participants, int Imported, int AlreadyThere, int WithoutDoses, int Doses, IReadOnlyList<TrialArmCount> Arms)
{
    /// <summary>Urine screens loaded: one per attended study visit or day with a positive result.</summary>
    public int Screens { get; init; }
}

/// <summary>
/// Loads the NIDA CTN-0094 harmonized data of three OUD trials (CTN-0027, CTN-0030, CTN-0051; de-identified, MIT) as
/// a program: one site per trial, each randomized participant a chart ("Participant CTN-0002") with a treatment
/// episode, the first randomized arm as the medication order, and every daily dose of the study drug as a dose record,
/// trial days anchored to a chosen start date. Idempotent: participants already loaded are left as they are.
/// Not loaded yet: urine drug screens, visits and no-shows, withdrawal categories (see docs/OUTCOMES.md).
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
        var visits = File.Exists(Path.Combine(csv, "visit.csv"))
            ? Rows("visit.csv").Where(r => r.F[r.H["what"]] == "visit")
                .Select(r => (Who: Int(r.F[r.H["who"]]), Day: Int(r.F[r.H["when"]]))).Where(v => v.Who is not null && v.Day is not null)
                .Select(v => (v.Who!.Value, v.Day!.Value)).ToHashSet()
            : [];
        var screenDays = visits.Concat(positives.Keys).Distinct().GroupBy(k => k.Item1)
            .ToDictionary(g => g.Key, g => g.Select(k => k.Item2).Order().ToList());
        return arms.Where(a => projects.ContainsKey(a.Key)).OrderBy(a => a.Key).Select(a =>
        {
            var d = demographics.GetValueOrDefault(a.Key);
            return new Participant(a.Key, projects[a.Key], a.Value.Arm, a.Value.Day, d.Age, d.Male, doses.GetValueOrDefault(a.Key) ?? [])
            {
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

        int imported = 0, already = 0, withoutDoses = 0, doseCount = 0, screenCount = 0;
        var arms = new Dictionary<(int, string), (int People, int Doses)>();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            foreach (var chunk in participants.Chunk(batch))
            {
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                var now = clock.GetUtcNow();
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
                    var serial = await db.NextNumberAsync(Counter.MrnSerial, ct);
                    var first = p.Doses.Count > 0 ? Math.Min(p.Doses[0].Day, p.RandomizedDay) : p.RandomizedDay;
                    var last = p.Doses.Count > 0 ? p.Doses[^1].Day : p.RandomizedDay;
                    var patient = new Patient
                    {
                        Id = Guid.CreateVersion7(now),
                        Mrn = MedicalRecordNumber.FromSerial(serial).ToString(),
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

                    imported++;
                    screenCount += p.Screens.Count;
                    doseCount += p.Doses.Count;
                    var key = (p.Project, p.Arm);
                    var counts = arms.GetValueOrDefault(key);
                    arms[key] = (counts.People + 1, counts.Doses + p.Doses.Count);
                    known.Add(family);
                }

                audit.Record("import", "TrialData", "ctn0094", null, null, $"CTN-0094: {chunk.Length} participants in this batch");
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
        };
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
