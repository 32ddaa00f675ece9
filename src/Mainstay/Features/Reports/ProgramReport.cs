using System.Globalization;
using System.Text;
using Mainstay.Clinical.Planning;
using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Admissions;
using Mainstay.Features.Assessments;
using Mainstay.Features.Audit;
using Mainstay.Features.Orders;
using Mainstay.Features.Plans;
using Mainstay.Features.Screens;
using Mainstay.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Mainstay.Features.Reports;

/// <summary>One figure of the program dashboard: a picture, the table beneath it, and the same table as CSV.</summary>
public sealed record Figure(string Key, string Title, string Note, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows, string Svg);

public sealed record Headline(string Label, string Value);

/// <summary>
/// The dashboard as of <see cref="Today"/>: today's, or a closed month's (<see cref="Month"/>, its first day) as it stood at the
/// midnight that ended it, which is the monthly report.
/// </summary>
public sealed record ProgramDashboard(DateOnly Today, DateOnly? Month, int? SiteId, IReadOnlyList<Headline> Headlines, IReadOnlyList<Figure> Figures);

/// <summary>
/// The director's dashboard: census by level of care, admissions and discharges, medication coverage, time from first
/// contact to first dose, opioid-negative screens, overdoses and deaths, plan reviews on time. Pictures first, tables
/// beneath, CSV for every figure.
/// </summary>
public sealed class ProgramReport(MainstayDb db, ClinicUser user, AuditTrail audit, TimeProvider clock, IServiceScopeFactory scopes, IOptions<PlanOptions> planOptions)
{
    private static readonly LevelOfCare[] MedicationLevels = [LevelOfCare.OpioidTreatmentProgram, LevelOfCare.OfficeBasedOpioidTreatment, LevelOfCare.WithdrawalManagement];

    /// <summary>How an OUD diagnosis appears in an assessment's results (<c>"diagnosis":{…"icd10Code":"F11.20"…}</c>, camel case, no spaces).</summary>
    internal const string OudInResults = "\"icd10Code\":\"F11";

    private static string N(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Pct(double share) => (share * 100).ToString("0", CultureInfo.InvariantCulture) + "%";

    /// <summary>A month given as <c>yyyy-MM</c>, as its first day; null when the text is not one.</summary>
    public static DateOnly? ParseMonth(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first) && first.Year is >= 1900 and < 9999 ? first : null;

    /// <summary>
    /// Today's dashboard, or with <paramref name="month"/> (its first day) the monthly report: every figure as it stood at the
    /// midnight that ended the month. Who was in treatment, on medication and due a plan review then is read from the
    /// records' own times (admission and discharge, when each order version was signed and replaced, the reviews done
    /// before it), and the weekly and monthly figures end with the month.
    /// </summary>
    public async Task<Outcome<ProgramDashboard>> BuildAsync(int? siteId, DateOnly? month, CancellationToken ct)
    {
        var localToday = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        if (month is { } closing && closing.AddMonths(1) > localToday)
        {
            return Refusal.Invalid("month", $"{closing.ToString("MMMM yyyy", CultureInfo.InvariantCulture)} has not ended; leave month out for today's dashboard.");
        }

        var scope = await user.ScopeAsync(ct);
        if (siteId is { } s && !scope.Includes(s))
        {
            return Refusal.Forbidden($"You are not granted site {siteId}.");
        }

        var dashboard = await CountAsync(scope.All && siteId is null, siteId is { } only ? [only] : scope.SiteIds.ToList(), siteId, month, ct);
        await audit.RecordNowAsync(AuditActions.Search, "ProgramDashboard", null, null, siteId,
            $"{dashboard.Figures.Count} figures{(month is { } reported ? $", monthly report {reported:yyyy-MM}" : "")}", ct);
        return dashboard;
    }

    /// <summary>
    /// Every figure, counted for <paramref name="sites"/> (or with <paramref name="all"/> for every site, with no site filter):
    /// what <see cref="BuildAsync"/> shows once it has checked who asks, and what <see cref="ReportWarmUp"/> runs for no site.
    /// </summary>
    internal async Task<ProgramDashboard> CountAsync(bool all, List<int> sites, int? siteId, DateOnly? month, CancellationToken ct)
    {
        var zone = clock.LocalTimeZone;
        var siteNames = await db.Sites.AsNoTracking().Where(x => sites.Contains(x.Id)).ToDictionaryAsync(x => x.Id, x => x.Name, ct);
        // The instant the figures stand at, and its day: now and today, or the midnight that ended the month and its last day.
        var (now, today) = month is { } m
            ? (Dates.LocalMidnightUtc(m.AddMonths(1), zone), m.AddMonths(1).AddDays(-1))
            : (clock.GetUtcNow(), DateOnly.FromDateTime(clock.GetLocalNow().DateTime));
        var closed = month is not null;
        var lastDay = today.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);
        var asOf = closed ? $"at the end of {lastDay}" : "today";
        DateOnly Day(DateTimeOffset t) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(t, zone).DateTime);

