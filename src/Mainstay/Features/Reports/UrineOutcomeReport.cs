using System.Globalization;
using System.Text;
using Mainstay.Clinical.Outcomes;
using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Admissions;
using Mainstay.Features.Audit;
using Mainstay.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

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
        if (n is < 4 or > EpisodeUrineWeeks.Span)
        {
            return Refusal.Invalid("weeks", $"weeks must be from 4 to {EpisodeUrineWeeks.Span}.");
        }

        var scope = await user.ScopeAsync(ct);
        if (siteId is { } only && !scope.Includes(only))
        {
            return Refusal.Forbidden($"You are not granted site {only}.");
        }

        var view = await CountAsync(siteId is { } s ? [s] : scope.SiteIds.ToList(), siteId, n, ct);
        await audit.RecordNowAsync("report", "UrineOutcomeReport", null, null, siteId, $"weeks={n}; episodes={view.Groups[0].Episodes}", ct);
        return view;
    }

    /// <summary>The outcomes of the episodes at <paramref name="sites"/> over their first <paramref name="n"/> weeks, once the caller is checked.</summary>
    internal async Task<UrineOutcomeView> CountAsync(IReadOnlyCollection<int> sites, int? siteId, int n, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        // An episode counts once its last week has ended: admitted before the day n weeks ago.
        var sums = await SumAsync(sites, today.AddDays(-7 * n), n, ct);

        UrineOutcomeGroup Group(string name, IReadOnlyCollection<GroupSums> members)
        {
            long Total(Func<GroupSums, long> f) => members.Sum(f);
            var episodes = (int)Total(m => m.Episodes);
            var dosed = members.Where(m => m.Dosed).ToList();
            var dosedEpisodes = (int)dosed.Sum(m => m.Episodes);
            var definitions = UrineWeeks.Definitions.Select((d, i) => new DefinitionShare(d.Key, d.Name,
                Proportion.Of((int)Total(m => m.Events[i]), episodes),
                Proportion.Of((int)dosed.Sum(m => m.Events[i]), dosedEpisodes))).ToList();
            var byWeek = Enumerable.Range(0, n).Select(w => episodes == 0 ? 0 : (double)Total(m => m.NegativeInWeek[w]) / episodes).ToList();
            return new UrineOutcomeGroup(name, episodes, dosedEpisodes, (int)Total(m => m.Screens), (int)Total(m => m.NegativeScreens),
                (int)Total(m => m.NegativeInWeek.Sum()), definitions, byWeek);
        }

        List<UrineOutcomeGroup> groups = [Group("All episodes", sums)];
        groups.AddRange(sums.GroupBy(r => MedicationName(r.Medication)).OrderBy(g => Order(g.Key)).Select(g => Group(g.Key, g.ToList())));
        return new UrineOutcomeView(today, siteId, n, groups);
    }

    /// <summary>One medication and population's sums over the episodes' first n weeks.</summary>
    private sealed record GroupSums(PreferredMedication Medication, bool Dosed, long Episodes, long Screens, long NegativeScreens, long[] Events, long[] NegativeInWeek);

    /// <summary>
    /// The sums per planned medication and dosed or not, counted in the database from <see cref="EpisodeUrineWeeks"/>: the
    /// first n weeks of each row are its first n week bits, its n-th running counts and a definition met by week n. The
    /// statement has one column per week, so it is written here (with numbers and column names only; the date is a parameter).
    /// </summary>
    private async Task<List<GroupSums>> SumAsync(IReadOnlyCollection<int> sites, DateOnly admittedBefore, int n, CancellationToken ct)
    {
        var result = new List<GroupSums>();
        if (sites.Count == 0)
        {
            return result;
        }

        var sql = new StringBuilder("""SELECT "Medication", "Dosed", COUNT(*)""");
        sql.Append(CultureInfo.InvariantCulture, $", SUM({EpisodeUrineWeeks.ScreensUpTo.Sql(n)}), SUM({EpisodeUrineWeeks.NegativesUpTo.Sql(n)})");
        foreach (var d in UrineWeeks.Definitions)
        {
            sql.Append(CultureInfo.InvariantCulture, $"""
                , SUM(CASE WHEN "{EpisodeUrineWeeks.EventColumn(d)}" <= {n} THEN 1 ELSE 0 END)
                """);
        }

        for (var w = 1; w <= n; w++)
        {
            sql.Append(CultureInfo.InvariantCulture, $", SUM({EpisodeUrineWeeks.NegativeWeeks.Sql(w)})");
        }

        sql.Append(CultureInfo.InvariantCulture, $"""
             FROM "EpisodeUrineWeeks" WHERE "AdmittedOn" < @before AND "SiteId" IN ({string.Join(", ", sites.Select(x => x.ToString(CultureInfo.InvariantCulture)))}) GROUP BY "Medication", "Dosed"
            """);

        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql.ToString();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            var before = command.CreateParameter();
            before.ParameterName = "@before";
            before.Value = admittedBefore;
            command.Parameters.Add(before);
            await using var reader = await command.ExecuteReaderAsync(ct);
            var definitions = UrineWeeks.Definitions.Count;
            while (await reader.ReadAsync(ct))
            {
                long At(int i) => Convert.ToInt64(reader.GetValue(i), CultureInfo.InvariantCulture);
                result.Add(new GroupSums(Enum.Parse<PreferredMedication>(reader.GetString(0)), reader.GetBoolean(1), At(2), At(3), At(4),
                    [.. Enumerable.Range(5, definitions).Select(At)], [.. Enumerable.Range(5 + definitions, n).Select(At)]));
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return result;
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
