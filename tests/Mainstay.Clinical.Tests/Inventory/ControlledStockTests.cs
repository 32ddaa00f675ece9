using System.Globalization;
using CsCheck;
using Mainstay.Clinical.Inventory;
using Mainstay.Clinical.Medication;

namespace Mainstay.Clinical.Tests.Inventory;

/// <summary>The schedules, the biennial inventory and the theft-or-loss deadlines, from the regulations' own numbers.</summary>
public class ControlledStockTests
{
    [Theory]
    [InlineData(Moud.Methadone, DeaSchedule.II, "Schedule II")]
    [InlineData(Moud.Buprenorphine, DeaSchedule.III, "Schedule III")]
    [InlineData(Moud.Naltrexone, DeaSchedule.NotControlled, "not controlled")]
    public void Each_medication_has_its_federal_schedule(Moud medication, DeaSchedule schedule, string printed)
    {
        Assert.Equal(schedule, ControlledStock.ScheduleOf(medication));
        Assert.Equal(printed, ControlledStock.Describe(schedule));
    }

    [Theory]
    [InlineData("2026-12-05", "2028-12-05")]
    [InlineData("2024-02-29", "2026-02-28")] // no 29 February two years on
    [InlineData("2027-01-01", "2029-01-01")]
    public void The_next_biennial_inventory_is_due_within_two_years(string taken, string due) =>
        Assert.Equal(DateOnly.Parse(due), ControlledStock.NextBiennialDue(DateOnly.Parse(taken)));

    [Fact]
    public void The_biennial_status_counts_down_to_the_due_day_and_is_overdue_the_day_after()
    {
        var taken = new DateOnly(2025, 3, 1);
        var onDueDay = ControlledStock.Biennial(taken, new DateOnly(2027, 3, 1));
        Assert.Equal(0, onDueDay.DaysLeft);
        Assert.False(onDueDay.Overdue);
        var dayAfter = ControlledStock.Biennial(taken, new DateOnly(2027, 3, 2));
        Assert.Equal(-1, dayAfter.DaysLeft);
        Assert.True(dayAfter.Overdue);
        Assert.Equal(730, ControlledStock.Biennial(taken, taken).DaysLeft);
    }

    [Fact]
    public void With_no_inventory_on_file_nothing_is_counted_down()
    {
        var none = ControlledStock.Biennial(null, new DateOnly(2026, 12, 5));
        Assert.True(none.NeverTaken);
        Assert.Null(none.DueBy);
        Assert.False(none.Overdue);
    }

    [Theory]
    [InlineData("2026-12-02", "2026-12-03")] // Wednesday → Thursday
    [InlineData("2026-12-04", "2026-12-07")] // Friday → Monday
    [InlineData("2026-12-05", "2026-12-07")] // Saturday → Monday
    [InlineData("2026-12-06", "2026-12-07")] // Sunday → Monday
    public void Written_notice_is_due_within_one_business_day(string discovered, string noticeBy)
    {
        var deadlines = ControlledStock.AfterTheftOrLoss(DateOnly.Parse(discovered));
        Assert.Equal(DateOnly.Parse(noticeBy), deadlines.NoticeBy);
    }

    [Fact]
    public void Form_106_is_due_45_days_after_discovery() =>
        Assert.Equal(new DateOnly(2027, 1, 19), ControlledStock.AfterTheftOrLoss(new DateOnly(2026, 12, 5)).Form106By);

    [Fact]
    public void The_notice_is_always_a_weekday_one_to_three_days_after_discovery() =>
        Gen.Int[0, 3650].Sample(offset =>
        {
            var day = new DateOnly(2024, 1, 1).AddDays(offset);
            var notice = ControlledStock.AfterTheftOrLoss(day).NoticeBy;
            var gap = notice.DayNumber - day.DayNumber;
            return gap is >= 1 and <= 3 && notice.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
        });

    [Fact]
    public void A_shortfall_is_a_negative_variance() =>
        Assert.Equal(-5.5m, ControlledStock.Variance(1000m, 994.5m));

    [Theory]
    [InlineData("4995", "1000", 4L, "995")] // 4,995 mL in 1,000 mL bottles: four full, 995 mL in the opened one
    [InlineData("499.5", "1000", 0L, "499.5")]
    [InlineData("3000", "1000", 3L, "0")] // three sealed bottles, none open
    [InlineData("250", "100", 2L, "50")] // the regulation's own example: 100-tablet bottles
    [InlineData("0", "3", 0L, "0")] // 3 mL vials
    public void Stock_is_counted_as_full_containers_and_one_opened(string units, string perContainer, long full, string opened)
    {
        var count = ControlledStock.InContainers(decimal.Parse(units, CultureInfo.InvariantCulture), decimal.Parse(perContainer, CultureInfo.InvariantCulture));
        Assert.Equal(full, count.Full);
        Assert.Equal(decimal.Parse(opened, CultureInfo.InvariantCulture), count.OpenedUnits);
        Assert.Equal(count.OpenedUnits > 0, count.HasOpened);
    }

    [Fact]
    public void Full_containers_and_the_opened_rest_always_add_up_to_the_count() =>
        Gen.Select(Gen.Long[0, 100_000_000], Gen.Int[1, 200_000], Gen.Int[0, 3]).Sample((cents, size, scale) =>
        {
            var units = cents / 100m;
            var perContainer = size / (decimal)Math.Pow(10, scale);
            var count = ControlledStock.InContainers(units, perContainer);
            return count.Full >= 0 && count.OpenedUnits >= 0 && count.OpenedUnits < perContainer && (count.Full * perContainer) + count.OpenedUnits == units;
        });

    [Fact]
    public void Containers_received_hold_their_labelled_contents() =>
        Assert.Equal(20_000m, ControlledStock.ContentsMg(2, 1000m, 10m)); // two 1,000 mL bottles of 10 mg/mL concentrate
}
