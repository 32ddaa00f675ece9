using CsCheck;
using Mainstay.Clinical.Recovery;
using static Mainstay.Clinical.Recovery.AttendanceMark;

namespace Mainstay.Clinical.Tests.Recovery;

/// <summary>No-show runs: cancelled and excused sessions are skipped, attended and late ones end the run; outreach at 2.</summary>
public class AttendanceStreakTests
{
    private static readonly DateTimeOffset Start = new(2026, 5, 4, 9, 0, 0, TimeSpan.FromHours(-5));

    /// <summary>One mark a day, in the order given.</summary>
    private static List<(DateTimeOffset At, AttendanceMark Mark)> Days(params AttendanceMark[] marks) =>
        marks.Select((m, i) => (Start.AddDays(i), m)).ToList();

    [Fact]
    public void No_marks_no_run() => Assert.Equal(0, AttendanceStreak.ConsecutiveNoShows([]));

    [Fact]
    public void No_shows_since_the_last_attended_session_are_counted() =>
        Assert.Equal(2, AttendanceStreak.ConsecutiveNoShows(Days(NoShow, Attended, NoShow, NoShow)));

    [Fact]
    public void Late_still_counts_as_coming() =>
        Assert.Equal(0, AttendanceStreak.ConsecutiveNoShows(Days(NoShow, NoShow, Late)));

    [Fact]
    public void Cancelled_and_excused_neither_extend_nor_break_a_run()
    {
        Assert.Equal(2, AttendanceStreak.ConsecutiveNoShows(Days(Attended, NoShow, Cancelled, Excused, NoShow, Cancelled)));
        Assert.Equal(0, AttendanceStreak.ConsecutiveNoShows(Days(Attended, Cancelled, Excused)));
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    [InlineData(3, true)]
    public void Outreach_is_due_at_2_no_shows_in_a_row(int noShows, bool due) =>
        Assert.Equal(due, AttendanceStreak.NeedsOutreach(Days([Attended, .. Enumerable.Repeat(NoShow, noShows)])));

    [Fact]
    public void A_program_may_set_its_own_threshold()
    {
        var marks = Days(NoShow, NoShow);
        Assert.False(AttendanceStreak.NeedsOutreach(marks, alertAfter: 3));
        Assert.True(AttendanceStreak.NeedsOutreach(marks, alertAfter: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => AttendanceStreak.NeedsOutreach(marks, alertAfter: 0));
    }

    [Fact]
    public void Marks_are_read_in_time_order_whatever_the_input_order()
    {
        List<(DateTimeOffset, AttendanceMark)> marks = [(Start.AddDays(3), NoShow), (Start.AddDays(5), NoShow), (Start, Attended), (Start.AddDays(4), Attended)];
        Assert.Equal(1, AttendanceStreak.ConsecutiveNoShows(marks));
    }

    [Fact]
    public void Instants_compare_across_offsets()
    {
        // 09:00 at UTC−5 is 14:00 UTC, later than 13:00 UTC: the no-show is the latest mark.
        List<(DateTimeOffset, AttendanceMark)> marks = [(Start, NoShow), (new DateTimeOffset(2026, 5, 4, 13, 0, 0, TimeSpan.Zero), Attended)];
        Assert.Equal(1, AttendanceStreak.ConsecutiveNoShows(marks));
    }

    [Fact]
    public void An_unknown_mark_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => AttendanceStreak.ConsecutiveNoShows([(Start, (AttendanceMark)42)]));

    private static readonly Gen<List<(DateTimeOffset At, AttendanceMark Mark)>> GenMarks =
        Gen.Select(Gen.Int[0, 5000], Gen.Int[0, 4]).Array[0, 40].Select(a => a
            .DistinctBy(p => p.Item1)
            .Select(p => (Start.AddHours(p.Item1), (AttendanceMark)p.Item2))
            .ToList());

    [Fact]
    public void The_run_matches_the_no_shows_after_the_last_session_the_person_came_to() =>
        GenMarks.Sample(marks =>
        {
            var ordered = marks.OrderBy(m => m.At).ToList();
            var lastCame = ordered.FindLastIndex(m => m.Mark is Attended or Late);
            var expected = ordered.Skip(lastCame + 1).Count(m => m.Mark == NoShow);
            return AttendanceStreak.ConsecutiveNoShows(marks) == expected;
        });

    [Fact]
    public void Removing_cancelled_and_excused_marks_changes_nothing() =>
        GenMarks.Sample(marks =>
            AttendanceStreak.ConsecutiveNoShows(marks)
                == AttendanceStreak.ConsecutiveNoShows(marks.Where(m => m.Mark is not (Cancelled or Excused)).ToList()));

    [Fact]
    public void A_new_attended_session_always_ends_the_run_and_a_new_no_show_always_adds_one() =>
        GenMarks.Sample(marks =>
        {
            var later = Start.AddHours(6000);
            var before = AttendanceStreak.ConsecutiveNoShows(marks);
            return AttendanceStreak.ConsecutiveNoShows([.. marks, (later, Attended)]) == 0
                && AttendanceStreak.ConsecutiveNoShows([.. marks, (later, NoShow)]) == before + 1;
        });
}
