using System.Globalization;
using System.Text;
using Mainstay.Clinical.Outcomes;
using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Admissions;
using Mainstay.Features.Audit;
using Mainstay.Web;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Reports;

/// <summary>How many episodes of a group met one definition, with the 95% interval.</summary>
public sealed record DefinitionShare(string Key, string Name, Proportion All, Proportion Dosed);

/// <summary>One medication's episodes: screens, negative weeks, and the relapse and drop-out definitions, for all episodes and for those dosed.</summary>
/// <param name="NegativeByWeek">Per week 1..n: the share of the group's episodes with a negative week (only negatives that week).</param>
public sealed record UrineOutcomeGroup(string Name, int Episodes, int Dosed, int Screens, int NegativeScreens, int NegativeWeeks,
    IReadOnlyList<DefinitionShare> Definitions, IReadOnlyList<double> NegativeByWeek)
{
    public double NegativeScreenShare => Screens == 0 ? 0 : (double)NegativeScreens / Screens;
}

public sealed record UrineOutcomeView(DateOnly Today, int? SiteId, int Weeks, IReadOnlyList<UrineOutcomeGroup> Groups)
{
    public int Episodes => Groups.Count == 0 ? 0 : Groups[0].Episodes;
}

/// <summary>
/// Urine outcomes over the first weeks of each treatment episode, by planned medication, in the terms the opioid trials
/// use (<see cref="UrineWeeks"/>): the episode's admission day is week 0, each week is positive, negative, mixed or missing,
/// and relapse and drop-out follow CTN-0094's and X:BOT's definitions — for every episode (intention to treat) and for the
/// episodes with at least one dose (per protocol). Only episodes whose weeks have all passed are counted.
/// </summary>
public sealed class UrineOutcomeReport(MainstayDb db, ClinicUser user, AuditTrail audit, TimeProvider clock)
{
    public async Task<Outcome<UrineOutcomeView>> BuildAsync(int? siteId, int? weeks, CancellationToken ct)
    {
        var n = weeks ?? UrineWeeks.TrialWeeks;
        if (n is < 4 or > 104)
        {
            return Refusal.Invalid("weeks", "weeks must be from 4 to 104.");
        }

        var scope = await user.ScopeAsync(ct);
        if (siteId is { } only && !scope.Includes(only))
        {
            return Refusal.Forbidden($"You are not granted site {only}.");
        }

        var sites = siteId is { } s ? [s] : scope.SiteIds.ToList();
        var zone = clock.LocalTimeZone;
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        DateOnly Day(DateTimeOffset t) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(t, zone).DateTime);
        // An episode counts once its last week has ended: admitted before the day n weeks ago.
        var admittedBefore = Dates.LocalMidnightUtc(today.AddDays(-7 * n), zone);
        var episodes = await db.TreatmentEpisodes.AsNoTracking()
            .Where(e => sites.Contains(e.SiteId) && e.AdmittedAt < admittedBefore)
            .Select(e => new
            {
                e.PatientId,
                e.AdmittedAt,
                e.PlannedMedication,
                Dosed = db.Dispenses.Any(d => d.PatientId == e.PatientId && d.ClaimedSlot != null && d.At >= e.AdmittedAt && (e.DischargedAt == null || d.At <= e.DischargedAt)),
            })
            .ToListAsync(ct);
        var screens = (await db.DrugScreens.AsNoTracking()
                .Where(x => sites.Contains(x.SiteId) && x.Status == "resulted")
                .Select(x => new { x.PatientId, At = x.CollectedAt ?? x.ResultedAt, x.OpioidNegative })
                .ToListAsync(ct))
            .Where(x => x.At is not null)
            .ToLookup(x => x.PatientId, x => new ScreenDay(Day(x.At!.Value), x.OpioidNegative));

        var read = episodes.Select(e =>
        {
            var start = Day(e.AdmittedAt);
            var theirs = screens[e.PatientId].Where(x => UrineWeeks.StudyWeek(start, x.Date) is var w && w >= 1 && w <= n).ToList();
            return (Medication: MedicationName(e.PlannedMedication), e.Dosed, Screens: theirs, Pattern: UrineWeeks.Pattern(start, theirs, n));
        }).ToList();

