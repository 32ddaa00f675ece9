namespace Mainstay.Clinical.Instruments;

/// <summary>
/// Scores an instrument from its answers. Every problem is reported, each naming its item: a
/// missing answer, a value the item does not allow, an unknown item id. A missing answer is never
/// scored as 0. Instrument-specific rules (PHQ-9 item 9 alert, DSM-5 severity and ICD-10-CM code,
/// ORT sex-specific points, PC-PTSD-5 exposure gate) are cited in each instrument's file.
/// </summary>
public static class InstrumentScorer
{
    public static ScoringResult Score(string code, IReadOnlyDictionary<string, int> answers, ScoringContext context)
    {
        var definition = Instruments.Find(code);
        return definition is null
            ? ScoringResult.Failed([new FieldError("code", "unknown-instrument", $"No instrument has the code '{code}'.")])
            : Score(definition, answers, context);
    }

    public static ScoringResult Score(InstrumentDefinition definition, IReadOnlyDictionary<string, int> answers, ScoringContext context)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(answers);
        ArgumentNullException.ThrowIfNull(context);

        var given = new Dictionary<string, int>(answers, StringComparer.Ordinal);
        var errors = new List<FieldError>();
        AddDerivedAnswers(definition, given, context, errors);
        errors.AddRange(ContextErrors(definition, context));
        errors.AddRange(AnswerErrors(definition, given));
        if (errors.Count > 0)
        {
            return ScoringResult.Failed(errors);
        }

        var total = definition.Items
            .Where(item => item.Scored && Applies(item, given))
            .Sum(item => Points(definition, item, given[item.Id], context));

