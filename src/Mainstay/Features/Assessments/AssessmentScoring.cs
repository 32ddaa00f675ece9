using Mainstay.Clinical.Assessment;
using Mainstay.Clinical.Demographics;
using Mainstay.Clinical.Instruments;
using Mainstay.Features.Instruments;
using Mainstay.Web;
using PatientSex = Mainstay.Features.Patients.SexAtBirth;

namespace Mainstay.Features.Assessments;

/// <summary>
/// Turns an assessment's content into results: each instrument scored with the patient's sex and age,
/// the DSM-5 diagnosis, the ASAM recommendation and the clinician's choice, and the risk-factor profile.
/// Problems are collected per field ("instruments.phq9.q9", "asam.withdrawal") rather than thrown.
/// </summary>
public static class AssessmentScoring
{
    public static AssessmentResults Evaluate(AssessmentContent content, PatientSex sex, DateOnly birthDate, DateOnly today)
    {
        var problems = new FieldErrors();
        var scores = new Dictionary<string, InstrumentScore>(StringComparer.Ordinal);
        foreach (var (code, entry) in content.Instruments ?? [])
        {
            if (Clinical.Instruments.Instruments.Find(code) is not { } definition)
            {
                problems.Add($"instruments.{code}", $"There is no instrument '{code}'.");
                continue;
            }

            var (context, contextErrors) = InstrumentsApi.Context(entry);
            foreach (var (field, messages) in contextErrors.ToDictionary())
            {
                foreach (var m in messages)
                {
                    problems.Add($"instruments.{definition.Code}.{field}", m);
                }
            }

            context = context with
            {
                SexAtBirth = context.SexAtBirth ?? ScoringSex(sex),
                AgeYears = context.AgeYears ?? (today >= birthDate ? Age.InYears(birthDate, today) : null),
            };
            var result = InstrumentScorer.Score(definition, entry.Answers ?? [], context);
            if (result.IsScored)
            {
                scores[definition.Code] = result.Score!;
            }
            else
            {
                foreach (var e in result.Errors)
                {
                    problems.Add($"instruments.{definition.Code}.{e.Field}", e.Message);
                }
            }
        }

        var diagnosis = scores.GetValueOrDefault(Dsm5Oud.Code)?.Diagnosis;
        var asam = content.Asam is { } input ? Place(input, diagnosis, problems) : null;
        var history = content.History ?? new IntakeHistory();
        if (sex == PatientSex.Male && history.Pregnancy == PregnancyStatus.Unknown)
        {
            history = history with { Pregnancy = PregnancyStatus.NotApplicable };
        }

        var profile = RiskFactorProfiler.Build(history, ResultsFor(scores, content), today);
        return new AssessmentResults(scores, diagnosis, asam, profile, problems.ToDictionary());
    }

    /// <summary>What completion requires beyond a clean evaluation: the diagnosis and the placement.</summary>
    public static FieldErrors MissingForCompletion(AssessmentContent content, AssessmentResults results)
    {
        var errors = new FieldErrors();
        foreach (var (field, messages) in results.Problems)
        {
            foreach (var m in messages)
            {
                errors.Add(field, m);
            }
        }

        if (content.History is null)
        {
            errors.Add("history", "The history section is required to complete an intake assessment.");
        }

        if (!results.Scores.ContainsKey(Dsm5Oud.Code))
        {
            errors.Add("instruments.dsm5-oud", "The DSM-5 opioid use disorder criteria are required to complete an intake assessment.");
        }

        if (content.Asam is null)
        {
            errors.Add("asam", "The ASAM dimension ratings are required to complete an intake assessment.");
        }

        return errors;
    }

