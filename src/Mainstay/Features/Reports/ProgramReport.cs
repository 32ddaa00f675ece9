using System.Globalization;
using System.Text;
using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Admissions;
using Mainstay.Features.Assessments;
using Mainstay.Features.Audit;
using Mainstay.Features.Orders;
using Mainstay.Features.Plans;
using Mainstay.Web;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Reports;

/// <summary>One figure of the program dashboard: a picture, the table beneath it, and the same table as CSV.</summary>
public sealed record Figure(string Key, string Title, string Note, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows, string Svg);

public sealed record Headline(string Label, string Value);

public sealed record ProgramDashboard(DateOnly Today, int? SiteId, IReadOnlyList<Headline> Headlines, IReadOnlyList<Figure> Figures);

/// <summary>
/// The director's dashboard: census by level of care, admissions and discharges, medication coverage, time from first
/// contact to first dose, opioid-negative screens, overdoses and deaths, plan reviews on time. Pictures first, tables
/// beneath, CSV for every figure.
/// </summary>
public sealed class ProgramReport(MainstayDb db, ClinicUser user, AuditTrail audit, TimeProvider clock)
{
    private static readonly LevelOfCare[] MedicationLevels = [LevelOfCare.OpioidTreatmentProgram, LevelOfCare.OfficeBasedOpioidTreatment, LevelOfCare.WithdrawalManagement];

