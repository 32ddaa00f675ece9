namespace Mainstay.Features.Patients;

/// <summary>POST /api/v1/patients. Strings are validated by <see cref="PatientRegistry"/> so that every error names its field.</summary>
public sealed record RegisterPatient
{
    public string? GivenName { get; init; }
    public string? MiddleName { get; init; }
    public string? FamilyName { get; init; }
    public string? PreferredName { get; init; }

    /// <summary>YYYY-MM-DD.</summary>
    public string? BirthDate { get; init; }

    /// <summary>female, male, intersex or unknown.</summary>
    public string? SexAtBirth { get; init; }

    public string? GenderIdentity { get; init; }
    public int? SiteId { get; init; }
    public string? Phone { get; init; }
    public string? Email { get; init; }
    public string? AddressLine { get; init; }
    public string? City { get; init; }
    public string? State { get; init; }
    public string? PostalCode { get; init; }
    public string? PreferredLanguage { get; init; }

    /// <summary>As the patient gives it, in the TEDS categories (kebab-case, e.g. "black-or-african-american"); unknown when left out.</summary>
    public string? Race { get; init; }

    /// <summary>As the patient gives it, in the TEDS categories (e.g. "not-hispanic-or-latino", "mexican"); unknown when left out.</summary>
    public string? Ethnicity { get; init; }
}

/// <summary>PATCH /api/v1/patients/{id}: only the fields given change; an empty string clears an optional field.</summary>
public sealed record UpdateDemographics
{
    public string? GivenName { get; init; }
    public string? MiddleName { get; init; }
    public string? FamilyName { get; init; }
    public string? PreferredName { get; init; }
    public string? BirthDate { get; init; }
    public string? SexAtBirth { get; init; }
    public string? GenderIdentity { get; init; }
    public string? Phone { get; init; }
    public string? Email { get; init; }
    public string? AddressLine { get; init; }
    public string? City { get; init; }
    public string? State { get; init; }
    public string? PostalCode { get; init; }
    public string? PreferredLanguage { get; init; }

    /// <summary>A TEDS race category; "unknown" or an empty string sets it back to unknown.</summary>
    public string? Race { get; init; }

    /// <summary>A TEDS ethnicity category; "unknown" or an empty string sets it back to unknown.</summary>
    public string? Ethnicity { get; init; }

    /// <summary>When given, the change is refused (409) if the chart changed since this version was read.</summary>
    public int? Version { get; init; }

    public string? Reason { get; init; }
}

/// <summary>POST /api/v1/patients/{id}/status.</summary>
public sealed record ChangePatientStatus
{
    /// <summary>active, waitlist, inactive, discharged or entered-in-error.</summary>
    public string? Status { get; init; }

    public string? Reason { get; init; }
}

/// <summary>POST /api/v1/patients/{id}/allergies.</summary>
public sealed record RecordAllergy
{
    public string? Substance { get; init; }
    public string? Reaction { get; init; }

    /// <summary>mild, moderate, severe or unknown.</summary>
    public string? Severity { get; init; }
}
