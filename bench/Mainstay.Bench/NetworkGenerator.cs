using System.Data.Common;
using System.Diagnostics;
using Mainstay.Clinical.Admissions;
using Mainstay.Clinical.Discharge;
using Mainstay.Clinical.Medication;
using Mainstay.Clinical.Planning;
using Mainstay.Data;
using Mainstay.Features.Admissions;
using Mainstay.Features.Counseling;
using Mainstay.Features.Demo;
using Mainstay.Features.Dosing;
using Mainstay.Features.Orders;
using Mainstay.Features.Overdose;
using Mainstay.Features.Patients;
using Mainstay.Features.Plans;
using Mainstay.Features.Screens;
using Mainstay.Features.Sites;
using Mainstay.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mainstay.Bench;

/// <summary>
/// A synthetic treatment network for the dashboard benchmark: the demo clinic's accounts and sites, then 50 sites in all with
/// ten years of admissions. Every episode has its patient, order, doses day by day while in treatment, urine screens, a signed
/// plan per patient (with its signed version and its reviews), an inquiry for half of them, overdoses for a few; individual sessions with attendance marks for the
/// last 26 weeks (no measured report reads older ones). Deterministic for a seed. Rows go in by the database's bulk path with
/// the tables' secondary indexes dropped and built again after (<see cref="BulkTable{T}"/>).
/// </summary>
public static class NetworkGenerator
{
    public const int SiteCount = 50;
    private const int Years = 10;

    private static readonly DateTimeOffset Epoch = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private sealed record Plan(Guid Patient, int Site, LevelOfCare Level, PreferredMedication Planned, Moud? Medication, DateOnly Admitted, DateOnly? Discharged, int LapseDay);

    public sealed record Counts(long Patients, long Episodes, long Doses, long Screens, long Sessions, long Inquiries, long Overdoses, TimeSpan Took);

    public static async Task<Counts> GenerateAsync(StorageSettings storage, int episodes, long doses, int seed = 2026)
    {
        var clock = Stopwatch.StartNew();
        await using var app = WebHost.Build(new ServeSettings(storage, "http://127.0.0.1:0") { Quiet = true });
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<MainstayDb>().Database.EnsureDeletedAsync();
        }

        await WebHost.PrepareDatabaseAsync(app.Services);
        await DemoClinic.SeedAsync(app.Services, CancellationToken.None);
        await using var outer = app.Services.CreateAsyncScope();
        var db = outer.ServiceProvider.GetRequiredService<MainstayDb>();
        var org = await db.Organizations.OrderBy(o => o.Id).Select(o => o.Id).FirstAsync();
        for (var n = await db.Sites.CountAsync() + 1; n <= SiteCount; n++)
        {
            db.Sites.Add(new Site { OrganizationId = org, Name = $"Network site {n:00}", Code = $"N{n:00}", CreatedAt = Epoch });
        }

        await db.SaveChangesAsync();
        var sites = await db.Sites.OrderBy(s => s.Id).Select(s => s.Id).ToArrayAsync();
        var today = DateOnly.FromDateTime(DateTime.Now);
        var random = new Random(seed);

        // First the episodes' shapes (small: a few dozen bytes each), so the dose rate can be set to give the asked-for total.
        var plans = new List<Plan>(episodes);
        while (plans.Count < episodes)
        {
            var patient = Guid.CreateVersion7(Epoch.AddMilliseconds(plans.Count));
            var site = sites[random.Next(sites.Length)];
            var admitted = today.AddDays(-random.Next(365 * Years));
            // One to three episodes a person: a readmission follows the discharge by one to twelve months.
            for (var k = random.NextDouble() < 0.2 ? 2 : 1; k > 0 && plans.Count < episodes; k--)
            {
                var (level, planned, medication) = Pick(random);
                var length = random.NextDouble() switch
                {
                    < 0.30 => random.Next(1, 31),
                    < 0.70 => random.Next(31, 121),
                    < 0.92 => random.Next(121, 366),
                    _ => random.Next(366, 1096),
                };
                var discharged = admitted.AddDays(length);
                // A sixth of episodes lapse for five to eight weeks somewhere in their course (a gap retention must see).
                var lapse = random.NextDouble() < 1.0 / 6 && length > 60 ? random.Next(10, length - 40) : -1;
                plans.Add(new Plan(patient, site, level, planned, medication, admitted, discharged > today ? null : discharged, lapse));
                admitted = discharged.AddDays(random.Next(30, 366));
                if (admitted > today)
                {
                    break;
                }
            }
        }

