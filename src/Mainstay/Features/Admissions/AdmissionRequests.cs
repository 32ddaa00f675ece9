namespace Mainstay.Features.Admissions;

/// <summary>POST /api/v1/inquiries: a call taken, a walk-in, a call-back request or a referral.</summary>
public sealed record NewInquiry
{
    public int? SiteId { get; init; }

    /// <summary>phone, walk-in, call-back or referral.</summary>
    public string? Source { get; init; }

    /// <summary>For referrals: emergency-department, hospital, court, primary-care, other-treatment-program, community, other.</summary>
    public string? ReferrerKind { get; init; }

    public string? ReferrerName { get; init; }
    public string? ReferrerContact { get; init; }

    /// <summary>When the person asked for treatment (defaults to now).</summary>
    public string? RequestedAt { get; init; }

    public string? GivenName { get; init; }
    public string? FamilyName { get; init; }
    public string? BirthDate { get; init; }
    public string? Sex { get; init; }
    public string? Phone { get; init; }
    public string? Email { get; init; }
    public bool? ConsentToContact { get; init; }
    public string? ContactInstructions { get; init; }

    /// <summary>emergent, urgent or routine.</summary>
    public string? Urgency { get; init; }

    public string? Substances { get; init; }
    public string? PreferredMedication { get; init; }
    public string? LevelOfCare { get; init; }
    public string? Payer { get; init; }
    public string? PayerDetail { get; init; }

    /// <summary>Optional: the pre-admission screen taken on the same call.</summary>
    public bool? InjectsDrugs { get; init; }

    public bool? Pregnant { get; init; }
    public string? LastOverdose { get; init; }
    public string? Note { get; init; }
}

/// <summary>POST /api/v1/inquiries/{id}/contacts.</summary>
public sealed record ContactAttempt
{
    /// <summary>phone, text, email, in-person, letter.</summary>
    public string? Method { get; init; }

    /// <summary>reached, left-message, no-answer, wrong-number.</summary>
    public string? Outcome { get; init; }

    public string? Note { get; init; }
}

/// <summary>POST /api/v1/inquiries/{id}/screen: the short pre-admission screen.</summary>
public sealed record PreAdmissionScreen
{
    public string? CurrentUse { get; init; }
    public bool? InjectsDrugs { get; init; }
    public bool? Pregnant { get; init; }

    /// <summary>YYYY-MM-DD of the last overdose, if any.</summary>
    public string? LastOverdose { get; init; }

    /// <summary>none, low, moderate, high.</summary>
    public string? WithdrawalRisk { get; init; }

    public string? SuicideRisk { get; init; }
    public string? Urgency { get; init; }
    public string? LevelOfCare { get; init; }
    public string? Note { get; init; }
}

/// <summary>POST /api/v1/inquiries/{id}/eligibility.</summary>
public sealed record EligibilityDecision
{
    /// <summary>true: eligible (payment settled); false: not eligible (closes as not admitted).</summary>
    public bool? Eligible { get; init; }

    public string? Payer { get; init; }
    public string? PayerDetail { get; init; }

    /// <summary>Needed before admission to an OTP: date the person signed the consent for the duplicate-enrollment check.</summary>
    public string? EnrollmentConsentSignedOn { get; init; }

    public string? EnrollmentConsentSignedBy { get; init; }
    public string? BirthDate { get; init; }
    public string? Sex { get; init; }
    public string? Note { get; init; }
    public string? ReferredTo { get; init; }
}

/// <summary>POST /api/v1/inquiries/{id}/schedule.</summary>
public sealed record IntakeAppointment
{
    public string? IntakeAt { get; init; }
    public string? With { get; init; }
    public string? Note { get; init; }
}

/// <summary>POST /api/v1/inquiries/{id}/interim-services.</summary>
public sealed record InterimServiceGiven
{
    /// <summary>See <see cref="AdmissionsOffice.InterimServices"/>.</summary>
    public string? Service { get; init; }

    public string? Detail { get; init; }
}

/// <summary>POST /api/v1/inquiries/{id}/stage: moves that carry no other data.</summary>
public sealed record StageChange
{
    /// <summary>inquiry (reopen), eligible (appointment cancelled), waitlisted, not-admitted.</summary>
    public string? Stage { get; init; }

    public string? Reason { get; init; }
    public string? ReferredTo { get; init; }
    public string? Note { get; init; }
}

/// <summary>POST /api/v1/inquiries/{id}/admit.</summary>
public sealed record Admission
{
    public string? LevelOfCare { get; init; }
    public string? PlannedMedication { get; init; }

    /// <summary>An existing chart (a readmission) instead of registering a new patient.</summary>
    public Guid? PatientId { get; init; }

    /// <summary>Needed to register a new patient when the inquiry does not hold it.</summary>
    public string? SexAtBirth { get; init; }

    /// <summary>A bed to occupy (withdrawal management and residential); a bed reserved for the inquiry is taken by itself.</summary>
    public int? BedId { get; init; }

    public string? Note { get; init; }
}
