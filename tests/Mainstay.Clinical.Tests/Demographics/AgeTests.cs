using CsCheck;
using Mainstay.Clinical.Demographics;

namespace Mainstay.Clinical.Tests.Demographics;

public class AgeTests
{
    [Theory]
    [InlineData("1990-06-15", "2026-06-14", 35)]
    [InlineData("1990-06-15", "2026-06-15", 36)]
    [InlineData("1990-06-15", "2026-12-31", 36)]
    [InlineData("2008-01-01", "2026-01-01", 18)]
    [InlineData("2008-01-02", "2026-01-01", 17)]
    [InlineData("2026-03-01", "2026-03-01", 0)]
    public void Age_is_in_completed_years(string born, string on, int expected) =>
        Assert.Equal(expected, Age.InYears(DateOnly.Parse(born), DateOnly.Parse(on)));

    [Theory]
    [InlineData("2027-02-28", 2)] // common year: not yet
    [InlineData("2027-03-01", 3)] // the day after 28 February
    [InlineData("2028-02-29", 4)] // leap year: on the day
    public void A_leap_day_birthday_counts_on_1_March_in_common_years(string on, int expected) =>
        Assert.Equal(expected, Age.InYears(new DateOnly(2024, 2, 29), DateOnly.Parse(on)));

    [Fact]
    public void A_date_before_birth_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Age.InYears(new DateOnly(2000, 1, 2), new DateOnly(2000, 1, 1)));

    [Fact]
    public void Age_never_decreases_as_time_passes() =>
        Gen.Select(Gen.Int[0, 73_000], Gen.Int[0, 40_000], Gen.Int[0, 400])
            .Sample(t =>
            {
                var birth = new DateOnly(1900, 1, 1).AddDays(t.Item1);
                var day = birth.AddDays(t.Item2);
                var later = day.AddDays(t.Item3);
                return Age.InYears(birth, day) <= Age.InYears(birth, later)
                       && Age.InYears(birth, day) >= 0
                       && Age.InYears(birth, day) <= t.Item2 / 365;
            });
}