        // Every figure is counted in the database (a network has a million episodes and a hundred million doses); what comes
        // back is a few rows per site, week or month. Weeks and months are bucketed at the clinic's local midnights.
        var episodes = all ? db.TreatmentEpisodes.AsNoTracking() : db.TreatmentEpisodes.AsNoTracking().Where(e => sites.Contains(e.SiteId));
        // Open today, or at a month's end (still open, or discharged since).
        var open = closed ? OpenAt(episodes, now) : episodes.Where(e => e.DischargedAt == null);
        var figures = new List<Figure>();

        // The slowest figure (a first-dose lookup for each of a year's admissions) is counted on a second connection while
        // the others are counted on this one.
        await using var sideQueries = new SideQueries(ct);
        var firstDoses = sideQueries.Start(token => FirstDosesAsync(all, sites, now.AddDays(-365), closed ? now : null, token));
        // So are a closed month's plan reviews, looked up plan by plan (its signing and its last review before the month
        // ended): on a third connection, as PostgreSQL runs that lookup on one core.
        var plansAtMonthEnd = closed ? sideQueries.Start(token => PlanReviewsAtAsync(all, sites, now, today, token)) : null;

        // Census by level of care and site.
        var census = await open.GroupBy(e => new { e.SiteId, e.LevelOfCare }).Select(g => new { g.Key.SiteId, g.Key.LevelOfCare, Count = g.Count() }).ToListAsync(ct);
        var levels = census.Select(c => c.LevelOfCare).Distinct().Order().ToList();
        var censusRows = census.OrderBy(c => siteNames[c.SiteId]).ThenBy(c => c.LevelOfCare)
            .Select(c => (IReadOnlyList<string>)[siteNames[c.SiteId], IntakeForm.Kebab(c.LevelOfCare), c.Count.ToString(CultureInfo.InvariantCulture)]).ToList();
        figures.Add(new Figure("census", "People in treatment by level of care", $"Open treatment episodes {asOf}.",
            ["site", "level_of_care", "in_treatment"], censusRows,
            BarChart.Render("People in treatment by level of care and site", levels.Select(l => IntakeForm.Kebab(l)).ToList(),
                siteNames.OrderBy(x => x.Value).Select(site => new BarChart.Series(site.Value,
                    levels.Select(l => (double?)census.Where(c => c.SiteId == site.Key && c.LevelOfCare == l).Sum(c => c.Count)).ToList())).ToList())));

        // Admissions and discharges per week, last 12 weeks (weeks start on Monday).
        var thisMonday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var weeks = Enumerable.Range(0, 12).Select(i => thisMonday.AddDays(-7 * (11 - i))).ToList();
        var weekStarts = weeks.Append(thisMonday.AddDays(7)).Select(w => Dates.LocalMidnightUtc(w, zone)).ToList();
        // A closed month's last week is cut at the month's end.
        var (fromWeek, toWeek) = (weekStarts[0], closed && now < weekStarts[^1] ? now : weekStarts[^1]);
        var admitted = await Counts(episodes.Where(e => e.AdmittedAt >= fromWeek && e.AdmittedAt < toWeek), Bucket.Of<TreatmentEpisode>(e => e.AdmittedAt, weekStarts), ct);
        var discharged = await Counts(episodes.Where(e => e.DischargedAt >= fromWeek && e.DischargedAt < toWeek), Bucket.Of<TreatmentEpisode>(e => e.DischargedAt!.Value, weekStarts), ct);
        var admissions = weeks.Select((_, i) => admitted.GetValueOrDefault(i)).ToList();
        var discharges = weeks.Select((_, i) => discharged.GetValueOrDefault(i)).ToList();
        figures.Add(new Figure("flow", "Admissions and discharges per week", closed ? $"The 12 weeks to {lastDay}, weeks starting on Monday." : "The last 12 weeks, weeks starting on Monday.",
            ["week_starting", "admissions", "discharges"],
            weeks.Select((w, i) => (IReadOnlyList<string>)[w.ToString("yyyy-MM-dd"), admissions[i].ToString(CultureInfo.InvariantCulture), discharges[i].ToString(CultureInfo.InvariantCulture)]).ToList(),
            BarChart.Render("Admissions and discharges per week", weeks.Select(w => w.ToString("d MMM", CultureInfo.InvariantCulture)).ToList(),
                [new("Admissions", admissions.Select(a => (double?)a).ToList()), new("Discharges", discharges.Select(d => (double?)d).ToList())])));

