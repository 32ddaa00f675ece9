namespace Mainstay.Clinical.Outcomes;

/// <summary>One person's follow-up: how long they were observed, and whether it ended with the event (or was censored).</summary>
/// <param name="Time">Days from the start (first dose, admission) to the event or to the end of observation; 0 or more.</param>
/// <param name="Event">True when the event happened at <paramref name="Time"/> (left treatment); false when still observed then (censored).</param>
public readonly record struct FollowUp(double Time, bool Event);

/// <summary>The estimate just after an event time: the share still event-free, its standard error and 95% confidence interval.</summary>
/// <param name="Time">The event time.</param>
/// <param name="AtRisk">People still observed just before it.</param>
/// <param name="Events">Events at that time.</param>
/// <param name="Censored">People censored at that time (counted at risk for it, gone after).</param>
/// <param name="Survival">Kaplan–Meier estimate S(t).</param>
/// <param name="StandardError">Greenwood's standard error of S(t).</param>
/// <param name="Lower">Lower 95% limit (log(-log) transform, which stays within 0–1).</param>
/// <param name="Upper">Upper 95% limit.</param>
public sealed record SurvivalStep(double Time, int AtRisk, int Events, int Censored, double Survival, double StandardError, double Lower, double Upper);

/// <summary>People still observed at a follow-up time: everyone whose follow-up lasted at least that long.</summary>
public readonly record struct RiskCount(double Time, int AtRisk);

/// <summary>A Kaplan–Meier curve: its steps, the estimate at any time, and how many it still rests on.</summary>
public sealed record SurvivalCurve(int People, int Events, IReadOnlyList<SurvivalStep> Steps)
{
    /// <summary>Every distinct follow-up time, ascending, with the number still observed at it (events and censorings included).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<RiskCount> Observed { get; init; } = [];

    /// <summary>
    /// The number at risk at <paramref name="time"/>: people whose follow-up reached it (an event or a censoring at that very
    /// time still counts). Printed beneath a survival plot, it shows how much of the curve rests on how few (Pocock,
    /// Clayton &amp; Altman 2002).
    /// </summary>
    public int AtRiskAt(double time)
    {
        // The first observed time at or after `time` holds everyone observed that long.
        int low = 0, high = Observed.Count;
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (Observed[mid].Time < time)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low < Observed.Count ? Observed[low].AtRisk : 0;
    }

    /// <summary>S(t): the estimate of the last step at or before <paramref name="time"/> (1 before the first event).</summary>
    public SurvivalStep At(double time)
    {
        SurvivalStep current = new(0, People, 0, 0, 1, 0, 1, 1);
        foreach (var step in Steps)
        {
            if (step.Time > time)
            {
                break;
            }

            current = step;
        }

        return current;
    }

    /// <summary>The longest follow-up observed: beyond it the curve says nothing.</summary>
    public double LastTime { get; init; }
}

/// <summary>
/// Kaplan–Meier product-limit estimate (Kaplan &amp; Meier 1958) with Greenwood's variance (Greenwood 1926) and 95% limits
/// on the log(-log) scale (Kalbfleisch &amp; Prentice), as in R's survival::survfit(conf.type = "log-log"). Ties: events
/// before censorings at the same time. Pure; docs/CLINICAL.md "Retention in treatment".
/// </summary>
public static class KaplanMeier
{
    /// <summary>z for a two-sided 95% interval.</summary>
    public const double Z95 = 1.959963984540054;

    public static SurvivalCurve Estimate(IEnumerable<FollowUp> people)
    {
        var all = people.ToArray();
        if (all.Any(p => double.IsNaN(p.Time) || p.Time < 0))
        {
            throw new ArgumentException("Follow-up times must be 0 or more.", nameof(people));
        }

        Array.Sort(all, static (a, b) => a.Time.CompareTo(b.Time));
        return FromTimes(DistinctTimes(all), all.Length);
    }

