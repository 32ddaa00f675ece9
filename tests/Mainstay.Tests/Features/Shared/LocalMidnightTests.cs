using Mainstay.Web;

namespace Mainstay.Tests.Features.Shared;

/// <summary>
/// The instant a clinic's day begins, which every day-bounded query (reports, calendars, the bed board, the ledger)
/// turns its dates into. TimeZoneInfo.ConvertTimeToUtc throws on a midnight the clocks skip; this must not.
/// </summary>
public class LocalMidnightTests
{
    private static TimeZoneInfo Zone(string id) => TimeZoneInfo.FindSystemTimeZoneById(id);

    [Fact]
    public void A_day_begins_at_local_midnight_in_winter_and_in_summer()
    {
        var newYork = Zone("America/New_York");
        Assert.Equal(new DateTimeOffset(2026, 1, 15, 5, 0, 0, TimeSpan.Zero), Dates.LocalMidnightUtc(new DateOnly(2026, 1, 15), newYork));
        Assert.Equal(new DateTimeOffset(2026, 7, 15, 4, 0, 0, TimeSpan.Zero), Dates.LocalMidnightUtc(new DateOnly(2026, 7, 15), newYork));
        // The spring change in New York is at 2 am: midnight exists, still at -05:00.
        Assert.Equal(new DateTimeOffset(2026, 3, 8, 5, 0, 0, TimeSpan.Zero), Dates.LocalMidnightUtc(new DateOnly(2026, 3, 8), newYork));
    }

    [Fact]
    public void A_midnight_the_clocks_skip_begins_the_day_at_its_first_moment()
    {
        // Chile moved its clocks from Saturday 7 September 2024 24:00 to Sunday 01:00 (-04:00 to -03:00): the Sunday began
        // at 01:00 -03:00, 04:00 UTC, and the Saturday lasted 24 hours from 04:00 UTC the day before.
        var santiago = Zone("America/Santiago");
        var sunday = new DateOnly(2024, 9, 8);
        Assert.Throws<ArgumentException>(() => TimeZoneInfo.ConvertTimeToUtc(sunday.ToDateTime(TimeOnly.MinValue), santiago));
        Assert.Equal(new DateTimeOffset(2024, 9, 8, 4, 0, 0, TimeSpan.Zero), Dates.LocalMidnightUtc(sunday, santiago));
        Assert.Equal(TimeSpan.FromHours(24), Dates.LocalMidnightUtc(sunday, santiago) - Dates.LocalMidnightUtc(sunday.AddDays(-1), santiago));
        Assert.Equal(TimeSpan.FromHours(23), Dates.LocalMidnightUtc(sunday.AddDays(1), santiago) - Dates.LocalMidnightUtc(sunday, santiago));
    }

    [Fact]
    public void The_calendars_ends_do_not_overflow()
    {
        var zone = Zone("Pacific/Kiritimati");   // +14:00: midnight of 0001-01-01 would be before the first instant
        Assert.Equal(DateTimeOffset.MinValue, Dates.LocalMidnightUtc(DateOnly.MinValue, zone));
        Assert.Equal(DateTimeOffset.MaxValue, Dates.LocalMidnightUtc(DateOnly.MaxValue, Zone("Pacific/Pago_Pago")));
    }
}