        // Discharge reasons, last 90 days.
        var ninetyDaysAgo = now.AddDays(-90);
        var recent = (await (closed ? episodes.Where(e => e.DischargedAt >= ninetyDaysAgo && e.DischargedAt < now) : episodes.Where(e => e.DischargedAt >= ninetyDaysAgo)).GroupBy(e => e.DischargeReason ?? "unknown")
                .Select(g => new { Reason = g.Key, Teds = g.Min(e => e.TedsReason), Count = g.Count() }).ToListAsync(ct))
            .OrderByDescending(g => g.Count).ThenBy(g => g.Reason, StringComparer.Ordinal).ToList();
        figures.Add(new Figure("discharge-reasons", "Discharges by reason", closed ? $"The 90 days to {lastDay}, with the TEDS discharge code." : "The last 90 days, with the TEDS discharge code.",
            ["reason", "teds_code", "discharges"],
            recent.Select(g => (IReadOnlyList<string>)[g.Reason, g.Teds?.ToString(CultureInfo.InvariantCulture) ?? "", g.Count.ToString(CultureInfo.InvariantCulture)]).ToList(),
            BarChart.Render(closed ? "Discharges by reason, 90 days" : "Discharges by reason, last 90 days", recent.Select(g => g.Reason).ToList(), [new("Discharges", recent.Select(g => (double?)g.Count).ToList())])));

        // Medication coverage among people in treatment at medication levels of care: each person with the medication of
        // their first active (or held) order, in one read. At a month's end, the orders in force then: signed before it and
        // not replaced or stopped until after it (a hold still counts as holding the order, as today).
        var inForce = closed
            ? db.MedicationOrders.Where(o => o.CreatedAt < now && (o.Status == OrderStatus.Active || o.Status == OrderStatus.Held
                || ((o.Status == OrderStatus.Superseded || o.Status == OrderStatus.Discontinued)
                    // Stopped after the month's end; an order stopped with no time kept (the CTN-0094 trial's, as imported)
                    // by its stop date, the last day it was in force.
                    && (o.StatusChangedAt >= now || (o.StatusChangedAt == null && o.StopDate >= today)))))
            : db.MedicationOrders.Where(o => o.Status == OrderStatus.Active || o.Status == OrderStatus.Held);
        // People with opioid use disorder: those in care at a level that admits only them (an opioid treatment program,
        // office-based treatment, withdrawal management), and those elsewhere (residential, outpatient) whose intake
        // assessment, completed by then, found OUD (an ICD-10-CM F11 code, read in the results as they are written).
        var diagnosed = db.Assessments.Where(a => a.CompletedAt < now && a.Results != null && a.Results.Contains(OudInResults));
        var inMedicationCare = await open.Where(e => MedicationLevels.Contains(e.LevelOfCare) || diagnosed.Any(a => a.PatientId == e.PatientId))
            .Select(e => new
            {
                e.PatientId,
                e.SiteId,
                Medication = inForce.Where(o => o.PatientId == e.PatientId).OrderBy(o => o.CreatedAt).Select(o => (Clinical.Medication.Moud?)o.Medication).FirstOrDefault(),
            })
            .Distinct().ToListAsync(ct);
        var coverageRows = siteNames.OrderBy(x => x.Value).Select(site =>
        {
            var here = inMedicationCare.Where(x => x.SiteId == site.Key).ToList();
            var on = here.Count(x => x.Medication is not null);
            string Count(Clinical.Medication.Moud m) => here.Count(x => x.Medication == m).ToString(CultureInfo.InvariantCulture);
            return (Site: site.Value, Total: here.Count, Share: here.Count == 0 ? (double?)null : (double)on / here.Count,
                Row: (IReadOnlyList<string>)[site.Value, here.Count.ToString(CultureInfo.InvariantCulture), Count(Clinical.Medication.Moud.Methadone),
                    Count(Clinical.Medication.Moud.Buprenorphine), Count(Clinical.Medication.Moud.Naltrexone), here.Count == 0 ? "" : Pct((double)on / here.Count)]);
        }).ToList();
        figures.Add(new Figure("coverage", "On medication for opioid use disorder",
            $"Share of people with opioid use disorder in treatment {asOf} (everyone in an opioid treatment program, office-based or withdrawal care, and anyone else whose intake assessment found it) who hold an active methadone, buprenorphine or naltrexone order.",
            ["site", "with_oud", "methadone", "buprenorphine", "naltrexone", "share_on_medication"], coverageRows.Select(r => r.Row).ToList(),
            BarChart.Render("Share on medication by site", coverageRows.Select(r => r.Site).ToList(), [new("On medication", coverageRows.Select(r => r.Share).ToList())], percent: true)));

