namespace Mainstay.Clinical.Instruments;

/// <summary>
/// Risk ratings 0–4 for the six dimensions of the ASAM Criteria, 3rd edition (2013).
/// </summary>
/// <param name="Withdrawal">Dimension 1: acute intoxication and/or withdrawal potential.</param>
/// <param name="Biomedical">Dimension 2: biomedical conditions and complications.</param>
/// <param name="EmotionalBehavioralCognitive">Dimension 3: emotional, behavioral, or cognitive conditions and complications.</param>
/// <param name="ReadinessToChange">Dimension 4: readiness to change.</param>
/// <param name="RelapsePotential">Dimension 5: relapse, continued use, or continued problem potential.</param>
/// <param name="RecoveryEnvironment">Dimension 6: recovery/living environment.</param>
public sealed record AsamRatings(
    int Withdrawal,
    int Biomedical,
    int EmotionalBehavioralCognitive,
    int ReadinessToChange,
    int RelapsePotential,
    int RecoveryEnvironment);

/// <summary>What the placement aid needs besides the six ratings.</summary>
public sealed record AsamContext
{
    /// <summary>A prescriber judges the patient medically unstable (vital signs, acute illness).</summary>
    public bool MedicallyUnstable { get; init; }

    /// <summary>DSM-5 opioid use disorder severity, when assessed.</summary>
    public OudSeverity? OudSeverity { get; init; }

    /// <summary>The patient chooses methadone.</summary>
    public bool ChoosesMethadone { get; init; }

    /// <summary>The patient has opioid use disorder and chooses medication for it (MOUD).</summary>
    public bool OudWithMedication { get; init; }
}

/// <summary>The recommended level, the rule that chose it, and whether an OTP is offered alongside.</summary>
/// <param name="Level">The recommended level of care.</param>
/// <param name="Rule">Id of the rule in <see cref="AsamPlacement.Rules"/> that chose it.</param>
/// <param name="Reason">The rule in plain words.</param>
/// <param name="OfferOpioidTreatmentProgram">True when level 1-OTP is offered alongside the level.</param>
public sealed record AsamRecommendation(AsamLevel Level, string Rule, string Reason, bool OfferOpioidTreatmentProgram)
{
    public string LevelCode => Level.Code();

    public string LevelName => Level.Name();
}

/// <summary>A placement decision: the level chosen and, when it differs from the recommendation, why.</summary>
public sealed record PlacementDecision(AsamLevel Recommended, AsamLevel Chosen, string? Reason)
{
    public bool IsOverride => Recommended != Chosen;
}

/// <summary>Either a value or every problem found; never both.</summary>
public sealed record Checked<T>
    where T : class
{
    internal Checked(T? value, IReadOnlyList<FieldError> errors)
    {
        Value = value;
        Errors = errors;
    }

    public T? Value { get; }

    public IReadOnlyList<FieldError> Errors { get; }

    public bool IsValid => Value is not null;
}

/// <summary>One row of the placement rule table.</summary>
public sealed record AsamRule(string Id, string When, string Recommends);

/// <summary>
/// Mainstay's level-of-care decision aid over the six ASAM dimensions. This is NOT ASAM's own
/// (proprietary) placement algorithm: it is a short, conservative first-match rule table written
/// for Mainstay and documented in docs/CLINICAL.md, so that a clinician sees why a level was
/// suggested. The clinician decides; a different level needs a recorded reason (<see cref="Choose"/>).
/// Dimensions and levels: ASAM Criteria, 3rd edition (2013).
/// </summary>
public static class AsamPlacement
{
    /// <summary>The rule table, evaluated top to bottom; the first rule that matches decides.</summary>
    public static IReadOnlyList<AsamRule> Rules { get; } =
    [
        new("R1", "D1 = 4, or D1 >= 3 and medically unstable", "4-WM"),
        new("R2", "D2 = 4, or D2 >= 3 and medically unstable", "4"),
        new("R3", "D1 = 3", "3.7-WM"),
        new("R4", "D2 = 3, or D3 >= 3", "3.7"),
        new("R5", "D1 = 2 and (D2 >= 2 or D6 >= 3)", "3.7-WM"),
        new("R6", "D1 = 2", "2-WM"),
        new("R7", "D5 >= 3 or D6 >= 3", "3.5"),
        new("R8", "D5 = 2 or D4 >= 2", "2.1"),
        new("R9", "otherwise", "1"),
    ];