    private static AsamResult? Place(AsamInput input, OudDiagnosis? diagnosis, FieldErrors problems)
    {
        var dimensions = new (string Field, int? Value)[]
        {
            ("withdrawal", input.Withdrawal), ("biomedical", input.Biomedical),
            ("emotionalBehavioralCognitive", input.EmotionalBehavioralCognitive), ("readinessToChange", input.ReadinessToChange),
            ("relapsePotential", input.RelapsePotential), ("recoveryEnvironment", input.RecoveryEnvironment),
        };
        foreach (var (field, value) in dimensions.Where(d => d.Value is null))
        {
            problems.Add($"asam.{field}", $"ASAM dimension {field} needs a risk rating from 0 to 4.");
        }

        if (dimensions.Any(d => d.Value is null))
        {
            return null;
        }

        var ratings = new AsamRatings(input.Withdrawal!.Value, input.Biomedical!.Value, input.EmotionalBehavioralCognitive!.Value,
            input.ReadinessToChange!.Value, input.RelapsePotential!.Value, input.RecoveryEnvironment!.Value);
        var recommended = AsamPlacement.Recommend(ratings, new AsamContext
        {
            MedicallyUnstable = input.MedicallyUnstable,
            ChoosesMethadone = input.ChoosesMethadone,
            OudSeverity = diagnosis?.Severity,
            OudWithMedication = diagnosis is { Severity: not OudSeverity.None },
        });
        if (!recommended.IsValid)
        {
            foreach (var e in recommended.Errors)
            {
                problems.Add($"asam.{e.Field}", e.Message);
            }

            return null;
        }

        var recommendation = recommended.Value!;
        var chosen = recommendation.Level;
        if (!string.IsNullOrWhiteSpace(input.ChosenLevel))
        {
            if (AsamLevels.FromCode(input.ChosenLevel.Trim()) is { } level)
            {
                chosen = level;
            }
            else
            {
                problems.Add("asam.chosenLevel", $"'{input.ChosenLevel}' is not a level of care; use one of {string.Join(", ", AsamLevels.All.Select(l => l.Code()))}.");
                return null;
            }
        }

        var decision = AsamPlacement.Choose(recommendation.Level, chosen, input.Reason);
        if (!decision.IsValid)
        {
            foreach (var e in decision.Errors)
            {
                problems.Add($"asam.{e.Field}", e.Message);
            }

            return null;
        }

        return new AsamResult(recommendation.LevelCode, recommendation.LevelName, recommendation.Rule, recommendation.Reason,
            recommendation.OfferOpioidTreatmentProgram, chosen.Code(), chosen.Name(), decision.Value!.IsOverride ? decision.Value.Reason : null);
    }

    private static InstrumentResults ResultsFor(Dictionary<string, InstrumentScore> scores, AssessmentContent content) => new()
    {
        Phq9Total = scores.GetValueOrDefault(Phq9.Code)?.Total,
        Phq9Item9 = scores.ContainsKey(Phq9.Code) && content.Instruments![Phq9.Code].Answers!.TryGetValue(Phq9.SelfHarmItem, out var q9) ? q9 : null,
        Gad7Total = scores.GetValueOrDefault(Gad7.Code)?.Total,
        PcPtsd5Total = scores.GetValueOrDefault(PcPtsd5.Code)?.Total,
        AceTotal = scores.GetValueOrDefault(Ace.Code)?.Total,
        OrtCategory = scores.GetValueOrDefault(OpioidRiskTool.Code)?.Band,
        SocialNeeds = scores.GetValueOrDefault(SocialNeeds.Code)?.Findings ?? [],
        OudSeverity = scores.GetValueOrDefault(Dsm5Oud.Code)?.Diagnosis?.Severity,
        CowsTotal = scores.GetValueOrDefault(Cows.Code)?.Total,
    };

    private static Clinical.Instruments.SexAtBirth? ScoringSex(PatientSex sex) => sex switch
    {
        PatientSex.Female => Clinical.Instruments.SexAtBirth.Female,
        PatientSex.Male => Clinical.Instruments.SexAtBirth.Male,
        PatientSex.Intersex or PatientSex.Unknown => null,
    };
}