        // Days on a daily medication, less the days of a lapse (the writer below skips 35 to 55 days from the lapse day).
        var doseDays = plans.Select((p, i) => (p, i)).Where(x => x.p.Medication is Moud.Methadone or Moud.Buprenorphine)
            .Sum(x => (long)((x.p.Discharged ?? today).DayNumber - x.p.Admitted.DayNumber + 1 - Lapsed(x.p, x.i, today)));
        var naltrexone = plans.Where(p => p.Medication == Moud.Naltrexone).Sum(p => (long)((p.Discharged ?? today).DayNumber - p.Admitted.DayNumber) / 28 + 1);
        var attendance = Math.Min(1.0, Math.Max(0, doses - naltrexone) / (double)doseDays);
        Console.WriteLine($"generating {plans.Count:N0} episodes of {plans.Select(p => p.Patient).Distinct().Count():N0} patients at {sites.Length} sites; " +
                          $"a daily-medication day dosed with probability {attendance:F3} for about {doses:N0} doses");

        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        var postgres = connection is Npgsql.NpgsqlConnection;
        await BulkIndexes.ExecuteAsync(connection, postgres ? "SET session_replication_role = replica" : "PRAGMA foreign_keys = OFF");
        if (!postgres)
        {
            await BulkIndexes.ExecuteAsync(connection, "PRAGMA synchronous = OFF");
            // Disk is what limits a full-scale SQLite network (a 100-million-dose file is about 60 GB): the index builds sort
            // in memory instead of temporary files beside it, and the write-ahead log is cut back after each checkpoint
            // instead of staying as large as the largest index built.
            await BulkIndexes.ExecuteAsync(connection, "PRAGMA temp_store = MEMORY");
            await BulkIndexes.ExecuteAsync(connection, "PRAGMA journal_size_limit = 67108864");
        }

        string[] tables = ["Patients", "TreatmentEpisodes", "MedicationOrders", "Dispenses", "Inquiries", "DrugScreens", "OverdoseEvents", "TreatmentPlans", "TreatmentPlanVersions", "PlanReviews", "CounselingSessions", "SessionAttendance"];
        var indexes = new List<string>();
        foreach (var table in tables)
        {
            indexes.AddRange(await BulkIndexes.DropAsync(connection, table));
        }

        var counts = await WriteAsync(db, connection, plans, today, attendance, new Random(seed + 1));
        Console.WriteLine($"rows written in {clock.Elapsed.TotalMinutes:F1} min; building {indexes.Count} indexes");
        foreach (var index in indexes)
        {
            var built = Stopwatch.StartNew();
            await BulkIndexes.ExecuteAsync(connection, index);
            Console.WriteLine($"  {built.Elapsed.TotalSeconds,6:F0} s  {index}");
        }

        var courses = Stopwatch.StartNew();
        var made = await Features.Reports.RetentionCourses.RebuildAsync(app.Services, null, CancellationToken.None);
        Console.WriteLine($"retention courses of {made:N0} patients built from the doses in {courses.Elapsed.TotalMinutes:F1} min");
        // The demo clinic seeded first already has its episodes' urine rows, so the start-up preparation (which builds them
        // only for a database that has none) would leave the bulk-loaded episodes without theirs: build them all here.
        var urine = Stopwatch.StartNew();
        var weeks = await Features.Reports.EpisodeUrineWeeksUpkeep.RebuildAsync(app.Services, null, CancellationToken.None);
        Console.WriteLine($"urine weeks of {weeks:N0} episodes built from the screens and doses in {urine.Elapsed.TotalMinutes:F1} min");
        await BulkIndexes.ExecuteAsync(connection, postgres ? "VACUUM ANALYZE" : "ANALYZE");
        if (postgres)
        {
            await BulkIndexes.ExecuteAsync(connection, "SET session_replication_role = DEFAULT");
        }

