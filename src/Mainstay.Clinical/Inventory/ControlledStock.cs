using Mainstay.Clinical.Medication;

namespace Mainstay.Clinical.Inventory;

/// <summary>The federal schedule of a controlled substance (21 CFR 1308); naltrexone is not controlled.</summary>
public enum DeaSchedule
{
    NotControlled,
    II,
    III,
}

/// <summary>When the next biennial inventory is due, given the last one.</summary>
/// <param name="LastTaken">The day of the last inventory marked biennial (or the initial one); null when none is on file.</param>
/// <param name="DueBy">The last day the next one may be taken; null when none is on file (it is due now).</param>
/// <param name="DaysLeft">Days from today to <paramref name="DueBy"/>; negative when overdue.</param>
public sealed record BiennialInventoryStatus(DateOnly? LastTaken, DateOnly? DueBy, int? DaysLeft)
{
    public bool Overdue => DaysLeft is < 0;
    public bool NeverTaken => LastTaken is null;
}

/// <summary>A lot's stock in its commercial containers: how many are full, and what is left in the opened one.</summary>
/// <param name="Full">Containers holding their whole labelled contents.</param>
/// <param name="OpenedUnits">The rest, in units (mL, tablets): the contents of the opened container; 0 when none is open.</param>
public readonly record struct ContainerCount(long Full, decimal OpenedUnits)
{
    public bool HasOpened => OpenedUnits > 0;
}

/// <summary>The two deadlines after a theft or significant loss is discovered.</summary>
/// <param name="Discovered">The day the theft or loss was discovered (the clocks start then, not at the event).</param>
/// <param name="NoticeBy">Written notice to the DEA Field Division Office: within one business day of discovery.</param>
/// <param name="Form106By">DEA Form 106, filed electronically: within 45 days of discovery.</param>
public sealed record TheftOrLossDeadlines(DateOnly Discovered, DateOnly NoticeBy, DateOnly Form106By);

/// <summary>
/// Federal record-keeping rules for the controlled-substance stock of an opioid treatment program. Pure.
/// Sources in docs/CLINICAL.md, section "Controlled-substance stock".
/// </summary>
public static class ControlledStock
{
    public const string ScheduleSource = "21 CFR 1308.12(c) (methadone, schedule II) and 1308.13(e) (buprenorphine, schedule III); naltrexone is not scheduled.";
    public const string InventorySource = "21 CFR 1304.11(a) and (c): a complete inventory at the opening or close of business, then again within two years of the last one.";
    public const string TheftOrLossSource = "21 CFR 1301.76(b), as amended by 88 FR 40707 (effective 2023-07-24): written notice within one business day of discovery, DEA Form 106 within 45 days.";

    /// <summary>Days after discovery within which DEA Form 106 must be filed.</summary>
    public const int Form106Days = 45;

    public static DeaSchedule ScheduleOf(Moud medication) => medication switch
    {
        Moud.Methadone => DeaSchedule.II,
        Moud.Buprenorphine => DeaSchedule.III,
        _ => DeaSchedule.NotControlled,
    };

    /// <summary>"Schedule II", "Schedule III" or "not controlled", as printed on an inventory.</summary>
    public static string Describe(DeaSchedule schedule) => schedule switch
    {
        DeaSchedule.II => "Schedule II",
        DeaSchedule.III => "Schedule III",
        _ => "not controlled",
    };

    /// <summary>
    /// The next biennial inventory may be taken on any day within two years of the last one: the same calendar day two
    /// years on is the last allowed (29 February falls back to 28 February).
    /// </summary>
    public static DateOnly NextBiennialDue(DateOnly lastTaken) => lastTaken.AddYears(2);

    public static BiennialInventoryStatus Biennial(DateOnly? lastTaken, DateOnly today)
    {
        if (lastTaken is not { } last)
        {
            return new(null, null, null);
        }

        var due = NextBiennialDue(last);
        return new(last, due, due.DayNumber - today.DayNumber);
    }

    /// <summary>
    /// The deadlines for a theft or significant loss discovered on <paramref name="discovered"/>. "One business day" is
    /// taken as the next weekday after the day of discovery (a Friday's discovery is due Monday); public holidays are not
    /// known here and only make the real deadline later.
    /// </summary>
    public static TheftOrLossDeadlines AfterTheftOrLoss(DateOnly discovered)
    {
        var notice = discovered.AddDays(1);
        while (notice.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            notice = notice.AddDays(1);
        }

        return new(discovered, notice, discovered.AddDays(Form106Days));
    }

    /// <summary>
    /// Units (mL, tablets) on hand as commercial containers of <paramref name="unitsPerContainer"/> (21 CFR 1304.11(e)(1)(iv)
    /// (C) and (D), which (e)(3) applies to dispensers): the full containers, and the rest as one opened container. A
    /// program that keeps two opened containers of one lot writes so in the count's reason.
    /// </summary>
    public static ContainerCount InContainers(decimal units, decimal unitsPerContainer)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(units);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(unitsPerContainer);
        var full = decimal.Floor(units / unitsPerContainer);
        var opened = units - (full * unitsPerContainer);
        if (opened < 0)
        {
            // The quotient was rounded up to a whole number: one container fewer is full.
            (full, opened) = (full - 1, opened + unitsPerContainer);
        }

        return new((long)full, opened);
    }

    /// <summary>The mg in <paramref name="containers"/> commercial containers of <paramref name="unitsPerContainer"/> units at <paramref name="mgPerUnit"/> mg each.</summary>
    public static decimal ContentsMg(int containers, decimal unitsPerContainer, decimal mgPerUnit) => containers * unitsPerContainer * mgPerUnit;

    /// <summary>A count's variance against the book: counted − expected (negative is stock missing).</summary>
    public static decimal Variance(decimal expectedMg, decimal countedMg) => countedMg - expectedMg;
}
