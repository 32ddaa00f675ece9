namespace Mainstay.Web;

/// <summary>
/// CSV (RFC 4180). Writing: cells quoted when they hold a comma, quote or line break; a leading =, +, - or @ is defused
/// for spreadsheets, except in a plain number (-9, -2.5), which no spreadsheet runs. Reading: quoted fields may hold commas, doubled quotes and line breaks.
/// </summary>
public static class Csv
{
    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if ((value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') && !IsPlainNumber(value))
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static readonly System.Buffers.SearchValues<char> NumberChars = System.Buffers.SearchValues.Create("0123456789.");

    private static bool IsPlainNumber(string value) =>
        value.Length > 1 && value[0] == '-' && char.IsAsciiDigit(value[1]) && value.AsSpan(1).IndexOfAnyExcept(NumberChars) < 0 && value.Count(c => c == '.') <= 1;

    /// <summary>A CSV download with a file name.</summary>
    public static IResult File(string content, string fileName) =>
        TypedResults.File(System.Text.Encoding.UTF8.GetBytes(content), "text/csv; charset=utf-8", fileName);

    /// <summary>
    /// Reads records with the line number each starts on. A record that cannot be read (an unclosed quote, text after a
    /// closing quote, a NUL character, which no database here stores) comes back with <see cref="CsvRecord.Error"/> set instead of
    /// throwing.
    /// </summary>
    public static IEnumerable<CsvRecord> Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var line = 0;
        while (reader.ReadLine() is { } text)
        {
            line++;
            var start = line;
            var fields = new List<string>();
            var field = new System.Text.StringBuilder();
            var i = 0;
            string? error = null;
            while (true)
            {
                if (i < text.Length && text[i] == '"')
                {
                    i++;
                    var closed = false;
                    while (!closed)
                    {
                        if (i >= text.Length)
                        {
                            if (reader.ReadLine() is not { } next)
                            {
                                error = "a quoted field is never closed";
                                break;
                            }

                            line++;
                            field.Append('\n');
                            text = next;
                            i = 0;
                            continue;
                        }

                        if (text[i] == '"')
                        {
                            if (i + 1 < text.Length && text[i + 1] == '"')
                            {
                                field.Append('"');
                                i += 2;
                            }
                            else
                            {
                                closed = true;
                                i++;
                            }
                        }
                        else
                        {
                            field.Append(text[i++]);
                        }
                    }

                    if (error is null && i < text.Length && text[i] != ',')
                    {
                        error = "text follows a closing quote";
                    }
                }
                else
                {
                    var comma = text.IndexOf(',', i);
                    var end = comma < 0 ? text.Length : comma;
                    field.Append(text, i, end - i);
                    i = end;
                }

                if (error is not null)
                {
                    break;
                }

                fields.Add(field.ToString());
                field.Clear();
                if (i >= text.Length)
                {
                    break;
                }

                i++; // the comma
                if (i == text.Length)
                {
                    fields.Add("");
                    break;
                }
            }

            if (error is null && fields.Exists(f => f.Contains('\0', StringComparison.Ordinal)))
            {
                error = "it holds a NUL character (U+0000), which is not text";
            }

            yield return new CsvRecord(start, [.. fields], error);
        }
    }
}

/// <summary>One CSV record: the line it starts on, its fields, and why it could not be read (null when it could).</summary>
public sealed record CsvRecord(int Line, string[] Fields, string? Error);
