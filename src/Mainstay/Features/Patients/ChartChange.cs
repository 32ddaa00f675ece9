using System.Text.Json;

namespace Mainstay.Features.Patients;

/// <summary>One field of a chart revision as the change history shows it: the field in words, its value before and after.</summary>
public sealed record ChartChange(string Field, string From, string To)
{
    /// <summary>Shown for a value that was empty, or unknown.</summary>
    public const string Nothing = "—";

    private static readonly Dictionary<string, string> Fields = new(StringComparer.Ordinal)
    {
        ["givenName"] = "Given name",
        ["middleName"] = "Middle name",
        ["familyName"] = "Family name",
        ["preferredName"] = "Preferred name",
        ["birthDate"] = "Birth date",
        ["sexAtBirth"] = "Sex at birth",
        ["genderIdentity"] = "Gender identity",
        ["phone"] = "Phone",
        ["email"] = "E-mail",
        ["addressLine"] = "Street address",
        ["city"] = "City",
        ["state"] = "State",
        ["postalCode"] = "ZIP",
        ["preferredLanguage"] = "Preferred language",
        ["race"] = "Race",
        ["ethnicity"] = "Ethnicity",
        ["status"] = "Status",
    };

    /// <summary>
    /// The changes a revision stored (<see cref="PatientRevision.Changes"/>), in the order stored. A field this version does
    /// not know keeps its stored name; a value that is not text or a number (or content that cannot be read) is shown as
    /// stored, so nothing recorded is hidden.
    /// </summary>
    public static IReadOnlyList<ChartChange> Of(string changes)
    {
        try
        {
            using var document = JsonDocument.Parse(changes);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return [new("Changes", Nothing, changes)];
            }

            return [.. document.RootElement.EnumerateObject().Select(f => new ChartChange(
                Fields.GetValueOrDefault(f.Name, f.Name),
                Value(f.Name, f.Value, "from"),
                Value(f.Name, f.Value, "to")))];
        }
        catch (JsonException)
        {
            return [new("Changes", Nothing, changes)];
        }
    }

    private static string Value(string field, JsonElement change, string side)
    {
        if (change.ValueKind != JsonValueKind.Object || !change.TryGetProperty(side, out var value))
        {
            return Nothing;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Null => Nothing,
            JsonValueKind.String => Words(field, value.GetString()!),
            // Revisions written before the sex at birth was stored by name hold its number.
            JsonValueKind.Number when field == "sexAtBirth" && value.TryGetInt32(out var n) && Enum.IsDefined((SexAtBirth)n) => PatientWire.Name((SexAtBirth)n),
            _ => value.GetRawText(),
        };
    }

    /// <summary>A category (race, ethnicity, status) in words, as the forms show it; any other text as it was.</summary>
    private static string Words(string field, string value) => field switch
    {
        _ when value.Length == 0 => Nothing,
        "race" or "ethnicity" or "status" => value.Replace('-', ' '),
        _ => value,
    };
}