        return counts with { Took = clock.Elapsed };
    }

    private static readonly ReviewRule Rule = new();

    /// <summary>
    /// A plan's reviews, each on the day the one before set (the first by the rule from the signing, three days after
    /// admission), while in treatment and before today; an overdue plan's latest is missing, so its due day has passed.
    /// </summary>
    private static IEnumerable<(DateOnly Reviewed, DateOnly Next)> ReviewsOf(Plan p, DateOnly today, bool overdue)
    {
        var last = p.Discharged ?? today.AddDays(-1);
        var reviews = new List<(DateOnly, DateOnly)>();
        for (var due = PlanReviews.NextReview(p.Admitted, p.Admitted.AddDays(3), Rule); due <= last; due = PlanReviews.NextReview(p.Admitted, due, Rule))
        {
            reviews.Add((due, PlanReviews.NextReview(p.Admitted, due, Rule)));
        }

        return overdue && reviews.Count > 0 ? reviews.GetRange(0, reviews.Count - 1) : reviews;
    }

    /// <summary>The days of an episode's lapse that fall within it.</summary>
    private static int Lapsed(Plan p, int index, DateOnly today)
    {
        if (p.LapseDay < 0)
        {
            return 0;
        }

        var length = (p.Discharged ?? today).DayNumber - p.Admitted.DayNumber + 1;
        return Math.Max(0, Math.Min(length, p.LapseDay + 35 + (index % 21)) - p.LapseDay);
    }

    private static (LevelOfCare, PreferredMedication, Moud?) Pick(Random random) => random.NextDouble() switch
    {
        < 0.51 => (LevelOfCare.OpioidTreatmentProgram, PreferredMedication.Methadone, Moud.Methadone),
        < 0.60 => (LevelOfCare.OpioidTreatmentProgram, PreferredMedication.Buprenorphine, Moud.Buprenorphine),
        < 0.80 => (LevelOfCare.OfficeBasedOpioidTreatment, PreferredMedication.Buprenorphine, Moud.Buprenorphine),
        < 0.85 => (LevelOfCare.OfficeBasedOpioidTreatment, PreferredMedication.Naltrexone, Moud.Naltrexone),
        < 0.90 => (LevelOfCare.WithdrawalManagement, PreferredMedication.Buprenorphine, Moud.Buprenorphine),
        < 0.93 => (LevelOfCare.Outpatient, PreferredMedication.Naltrexone, Moud.Naltrexone),
        _ => (LevelOfCare.Outpatient, PreferredMedication.None, null),
    };

    private static DateTimeOffset At(DateOnly day, int minutes) => new(day.ToDateTime(TimeOnly.MinValue).AddMinutes(minutes), TimeSpan.Zero);

    private static async Task<Counts> WriteAsync(MainstayDb db, DbConnection connection, List<Plan> plans, DateOnly today, double attendance, Random random)
    {
        // Each kind of row is streamed into its own table in turn (a COPY holds its connection), so the plans are walked once per table.
        var ids = 0L;
        Guid Id() => Guid.CreateVersion7(Epoch.AddMilliseconds(ids++));
        var orderOf = new Guid[plans.Count];
        var lineageOf = new Guid[plans.Count];
        var inquiryOf = new Guid?[plans.Count];
        long patients = 0, inquiries = 0, overdoses = 0, dosesWritten = 0, screens = 0, sessions = 0;
        var progress = new Progress(plans.Count);

        await using (var table = await BulkTable<Patient>.OpenAsync(db, connection))
        {
            var row = new Patient { Mrn = "", GivenName = "", FamilyName = "" };
            var seen = new HashSet<Guid>();
            foreach (var p in plans.Where(p => seen.Add(p.Patient)))
            {
                var n = ++patients;
                row.Id = p.Patient;
                row.Mrn = $"NW{n:D8}";
                row.SiteId = p.Site;
                row.GivenName = Given[n % Given.Length];
                row.FamilyName = $"{Family[n / Given.Length % Family.Length]}{n}";
                row.GivenKey = row.GivenName.ToUpperInvariant();
                row.FamilyKey = row.FamilyName.ToUpperInvariant();
                row.BirthDate = new DateOnly(1955 + (int)(n % 45), 1 + (int)(n % 12), 1 + (int)(n % 28));
                row.SexAtBirth = n % 3 == 0 ? SexAtBirth.Female : SexAtBirth.Male;
                row.Status = PatientStatus.Active;
                row.CreatedAt = row.UpdatedAt = At(p.Admitted, 480);
                row.Version = 1;
                await table.AddAsync(row);
            }
        }

        await using (var table = await BulkTable<Inquiry>.OpenAsync(db, connection))
        {
            var row = new Inquiry { GivenName = "", FamilyName = "" };
            for (var i = 0; i < plans.Count; i++)
            {
                if (i % 2 != 0)
                {
                    continue;
                }

                var p = plans[i];
                inquiryOf[i] = row.Id = Id();
                row.Number = 1_000_000 + i;
                row.SiteId = p.Site;
                row.Stage = InquiryStage.Admitted;
                row.RequestedAt = At(p.Admitted.AddDays(-(i % 21)), 390);
                row.StageSince = row.CreatedAt = At(p.Admitted, 540);
                row.ClosedAt = row.StageSince;
                row.Source = (InquirySource)(i % 4);
                row.GivenName = "Network";
                row.FamilyName = $"Inquiry {i}";
                row.Urgency = Urgency.Routine;
                row.PreferredMedication = p.Planned;
                row.LevelOfCareSought = p.Level;
                row.Payer = (Payer)(i % 8);
                row.PatientId = p.Patient;
                row.Version = 1;
                inquiries++;
                await table.AddAsync(row);
            }
        }

        await using (var table = await BulkTable<TreatmentEpisode>.OpenAsync(db, connection))
        {
            var row = new TreatmentEpisode { AdmittedBy = "intake" };
            for (var i = 0; i < plans.Count; i++)
            {
                var p = plans[i];
                var reason = random.NextDouble() switch { < 0.35 => DischargeReason.Completed, < 0.45 => DischargeReason.Transferred, < 0.80 => DischargeReason.LeftAgainstAdvice, < 0.92 => DischargeReason.Administrative, < 0.97 => DischargeReason.Incarcerated, < 0.99 => DischargeReason.Other, _ => DischargeReason.Died };
                row.Id = Id();
                row.PatientId = p.Patient;
                row.SiteId = p.Site;
                row.LevelOfCare = p.Level;
                row.PlannedMedication = p.Planned;
                row.AdmittedAt = At(p.Admitted, 540);
                row.InquiryId = inquiryOf[i];
                row.DaysWaited = i % 21;
                row.DischargedAt = p.Discharged is { } d ? At(d, 900) : null;
                row.DischargeReason = p.Discharged is null ? null : Features.Assessments.IntakeForm.Kebab(reason);
                row.TedsReason = p.Discharged is null ? null : DischargeRules.TedsReason(reason);
                row.DischargedBy = p.Discharged is null ? null : "counselor";
                await table.AddAsync(row);
            }
        }

        await using (var table = await BulkTable<MedicationOrder>.OpenAsync(db, connection))
        {
            var row = new MedicationOrder { Schedule = "daily", Prescriber = "prescriber", Findings = "{}" };
            for (var i = 0; i < plans.Count; i++)
            {
                var p = plans[i];
                if (p.Medication is not { } m)
                {
                    continue;
                }

                orderOf[i] = row.Id = Id();
                lineageOf[i] = row.LineageId = row.Id;
                row.PatientId = p.Patient;
                row.SiteId = p.Site;
                row.Version = 1;
                row.Medication = m;
                row.DoseMg = m switch { Moud.Methadone => 40 + (10 * (i % 9)), Moud.Buprenorphine => 8 + (4 * (i % 4)), _ => 380 };
                row.Schedule = m == Moud.Naltrexone ? "every-4-weeks" : "daily";
                row.StartDate = p.Admitted;
                row.StopDate = p.Discharged;
                row.Status = p.Discharged is null ? OrderStatus.Active : OrderStatus.Discontinued;
                row.CreatedAt = At(p.Admitted, 560);
                await table.AddAsync(row);
            }
        }

        await using (var table = await BulkTable<Dispense>.OpenAsync(db, connection))
        {
            var row = new Dispense { Slot = 1, ClaimedSlot = 1, Observed = true, Nurse = "nurse" };
            for (var i = 0; i < plans.Count; i++)
            {
                progress.Report("doses", i, dosesWritten);
                var p = plans[i];
                if (p.Medication is not { } m)
                {
                    continue;
                }

                row.PatientId = p.Patient;
                row.SiteId = p.Site;
                row.OrderId = orderOf[i];
                row.LineageId = lineageOf[i];
                row.Medication = m;
                row.OrderedMg = row.AmountMg = m switch { Moud.Methadone => 40 + (10 * (i % 9)), Moud.Buprenorphine => 8 + (4 * (i % 4)), _ => 380 };
                var last = p.Discharged ?? today;
                for (var day = p.Admitted; day <= last; day = day.AddDays(m == Moud.Naltrexone ? 28 : 1))
                {
                    var offset = day.DayNumber - p.Admitted.DayNumber;
                    if (p.LapseDay >= 0 && offset >= p.LapseDay && offset < p.LapseDay + 35 + (i % 21))
                    {
                        continue;
                    }

                    if (m != Moud.Naltrexone && offset > 0 && random.NextDouble() >= attendance)
                    {
                        continue;
                    }

                    row.Id = Id();
                    row.DoseDate = day;
                    row.At = At(day, 420 + (int)(dosesWritten % 240));
                    // Sundays are take-home days for a methadone patient past the first 90 days.
                    row.TakeHome = m == Moud.Methadone && offset > 90 && day.DayOfWeek == DayOfWeek.Sunday;
                    dosesWritten++;
                    await table.AddAsync(row);
                }
            }
        }

        await using (var table = await BulkTable<DrugScreen>.OpenAsync(db, connection))
        {
            var row = new DrugScreen { Specimen = "urine", Reason = "random", Status = "resulted", OrderedBy = "nurse" };
            for (var i = 0; i < plans.Count; i++)
            {
                progress.Report("screens", i, screens);
                var p = plans[i];
                var last = p.Discharged ?? today.AddDays(-1);
                // Most people get better over time; some do not (a fixed chance of a positive per person).
                var struggling = i % 4 == 0;
                for (var day = p.Admitted.AddDays(2); day <= last; day = day.AddDays(day.DayNumber - p.Admitted.DayNumber < 56 ? 7 : 28))
                {
                    var weeks = (day.DayNumber - p.Admitted.DayNumber) / 7.0;
                    var negative = random.NextDouble() < (struggling ? 0.35 : Math.Min(0.9, 0.4 + (weeks * 0.04)));
                    row.Id = Id();
                    row.PatientId = p.Patient;
                    row.SiteId = p.Site;
                    row.OrderedAt = At(day, 480);
                    row.CollectedAt = At(day, 500);
                    row.ResultedAt = At(day, 520);
                    row.Observed = true;
                    row.OpioidNegative = negative;
                    row.IllicitOpioidUse = !negative;
                    row.FentanylUse = !negative && random.NextDouble() < 0.7;
                    screens++;
                    await table.AddAsync(row);
                }
            }
        }

        await using (var table = await BulkTable<OverdoseEvent>.OpenAsync(db, connection))
        {
            var row = new OverdoseEvent { ReversedBy = "bystander", Source = "patient-report", ReportedBy = "counselor" };
            for (var i = 0; i < plans.Count; i += 97)
            {
                var p = plans[i];
                var span = (p.Discharged ?? today).DayNumber - p.Admitted.DayNumber;
                row.Id = Id();
                row.PatientId = p.Patient;
                row.SiteId = p.Site;
                row.OccurredOn = p.Admitted.AddDays(span <= 0 ? 0 : random.Next(span));
                row.NaloxoneUsed = true;
                row.Fatal = i % 13 == 0;
                row.ReportedAt = At(row.OccurredOn, 600);
                overdoses++;
                await table.AddAsync(row);
            }
        }

        var signed = new List<(Guid Plan, int Index, DateTimeOffset At, bool Overdue)>();
        await using (var table = await BulkTable<TreatmentPlan>.OpenAsync(db, connection))
        {
            var row = new TreatmentPlan { Content = "[]", Status = PlanStatus.Signed, Version = 1 };
            var latest = new Dictionary<Guid, int>();
            for (var i = 0; i < plans.Count; i++)
            {
                latest[plans[i].Patient] = i;
            }

            foreach (var i in latest.Values.Order())
            {
                var p = plans[i];
                row.Id = Id();
                row.PatientId = p.Patient;
                row.SiteId = p.Site;
                row.StartsOn = p.Admitted;
                row.CreatedAt = row.UpdatedAt = At(p.Admitted, 600);
                row.SignedAt = At(p.Admitted.AddDays(3), 600);
                row.SignedBy = "counselor";
                // Reviewed by the program's rule (PlanReviews); a tenth of the open plans missed their latest review.
                var overdue = p.Discharged is null && i % 10 == 0;
                row.NextReviewOn = ReviewsOf(p, today, overdue).Aggregate(PlanReviews.NextReview(p.Admitted, p.Admitted.AddDays(3), Rule), (_, r) => r.Next);
                await table.AddAsync(row);
                signed.Add((row.Id, i, row.SignedAt.Value, overdue));
            }
        }

        // Each signed plan's signed version, as signing writes it (the monthly report reads when a plan was first signed).
        await using (var table = await BulkTable<TreatmentPlanVersion>.OpenAsync(db, connection))
        {
            var row = new TreatmentPlanVersion { Content = "[]", Version = 1, SignedBy = "counselor", ChangeSummary = "first signed version" };
            foreach (var (plan, i, at, _) in signed)
            {
                (row.PlanId, row.PatientId, row.SiteId, row.SignedAt) = (plan, plans[i].Patient, plans[i].Site, at);
                await table.AddAsync(row);
            }
        }

        // Its reviews, each setting the next (the monthly report reads the last review before the month's end).
        await using (var table = await BulkTable<PlanReview>.OpenAsync(db, connection))
        {
            var row = new PlanReview { Progress = "{}", ReviewedBy = "counselor" };
            foreach (var (plan, i, _, overdue) in signed)
            {
                var p = plans[i];
                foreach (var (reviewed, next) in ReviewsOf(p, today, overdue))
                {
                    row.Id = Id();
                    (row.PlanId, row.PatientId, row.SiteId) = (plan, p.Patient, p.Site);
                    (row.ReviewedOn, row.NextReviewOn) = (reviewed, next);
                    row.CreatedAt = At(reviewed, 660);
                    await table.AddAsync(row);
                }
            }
        }

        // Weekly individual sessions of the last 26 weeks, one per person in treatment that week, with the mark.
        var from = today.AddDays(-26 * 7);
        var sessionRows = new List<(Guid Session, Guid Patient, int Site, DateTimeOffset At, string Mark)>();
        await using (var table = await BulkTable<CounselingSession>.OpenAsync(db, connection))
        {
            var row = new CounselingSession { Kind = "individual", Facilitator = "counselor", Status = "held", CreatedBy = "counselor" };
            for (var i = 0; i < plans.Count; i++)
            {
                var p = plans[i];
                var last = p.Discharged ?? today.AddDays(-1);
                var first = p.Admitted.AddDays(1 + (i % 7));
                if (first < from)
                {
                    first = first.AddDays((from.DayNumber - first.DayNumber + 6) / 7 * 7);
                }

                for (var day = first; day <= last; day = day.AddDays(7))
                {
                    row.Id = Id();
                    row.SiteId = p.Site;
                    row.PatientId = p.Patient;
                    row.StartsAt = At(day, 600);
                    row.EndsAt = At(day, 650);
                    row.CreatedAt = At(day.AddDays(-7), 600);
                    var roll = random.NextDouble();
                    sessionRows.Add((row.Id, p.Patient, p.Site, row.StartsAt, roll < 0.78 ? "attended" : roll < 0.83 ? "late" : roll < 0.95 ? "no-show" : "excused"));
                    sessions++;
                    await table.AddAsync(row);
                }
            }
        }

        await using (var table = await BulkTable<SessionAttendance>.OpenAsync(db, connection))
        {
            var row = new SessionAttendance { Mark = "", RecordedBy = "counselor" };
            foreach (var s in sessionRows)
            {
                row.Id = Id();
                row.SessionId = s.Session;
                row.PatientId = s.Patient;
                row.SiteId = s.Site;
                row.SessionStartsAt = s.At;
                row.Mark = s.Mark;
                row.RecordedAt = s.At.AddHours(1);
                await table.AddAsync(row);
            }
        }

        progress.Done();
        return new Counts(patients, plans.Count, dosesWritten, screens, sessions, inquiries, overdoses, TimeSpan.Zero);
    }

    private static readonly string[] Given = ["Alex", "Jordan", "Sam", "Casey", "Riley", "Morgan", "Taylor", "Jamie", "Avery", "Quinn", "Drew", "Robin"];
    private static readonly string[] Family = ["Rivera", "Nguyen", "Okafor", "Schmidt", "Haddad", "Kowalski", "Moreau", "Tanaka", "Olsen", "Baptiste"];

    /// <summary>A line of progress on the console at most every two seconds.</summary>
    private sealed class Progress(int episodes)
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private TimeSpan _last;

        public void Report(string what, int episode, long rows)
        {
            if (_clock.Elapsed - _last < TimeSpan.FromSeconds(2))
            {
                return;
            }

            _last = _clock.Elapsed;
            Console.Write($"\r  {what}: episode {episode:N0} of {episodes:N0} ({100.0 * episode / episodes:F0}%), {rows:N0} rows, {_clock.Elapsed.TotalMinutes:F1} min   ");
        }

        public void Done() => Console.WriteLine();
    }
}
