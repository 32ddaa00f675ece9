namespace Mainstay.Features.Plans;

/// <summary>PUT /api/v1/patients/{id}/plans/{planId}: the whole list of problems as the clinician wants it.</summary>
public sealed record PlanEdit
{
    public List<ProblemEdit>? Problems { get; init; }

    /// <summary>
    /// The plan's updatedAt as the editor read it. When given, the edit is refused (409) if the plan was changed since, so
    /// one clinician's edit never silently replaces another's that they did not see.
    /// </summary>
    public DateTimeOffset? UpdatedAt { get; init; }
}

/// <summary>POST .../sign (the body is optional).</summary>
public sealed record SignPlan
{
    /// <summary>The plan's updatedAt as the signer read it: when given, signing is refused (409) if the draft was changed since.</summary>
    public DateTimeOffset? UpdatedAt { get; init; }
}

public sealed record ProblemEdit
{
    public string? Code { get; init; }
    public string? Statement { get; init; }
    public List<string>? FromFindings { get; init; }
    public string? Goal { get; init; }
    public List<ObjectiveEdit>? Objectives { get; init; }
    public List<InterventionEdit>? Interventions { get; init; }
    public List<Clinical.Planning.MedicationOption>? MedicationOptions { get; init; }
}

public sealed record ObjectiveEdit
{
    public string? Text { get; init; }

    /// <summary>YYYY-MM-DD.</summary>
    public string? TargetDate { get; init; }
}

public sealed record InterventionEdit
{
    public string? Text { get; init; }
    public string? Frequency { get; init; }
    public string? ResponsibleRole { get; init; }

    /// <summary>medication, therapy, group, referral, ... (see InterventionKind); optional.</summary>
    public string? Kind { get; init; }
}

/// <summary>POST .../acknowledge: the patient's acknowledgement.</summary>
public sealed record AcknowledgePlan
{
    /// <summary>signature-on-screen or verbal-with-witness.</summary>
    public string? Method { get; init; }

    /// <summary>The patient's name as signed or spoken.</summary>
    public string? PatientName { get; init; }

    /// <summary>Required for a verbal acknowledgement.</summary>
    public string? Witness { get; init; }
}

/// <summary>POST .../reviews.</summary>
public sealed record ReviewPlan
{
    /// <summary>Problem code → met, progressing, not-progressing or revised.</summary>
    public Dictionary<string, string>? Progress { get; init; }

    public string? Notes { get; init; }
}
