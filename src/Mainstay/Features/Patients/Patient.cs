using Mainstay.Features.Sites;

namespace Mainstay.Features.Patients;

/// <summary>A person registered with the program. Never deleted: marked inactive or entered-in-error instead.</summary>
public sealed class Patient
{
    public Guid Id { get; set; }

    /// <summary>Human-readable medical record number, e.g. MS-0001234-5 (see <see cref="Clinical.Demographics.MedicalRecordNumber"/>).</summary>
    public required string Mrn { get; set; }

    public int SiteId { get; set; }
    public Site? Site { get; set; }

    public required string GivenName { get; set; }
    public string? MiddleName { get; set; }
    public required string FamilyName { get; set; }
    public string? PreferredName { get; set; }
    public DateOnly BirthDate { get; set; }
    public SexAtBirth SexAtBirth { get; set; }
    public string? GenderIdentity { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }
    public string? AddressLine { get; set; }
    public string? City { get; set; }
    public string? State { get; set; }
    public string? PostalCode { get; set; }
    public string? PreferredLanguage { get; set; }

    /// <summary>
    /// Race and ethnicity in the TEDS categories, as the patient last gave them: at registration or in a demographics edit,
    /// or in the latest intake (a known answer there replaces the chart's); else the first record received from another
    /// system that says (never over a known answer). Unknown until one says.
    /// </summary>
    public Clinical.Assessment.Race Race { get; set; } = Clinical.Assessment.Race.Unknown;

    public Clinical.Assessment.Ethnicity Ethnicity { get; set; } = Clinical.Assessment.Ethnicity.Unknown;

    public PatientStatus Status { get; set; } = PatientStatus.Active;
    public string? StatusReason { get; set; }

    /// <summary>Lower-case, accent-free family name: the key patient search walks an index on.</summary>
    public string FamilyKey { get; set; } = "";

    /// <summary>Lower-case, accent-free given (and preferred) name.</summary>
    public string GivenKey { get; set; } = "";

    /// <summary>Set at registration when another patient has the same name and birth date.</summary>
    public bool PossibleDuplicate { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency: two people editing one chart never overwrite each other silently.</summary>
    public int Version { get; set; }

    public List<Allergy> Allergies { get; set; } = [];

    public string DisplayName => $"{FamilyName}, {GivenName}" + (MiddleName is { Length: > 0 } m ? $" {m[0]}." : "");
}

public enum SexAtBirth
{
    Female,
    Male,
    Intersex,
    Unknown,
}

public enum PatientStatus
{
    /// <summary>In treatment.</summary>
    Active,

    /// <summary>Registered, waiting for admission.</summary>
    Waitlist,

    /// <summary>Not currently in treatment (e.g. after discharge, or registered and never admitted).</summary>
    Inactive,

    /// <summary>Discharged from the program.</summary>
    Discharged,

    /// <summary>Registered by mistake; kept for the record and hidden from search.</summary>
    EnteredInError,
}

/// <summary>A recorded allergy or intolerance, shown in the chart header.</summary>
public sealed class Allergy
{
    public Guid Id { get; set; }
    public Guid PatientId { get; set; }
    public int SiteId { get; set; }
    public required string Substance { get; set; }
    public string? Reaction { get; set; }
    public AllergySeverity Severity { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public string? RecordedBy { get; set; }
    public bool EnteredInError { get; set; }
}

/// <summary>
/// An identifier another system gave this patient (a hospital's medical record number, a driver's license, a Social Security
/// number), kept from a Patient received by FHIR import: the chart shows it, Mainstay's FHIR Patient carries it beside the MRN,
/// and a search by it finds the chart. Mainstay's own MRN is never one of these.
/// </summary>
public sealed class PatientIdentifier
{
    public const int SystemMax = 300;
    public const int ValueMax = 200;

    public Guid Id { get; set; }
    public Guid PatientId { get; set; }

    /// <summary>The namespace the value is unique in (a URI), as received.</summary>
    public required string System { get; set; }

    public required string Value { get; set; }

    /// <summary>Its place among the identifiers of the Patient it came in (they are given back in the order received).</summary>
    public int Position { get; set; }

    /// <summary>Its kind as HL7 v2 table 0203 codes it (MR, SS, DL, PPN…), when the sender said.</summary>
    public string? TypeCode { get; set; }

    /// <summary>Its kind in words, as the sender wrote it ("Medical Record Number").</summary>
    public string? TypeText { get; set; }

    /// <summary>Where it came from: "api" or the imported file's name.</summary>
    public required string Origin { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }
}

public enum AllergySeverity
{
    Mild,
    Moderate,
    Severe,
    Unknown,
}

/// <summary>
/// One change of a patient's demographics or status: who, when, why, and the values before and after.
/// History stays readable; nothing is overwritten without a trace.
/// </summary>
public sealed class PatientRevision
{
    public long Id { get; set; }
    public Guid PatientId { get; set; }
    public int SiteId { get; set; }
    public int Version { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
    public Guid? ChangedByUserId { get; set; }
    public string? ChangedBy { get; set; }
    public string? Reason { get; set; }

    /// <summary>The changed fields, as JSON: {"field": {"from": ..., "to": ...}}.</summary>
    public required string Changes { get; set; }
}