        UrineOutcomeGroup Group(string name, IReadOnlyCollection<(string Medication, bool Dosed, List<ScreenDay> Screens, string Pattern)> members)
        {
            var dosed = members.Where(m => m.Dosed).ToList();
            var definitions = UrineWeeks.Definitions.Select(d => new DefinitionShare(d.Key, d.Name,
                Proportion.Of(members.Count(m => d.Detect(m.Pattern)?.Event == true), members.Count),
                Proportion.Of(dosed.Count(m => d.Detect(m.Pattern)?.Event == true), dosed.Count))).ToList();
            var byWeek = Enumerable.Range(0, n).Select(w => members.Count == 0 ? 0 : (double)members.Count(m => m.Pattern[w] == UrineWeeks.Negative) / members.Count).ToList();
            return new UrineOutcomeGroup(name, members.Count, dosed.Count, members.Sum(m => m.Screens.Count), members.Sum(m => m.Screens.Count(x => x.OpioidNegative)),
                members.Sum(m => UrineWeeks.NegativeWeeks(m.Pattern)), definitions, byWeek);
        }

        List<UrineOutcomeGroup> groups = [Group("All episodes", read)];
        groups.AddRange(read.GroupBy(r => r.Medication).OrderBy(g => Order(g.Key)).Select(g => Group(g.Key, g.ToList())));
        await audit.RecordNowAsync("report", "UrineOutcomeReport", null, null, siteId, $"weeks={n}; episodes={read.Count}", ct);
        return new UrineOutcomeView(today, siteId, n, groups);
    }

    private static readonly string[] Names = ["Methadone", "Buprenorphine", "XR-naltrexone", "No medication planned"];

    private static int Order(string name) => Array.IndexOf(Names, name);

    public static string MedicationName(PreferredMedication m) => m switch
    {
        PreferredMedication.Methadone => Names[0],
        PreferredMedication.Buprenorphine => Names[1],
        PreferredMedication.Naltrexone => Names[2],
        _ => Names[3],
    };

    /// <summary>The table: one row per group and population (all episodes, dosed), each definition's count, share and 95% limits.</summary>
    public static string Csv(UrineOutcomeView view)
    {
        var csv = new StringBuilder("group,population,episodes,screens,negative_screens,negative_weeks,weeks_observed");
        foreach (var d in UrineWeeks.Definitions)
        {
            var key = d.Key.Replace('-', '_');
            csv.Append(CultureInfo.InvariantCulture, $",{key}_events,{key}_share,{key}_lower_95,{key}_upper_95");
        }

        csv.Append('\n');
        foreach (var g in view.Groups)
        {
            foreach (var (population, count) in new[] { ("all", g.Episodes), ("dosed", g.Dosed) })
            {
                csv.Append(CultureInfo.InvariantCulture, $"{Web.Csv.Field(g.Name)},{population},{count},");
                csv.Append(population == "all" ? string.Create(CultureInfo.InvariantCulture, $"{g.Screens},{g.NegativeScreens},{g.NegativeWeeks},{g.Episodes * view.Weeks}") : ",,,");
                foreach (var d in g.Definitions)
                {
                    var p = population == "all" ? d.All : d.Dosed;
                    csv.Append(CultureInfo.InvariantCulture, $",{p.Events},{p.Share:F4},{p.Lower:F4},{p.Upper:F4}");
                }

                csv.Append('\n');
            }
        }

        return csv.ToString();
    }

    /// <summary>The picture's numbers: per week and group, the share of episodes with a negative week.</summary>
    public static string WeeklyCsv(UrineOutcomeView view)
    {
        var csv = new StringBuilder("week,group,episodes,negative_share\n");
        for (var w = 0; w < view.Weeks; w++)
        {
            foreach (var g in view.Groups)
            {
                csv.Append(CultureInfo.InvariantCulture, $"{w + 1},{Web.Csv.Field(g.Name)},{g.Episodes},{g.NegativeByWeek[w]:F4}\n");
            }
        }

        return csv.ToString();
    }

    /// <summary>The weekly chart: one bar per medication per week (the "All episodes" group left out when there is one medication or more).</summary>
    public static string Chart(UrineOutcomeView view)
    {
        var series = view.Groups.Skip(view.Groups.Count > 1 ? 1 : 0)
            .Select(g => new BarChart.Series($"{g.Name} (n={g.Episodes})", [.. g.NegativeByWeek.Select(v => (double?)v)])).ToList();
        var labels = Enumerable.Range(1, view.Weeks).Select(w => w.ToString(CultureInfo.InvariantCulture)).ToList();
        return BarChart.Render("Share of episodes with an opioid-negative week (missing counted positive), by week since admission", labels, series, percent: true);
    }
}