    /// <summary>
    /// Recommends a level of care from the six ratings (each 0–4; every out-of-range dimension is
    /// reported) using <see cref="Rules"/>. The opioid treatment program (1-OTP) is offered alongside
    /// when OUD is moderate or severe and the patient chooses methadone, or when the patient has OUD
    /// and chooses medication.
    /// </summary>
    public static Checked<AsamRecommendation> Recommend(AsamRatings ratings, AsamContext context)
    {
        ArgumentNullException.ThrowIfNull(ratings);
        ArgumentNullException.ThrowIfNull(context);

        var errors = RangeErrors(ratings).ToList();
        if (errors.Count > 0)
        {
            return new(null, errors);
        }

        var (d1, d2, d3, d4, d5, d6) = (ratings.Withdrawal, ratings.Biomedical, ratings.EmotionalBehavioralCognitive,
            ratings.ReadinessToChange, ratings.RelapsePotential, ratings.RecoveryEnvironment);
        var unstable = context.MedicallyUnstable;
        var id = (d1, d2, d3, d4, d5, d6) switch
        {
            _ when d1 == 4 || (d1 >= 3 && unstable) => "R1",
            _ when d2 == 4 || (d2 >= 3 && unstable) => "R2",
            _ when d1 == 3 => "R3",
            _ when d2 == 3 || d3 >= 3 => "R4",
            _ when d1 == 2 && (d2 >= 2 || d6 >= 3) => "R5",
            _ when d1 == 2 => "R6",
            _ when d5 >= 3 || d6 >= 3 => "R7",
            _ when d5 == 2 || d4 >= 2 => "R8",
            _ => "R9",
        };

        var rule = Rules.Single(r => r.Id == id);
        var level = AsamLevels.FromCode(rule.Recommends)!.Value;
        var otp = (context.OudSeverity is OudSeverity.Moderate or OudSeverity.Severe && context.ChoosesMethadone)
                  || context.OudWithMedication;
        var reason = $"{rule.Id}: {rule.When} → {level.Code()} {level.Name()}."
                     + (otp ? " Opioid treatment program (1-OTP) offered alongside for medication." : string.Empty);
        return new(new AsamRecommendation(level, rule.Id, reason, otp), []);
    }

    /// <summary>
    /// Records the clinician's choice. A level different from the recommendation is refused unless a
    /// non-blank reason is given (docs/DESIGN.md: a clinician may override only with a recorded reason).
    /// </summary>
    public static Checked<PlacementDecision> Choose(AsamLevel recommended, AsamLevel chosen, string? reason)
    {
        if (recommended != chosen && string.IsNullOrWhiteSpace(reason))
        {
            return new(null, [new FieldError("reason", "reason-required",
                $"Choosing {chosen.Code()} instead of the recommended {recommended.Code()} needs a reason.")]);
        }

        return new(new PlacementDecision(recommended, chosen, string.IsNullOrWhiteSpace(reason) ? null : reason.Trim()), []);
    }

    private static IEnumerable<FieldError> RangeErrors(AsamRatings r)
    {
        (string Field, int Value, string Name)[] dimensions =
        [
            ("withdrawal", r.Withdrawal, "Dimension 1 (intoxication/withdrawal)"),
            ("biomedical", r.Biomedical, "Dimension 2 (biomedical)"),
            ("emotionalBehavioralCognitive", r.EmotionalBehavioralCognitive, "Dimension 3 (emotional, behavioral, cognitive)"),
            ("readinessToChange", r.ReadinessToChange, "Dimension 4 (readiness to change)"),
            ("relapsePotential", r.RelapsePotential, "Dimension 5 (relapse potential)"),
            ("recoveryEnvironment", r.RecoveryEnvironment, "Dimension 6 (recovery environment)"),
        ];
        return dimensions
            .Where(d => d.Value is < 0 or > 4)
            .Select(d => new FieldError(d.Field, "out-of-range", $"{d.Name} is rated {d.Value}; ratings are 0 to 4."));
    }
}
