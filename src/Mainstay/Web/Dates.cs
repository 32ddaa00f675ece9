using System.Globalization;

namespace Mainstay.Web;

/// <summary>Dates in requests are written YYYY-MM-DD; anything else is named in the errors.</summary>
public static class Dates
{
    /// <summary>The date, or null when the text is empty (and when it is not a date, after adding the error).</summary>
    public static DateOnly? Parse(FieldErrors errors, string field, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            return d;
        }

        errors.Add(field, $"{field} '{text}' is not a date written YYYY-MM-DD.");
        return null;
    }

    /// <summary>The instant (UTC) a local calendar day begins in a time zone; the day's first valid moment when midnight falls in a clock change.</summary>
    public static DateTimeOffset LocalMidnightUtc(DateOnly day, TimeZoneInfo zone)
    {
        if (day <= DateOnly.MinValue.AddDays(1) || day >= DateOnly.MaxValue.AddDays(-1))
        {
            return day.DayNumber < DateOnly.MaxValue.DayNumber / 2 ? DateTimeOffset.MinValue : DateTimeOffset.MaxValue; // the calendar's ends: no offset fits
        }

        var wall = day.ToDateTime(TimeOnly.MinValue);
        while (zone.IsInvalidTime(wall))
        {
            wall = wall.AddMinutes(30);
        }

        return new DateTimeOffset(wall, zone.GetUtcOffset(wall)).ToUniversalTime();
    }
}