    /// <summary>Each distinct time of sorted follow-ups with its events and censorings.</summary>
    private static IEnumerable<(double Time, int Events, int Censored)> DistinctTimes(FollowUp[] sorted)
    {
        for (var i = 0; i < sorted.Length;)
        {
            var (time, events, censored) = (sorted[i].Time, 0, 0);
            for (; i < sorted.Length && sorted[i].Time == time; i++)
            {
                if (sorted[i].Event)
                {
                    events++;
                }
                else
                {
                    censored++;
                }
            }

            yield return (time, events, censored);
        }
    }

    /// <summary>
    /// The product-limit steps from each distinct follow-up time, ascending, with its events and censorings: the one
    /// computation behind <see cref="Estimate"/> and <see cref="SurvivalTally.Estimate"/>.
    /// </summary>
    internal static SurvivalCurve FromTimes(IEnumerable<(double Time, int Events, int Censored)> times, int people)
    {
        var steps = new List<SurvivalStep>();
        var observed = new List<RiskCount>();
        var atRisk = people;
        var (survival, greenwood, allEvents, lastTime) = (1.0, 0.0, 0, 0.0);
        foreach (var (time, events, censored) in times)
        {
            observed.Add(new RiskCount(time, atRisk));
            if (events > 0)
            {
                survival *= 1.0 - (double)events / atRisk;
                greenwood += atRisk > events ? (double)events / (atRisk * (double)(atRisk - events)) : double.PositiveInfinity;
                var se = survival * Math.Sqrt(greenwood);
                var (lower, upper) = LogLog(survival, greenwood);
                steps.Add(new SurvivalStep(time, atRisk, events, censored, survival, double.IsNaN(se) ? 0 : se, lower, upper));
            }

            atRisk -= events + censored;
            allEvents += events;
            lastTime = time;
        }

        return new SurvivalCurve(people, allEvents, steps) { LastTime = lastTime, Observed = observed };
    }

    /// <summary>95% limits for S on the log(-log) scale; at S = 1 or 0 (or infinite variance) the limits collapse to what is known.</summary>
    private static (double Lower, double Upper) LogLog(double s, double greenwood)
    {
        if (s <= 0)
        {
            return (0, 0);
        }

        if (s >= 1 || double.IsInfinity(greenwood))
        {
            return (double.IsInfinity(greenwood) ? 0 : s, 1);
        }

        var logS = Math.Log(s);
        var seLogLog = Math.Sqrt(greenwood) / Math.Abs(logS);
        var lower = Math.Pow(s, Math.Exp(Z95 * seLogLog));
        var upper = Math.Pow(s, Math.Exp(-Z95 * seLogLog));
        return (lower, upper);
    }
}

/// <summary>
/// Follow-ups in whole days, counted as they come, for a curve over many people: the same curve as
/// <see cref="KaplanMeier.Estimate"/> of the same follow-ups, without keeping or sorting them (a count of events and
/// censorings per day). For a network's retention report, hundreds of thousands of people at a time.
/// </summary>
public sealed class SurvivalTally
{
    private int[] events = new int[400];
    private int[] censored = new int[400];
    private int last = -1;

    /// <summary>People counted so far.</summary>
    public int People { get; private set; }

    /// <summary>Counts one follow-up of <paramref name="days"/> whole days (0 or more) ending in the event or censored.</summary>
    public void Add(int days, bool @event)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        if (days >= events.Length)
        {
            var size = Math.Max(days + 1, events.Length * 2);
            Array.Resize(ref events, size);
            Array.Resize(ref censored, size);
        }

        if (@event)
        {
            events[days]++;
        }
        else
        {
            censored[days]++;
        }

        last = Math.Max(last, days);
        People++;
    }

    public SurvivalCurve Estimate() => KaplanMeier.FromTimes(Days(), People);

    private IEnumerable<(double Time, int Events, int Censored)> Days()
    {
        for (var day = 0; day <= last; day++)
        {
            if (events[day] + censored[day] > 0)
            {
                yield return (day, events[day], censored[day]);
            }
        }
    }
}