        // From first contact to first dose: admissions of the last year that came through an inquiry, each with the first
        // dose given at or after the request (the patient's doses of an earlier episode come before it). The dose is found
        // in the patient's doses by day, so only the first few of each patient are read.
        var fromInquiry = await firstDoses;
        string[] buckets = ["same day", "1 day", "2–3 days", "4–7 days", "8–14 days", "15+ days", "no dose yet"];
        var counts = new int[buckets.Length];
        var daysToDose = new List<double>();
        var daysToAdmission = new List<double>();
        foreach (var e in fromInquiry)
        {
            daysToAdmission.Add(Math.Max(0, Day(e.AdmittedAt).DayNumber - Day(e.RequestedAt).DayNumber));
            if (e.FirstDose is not { } given)
            {
                counts[^1]++;
                continue;
            }

            var days = Math.Max(0, Day(given).DayNumber - Day(e.RequestedAt).DayNumber);
            daysToDose.Add(days);
            counts[days switch { 0 => 0, 1 => 1, <= 3 => 2, <= 7 => 3, <= 14 => 4, _ => 5 }]++;
        }

        figures.Add(new Figure("first-dose", "From first contact to first dose",
            $"Admissions of the {(closed ? "365 days to " + lastDay : "last 365 days")} that began as an inquiry ({fromInquiry.Count}); days from the request for treatment to the first dose given after it{(closed ? " and before the month ended" : "")}.",
            ["days", "admissions"], buckets.Select((b, i) => (IReadOnlyList<string>)[b, counts[i].ToString(CultureInfo.InvariantCulture)]).ToList(),
            BarChart.Render("Days from first contact to first dose", buckets, [new("Admissions", counts.Select(c => (double?)c).ToList())])));

