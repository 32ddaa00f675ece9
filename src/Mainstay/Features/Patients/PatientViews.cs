using Mainstay.Clinical.Demographics;

namespace Mainstay.Features.Patients;

/// <summary>One row of a patient search result.</summary>
public sealed record PatientSummary(
    Guid Id,
    string Mrn,
    string GivenName,
    string? MiddleName,
    string FamilyName,
    DateOnly BirthDate,
    int Age,
    string SexAtBirth,
    int SiteId,
    string SiteName,
    string Status);

/// <summary>A patient's demographics and the chart header's alerts, as the API returns them.</summary>
public sealed record PatientRecord(
    Guid Id,
    string Mrn,
    string GivenName,
    string? MiddleName,
    string FamilyName,
    string? PreferredName,
    DateOnly BirthDate,
    int Age,
    string SexAtBirth,
    string? GenderIdentity,
    int SiteId,
    string SiteName,
    string Status,
    string? StatusReason,
    string? Phone,
    string? Email,
    string? AddressLine,
    string? City,
    string? State,
    string? PostalCode,
    string? PreferredLanguage,
    bool PossibleDuplicate,
    IReadOnlyList<PossibleDuplicateView> PossibleDuplicates,
    IReadOnlyList<AllergyView> Allergies,
    IReadOnlyList<ChartAlert> Alerts,
    int Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>Set when the chart was opened under emergency access (break-the-glass): until when that access lasts.</summary>
    public DateTimeOffset? EmergencyAccessUntil { get; init; }

    /// <summary>The identifiers other systems gave the patient, kept from the records received, in the order received.</summary>
    public IReadOnlyList<OtherIdentifierView> OtherIdentifiers { get; init; } = [];

    /// <summary>Race and ethnicity (TEDS categories, kebab-case: "white", "not-hispanic-or-latino", "unknown"): as the patient last gave them (registration, a demographics edit, the latest intake), else the first received record's.</summary>
    public string Race { get; init; } = "unknown";

    public string Ethnicity { get; init; } = "unknown";
}

/// <summary>An identifier another system gave the patient: its system, value, kind (HL7 v2 table 0203 code and words) and where it came from.</summary>
public sealed partial record OtherIdentifierView(string System, string Value, string? TypeCode, string? Kind, string Origin, DateTimeOffset ReceivedAt)
{
    /// <summary>The systems of US Social Security numbers: FHIR's and the OID it stands for.</summary>
    public static readonly IReadOnlySet<string> SsnSystems = new HashSet<string> { "http://hl7.org/fhir/sid/us-ssn", "urn:oid:2.16.840.1.113883.4.1" };

    /// <summary>As the chart shows it: a Social Security number by its last four digits only.</summary>
    public string Shown => SsnSystems.Contains(System) || TypeCode == "SS" ? LastFour(Value) : Value;

    /// <summary>A Social Security number as shown and written to the audit trail: its last four digits only.</summary>
    public static string LastFour(string value) => value.Length > 4 ? "•••-••-" + value[^4..] : value;

    /// <summary>
    /// A value searched for as an identifier, as the audit trail keeps it: a Social Security number (by its system, or
    /// nine digits with or without the dashes, as a search box has no system) by its last four digits.
    /// </summary>
    public static string Audited(string? system, string value) =>
        (system is not null && SsnSystems.Contains(system)) || NineDigits().IsMatch(value) ? LastFour(value) : value;

    [System.Text.RegularExpressions.GeneratedRegex("^[0-9]{3}-?[0-9]{2}-?[0-9]{4}$")]
    private static partial System.Text.RegularExpressions.Regex NineDigits();
}

public sealed record PossibleDuplicateView(Guid Id, string Mrn, int SiteId, string Status);

public sealed record AllergyView(Guid Id, string Substance, string? Reaction, string Severity, DateTimeOffset RecordedAt);

/// <summary>Something the chart header must show before anything else (severity: info, warning, danger).</summary>
public sealed record ChartAlert(string Kind, string Severity, string Text);

public static class PatientWire
{
    public static string Name(SexAtBirth sex) => sex switch
    {
        SexAtBirth.Female => "female",
        SexAtBirth.Male => "male",
        SexAtBirth.Intersex => "intersex",
        SexAtBirth.Unknown => "unknown",
    };

    public static string Name(PatientStatus status) => status switch
    {
        PatientStatus.Active => "active",
        PatientStatus.Waitlist => "waitlist",
        PatientStatus.Inactive => "inactive",
        PatientStatus.Discharged => "discharged",
        PatientStatus.EnteredInError => "entered-in-error",
    };

    public static string Name(AllergySeverity severity) => severity switch
    {
        AllergySeverity.Mild => "mild",
        AllergySeverity.Moderate => "moderate",
        AllergySeverity.Severe => "severe",
        AllergySeverity.Unknown => "unknown",
    };

    public static readonly IReadOnlyDictionary<string, SexAtBirth> SexNames =
        Enum.GetValues<SexAtBirth>().ToDictionary(Name, s => s, StringComparer.OrdinalIgnoreCase);

    public static readonly IReadOnlyDictionary<string, PatientStatus> StatusNames =
        Enum.GetValues<PatientStatus>().ToDictionary(Name, s => s, StringComparer.OrdinalIgnoreCase);

    public static readonly IReadOnlyDictionary<string, AllergySeverity> SeverityNames =
        Enum.GetValues<AllergySeverity>().ToDictionary(Name, s => s, StringComparer.OrdinalIgnoreCase);

    public static int AgeOn(DateOnly birthDate, DateOnly today) =>
        today < birthDate ? 0 : Age.InYears(birthDate, today);
}
