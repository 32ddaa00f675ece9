namespace Mainstay.Clinical.Recovery;

/// <summary>What happened to one scheduled session.</summary>
public enum AttendanceMark
{
    /// <summary>The person came.</summary>
    Attended,

    /// <summary>The person came late: they came, so it breaks a run of no-shows.</summary>
    Late,

    /// <summary>The person did not come and gave no excuse.</summary>
    NoShow,

    /// <summary>The program cancelled the session: it neither extends nor breaks a run of no-shows.</summary>
    Cancelled,

    /// <summary>The person was excused in advance or for a recorded reason: it neither extends nor breaks a run.</summary>
    Excused,
}

/// <summary>
/// Runs of missed sessions: how many scheduled sessions in a row the person has not come to, and whether that calls for
/// outreach. The threshold is Mainstay's choice. Pure. Sources in docs/CLINICAL.md, section "Recovery support: contingency
/// management, cravings and missed sessions".
/// </summary>
public static class AttendanceStreak
{
    /// <summary>No-shows in a row that call for outreach (Mainstay's choice).</summary>
    public const int AlertAfter = 2;

    /// <summary>
    /// The no-shows in a row at the end of <paramref name="marks"/> (in time order; equal times keep the input order): counts
    /// back from the latest mark, each <see cref="AttendanceMark.NoShow"/> adding one, <see cref="AttendanceMark.Cancelled"/>
    /// and <see cref="AttendanceMark.Excused"/> skipped, and stops at the latest <see cref="AttendanceMark.Attended"/> or
    /// <see cref="AttendanceMark.Late"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A mark that is not a known value.</exception>
    public static int ConsecutiveNoShows(IReadOnlyList<(DateTimeOffset At, AttendanceMark Mark)> marks)
    {
        ArgumentNullException.ThrowIfNull(marks);
        foreach (var (at, mark) in marks)
        {
            if (!Enum.IsDefined(mark))
            {
                throw new ArgumentOutOfRangeException(nameof(marks), mark, $"Unknown attendance mark at {at:O}.");
            }
        }

        var count = 0;
        foreach (var (_, mark) in marks.OrderBy(m => m.At).Reverse())
        {
            switch (mark)
            {
                case AttendanceMark.Attended or AttendanceMark.Late:
                    return count;
                case AttendanceMark.NoShow:
                    count++;
                    break;
                case AttendanceMark.Cancelled or AttendanceMark.Excused:
                    break;
            }
        }

        return count;
    }

    /// <summary>
    /// Whether the run of no-shows at the end of <paramref name="marks"/> has reached <paramref name="alertAfter"/>
    /// (default <see cref="AlertAfter"/>): the person should be reached out to.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="alertAfter"/> below 1, or an unknown mark.</exception>
    public static bool NeedsOutreach(IReadOnlyList<(DateTimeOffset At, AttendanceMark Mark)> marks, int alertAfter = AlertAfter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(alertAfter, 1);
        return ConsecutiveNoShows(marks) >= alertAfter;
    }
}
