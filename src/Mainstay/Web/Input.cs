using System.Globalization;
using Mainstay.Features.Assessments;

namespace Mainstay.Web;

/// <summary>
/// Reading request fields: each reader adds an error that names the field and says what is allowed, and returns
/// null for an empty or bad value, so an action collects every problem before it refuses.
/// </summary>
public static class Input
{
    /// <summary>Trimmed text, or null when empty; refused when longer than <paramref name="max"/> or holding control characters.</summary>
    public static string? Text(this FieldErrors errors, string field, string? value, int max, bool required = false)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                errors.Add(field, $"{field} is required.");
            }

            return null;
        }

        var trimmed = value.Trim();
        if (trimmed.Length > max)
        {
            errors.Add(field, $"{field} is longer than {max} characters.");
            return null;
        }

        if (trimmed.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
        {
            errors.Add(field, $"{field} contains control characters.");
            return null;
        }

        return trimmed;
    }

    /// <summary>One of an enum's values written in kebab case ("walk-in"); the error lists them all.</summary>
    public static TEnum? Choice<TEnum>(this FieldErrors errors, string field, string? value, bool required = false)
        where TEnum : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                errors.Add(field, $"{field} is required: {Names<TEnum>()}.");
            }

            return null;
        }

        var text = value.Trim().ToLowerInvariant();
        foreach (var e in Enum.GetValues<TEnum>())
        {
            if (IntakeForm.Kebab(e) == text)
            {
                return e;
            }
        }

        errors.Add(field, $"{field} '{Shorten(value)}' is not one of {Names<TEnum>()}.");
        return null;
    }

    public static string Names<TEnum>() where TEnum : struct, Enum =>
        string.Join(", ", Enum.GetValues<TEnum>().Select(e => IntakeForm.Kebab(e)));

    /// <summary>A date written YYYY-MM-DD, optionally not after <paramref name="latest"/>.</summary>
    public static DateOnly? Day(this FieldErrors errors, string field, string? value, bool required = false, DateOnly? latest = null)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                errors.Add(field, $"{field} is required, written YYYY-MM-DD.");
            }

            return null;
        }

        var day = Dates.Parse(errors, field, Shorten(value));
        if (day is { } d && latest is { } l && d > l)
        {
            errors.Add(field, $"{field} {d:yyyy-MM-dd} is in the future.");
            return null;
        }

        if (day is { Year: < 1900 or > 2200 })
        {
            errors.Add(field, $"{field} {day:yyyy-MM-dd} is outside 1900–2200.");
            return null;
        }

        return day;
    }

    /// <summary>
    /// A moment: ISO 8601 with an offset ("2026-11-23T09:30:00-05:00"), or a local date and time as an HTML form sends
    /// it ("2026-11-23T09:30"), read in <paramref name="zone"/>.
    /// </summary>
    public static DateTimeOffset? Instant(this FieldErrors errors, string field, string? value, TimeZoneInfo zone, bool required = false)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                errors.Add(field, $"{field} is required: a date and time such as 2026-11-23T09:30.");
            }

            return null;
        }

        var text = value.Trim();
        if (text.Length <= 40)
        {
            string[] local = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm"];
            if (DateTime.TryParseExact(text, local, CultureInfo.InvariantCulture, DateTimeStyles.None, out var wall) && wall.Year is >= 1900 and <= 2200)
            {
                // Stored in UTC: PostgreSQL takes only UTC instants, and every query compares UTC.
                return new DateTimeOffset(wall, zone.GetUtcOffset(wall)).ToUniversalTime();
            }

            if (text.Contains('T') && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var moment)
                && (text.EndsWith('Z') || text.LastIndexOfAny(['+', '-']) > 10) && moment.Year is >= 1900 and <= 2200)
            {
                return moment.ToUniversalTime();
            }
        }

        errors.Add(field, $"{field} '{Shorten(text)}' is not a date and time (2026-11-23T09:30, or ISO 8601 with an offset).");
        return null;
    }

    /// <summary>A whole number within bounds.</summary>
    public static int? Whole(this FieldErrors errors, string field, int? value, int min, int max, bool required = false)
    {
        if (value is null)
        {
            if (required)
            {
                errors.Add(field, $"{field} is required: a whole number from {min} to {max}.");
            }

            return null;
        }

        if (value < min || value > max)
        {
            errors.Add(field, $"{field} must be from {min} to {max}.");
            return null;
        }

        return value;
    }

    private static string Shorten(string value) => value.Length > 40 ? value[..40] + "…" : value;
}
