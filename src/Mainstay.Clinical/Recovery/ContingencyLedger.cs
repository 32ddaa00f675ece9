namespace Mainstay.Clinical.Recovery;

/// <summary>How one chance to earn a reward came out.</summary>
public enum OpportunityResult
{
    /// <summary>The target was met: a negative specimen, an attended session.</summary>
    Success,

    /// <summary>
    /// The target was not met: a positive specimen, or a scheduled specimen or session missed without an excuse (the
    /// source schedules treat a missed specimen as a positive one).
    /// </summary>
    Failure,

    /// <summary>The opportunity did not count (e.g. an excused absence, a closure): it neither builds nor resets the streak.</summary>
    Excused,
}

/// <summary>One chance to earn a reward.</summary>
/// <param name="On">The day of the specimen or session.</param>
/// <param name="Result">Success, failure or excused.</param>
/// <param name="Key">The caller's unique id for the opportunity (a specimen or appointment id); a key may appear once.</param>
public sealed record ContingencyOpportunity(DateOnly On, OpportunityResult Result, string Key);

/// <summary>One opportunity as the ledger read it.</summary>
/// <param name="On">The day of the opportunity.</param>
/// <param name="Result">Its result.</param>
/// <param name="Key">The caller's id.</param>
/// <param name="Streak">Successes in a row after this opportunity (0 after a failure; unchanged by an excused one).</param>
/// <param name="Value">The reward value in force at this opportunity: what a success earns, or what a failure lost.</param>
/// <param name="Bonus">The bonus this success reached (0 otherwise), before the cap.</param>
/// <param name="Earned">What was granted: <paramref name="Value"/> + <paramref name="Bonus"/> less what the cap withheld; 0 unless a success.</param>
/// <param name="WithheldByCap">What the annual cap kept back from this success.</param>
/// <param name="Reset">True on every failure: the streak and the value went back to the start.</param>
/// <param name="Recovered">
/// This success completed the run after a reset that restores the value: from the next opportunity the value is back where
/// it stood before the failure.
/// </param>
public sealed record ContingencyStep(
    DateOnly On,
    OpportunityResult Result,
    string Key,
    int Streak,
    decimal Value,
    decimal Bonus,
    decimal Earned,
    decimal WithheldByCap,
    bool Reset,
    bool Recovered);

/// <summary>Where a person stands in the schedule today.</summary>
/// <param name="Steps">Every opportunity up to today, in the order the ledger read them.</param>
/// <param name="Streak">Successes in a row now.</param>
/// <param name="NextReward">The value the next success earns (without any bonus and before the cap).</param>
/// <param name="EarnedThisYear">Granted in the enrollment year that contains today.</param>
/// <param name="RemainingThisYear">What the annual cap still allows this enrollment year.</param>
/// <param name="TotalEarned">Granted since enrollment.</param>
/// <param name="YearStartedOn">The first day of the enrollment year that contains today.</param>
public sealed record ContingencyStanding(
    IReadOnlyList<ContingencyStep> Steps,
    int Streak,
    decimal NextReward,
    decimal EarnedThisYear,
    decimal RemainingThisYear,
    decimal TotalEarned,
    DateOnly YearStartedOn);

/// <summary>
/// Replays a person's contingency-management opportunities through a <see cref="ContingencySchedule"/> and says what each
/// earned, what the annual cap withheld, and where the person stands today. Pure; today is passed in.
/// Sources and their strength in docs/CLINICAL.md, section "Recovery support: contingency management, cravings and
/// missed sessions".
/// </summary>
/// <remarks>
/// "Per year" is each 12-month period counted from the enrollment day (Mainstay's reading of SAMHSA's "per patient, per
/// year"; a calendar or fiscal year would also fit the words). A year that starts on 29 February starts on 28 February in
/// a common year.
/// </remarks>
public static class ContingencyLedger
{
    /// <summary>
    /// Replays <paramref name="opportunities"/> in date order (input order kept for equal dates) from
    /// <paramref name="enrolledOn"/>. Opportunities dated after <paramref name="today"/> are ignored.
    /// <list type="bullet">
    /// <item>A success earns the value in force, plus the bonus when the streak reaches a multiple of
    /// <see cref="ContingencySchedule.BonusEvery"/>; then the value climbs one increment.</item>
    /// <item>A failure earns nothing, sets the streak to 0 and the value back to the first reward, and remembers the value
    /// it took away (a second failure before recovery keeps the higher of the two).</item>
    /// <item>After <see cref="ContingencySchedule.RecoverAfter"/> successes in a row following a failure, the value returns
    /// to the remembered one if that is higher than where the climb has got to.</item>
    /// <item>An excused opportunity changes nothing.</item>
    /// <item>Nothing is granted beyond <see cref="ContingencySchedule.AnnualCap"/> in one enrollment year; the rest is
    /// reported as withheld. The streak and the value go on climbing regardless of the cap, and a new year starts with
    /// the full cap.</item>
    /// </list>
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The schedule has problems (<see cref="ContingencySchedule.Validate"/>), an opportunity is null, has a blank key, a
    /// key used twice, or is dated before enrollment.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">Today is before enrollment, or a result is not a known value.</exception>
    public static ContingencyStanding Run(
        ContingencySchedule schedule, DateOnly enrolledOn, IReadOnlyList<ContingencyOpportunity> opportunities, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(opportunities);
        var problems = schedule.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("The schedule cannot be used: " + string.Join(" ", problems), nameof(schedule));
        }

