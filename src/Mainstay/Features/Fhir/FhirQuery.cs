using System.Globalization;

namespace Mainstay.Features.Fhir;

/// <summary>
/// The search parameters Mainstay understands, read from a FHIR query string: the common ones (<c>_id</c>, <c>patient</c>,
/// <c>code</c>, <c>date</c>, <c>status</c>, <c>_count</c>, paging) and Patient's own (<c>name</c>, <c>family</c>, <c>given</c>,
/// <c>birthdate</c>, <c>identifier</c>, <c>gender</c>). Unknown parameters are ignored, as FHIR's lenient handling asks.
/// </summary>
public sealed record FhirQuery
{
    public const int DefaultCount = 50;
    public const int MaximumCount = 500;

    public IReadOnlyList<string> Ids { get; init; } = [];
    public Guid? Patient { get; init; }
    public IReadOnlyList<Token> Codes { get; init; } = [];
    public IReadOnlyList<string> Statuses { get; init; } = [];
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? Before { get; init; }
    public int Count { get; init; } = DefaultCount;
    public int Offset { get; init; }
    public string? Name { get; init; }
    public string? Family { get; init; }
    public string? Given { get; init; }
    public DateOnly? BirthDate { get; init; }
    public Token? Identifier { get; init; }
    public string? Gender { get; init; }

    /// <summary>Guid ids among <see cref="Ids"/> (the part before the first dot for derived resources).</summary>
    public IReadOnlyList<Guid> RecordIds =>
        [.. Ids.Select(id => Guid.TryParse(id.Length > 36 && id[36] == '.' ? id[..36] : id, out var g) ? g : (Guid?)null).OfType<Guid>().Distinct()];

    /// <summary>A token parameter value: <c>system|code</c>, <c>|code</c> or <c>code</c>.</summary>
    public sealed record Token(string? System, string Code)
    {
        public bool Matches(string? system, string? code) =>
            code == Code && (System is null || string.Equals(System, system ?? "", StringComparison.Ordinal));

        public static Token Parse(string value)
        {
            var bar = value.IndexOf('|', StringComparison.Ordinal);
            return bar < 0 ? new Token(null, value) : new Token(value[..bar], value[(bar + 1)..]);
        }
    }

    /// <summary>Reads the query; a parameter Mainstay knows but cannot read is an error naming it.</summary>
    public static (FhirQuery? Query, string? Error) Read(IQueryCollection query, string type)
    {
        var q = new FhirQuery();
        foreach (var (key, values) in query)
        {
            var value = values.ToString();
            if (string.IsNullOrWhiteSpace(value))
            {
                continue;
            }

            switch (key)
            {
                case "_id":
                    q = q with { Ids = Split(value) };
                    break;
                case "patient" or "subject" when type != "Patient":
                    var reference = value.StartsWith("Patient/", StringComparison.Ordinal) ? value["Patient/".Length..] : value;
                    if (!Guid.TryParse(reference, out var patient))
                    {
                        return (null, $"{key} must be a Patient id (or Patient/id); '{value}' is not one.");
                    }

                    q = q with { Patient = patient };
                    break;
                case "code":
                    q = q with { Codes = [.. Split(value).Select(Token.Parse)] };
                    break;
                case "status":
                    q = q with { Statuses = Split(value) };
                    break;
                case "date" or "authored" or "_lastUpdated" when type != "Patient":
                    foreach (var one in values)
                    {
                        var (from, before, error) = DateRange(key, one ?? "");
                        if (error is not null)
                        {
                            return (null, error);
                        }

                        q = q with { From = Later(q.From, from), Before = Earlier(q.Before, before) };
                    }

                    break;
                case "_count":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
                    {
                        return (null, $"_count must be a whole number from 0 to {MaximumCount}; '{value}' is not.");
                    }

                    q = q with { Count = Math.Min(count, MaximumCount) };
                    break;
                case "_offset":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var offset) || offset > 1_000_000)
                    {
                        return (null, $"_offset must be a whole number; '{value}' is not.");
                    }

                    q = q with { Offset = offset };
                    break;
                case "name" when type == "Patient":
                    q = q with { Name = value };
                    break;
                case "family" when type == "Patient":
                    q = q with { Family = value };
                    break;
                case "given" when type == "Patient":
                    q = q with { Given = value };
                    break;
                case "gender" when type == "Patient":
                    if (value is not ("male" or "female" or "other" or "unknown"))
                    {
                        return (null, $"gender must be male, female, other or unknown; '{value}' is not.");
                    }

                    q = q with { Gender = value };
                    break;
                case "identifier":
                    q = q with { Identifier = Token.Parse(value) };
                    break;
                case "birthdate" when type == "Patient":
                    if (!DateOnly.TryParseExact(value.StartsWith("eq", StringComparison.Ordinal) ? value[2..] : value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birth))
                    {
                        return (null, $"birthdate must be a date (YYYY-MM-DD); '{value}' is not.");
                    }

                    q = q with { BirthDate = birth };
                    break;
            }
        }

        return (q, null);
    }

    private static List<string> Split(string value) =>
        [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(100)];

    /// <summary>A date parameter (prefix eq, ge, gt, le, lt, sa, eb; precision year to instant) as a half-open range [from, before).</summary>
    internal static (DateTimeOffset? From, DateTimeOffset? Before, string? Error) DateRange(string key, string value)
    {
        var prefix = value.Length > 2 && char.IsAsciiLetterLower(value[0]) && char.IsAsciiLetterLower(value[1]) ? value[..2] : "eq";
        var text = prefix == "eq" && !value.StartsWith("eq", StringComparison.Ordinal) ? value : value[2..];
        if (ResourceFacts.Parse(text) is not { } start || text.Length < 4 || start.Year >= 9999)
        {
            return (null, null, $"{key} must be a date or date-time (YYYY, YYYY-MM, YYYY-MM-DD or an instant), with an optional prefix eq, ge, gt, le, lt; '{value}' is not.");
        }

        var end = text.Length switch
        {
            4 => start.AddYears(1),
            7 => start.AddMonths(1),
            10 => start.AddDays(1),
            _ => start.AddTicks(1),
        };
        return prefix switch
        {
            "eq" => (start, end, null),
            "ge" => (start, null, null),
            "gt" or "sa" => (end, null, null),
            "le" => (null, end, null),
            "lt" or "eb" => (null, start, null),
            _ => (null, null, $"{key} has the prefix '{prefix}', which Mainstay does not support (eq, ge, gt, le, lt, sa, eb)."),
        };
    }

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private static DateTimeOffset? Earlier(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;

    /// <summary>Whether a resource's time falls in the range (a resource without a time never matches a date filter).</summary>
    public bool InRange(DateTimeOffset? when) =>
        (From is null && Before is null) || (when is { } w && (From is null || w >= From) && (Before is null || w < Before));
}