        // Opioid-negative screens per month, last 12 months, by the day the cup was collected (resulted, when not recorded).
        var firstMonth = new DateOnly(today.Year, today.Month, 1).AddMonths(-11);
        var months = Enumerable.Range(0, 12).Select(firstMonth.AddMonths).ToList();
        var monthStarts = months.Append(firstMonth.AddMonths(12)).Select(m => Dates.LocalMidnightUtc(m, zone)).ToList();
        var since = monthStarts[0];
        var resulted = all ? db.DrugScreens.AsNoTracking() : db.DrugScreens.AsNoTracking().Where(x => sites.Contains(x.SiteId));
        // Collected and (rarely) resulted without a collection time, as two ranges of one index: an OR of both would read the rows.
        var until = monthStarts[^1];
        var collected = await resulted.Where(x => x.ResultedAt != null && x.CollectedAt >= since && x.CollectedAt < until)
            .GroupBy(Bucket.Of<DrugScreen>(x => x.CollectedAt!.Value, monthStarts))
            .Select(g => new { Month = g.Key, Total = g.Count(), Negative = g.Count(x => x.OpioidNegative), Fentanyl = g.Count(x => x.FentanylUse) })
            .ToListAsync(ct);
        var uncollected = await resulted.Where(x => x.CollectedAt == null && x.ResultedAt >= since && x.ResultedAt < until)
            .GroupBy(Bucket.Of<DrugScreen>(x => x.ResultedAt!.Value, monthStarts))
            .Select(g => new { Month = g.Key, Total = g.Count(), Negative = g.Count(x => x.OpioidNegative), Fentanyl = g.Count(x => x.FentanylUse) })
            .ToListAsync(ct);
        var screens = collected.Concat(uncollected).Where(g => g.Month >= 0 && g.Month < months.Count).GroupBy(g => g.Month)
            .ToDictionary(g => g.Key, g => (Total: g.Sum(x => x.Total), Negative: g.Sum(x => x.Negative), Fentanyl: g.Sum(x => x.Fentanyl)));
        var screenRows = months.Select((m, i) => screens.TryGetValue(i, out var g) ? (Month: m, g.Total, g.Negative, g.Fentanyl) : (Month: m, Total: 0, Negative: 0, Fentanyl: 0)).ToList();
        figures.Add(new Figure("screens", "Opioid-negative drug screens", "Share of resulted screens negative for every opioid not prescribed, by month.",
            ["month", "resulted", "opioid_negative", "fentanyl_positive", "share_negative"],
            screenRows.Select(r => (IReadOnlyList<string>)[r.Month.ToString("yyyy-MM"), r.Total.ToString(CultureInfo.InvariantCulture), r.Negative.ToString(CultureInfo.InvariantCulture),
                r.Fentanyl.ToString(CultureInfo.InvariantCulture), r.Total == 0 ? "" : Pct((double)r.Negative / r.Total)]).ToList(),
            BarChart.Render("Opioid-negative screens by month", months.Select(m => m.ToString("MMM yy", CultureInfo.InvariantCulture)).ToList(),
                [new("Opioid-negative", screenRows.Select(r => r.Total == 0 ? (double?)null : (double)r.Negative / r.Total).ToList())], percent: true)));

        // Overdoses and deaths per month, last 12 months.
        var overdoses = await (all ? db.OverdoseEvents.AsNoTracking() : db.OverdoseEvents.AsNoTracking().Where(o => sites.Contains(o.SiteId)))
            .Where(o => o.OccurredOn >= firstMonth).GroupBy(o => new { o.OccurredOn, o.Fatal }).Select(g => new { g.Key.OccurredOn, g.Key.Fatal, Count = g.Count() }).ToListAsync(ct);
        // A death closes every open episode of the patient: each person counts once, in the month of the first.
        var died = (await episodes.Where(e => e.DischargeReason == Discharge.Deaths.Reason && e.DischargedAt >= since)
                .Select(e => new { e.PatientId, e.DischargedAt }).ToListAsync(ct))
            .GroupBy(e => e.PatientId).Select(g => g.Min(e => e.DischargedAt!.Value))
            .Select(at => monthStarts.FindLastIndex(start => start <= at)).Where(i => i >= 0 && i < months.Count)
            .GroupBy(i => i).ToDictionary(g => g.Key, g => g.Count());
        var odRows = months.Select((m, i) => (Month: m,
            Overdoses: overdoses.Where(o => o.OccurredOn.Year == m.Year && o.OccurredOn.Month == m.Month).Sum(o => o.Count),
            Fatal: overdoses.Where(o => o.Fatal && o.OccurredOn.Year == m.Year && o.OccurredOn.Month == m.Month).Sum(o => o.Count),
            Deaths: died.GetValueOrDefault(i))).ToList();
        figures.Add(new Figure("overdoses", "Overdoses and deaths", "Overdoses reported (any outcome) and discharges because the patient died, by month.",
            ["month", "overdoses", "fatal_overdoses", "deaths_at_discharge"],
            odRows.Select(r => (IReadOnlyList<string>)[r.Month.ToString("yyyy-MM"), r.Overdoses.ToString(CultureInfo.InvariantCulture), r.Fatal.ToString(CultureInfo.InvariantCulture), r.Deaths.ToString(CultureInfo.InvariantCulture)]).ToList(),
            BarChart.Render("Overdoses and deaths by month", months.Select(m => m.ToString("MMM yy", CultureInfo.InvariantCulture)).ToList(),
                [new("Overdoses", odRows.Select(r => (double?)r.Overdoses).ToList()), new("Deaths", odRows.Select(r => (double?)r.Deaths).ToList())])));

