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
}
