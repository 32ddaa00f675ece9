using System.Globalization;
using System.Text;
using Mainstay.Clinical.Medication;
using Mainstay.Clinical.Outcomes;
using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Audit;
using Mainstay.Web;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Reports;

/// <summary>One Kaplan–Meier curve of the report (all patients, or one medication or site) with its 90- and 180-day retention.</summary>
/// <param name="AtDay">Retention on a day the caller chose (e.g. day 160, before a trial's 24-week end), when asked for.</param>
public sealed record RetentionGroup(string Name, SurvivalCurve Curve, SurvivalStep At90, SurvivalStep At180, SurvivalStep? AtDay = null)
{
    /// <summary>The days the chart marks, with the number still at risk beneath each.</summary>
    public static readonly int[] RiskDays = [0, 30, 90, 180, 270, 365];

    /// <summary>The number at risk on each of <see cref="RiskDays"/>: how many people the curve still rests on there.</summary>
    public IReadOnlyList<RiskCount> NumberAtRisk => [.. RiskDays.Select(d => new RiskCount(d, Curve.AtRiskAt(d)))];
}

public sealed record RetentionView(DateOnly Today, int GapDays, int? SiteId, IReadOnlyList<RetentionGroup> ByMedication, IReadOnlyList<RetentionGroup> BySite)
{
    /// <summary>Everyone counted: the first group's ("All patients"), which each medication group and each site group divides.</summary>
    public int People => ByMedication[0].Curve.People;
}

/// <summary>
/// Retention on medication for the director: from every dose given (window or take-home, voided bottles left out), each
/// patient's first continuous episode (<see cref="TreatmentRetention"/>), as Kaplan–Meier curves by the medication of the
/// first dose and by the site of the first dose, with 95% limits. The doses are read as each patient's course
/// (<see cref="RetentionCourse"/>), which gives the same follow-up for any gap limit.
/// </summary>
public sealed class RetentionReport(MainstayDb db, ClinicUser user, AuditTrail audit, TimeProvider clock)
{
    public async Task<Outcome<RetentionView>> BuildAsync(int? siteId, int? gapDays, CancellationToken ct, int? atDay = null)
    {
        var gap = gapDays ?? TreatmentRetention.DefaultGapDays;
        if (gap is < 1 or > 365)
        {
            return Refusal.Invalid("gapDays", "gapDays must be from 1 to 365 days.");
        }

        if (atDay is < 1 or > 3650)
        {
            return Refusal.Invalid("atDay", "atDay must be from 1 to 3650 days.");
        }

        var scope = await user.ScopeAsync(ct);
        if (siteId is { } only && !scope.Includes(only))
        {
            return Refusal.Forbidden($"You are not granted site {only}.");
        }

        var view = await CountAsync(scope.All && siteId is null, siteId is { } s ? [s] : scope.SiteIds.ToList(), siteId, gap, atDay, ct);
        await audit.RecordNowAsync("report", "RetentionReport", null, null, siteId, $"gapDays={gap}; patients={view.People}", ct);
        return view;
    }

    /// <summary>The curves for <paramref name="sites"/> (or with <paramref name="all"/> every site, with no site filter), once the caller is checked.</summary>
    internal async Task<RetentionView> CountAsync(bool all, List<int> sites, int? siteId, int gap, int? atDay, CancellationToken ct)
    {
        var names = await db.Sites.AsNoTracking().Where(x => sites.Contains(x.Id)).ToDictionaryAsync(x => x.Id, x => x.Name, ct);
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        // One row per patient (their course, kept in step with the doses), not every dose of the program.
        var courses = (all ? db.RetentionCourses.AsNoTracking() : db.RetentionCourses.AsNoTracking().Where(c => sites.Contains(c.SiteId)))
            .Where(c => c.FirstDay <= today)
            .Select(c => new { c.SiteId, c.Medication, c.FirstDay, c.LastDay, c.CoveredUntil, c.Gaps })
            .AsAsyncEnumerable();
        // Counted by whole day as they are read: a network's hundreds of thousands of people are neither kept nor sorted.
        var everyone = new SurvivalTally();
        var byMedication = new SortedDictionary<Moud, SurvivalTally>();
        var bySite = new SortedDictionary<int, SurvivalTally>();
        var gaps = new List<CourseGap>();
        await foreach (var c in courses.WithCancellation(ct))
        {
            RetentionCourse.ReadGaps(c.Gaps, gaps);
            var followUp = TreatmentRetention.FollowUpOf(c.FirstDay, c.CoveredUntil, gaps, today, gap);
            var days = (int)followUp.Time;
            everyone.Add(days, followUp.Event);
            TallyOf(byMedication, c.Medication).Add(days, followUp.Event);
            TallyOf(bySite, c.SiteId).Add(days, followUp.Event);
        }

        static SurvivalTally TallyOf<TKey>(SortedDictionary<TKey, SurvivalTally> tallies, TKey key)
            where TKey : notnull
        {
            if (!tallies.TryGetValue(key, out var tally))
            {
                tallies[key] = tally = new SurvivalTally();
            }

            return tally;
        }

        RetentionGroup Group(string name, SurvivalTally tally)
        {
            var curve = tally.Estimate();
            return new RetentionGroup(name, curve, curve.At(90), curve.At(180), atDay is { } day ? curve.At(day) : null);
        }

        List<RetentionGroup> medicationGroups = [Group("All patients", everyone), .. byMedication.Select(m => Group(Name(m.Key), m.Value))];
        List<RetentionGroup> siteGroups = [.. bySite.Select(s => Group(names.GetValueOrDefault(s.Key, $"site {s.Key}"), s.Value))];
        return new RetentionView(today, gap, siteId, medicationGroups, siteGroups);
    }

    public static string Name(Moud m) => m switch
    {
        Moud.Methadone => "Methadone",
        Moud.Buprenorphine => "Buprenorphine",
        Moud.Naltrexone => "XR-naltrexone",
    };

    /// <summary>Every step of every curve, one row each: what the picture shows, for a spreadsheet.</summary>
    public static string Csv(RetentionView view)
    {
        var csv = new StringBuilder("group,day,at_risk,events,censored,retained,std_error,lower_95,upper_95\n");
        foreach (var g in view.ByMedication.Concat(view.BySite))
        {
            csv.Append(CultureInfo.InvariantCulture, $"{Web.Csv.Field(g.Name)},0,{g.Curve.People},0,0,1,0,1,1\n");
            foreach (var s in g.Curve.Steps)
            {
                csv.Append(CultureInfo.InvariantCulture, $"{Web.Csv.Field(g.Name)},{s.Time},{s.AtRisk},{s.Events},{s.Censored},{s.Survival:F4},{s.StandardError:F4},{s.Lower:F4},{s.Upper:F4}\n");
            }
        }

        return csv.ToString();
    }
}