        // No-shows per week, last 12 weeks: of the sessions a patient was expected at (attended, late or no-show; cancelled
        // and excused left out), the share missed — individual sessions and group meetings apart.
        // Every mark by week from the attendance alone; the group meetings' marks through their sessions (the few), so the
        // individual sessions are the difference and the attendance is never joined to every session.
        var attendance = all ? db.SessionAttendance.AsNoTracking() : db.SessionAttendance.AsNoTracking().Where(m => sites.Contains(m.SiteId));
        var expected = attendance.Where(m => m.SessionStartsAt >= fromWeek && m.SessionStartsAt < toWeek && (m.Mark == "attended" || m.Mark == "late" || m.Mark == "no-show"));
        var everyMark = await expected.GroupBy(Bucket.Of<Mainstay.Features.Counseling.SessionAttendance>(m => m.SessionStartsAt, weekStarts).With(m => m.Mark == "no-show", m => false))
            .Select(g => new { g.Key.Bucket, g.Key.First, Count = g.Count() }).ToListAsync(ct);
        // The group meetings are read first and their marks sought by session: joined in one statement, SQLite went
        // through every mark of the twelve weeks and looked up its session (240 ms at 60,000 sessions; now 3 ms).
        var groupMeetings = await db.CounselingSessions.AsNoTracking().Where(x => x.GroupId != null && x.StartsAt >= fromWeek && x.StartsAt < toWeek)
            .Select(x => x.Id).ToListAsync(ct);
        var groupMarks = await (from mark in expected
                                where groupMeetings.Contains(mark.SessionId)
                                select new Attended { StartsAt = mark.SessionStartsAt, Missed = mark.Mark == "no-show", Group = true })
            .GroupBy(Bucket.Of<Attended>(m => m.StartsAt, weekStarts).With(m => m.Missed, m => m.Group))
            .Select(g => new { g.Key.Bucket, g.Key.First, Count = g.Count() }).ToListAsync(ct);
        int Marked(int week, bool missed, bool group)
        {
            int Of(IEnumerable<(int Bucket, bool Missed, int Count)> rows) => rows.Where(m => m.Bucket == week && (!missed || m.Missed)).Sum(m => m.Count);
            var inGroups = Of(groupMarks.Select(m => (m.Bucket, m.First, m.Count)));
            return group ? inGroups : Of(everyMark.Select(m => (m.Bucket, m.First, m.Count))) - inGroups;
        }

        var showRows = weeks.Select((w, i) => (Week: w, Individual: Marked(i, false, false), IndividualMissed: Marked(i, true, false),
            Group: Marked(i, false, true), GroupMissed: Marked(i, true, true))).ToList();
        static double? Rate(int missed, int expected) => expected == 0 ? null : (double)missed / expected;
        figures.Add(new Figure("no-shows", "No-show rate", "Per week: no-shows among the sessions a patient was expected at (cancelled and excused left out).",
            ["week_starting", "individual_expected", "individual_no_shows", "group_expected", "group_no_shows", "no_show_rate"],
            showRows.Select(r => (IReadOnlyList<string>)[r.Week.ToString("yyyy-MM-dd"), r.Individual.ToString(CultureInfo.InvariantCulture), r.IndividualMissed.ToString(CultureInfo.InvariantCulture),
                r.Group.ToString(CultureInfo.InvariantCulture), r.GroupMissed.ToString(CultureInfo.InvariantCulture),
                Rate(r.IndividualMissed + r.GroupMissed, r.Individual + r.Group) is { } share ? Pct(share) : ""]).ToList(),
            BarChart.Render("No-show rate per week", weeks.Select(w => w.ToString("d MMM", CultureInfo.InvariantCulture)).ToList(),
                [new("Individual sessions", showRows.Select(r => Rate(r.IndividualMissed, r.Individual)).ToList()),
                 new("Group meetings", showRows.Select(r => Rate(r.GroupMissed, r.Group)).ToList())], percent: true)));