    private static string N(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Pct(double share) => (share * 100).ToString("0", CultureInfo.InvariantCulture) + "%";

    public async Task<Outcome<ProgramDashboard>> BuildAsync(int? siteId, CancellationToken ct)
    {
        var scope = await user.ScopeAsync(ct);
        if (siteId is { } s && !scope.Includes(s))
        {
            return Refusal.Forbidden($"You are not granted site {siteId}.");
        }

        var sites = siteId is { } only ? [only] : scope.SiteIds.ToList();
        var siteNames = await db.Sites.AsNoTracking().Where(x => sites.Contains(x.Id)).ToDictionaryAsync(x => x.Id, x => x.Name, ct);
        var zone = clock.LocalTimeZone;
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        DateOnly Day(DateTimeOffset t) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(t, zone).DateTime);

        var episodes = await db.TreatmentEpisodes.AsNoTracking().Where(e => sites.Contains(e.SiteId)).ToListAsync(ct);
        var open = episodes.Where(e => e.IsOpen).ToList();
        var figures = new List<Figure>();

        // Census by level of care and site.
        var levels = open.Select(e => e.LevelOfCare).Distinct().Order().ToList();
        var censusRows = open.GroupBy(e => (e.SiteId, e.LevelOfCare)).OrderBy(g => siteNames[g.Key.SiteId]).ThenBy(g => g.Key.LevelOfCare)
            .Select(g => (IReadOnlyList<string>)[siteNames[g.Key.SiteId], IntakeForm.Kebab(g.Key.LevelOfCare), g.Count().ToString(CultureInfo.InvariantCulture)]).ToList();
        figures.Add(new Figure("census", "People in treatment by level of care", "Open treatment episodes today.",
            ["site", "level_of_care", "in_treatment"], censusRows,
            BarChart.Render("People in treatment by level of care and site", levels.Select(l => IntakeForm.Kebab(l)).ToList(),
                siteNames.OrderBy(x => x.Value).Select(site => new BarChart.Series(site.Value,
                    levels.Select(l => (double?)open.Count(e => e.SiteId == site.Key && e.LevelOfCare == l)).ToList())).ToList())));

        // Admissions and discharges per week, last 12 weeks (weeks start on Monday).
        var thisMonday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var weeks = Enumerable.Range(0, 12).Select(i => thisMonday.AddDays(-7 * (11 - i))).ToList();
        int InWeek(DateOnly week, DateOnly? d) => d is { } x && x >= week && x < week.AddDays(7) ? 1 : 0;
        var admissions = weeks.Select(w => episodes.Sum(e => InWeek(w, Day(e.AdmittedAt)))).ToList();
        var discharges = weeks.Select(w => episodes.Sum(e => InWeek(w, e.DischargedAt is { } d ? Day(d) : null))).ToList();
        figures.Add(new Figure("flow", "Admissions and discharges per week", "The last 12 weeks, weeks starting on Monday.",
            ["week_starting", "admissions", "discharges"],
            weeks.Select((w, i) => (IReadOnlyList<string>)[w.ToString("yyyy-MM-dd"), admissions[i].ToString(CultureInfo.InvariantCulture), discharges[i].ToString(CultureInfo.InvariantCulture)]).ToList(),
            BarChart.Render("Admissions and discharges per week", weeks.Select(w => w.ToString("d MMM", CultureInfo.InvariantCulture)).ToList(),
                [new("Admissions", admissions.Select(a => (double?)a).ToList()), new("Discharges", discharges.Select(d => (double?)d).ToList())])));

        // Discharge reasons, last 90 days.
        var recent = episodes.Where(e => e.DischargedAt is { } d && d >= now.AddDays(-90)).GroupBy(e => e.DischargeReason ?? "unknown")
            .OrderByDescending(g => g.Count()).ToList();
        figures.Add(new Figure("discharge-reasons", "Discharges by reason", "The last 90 days, with the TEDS discharge code.",
            ["reason", "teds_code", "discharges"],
            recent.Select(g => (IReadOnlyList<string>)[g.Key, g.First().TedsReason?.ToString(CultureInfo.InvariantCulture) ?? "", g.Count().ToString(CultureInfo.InvariantCulture)]).ToList(),
            BarChart.Render("Discharges by reason, last 90 days", recent.Select(g => g.Key).ToList(), [new("Discharges", recent.Select(g => (double?)g.Count()).ToList())])));

        // Medication coverage among people in treatment at medication levels of care.
        var inMedicationCare = open.Where(e => MedicationLevels.Contains(e.LevelOfCare)).Select(e => (e.PatientId, e.SiteId)).Distinct().ToList();
        var carePatients = inMedicationCare.Select(x => x.PatientId).ToList();
        var onMedication = (await db.MedicationOrders.AsNoTracking()
                .Where(o => carePatients.Contains(o.PatientId) && (o.Status == OrderStatus.Active || o.Status == OrderStatus.Held))
                .Select(o => new { o.PatientId, o.Medication }).ToListAsync(ct))
            .GroupBy(o => o.PatientId).ToDictionary(g => g.Key, g => g.First().Medication);
        var coverageRows = siteNames.OrderBy(x => x.Value).Select(site =>
        {
            var here = inMedicationCare.Where(x => x.SiteId == site.Key).Select(x => x.PatientId).ToList();
            var on = here.Where(onMedication.ContainsKey).ToList();
            string Count(Clinical.Medication.Moud m) => on.Count(p => onMedication[p] == m).ToString(CultureInfo.InvariantCulture);
            return (Site: site.Value, Total: here.Count, Share: here.Count == 0 ? (double?)null : (double)on.Count / here.Count,
                Row: (IReadOnlyList<string>)[site.Value, here.Count.ToString(CultureInfo.InvariantCulture), Count(Clinical.Medication.Moud.Methadone),
                    Count(Clinical.Medication.Moud.Buprenorphine), Count(Clinical.Medication.Moud.Naltrexone), here.Count == 0 ? "" : Pct((double)on.Count / here.Count)]);
        }).ToList();
        figures.Add(new Figure("coverage", "On medication for opioid use disorder",
            "Share of people in opioid treatment, office-based or withdrawal care today who hold an active methadone, buprenorphine or naltrexone order.",
            ["site", "in_care", "methadone", "buprenorphine", "naltrexone", "share_on_medication"], coverageRows.Select(r => r.Row).ToList(),
            BarChart.Render("Share on medication by site", coverageRows.Select(r => r.Site).ToList(), [new("On medication", coverageRows.Select(r => r.Share).ToList())], percent: true)));

        // From first contact to first dose: admissions of the last year that came through an inquiry.
        var yearAgo = now.AddDays(-365);
        var admittedFromInquiry = episodes.Where(e => e.AdmittedAt >= yearAgo && e.InquiryId is not null).ToList();
        var inquiryIds = admittedFromInquiry.Select(e => e.InquiryId!.Value).ToList();
        var requested = await db.Inquiries.AsNoTracking().Where(i => inquiryIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => i.RequestedAt, ct);
        var admittedPatients = admittedFromInquiry.Select(e => e.PatientId).ToList();
        var firstDoses = (await db.Dispenses.AsNoTracking().Where(d => admittedPatients.Contains(d.PatientId))
                .Select(d => new { d.PatientId, d.At }).ToListAsync(ct))
            .GroupBy(d => d.PatientId).ToDictionary(g => g.Key, g => g.Select(d => d.At).Order().ToList());
        string[] buckets = ["same day", "1 day", "2–3 days", "4–7 days", "8–14 days", "15+ days", "no dose yet"];
        var counts = new int[buckets.Length];
        var daysToDose = new List<double>();
        var daysToAdmission = new List<double>();
        foreach (var e in admittedFromInquiry)
        {
            var asked = requested.GetValueOrDefault(e.InquiryId!.Value, e.AdmittedAt);
            daysToAdmission.Add(Math.Max(0, (Day(e.AdmittedAt).DayNumber - Day(asked).DayNumber)));
            var dose = firstDoses.GetValueOrDefault(e.PatientId)?.FirstOrDefault(t => t >= e.AdmittedAt.AddHours(-12));
            if (dose is not { } given || given == default)
            {
                counts[^1]++;
                continue;
            }

            var days = Math.Max(0, Day(given).DayNumber - Day(asked).DayNumber);
            daysToDose.Add(days);
            counts[days switch { 0 => 0, 1 => 1, <= 3 => 2, <= 7 => 3, <= 14 => 4, _ => 5 }]++;
        }

        figures.Add(new Figure("first-dose", "From first contact to first dose",
            $"Admissions of the last 365 days that began as an inquiry ({admittedFromInquiry.Count}); days from the request for treatment to the first dose given.",
            ["days", "admissions"], buckets.Select((b, i) => (IReadOnlyList<string>)[b, counts[i].ToString(CultureInfo.InvariantCulture)]).ToList(),
            BarChart.Render("Days from first contact to first dose", buckets, [new("Admissions", counts.Select(c => (double?)c).ToList())])));

        // Opioid-negative screens per month, last 12 months.
        var firstMonth = new DateOnly(today.Year, today.Month, 1).AddMonths(-11);
        var since = Dates.LocalMidnightUtc(firstMonth, zone);
        var screens = await db.DrugScreens.AsNoTracking()
            .Where(x => sites.Contains(x.SiteId) && x.ResultedAt != null && x.ResultedAt >= since)
            .Select(x => new { At = x.CollectedAt ?? x.ResultedAt!.Value, x.OpioidNegative, x.FentanylUse }).ToListAsync(ct);
        var months = Enumerable.Range(0, 12).Select(firstMonth.AddMonths).ToList();
        var screenRows = months.Select(m =>
        {
            var inMonth = screens.Where(x => Day(x.At) is var d && d.Year == m.Year && d.Month == m.Month).ToList();
            return (Month: m, Total: inMonth.Count, Negative: inMonth.Count(x => x.OpioidNegative), Fentanyl: inMonth.Count(x => x.FentanylUse));
        }).ToList();
        figures.Add(new Figure("screens", "Opioid-negative drug screens", "Share of resulted screens negative for every opioid not prescribed, by month.",
            ["month", "resulted", "opioid_negative", "fentanyl_positive", "share_negative"],
            screenRows.Select(r => (IReadOnlyList<string>)[r.Month.ToString("yyyy-MM"), r.Total.ToString(CultureInfo.InvariantCulture), r.Negative.ToString(CultureInfo.InvariantCulture),
                r.Fentanyl.ToString(CultureInfo.InvariantCulture), r.Total == 0 ? "" : Pct((double)r.Negative / r.Total)]).ToList(),
            BarChart.Render("Opioid-negative screens by month", months.Select(m => m.ToString("MMM yy", CultureInfo.InvariantCulture)).ToList(),
                [new("Opioid-negative", screenRows.Select(r => r.Total == 0 ? (double?)null : (double)r.Negative / r.Total).ToList())], percent: true)));

        // Overdoses and deaths per month, last 12 months.
        var overdoses = await db.OverdoseEvents.AsNoTracking().Where(o => sites.Contains(o.SiteId) && o.OccurredOn >= firstMonth)
            .Select(o => new { o.OccurredOn, o.Fatal }).ToListAsync(ct);
        var deaths = episodes.Where(e => e.DischargeReason == "died" && e.DischargedAt >= since).Select(e => Day(e.DischargedAt!.Value)).ToList();
        var odRows = months.Select(m => (Month: m,
            Overdoses: overdoses.Count(o => o.OccurredOn.Year == m.Year && o.OccurredOn.Month == m.Month),
            Fatal: overdoses.Count(o => o.Fatal && o.OccurredOn.Year == m.Year && o.OccurredOn.Month == m.Month),
            Deaths: deaths.Count(d => d.Year == m.Year && d.Month == m.Month))).ToList();
        figures.Add(new Figure("overdoses", "Overdoses and deaths", "Overdoses reported (any outcome) and discharges because the patient died, by month.",
            ["month", "overdoses", "fatal_overdoses", "deaths_at_discharge"],
            odRows.Select(r => (IReadOnlyList<string>)[r.Month.ToString("yyyy-MM"), r.Overdoses.ToString(CultureInfo.InvariantCulture), r.Fatal.ToString(CultureInfo.InvariantCulture), r.Deaths.ToString(CultureInfo.InvariantCulture)]).ToList(),
            BarChart.Render("Overdoses and deaths by month", months.Select(m => m.ToString("MMM yy", CultureInfo.InvariantCulture)).ToList(),
                [new("Overdoses", odRows.Select(r => (double?)r.Overdoses).ToList()), new("Deaths", odRows.Select(r => (double?)r.Deaths).ToList())])));

        // No-shows per week, last 12 weeks: of the sessions a patient was expected at (attended, late or no-show; cancelled
        // and excused left out), the share missed — individual sessions and group meetings apart.
        var fromWeek = Dates.LocalMidnightUtc(weeks[0], zone);
        var marks = await (from mark in db.SessionAttendance.AsNoTracking()
                           join x in db.CounselingSessions.AsNoTracking() on mark.SessionId equals x.Id
                           where sites.Contains(mark.SiteId) && mark.SessionStartsAt >= fromWeek && (mark.Mark == "attended" || mark.Mark == "late" || mark.Mark == "no-show")
                           select new { mark.SessionStartsAt, mark.Mark, Group = x.GroupId != null }).ToListAsync(ct);
        var showRows = weeks.Select(w =>
        {
            var inWeek = marks.Where(m => InWeek(w, Day(m.SessionStartsAt)) == 1).ToList();
            return (Week: w, Individual: inWeek.Count(m => !m.Group), IndividualMissed: inWeek.Count(m => !m.Group && m.Mark == "no-show"),
                Group: inWeek.Count(m => m.Group), GroupMissed: inWeek.Count(m => m.Group && m.Mark == "no-show"));
        }).ToList();
        static double? Rate(int missed, int expected) => expected == 0 ? null : (double)missed / expected;
        figures.Add(new Figure("no-shows", "No-show rate", "Per week: no-shows among the sessions a patient was expected at (cancelled and excused left out).",
            ["week_starting", "individual_expected", "individual_no_shows", "group_expected", "group_no_shows", "no_show_rate"],
            showRows.Select(r => (IReadOnlyList<string>)[r.Week.ToString("yyyy-MM-dd"), r.Individual.ToString(CultureInfo.InvariantCulture), r.IndividualMissed.ToString(CultureInfo.InvariantCulture),
                r.Group.ToString(CultureInfo.InvariantCulture), r.GroupMissed.ToString(CultureInfo.InvariantCulture),
                Rate(r.IndividualMissed + r.GroupMissed, r.Individual + r.Group) is { } all ? Pct(all) : ""]).ToList(),
            BarChart.Render("No-show rate per week", weeks.Select(w => w.ToString("d MMM", CultureInfo.InvariantCulture)).ToList(),
                [new("Individual sessions", showRows.Select(r => Rate(r.IndividualMissed, r.Individual)).ToList()),
                 new("Group meetings", showRows.Select(r => Rate(r.GroupMissed, r.Group)).ToList())], percent: true)));

        // Plan reviews on time.
        var plans = await db.TreatmentPlans.AsNoTracking().Where(p => sites.Contains(p.SiteId) && p.Status == PlanStatus.Signed)
            .Select(p => new { p.SiteId, p.NextReviewOn }).ToListAsync(ct);
        var planRows = siteNames.OrderBy(x => x.Value).Select(site =>
        {
            var here = plans.Where(p => p.SiteId == site.Key).ToList();
            var onTime = here.Count(p => p.NextReviewOn is null || p.NextReviewOn >= today);
            return (Site: site.Value, Total: here.Count, OnTime: onTime);
        }).ToList();
        figures.Add(new Figure("plan-reviews", "Treatment-plan reviews on time", "Signed plans whose next review date has not passed.",
            ["site", "signed_plans", "on_time", "overdue", "share_on_time"],
            planRows.Select(r => (IReadOnlyList<string>)[r.Site, r.Total.ToString(CultureInfo.InvariantCulture), r.OnTime.ToString(CultureInfo.InvariantCulture),
                (r.Total - r.OnTime).ToString(CultureInfo.InvariantCulture), r.Total == 0 ? "" : Pct((double)r.OnTime / r.Total)]).ToList(),
            BarChart.Render("Plan reviews on time by site", planRows.Select(r => r.Site).ToList(),
                [new("On time", planRows.Select(r => r.Total == 0 ? (double?)null : (double)r.OnTime / r.Total).ToList())], percent: true)));

        var headlines = new List<Headline>
        {
            new("in treatment", open.Select(e => e.PatientId).Distinct().Count().ToString(CultureInfo.InvariantCulture)),
            new("on medication", inMedicationCare.Count == 0 ? "–" : Pct((double)inMedicationCare.Count(x => onMedication.ContainsKey(x.PatientId)) / inMedicationCare.Count)),
            new("admitted, last 30 days", episodes.Count(e => e.AdmittedAt >= now.AddDays(-30)).ToString(CultureInfo.InvariantCulture)),
            new("median days, request to admission", Median(daysToAdmission) is { } a ? N(a) : "–"),
            new("median days, request to first dose", Median(daysToDose) is { } d ? N(d) : "–"),
        };
        await audit.RecordNowAsync(AuditActions.Search, "ProgramDashboard", null, null, siteId, $"{figures.Count} figures", ct);
        return new ProgramDashboard(today, siteId, headlines, figures);
    }

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
