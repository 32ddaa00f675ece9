namespace Mainstay.Clinical.Instruments;

/// <summary>Sex assigned at birth, as the Opioid Risk Tool weights it.</summary>
public enum SexAtBirth
{
    Female,
    Male,
}

/// <summary>DSM-5 opioid use disorder severity by number of criteria met.</summary>
public enum OudSeverity
{
    /// <summary>0–1 criteria: criteria for OUD not met.</summary>
    None,

    /// <summary>2–3 criteria.</summary>
    Mild,

    /// <summary>4–5 criteria.</summary>
    Moderate,

    /// <summary>6 or more criteria.</summary>
    Severe,
}

/// <summary>DSM-5 remission specifier.</summary>
public enum OudRemission
{
    NotInRemission,

    /// <summary>No criterion except craving for at least 3 and less than 12 months.</summary>
    Early,

    /// <summary>No criterion except craving for 12 months or longer.</summary>
    Sustained,
}

/// <summary>How loudly an alert must be shown.</summary>
public enum AlertSeverity
{
    Info,
    Warning,
    Danger,
}

/// <summary>
/// What some instruments need besides the answers. Nothing here is read from a clock or a
/// database: the caller passes it in.
/// </summary>
public sealed record ScoringContext
{
    public static ScoringContext None { get; } = new();

    /// <summary>Opioid Risk Tool: points differ by sex at birth; required for <c>ort</c>.</summary>
    public SexAtBirth? SexAtBirth { get; init; }

    /// <summary>Opioid Risk Tool: when set and the <c>age</c> item is not answered, the item is derived (16–45 → yes).</summary>
    public int? AgeYears { get; init; }

    /// <summary>DSM-5: opioids taken solely under appropriate medical supervision; tolerance and withdrawal are then not counted.</summary>
    public bool OnMedicalSupervision { get; init; }

    /// <summary>DSM-5 specifier "on maintenance therapy" (methadone, buprenorphine, naltrexone). Also excludes tolerance and withdrawal.</summary>
    public bool OnMaintenanceTherapy { get; init; }

    /// <summary>DSM-5 specifier "in a controlled environment" (access to opioids is restricted).</summary>
    public bool InControlledEnvironment { get; init; }

    /// <summary>DSM-5 remission: months during which no criterion except craving has been met; null when not assessed.</summary>
    public int? MonthsWithoutCriteria { get; init; }

    /// <summary>DSM-5 remission: the severity when full criteria were last met; required with <see cref="MonthsWithoutCriteria"/> of 3 or more.</summary>
    public OudSeverity? PriorSeverity { get; init; }
}

/// <summary>
/// One problem with the input, naming the field: an item id, or a context field such as
/// <c>sexAtBirth</c>. <paramref name="Code"/> is one of <c>missing</c>, <c>not-allowed</c>,
/// <c>unknown-item</c>, <c>out-of-range</c>, <c>inconsistent</c>, <c>reason-required</c>, <c>unknown-instrument</c>.
/// </summary>
public sealed record FieldError(string Field, string Code, string Message);

/// <summary>A safety alert raised by a score (e.g. PHQ-9 item 9).</summary>
public sealed record ScoringAlert(string Code, AlertSeverity Severity, string Text);

/// <summary>DSM-5 OUD facts derived from the criteria count and the context.</summary>
/// <param name="CriteriaMet">Criteria counted (tolerance and withdrawal excluded under medical supervision).</param>
/// <param name="Severity">Severity now, or the prior severity when in remission.</param>
/// <param name="Icd10Code">ICD-10-CM code, or null when criteria are not met.</param>
/// <param name="Remission">Early or sustained remission, from the context.</param>
/// <param name="OnMaintenanceTherapy">DSM-5 specifier, echoed from the context.</param>
/// <param name="InControlledEnvironment">DSM-5 specifier, echoed from the context.</param>
public sealed record OudDiagnosis(
    int CriteriaMet,
    OudSeverity Severity,
    string? Icd10Code,
    OudRemission Remission,
    bool OnMaintenanceTherapy,
    bool InControlledEnvironment);

/// <summary>The scored instrument.</summary>
/// <param name="Instrument">Instrument code.</param>
/// <param name="Total">The total score.</param>
/// <param name="Band">Band label, or null when the instrument has no published bands (SOWS).</param>
/// <param name="BandIndex">Index of the band in <see cref="InstrumentDefinition.Bands"/>, or null.</param>
/// <param name="Interpretation">Plain words for the clinician.</param>
/// <param name="Alerts">Safety alerts; empty when none.</param>
/// <param name="Findings">Items answered yes that the clinician should act on (social needs, ACE); empty otherwise.</param>
/// <param name="Diagnosis">DSM-5 OUD only.</param>
public sealed record InstrumentScore(
    string Instrument,
    int Total,
    string? Band,
    int? BandIndex,
    string Interpretation,
    IReadOnlyList<ScoringAlert> Alerts,
    IReadOnlyList<string> Findings,
    OudDiagnosis? Diagnosis = null);

/// <summary>Either a score or every problem found with the answers; never both.</summary>
public sealed record ScoringResult
{
    private ScoringResult(InstrumentScore? score, IReadOnlyList<FieldError> errors)
    {
        Score = score;
        Errors = errors;
    }

    public InstrumentScore? Score { get; }

    public IReadOnlyList<FieldError> Errors { get; }

    public bool IsScored => Score is not null;

    public static ScoringResult Scored(InstrumentScore score) => new(score, []);

    public static ScoringResult Failed(IReadOnlyList<FieldError> errors) =>
        errors.Count == 0 ? throw new ArgumentException("A failure lists at least one error.", nameof(errors)) : new(null, errors);
}