        // Plan reviews on time, for the people in treatment (a discharged patient's plan is no longer reviewed).
        var signedPlans = all ? db.TreatmentPlans.AsNoTracking() : db.TreatmentPlans.AsNoTracking().Where(p => sites.Contains(p.SiteId));
        var plans = plansAtMonthEnd is not null ? await plansAtMonthEnd : await signedPlans
            // "Among the patients with an open episode" as IN, not EXISTS: SQLite ran the EXISTS once per plan, reading the
            // patient's every episode (470 ms at 50,000 plans); the IN reads the open episodes once (20 ms).
            .Where(p => p.Status == PlanStatus.Signed && open.Select(e => e.PatientId).Contains(p.PatientId)).GroupBy(p => p.SiteId)
            .Select(g => new PlansOnTime(g.Key, g.Count(), g.Count(p => p.NextReviewOn == null || p.NextReviewOn >= today))).ToListAsync(ct);
        var planRows = siteNames.OrderBy(x => x.Value).Select(site =>
            plans.FirstOrDefault(p => p.SiteId == site.Key) is { } here ? (Site: site.Value, here.Total, here.OnTime) : (Site: site.Value, Total: 0, OnTime: 0)).ToList();
        figures.Add(new Figure("plan-reviews", "Treatment-plan reviews on time",
            closed
                ? $"Signed plans of people in treatment {asOf} whose next review date had not passed: the date set by the last review before then, or at signing. A review brought forward after an overdose is not known for a past month."
                : "Signed plans of people in treatment whose next review date has not passed.",
            ["site", "signed_plans", "on_time", "overdue", "share_on_time"],
            planRows.Select(r => (IReadOnlyList<string>)[r.Site, r.Total.ToString(CultureInfo.InvariantCulture), r.OnTime.ToString(CultureInfo.InvariantCulture),
                (r.Total - r.OnTime).ToString(CultureInfo.InvariantCulture), r.Total == 0 ? "" : Pct((double)r.OnTime / r.Total)]).ToList(),
            BarChart.Render("Plan reviews on time by site", planRows.Select(r => r.Site).ToList(),
                [new("On time", planRows.Select(r => r.Total == 0 ? (double?)null : (double)r.OnTime / r.Total).ToList())], percent: true)));