        return definition.Code switch
        {
            Dsm5Oud.Code => ScoreDsm5(definition, total, given, context),
            _ => ScoringResult.Scored(Banded(definition, total, Alerts(definition, given), Findings(definition, given))),
        };
    }

    /// <summary>Whether an item applies given the other answers (an unanswered gate means it does not).</summary>
    public static bool Applies(InstrumentItem item, IReadOnlyDictionary<string, int> answers) =>
        item.Condition is null
        || (answers.TryGetValue(item.Condition.ItemId, out var gate) && gate == item.Condition.Value);

    private static void AddDerivedAnswers(InstrumentDefinition definition, Dictionary<string, int> given, ScoringContext context, List<FieldError> errors)
    {
        if (definition.Code != OpioidRiskTool.Code || context.AgeYears is not { } age)
        {
            return;
        }

        if (age < 0)
        {
            errors.Add(new FieldError("ageYears", "out-of-range", "Age cannot be negative."));
            return;
        }

        var derived = OpioidRiskTool.AgeAnswerFor(age);
        if (!given.TryGetValue(OpioidRiskTool.AgeItem, out var answered))
        {
            given[OpioidRiskTool.AgeItem] = derived;
        }
        else if (answered != derived && answered is 0 or 1)
        {
            errors.Add(new FieldError(OpioidRiskTool.AgeItem, "inconsistent",
                $"The answer ({answered}) contradicts the patient's age ({age} years)."));
        }
    }

    private static IEnumerable<FieldError> ContextErrors(InstrumentDefinition definition, ScoringContext context)
    {
        if (definition.Code == OpioidRiskTool.Code && context.SexAtBirth is null)
        {
            yield return new FieldError("sexAtBirth", "missing", "The Opioid Risk Tool scores differently for female and male patients: sex at birth is required.");
        }

        if (definition.Code == Dsm5Oud.Code && context.MonthsWithoutCriteria is { } months)
        {
            if (months < 0)
            {
                yield return new FieldError("monthsWithoutCriteria", "out-of-range", "Months without criteria cannot be negative.");
            }
            else if (months >= 3 && context.PriorSeverity is null or OudSeverity.None)
            {
                yield return new FieldError("priorSeverity", "missing",
                    "Remission applies only after full criteria were previously met: give the prior severity (mild, moderate or severe).");
            }
        }
    }

    private static IEnumerable<FieldError> AnswerErrors(InstrumentDefinition definition, Dictionary<string, int> given)
    {
        foreach (var id in given.Keys.Where(id => definition.Item(id) is null).Order(StringComparer.Ordinal))
        {
            yield return new FieldError(id, "unknown-item", $"{definition.Name} has no item '{id}'.");
        }

        foreach (var item in definition.Items)
        {
            if (given.TryGetValue(item.Id, out var value))
            {
                // A value is checked even when its item does not apply: a typo is still a typo.
                if (!item.Allows(value))
                {
                    var allowed = string.Join(", ", item.AllowedAnswers.Select(a => a.Value));
                    yield return new FieldError(item.Id, "not-allowed", $"{value} is not a score of '{item.Text}'; allowed: {allowed}.");
                }
            }
            else if (Applies(item, given) && (item.Condition is null || definition.Item(item.Condition.ItemId) is not null))
            {
                yield return new FieldError(item.Id, "missing", $"'{item.Text}' is not answered.");
            }
        }
    }

    private static int Points(InstrumentDefinition definition, InstrumentItem item, int value, ScoringContext context)
    {
        if (item.Points is { } points)
        {
            return value == 0 ? 0 : points.For(context.SexAtBirth!.Value);
        }

        var supervised = context.OnMedicalSupervision || context.OnMaintenanceTherapy;
        if (definition.Code == Dsm5Oud.Code && supervised && item.Id is Dsm5Oud.ToleranceItem or Dsm5Oud.WithdrawalItem)
        {
            return 0;
        }

        return value;
    }

    private static InstrumentScore Banded(InstrumentDefinition definition, int total, IReadOnlyList<ScoringAlert> alerts, IReadOnlyList<string> findings)
    {
        var band = definition.BandFor(total);
        var interpretation = band?.Interpretation
            ?? $"Total {total} of {definition.MaxTotal}. {definition.Note}";
        return new InstrumentScore(
            definition.Code,
            total,
            band?.Label,
            band is null ? null : IndexOf(definition.Bands, band),
            interpretation,
            alerts,
            findings);
    }

    private static int IndexOf(IReadOnlyList<ScoreBand> bands, ScoreBand band)
    {
        for (var i = 0; i < bands.Count; i++)
        {
            if (ReferenceEquals(bands[i], band))
            {
                return i;
            }
        }

        return -1;
    }

    private static IReadOnlyList<ScoringAlert> Alerts(InstrumentDefinition definition, Dictionary<string, int> given)
    {
        var alerts = new List<ScoringAlert>();
        if (definition.Code == Phq9.Code && given[Phq9.SelfHarmItem] >= 1)
        {
            alerts.Add(new ScoringAlert("self-harm", AlertSeverity.Danger,
                "PHQ-9 item 9 is positive (thoughts of being better off dead or of self-harm): assess suicide risk today, whatever the total."));
        }

        if (definition.Code == SocialNeeds.Code && given["safety"] == 1)
        {
            alerts.Add(new ScoringAlert("interpersonal-safety", AlertSeverity.Warning,
                "The patient reports being hurt, insulted, threatened or screamed at: assess safety and offer help."));
        }

        return alerts;
    }

    private static IReadOnlyList<string> Findings(InstrumentDefinition definition, Dictionary<string, int> given) =>
        definition.Code is SocialNeeds.Code or Ace.Code
            ? [.. definition.Items.Where(i => given[i.Id] == 1).Select(i => i.Id)]
            : [];

    private static ScoringResult ScoreDsm5(InstrumentDefinition definition, int counted, Dictionary<string, int> given, ScoringContext context)
    {
        var remission = context.MonthsWithoutCriteria is { } months ? Dsm5Oud.RemissionFor(months) : OudRemission.NotInRemission;
        if (remission != OudRemission.NotInRemission)
        {
            var otherThanCraving = definition.Items
                .Where(i => i.Id != Dsm5Oud.CravingItem)
                .Sum(i => Points(definition, i, given[i.Id], context));
            if (otherThanCraving > 0)
            {
                return ScoringResult.Failed([new FieldError("monthsWithoutCriteria", "inconsistent",
                    $"{otherThanCraving} criteria other than craving are marked met now, so the patient is not in remission.")]);
            }
        }

        var severity = remission == OudRemission.NotInRemission ? Dsm5Oud.SeverityFor(counted) : context.PriorSeverity!.Value;
        var diagnosis = new OudDiagnosis(
            counted,
            severity,
            Dsm5Oud.Icd10CodeFor(severity, remission),
            remission,
            context.OnMaintenanceTherapy,
            context.InControlledEnvironment);

        var score = Banded(definition, counted, [], []);
        if (remission != OudRemission.NotInRemission)
        {
            var words = remission == OudRemission.Early ? "early remission (3 to 12 months)" : "sustained remission (12 months or more)";
            score = score with
            {
                Interpretation = $"Opioid use disorder, {Label(severity)}, in {words}: no criterion except craving has been met.",
            };
        }

        return ScoringResult.Scored(score with { Diagnosis = diagnosis });
    }

    private static string Label(OudSeverity severity) => severity switch
    {
        OudSeverity.None => "none",
        OudSeverity.Mild => "mild",
        OudSeverity.Moderate => "moderate",
        OudSeverity.Severe => "severe",
    };
}