        if (today < enrolledOn)
        {
            throw new ArgumentOutOfRangeException(nameof(today), today, "Today is before the enrollment day.");
        }

        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var o in opportunities)
        {
            if (o is null)
            {
                throw new ArgumentException("An opportunity is missing (null).", nameof(opportunities));
            }

            if (string.IsNullOrWhiteSpace(o.Key))
            {
                throw new ArgumentException($"The opportunity on {o.On:yyyy-MM-dd} has no key.", nameof(opportunities));
            }

            if (!keys.Add(o.Key))
            {
                throw new ArgumentException($"The key '{o.Key}' is used by more than one opportunity.", nameof(opportunities));
            }

            if (o.On < enrolledOn)
            {
                throw new ArgumentException(
                    $"The opportunity '{o.Key}' on {o.On:yyyy-MM-dd} is before the enrollment day {enrolledOn:yyyy-MM-dd}.", nameof(opportunities));
            }

            if (!Enum.IsDefined(o.Result))
            {
                throw new ArgumentOutOfRangeException(nameof(opportunities), o.Result, $"The opportunity '{o.Key}' has an unknown result.");
            }
        }

        var steps = new List<ContingencyStep>();
        var step = 0;                 // rungs climbed: the value in force is schedule.ValueAt(step)
        var streak = 0;               // successes in a row
        int? lostStep = null;         // the rung a failure took away, until recovered
        var year = -1;
        var earnedInYear = 0m;
        var total = 0m;
        var todayYear = YearIndex(enrolledOn, today);
        var earnedTodayYear = 0m;

        // OrderBy is stable: equal dates keep the caller's order.
        foreach (var o in opportunities.Where(o => o.On <= today).OrderBy(o => o.On))
        {
            var y = YearIndex(enrolledOn, o.On);
            if (y != year)
            {
                year = y;
                earnedInYear = 0m;
            }

            var value = schedule.ValueAt(step);
            switch (o.Result)
            {
                case OpportunityResult.Excused:
                    steps.Add(new(o.On, o.Result, o.Key, streak, value, 0m, 0m, 0m, Reset: false, Recovered: false));
                    break;

                case OpportunityResult.Failure:
                    lostStep = Math.Max(lostStep ?? 0, step);
                    step = 0;
                    streak = 0;
                    steps.Add(new(o.On, o.Result, o.Key, streak, value, 0m, 0m, 0m, Reset: true, Recovered: false));
                    break;

                case OpportunityResult.Success:
                    streak++;
                    var bonus = schedule.BonusEvery > 0 && streak % schedule.BonusEvery == 0 ? schedule.Bonus : 0m;
                    var gross = value + bonus;
                    var earned = Math.Min(gross, Math.Max(0m, schedule.AnnualCap - earnedInYear));
                    earnedInYear += earned;
                    total += earned;
                    if (y == todayYear)
                    {
                        earnedTodayYear += earned;
                    }

                    step++;
                    var recovered = false;
                    if (lostStep is { } lost && schedule.RecoverAfter > 0 && streak >= schedule.RecoverAfter)
                    {
                        // Since the failure every success climbed one rung, so step == streak here; restore only upwards.
                        recovered = lost > step;
                        step = Math.Max(step, lost);
                        lostStep = null;
                    }

                    steps.Add(new(o.On, o.Result, o.Key, streak, value, bonus, earned, gross - earned, Reset: false, recovered));
                    break;
            }
        }

        return new ContingencyStanding(
            steps,
            streak,
            schedule.ValueAt(step),
            earnedTodayYear,
            schedule.AnnualCap - earnedTodayYear,
            total,
            YearStart(enrolledOn, todayYear));
    }

    /// <summary>The first day of enrollment year <paramref name="index"/> (0: the enrollment day).</summary>
    public static DateOnly YearStart(DateOnly enrolledOn, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return enrolledOn.AddYears(index);
    }

    /// <summary>Which enrollment year (0 for the first) <paramref name="day"/> falls in; years run 12 months from the enrollment day.</summary>
    public static int YearIndex(DateOnly enrolledOn, DateOnly day)
    {
        if (day < enrolledOn)
        {
            throw new ArgumentOutOfRangeException(nameof(day), day, "The day is before the enrollment day.");
        }

        var index = day.Year - enrolledOn.Year;
        return enrolledOn.AddYears(index) > day ? index - 1 : index;
    }
}