        var monthAgo = now.AddDays(-30);
        var admittedLately = month is { } first
            ? new Headline($"admitted in {first.ToString("MMMM yyyy", CultureInfo.InvariantCulture)}",
                (await episodes.CountAsync(e => e.AdmittedAt >= Dates.LocalMidnightUtc(first, zone) && e.AdmittedAt < now, ct)).ToString(CultureInfo.InvariantCulture))
            : new Headline("admitted, last 30 days", (await episodes.CountAsync(e => e.AdmittedAt >= monthAgo, ct)).ToString(CultureInfo.InvariantCulture));
        var headlines = new List<Headline>
        {
            new("in treatment", (await open.Select(e => e.PatientId).Distinct().CountAsync(ct)).ToString(CultureInfo.InvariantCulture)),
            new("on medication", inMedicationCare.Count == 0 ? "–" : Pct((double)inMedicationCare.Count(x => x.Medication is not null) / inMedicationCare.Count)),
            admittedLately,
            new("median days, request to admission", Median(daysToAdmission) is { } a ? N(a) : "–"),
            new("median days, request to first dose", Median(daysToDose) is { } d ? N(d) : "–"),
        };
        return new ProgramDashboard(today, month, siteId, headlines, figures);
    }

    private sealed record PlansOnTime(int SiteId, int Total, int OnTime);

    /// <summary>
    /// Plan reviews on time at a past instant: the plans signed by then of the people in treatment then, each due on the date
    /// set by its last review before then, or (none yet) on the first review after signing by the program's rule.
    /// </summary>
    private async Task<List<PlansOnTime>> PlanReviewsAtAsync(bool all, List<int> sites, DateTimeOffset at, DateOnly day, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
        var plans = all ? db.TreatmentPlans.AsNoTracking() : db.TreatmentPlans.AsNoTracking().Where(p => sites.Contains(p.SiteId));
        var open = OpenAt(all ? db.TreatmentEpisodes.AsNoTracking() : db.TreatmentEpisodes.AsNoTracking().Where(e => sites.Contains(e.SiteId)), at);
        var then = await plans.Where(p => open.Select(e => e.PatientId).Contains(p.PatientId))
            .Select(p => new
            {
                p.SiteId,
                p.StartsOn,
                Signed = db.TreatmentPlanVersions.Where(v => v.PlanId == p.Id && v.SignedAt < at).OrderBy(v => v.SignedAt).Select(v => (DateTimeOffset?)v.SignedAt).FirstOrDefault(),
                Due = db.PlanReviews.Where(r => r.PlanId == p.Id && r.CreatedAt < at).OrderByDescending(r => r.CreatedAt).Select(r => (DateOnly?)r.NextReviewOn).FirstOrDefault(),
            }).ToListAsync(ct);
        var zone = clock.LocalTimeZone;
        return then.Where(p => p.Signed is not null).GroupBy(p => p.SiteId).Select(g => new PlansOnTime(g.Key, g.Count(), g.Count(p =>
        {
            var signedOn = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(p.Signed!.Value, zone).DateTime);
            var due = p.Due ?? PlanReviews.NextReview(p.StartsOn, signedOn, planOptions.Value.Rule);
            return !PlanReviews.IsOverdue(due, day);
        }))).ToList();
    }

    /// <summary>
    /// The episodes open at an instant: still open, or discharged since; as two reads of the discharge index (an OR of both,
    /// or the admission time alone, reads every episode ever admitted: 0.6 s a figure at 200,000 episodes on SQLite).
    /// </summary>
    private static IQueryable<TreatmentEpisode> OpenAt(IQueryable<TreatmentEpisode> episodes, DateTimeOffset at) =>
        episodes.Where(e => e.DischargedAt == null && e.AdmittedAt < at).Concat(episodes.Where(e => e.DischargedAt >= at && e.AdmittedAt < at));

    /// <summary>
    /// Queries counted on connections of their own while the report counts the others. When the report ends before it has
    /// waited for them (a failure, a cancelled request), they are cancelled and waited for, not left running.
    /// </summary>
    private sealed class SideQueries(CancellationToken ct) : IAsyncDisposable
    {
        private readonly CancellationTokenSource stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        private readonly List<Task> started = [];

        public Task<T> Start<T>(Func<CancellationToken, Task<T>> query)
        {
            var task = query(stop.Token);
            started.Add(task);
            return task;
        }

        public async ValueTask DisposeAsync()
        {
            if (started.Any(t => !t.IsCompleted))
            {
                await stop.CancelAsync();
            }

            try
            {
                await Task.WhenAll(started);
            }
            catch (Exception)
            {
                // Awaited by the report when it succeeded; when it failed, its own error is the one that is reported.
            }

            stop.Dispose();
        }
    }

    private sealed record FromInquiry(DateTimeOffset AdmittedAt, DateTimeOffset RequestedAt, DateTimeOffset? FirstDose);

    /// <summary>Admissions since <paramref name="since"/> that began as an inquiry, with the first dose given at or after the request.</summary>
    private async Task<List<FromInquiry>> FirstDosesAsync(bool all, List<int> sites, DateTimeOffset since, DateTimeOffset? until, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
        var episodes = all ? db.TreatmentEpisodes.AsNoTracking() : db.TreatmentEpisodes.AsNoTracking().Where(e => sites.Contains(e.SiteId));
        // Until a month's end: its admissions, and the doses given before it (a later first dose is not yet given then).
        var (admitted, doses) = until is { } end
            ? (episodes.Where(e => e.AdmittedAt < end), db.Dispenses.Where(d => d.At < end))
            : (episodes, db.Dispenses);
        return await (from e in admitted
                      where e.AdmittedAt >= since && e.InquiryId != null
                      join i in db.Inquiries.AsNoTracking() on e.InquiryId equals i.Id
                      select new FromInquiry(e.AdmittedAt, i.RequestedAt,
                          doses.Where(d => d.PatientId == e.PatientId && d.At >= i.RequestedAt)
                              .OrderBy(d => d.DoseDate).ThenBy(d => d.At).Select(d => (DateTimeOffset?)d.At).FirstOrDefault())).ToListAsync(ct);
    }

    private sealed class Attended
    {
        public DateTimeOffset StartsAt { get; init; }
        public bool Missed { get; init; }
        public bool Group { get; init; }
    }

    /// <summary>Rows counted per bucket in the database: bucket number to count.</summary>
    private static async Task<Dictionary<int, int>> Counts<T>(IQueryable<T> rows, System.Linq.Expressions.Expression<Func<T, int>> bucket, CancellationToken ct) =>
        (await rows.GroupBy(bucket).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct)).ToDictionary(g => g.Key, g => g.Count);

    public static string Csv(Figure figure)
    {
        var csv = new StringBuilder(string.Join(',', figure.Columns)).Append('\n');
        foreach (var row in figure.Rows)
        {
            csv.Append(string.Join(',', row.Select(Web.Csv.Field))).Append('\n');
        }

        return csv.ToString();
    }

    private static double? Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        var sorted = values.Order().ToList();
        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
