using Mainstay.Clinical.Admissions;

namespace Mainstay.Clinical.Tests.Admissions;

/// <summary>An open inquiry is stale when nobody has reached the person within the target (24 hours by default).</summary>
public class StaleInquiryTests
{
    private static readonly DateTimeOffset Received = new(2026, 3, 9, 8, 0, 0, TimeSpan.FromHours(-5));
    private static readonly TimeSpan Target = StaleInquiry.DefaultTarget;

    [Fact]
    public void The_default_target_is_24_hours() => Assert.Equal(TimeSpan.FromHours(24), StaleInquiry.DefaultTarget);

    [Fact]
    public void Without_contact_it_is_stale_only_after_the_target()
    {
        Assert.False(StaleInquiry.IsStale(Received, null, Received.AddHours(24), Target));
        Assert.True(StaleInquiry.IsStale(Received, null, Received.AddHours(24).AddTicks(1), Target));
        Assert.False(StaleInquiry.IsStale(Received, null, Received, Target));
    }

    [Fact]
    public void A_recent_contact_keeps_an_old_inquiry_fresh()
    {
        var contact = Received.AddDays(3);
        Assert.False(StaleInquiry.IsStale(Received, contact, contact.AddHours(23), Target));
        Assert.False(StaleInquiry.IsStale(Received, contact, contact.AddHours(24), Target));
    }

    [Fact]
    public void A_contact_older_than_the_target_makes_it_stale()
    {
        var contact = Received.AddHours(2);
        Assert.True(StaleInquiry.IsStale(Received, contact, contact.AddHours(25), Target));
    }

    [Fact]
    public void A_program_may_set_its_own_target()
    {
        Assert.True(StaleInquiry.IsStale(Received, null, Received.AddHours(5), TimeSpan.FromHours(4)));
        Assert.False(StaleInquiry.IsStale(Received, null, Received.AddHours(47), TimeSpan.FromHours(48)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void The_target_must_be_positive(int hours) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => StaleInquiry.IsStale(Received, null, Received, TimeSpan.FromHours(hours)));
}
