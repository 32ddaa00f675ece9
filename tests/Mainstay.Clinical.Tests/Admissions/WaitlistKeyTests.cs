using CsCheck;
using Mainstay.Clinical.Admissions;

namespace Mainstay.Clinical.Tests.Admissions;

/// <summary>The waiting-list order: group, then urgency, then who asked first, then id.</summary>
public class WaitlistKeyTests
{
    private static readonly DateTimeOffset Monday = new(2026, 3, 9, 9, 0, 0, TimeSpan.FromHours(-5));
    private static readonly Guid IdA = new("00000000-0000-0000-0000-00000000000a");
    private static readonly Guid IdB = new("00000000-0000-0000-0000-00000000000b");

    private static readonly Gen<WaitlistKey> GenKey =
        Gen.Select(Gen.Int[1, 4], Gen.Int[0, 2], Gen.Int[0, 5], Gen.Int[-1, 1], Gen.Int[0, 3])
            .Select((g, u, minutes, offsetHours, id) => new WaitlistKey(
                (PriorityGroup)g,
                (Urgency)u,
                // Few distinct instants, written with different offsets, so ties and equal instants are common.
                new DateTimeOffset(Monday.UtcDateTime.AddMinutes(minutes)).ToOffset(TimeSpan.FromHours(offsetHours)),
                new Guid(id, 0, 0, new byte[8])));

    [Fact]
    public void The_group_comes_before_urgency()
    {
        var pregnantRoutine = new WaitlistKey(PriorityGroup.Pregnant, Urgency.Routine, Monday.AddDays(5), IdB);
        var everyoneEmergent = new WaitlistKey(PriorityGroup.Everyone, Urgency.Emergent, Monday, IdA);
        Assert.True(pregnantRoutine < everyoneEmergent);
    }

    [Fact]
    public void Urgency_comes_before_time()
    {
        var urgentLater = new WaitlistKey(PriorityGroup.Everyone, Urgency.Urgent, Monday.AddDays(3), IdB);
        var routineEarlier = new WaitlistKey(PriorityGroup.Everyone, Urgency.Routine, Monday, IdA);
        Assert.True(urgentLater < routineEarlier);
    }

    [Fact]
    public void Who_asked_first_comes_first_whatever_the_offset()
    {
        // 09:00 at -05:00 is 14:00 UTC; 13:30 UTC asked earlier.
        var earlierUtc = new WaitlistKey(PriorityGroup.Everyone, Urgency.Routine, new DateTimeOffset(2026, 3, 9, 13, 30, 0, TimeSpan.Zero), IdB);
        var later = new WaitlistKey(PriorityGroup.Everyone, Urgency.Routine, Monday, IdA);
        Assert.True(earlierUtc < later);
    }

    [Fact]
    public void The_id_breaks_a_tie_and_equal_keys_compare_as_zero()
    {
        var a = new WaitlistKey(PriorityGroup.Pregnant, Urgency.Urgent, Monday, IdA);
        var b = a with { Id = IdB };
        Assert.True(a < b);
        Assert.Equal(0, a.CompareTo(a with { RequestedAt = Monday.ToUniversalTime() }));
        Assert.Equal(a, a with { RequestedAt = Monday.ToUniversalTime() });
    }

    [Fact]
    public void Sorting_is_a_total_order_consistent_with_equality() =>
        Gen.Select(GenKey, GenKey, GenKey).Sample((a, b, c) =>
            Math.Sign(a.CompareTo(b)) == -Math.Sign(b.CompareTo(a))
            && (a.CompareTo(b) == 0) == a.Equals(b)
            && (!(a <= b && b <= c) || a <= c));

    [Fact]
    public void Group_dominates_urgency_which_dominates_time_which_dominates_id() =>
        Gen.Select(GenKey, GenKey).Sample((a, b) =>
        {
            var expected =
                a.Group != b.Group ? a.Group.CompareTo(b.Group)
                : a.Urgency != b.Urgency ? a.Urgency.CompareTo(b.Urgency)
                : a.RequestedAt != b.RequestedAt ? a.RequestedAt.CompareTo(b.RequestedAt)
                : a.Id.CompareTo(b.Id);
            return Math.Sign(a.CompareTo(b)) == Math.Sign(expected);
        });

    [Fact]
    public void A_sorted_list_is_in_order_pair_by_pair() =>
        GenKey.Array[0, 40].Sample(keys =>
        {
            var sorted = keys.Order().ToArray();
            return sorted.Zip(sorted.Skip(1)).All(p => p.First <= p.Second);
        });
}
