using Mainstay.Clinical.Medication;

namespace Mainstay.Clinical.Dosing;

/// <summary>
/// Take-home doses: the limit for a day in treatment, and the check of a proposed take-home supply.
/// Pure. Sources and their strength in docs/CLINICAL.md, section "Dosing: missed doses and take-home doses".
/// </summary>
public static class TakeHomes
{
    public const string MethadoneSource =
        "42 CFR 8.12(i)(3) as revised by the 2024 final rule (89 FR 7528), read through secondary sources only [C]; check against eCFR.";

    public const string BuprenorphineSource =
        "Mainstay default: the Part 8 time-in-treatment limits apply to methadone, not buprenorphine (secondary source [C]); 28 days as the program maximum.";

    public const string NaltrexoneSource =
        "Mainstay default: XR-naltrexone is injected in the clinic; there are no take-home doses.";

    public const string CriteriaSource =
        "42 CFR 8.12(i)(2) as revised in 2024, read through Virginia 12VAC35-105-990 which reproduces it [B].";

    public const string DataCheckSource = "Mainstay data check.";

    /// <summary>
    /// The largest take-home supply, in days, for <paramref name="daysInTreatment"/> (day 1 = the admission or
    /// first-dose day). Methadone: days 1–14 up to 7, days 15–30 up to 14, day 31 on up to 28.
    /// Buprenorphine: 28 (Mainstay default). Naltrexone: 0. Closure-day and holiday doses are not part of this limit.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Days in treatment below 1, or an unknown medication.</exception>
    public static TakeHomeLimit Limit(Moud medication, int daysInTreatment)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(daysInTreatment);
        return medication switch
        {
            Moud.Methadone => daysInTreatment switch
            {
                <= 14 => new(daysInTreatment, 7, "Methadone, days 1-14 of treatment: up to 7 take-home doses.", MethadoneSource),
                <= 30 => new(daysInTreatment, 14, "Methadone, days 15-30 of treatment: up to 14 take-home doses.", MethadoneSource),
                _ => new(daysInTreatment, 28, "Methadone, day 31 of treatment on: up to 28 take-home doses.", MethadoneSource),
            },
            Moud.Buprenorphine => new(daysInTreatment, 28, "Buprenorphine: up to 28 take-home doses (program maximum).", BuprenorphineSource),
            Moud.Naltrexone => new(daysInTreatment, 0, "Naltrexone: no take-home doses (injection given in clinic).", NaltrexoneSource),
            _ => throw new ArgumentOutOfRangeException(nameof(medication), medication, "The medication must be methadone, buprenorphine or naltrexone."),
        };
    }

    /// <summary>
    /// Checks a proposed take-home supply. Findings: <c>take-home-invalid</c> (HardStop) for negative days,
    /// days in treatment below 1 or an unknown medication; <c>take-home-over-limit</c> (HardStop) when
    /// <paramref name="requestedDays"/> is above the limit; <c>take-home-criteria</c> (Warning) for each of
    /// criteria 1–5 not met; <c>take-home-approval</c> (HardStop) without prescriber approval. Criteria and
    /// approval are checked only when some take-home dose is proposed. Allowed = no HardStop and no Warning
    /// (the application records overrides of Warnings).
    /// </summary>
    /// <param name="medication">The medication of the order.</param>
    /// <param name="daysInTreatment">Day in treatment, day 1 = the admission or first-dose day.</param>
    /// <param name="requestedDays">Take-home doses counted against the time-in-treatment limit.</param>
    /// <param name="closureDays">
    /// Extra doses for days the clinic is closed (one weekend day, State and Federal holidays,
    /// §8.12(i)(1)); allowed at any time in treatment and not counted against the limit. Still subject to the
    /// criteria and approval. Naltrexone has no take-home doses, so closure days count as over the limit.
    /// </param>
    /// <param name="criteria">Criteria 1–5 as judged by the prescriber; criterion 6 is free text and raises no finding.</param>
    /// <param name="prescriberApproved">Whether the prescriber approved this take-home supply.</param>
    public static TakeHomeCheck Check(
        Moud medication, int daysInTreatment, int requestedDays, TakeHomeCriteria criteria, bool prescriberApproved, int closureDays = 0)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        var findings = new List<RuleFinding>();

        if (!Enum.IsDefined(medication))
        {
            findings.Add(Invalid("The medication must be methadone, buprenorphine or naltrexone."));
        }

        if (daysInTreatment <= 0)
        {
            findings.Add(Invalid("Days in treatment must be at least 1 (day 1 = admission or first dose)."));
        }

        if (requestedDays < 0 || closureDays < 0)
        {
            findings.Add(Invalid("Take-home and closure-day doses must be 0 or more."));
        }

        if (findings.Count > 0)
        {
            return new(false, 0, findings);
        }

        var limit = Limit(medication, daysInTreatment);
        var counted = medication == Moud.Naltrexone ? requestedDays + closureDays : requestedDays;
        if (counted > limit.MaximumTakeHomeDays)
        {
            findings.Add(new("take-home-over-limit", RuleSeverity.HardStop,
                $"{counted} take-home dose(s) requested; the limit on day {daysInTreatment} of treatment is {limit.MaximumTakeHomeDays}.",
                limit.Rule, limit.Source));
        }

        if (requestedDays + closureDays > 0)
        {
            AddCriterion(findings, criteria.NoActiveSubstanceUseOrRisk,
                "Criterion 1 not met: active substance use or another condition raising the risk of overdose or of not functioning safely.");
            AddCriterion(findings, criteria.RegularAttendance,
                "Criterion 2 not met: attendance for supervised dosing is not regular.");
            AddCriterion(findings, criteria.NoSeriousBehavioralProblems,
                "Criterion 3 not met: serious behavioral problems that endanger the patient, the public or others.");
            AddCriterion(findings, criteria.NoRecentDiversion,
                "Criterion 4 not met: known recent diversion.");
            AddCriterion(findings, criteria.SafeTransportAndStorage,
                "Criterion 5 not met: the medication cannot be safely transported and stored.");

            if (!prescriberApproved)
            {
                findings.Add(new("take-home-approval", RuleSeverity.HardStop,
                    "Take-home doses need the prescriber's (medical director or practitioner's) approval.",
                    "Every take-home decision is made by the prescriber.", CriteriaSource));
            }
        }

        var allowed = findings.TrueForAll(f => f.Severity is not (RuleSeverity.HardStop or RuleSeverity.Warning));
        return new(allowed, limit.MaximumTakeHomeDays, findings);
    }

    private static void AddCriterion(List<RuleFinding> findings, bool met, string message)
    {
        if (!met)
        {
            findings.Add(new("take-home-criteria", RuleSeverity.Warning, message,
                "Each take-home decision weighs the six criteria of 42 CFR 8.12(i)(2).", CriteriaSource));
        }
    }

    private static RuleFinding Invalid(string message) =>
        new("take-home-invalid", RuleSeverity.HardStop, message, "Valid input.", DataCheckSource);
}
