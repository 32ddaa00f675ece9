namespace Mainstay.Web;

/// <summary>Writing CSV cells: quoted when they hold a comma, quote or line break; a leading =, +, - or @ is defused for spreadsheets.</summary>
public static class Csv
{
    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    /// <summary>A CSV download with a file name.</summary>
    public static IResult File(string content, string fileName) =>
        TypedResults.File(System.Text.Encoding.UTF8.GetBytes(content), "text/csv; charset=utf-8", fileName);
}
