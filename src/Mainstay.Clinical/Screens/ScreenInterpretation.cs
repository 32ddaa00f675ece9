namespace Mainstay.Clinical.Screens;

/// <summary>
/// Reads a drug screen against what the patient is prescribed: specimen validity, use of opioids that are not
/// prescribed (fentanyl, heroin, opiates, oxycodone), other substances that raise overdose risk, and signs that the
/// prescribed medication is not being taken or the specimen was spiked (possible diversion). Pure.
/// Sources and their strength in docs/CLINICAL.md, section "Drug screens".
/// </summary>
/// <remarks>
/// The interpretation flags; it never concludes. Immunoassay results are presumptive, and a flag is a reason to talk
/// with the patient and, where it matters, to confirm by a definitive (chromatography/mass-spectrometry) test.
/// </remarks>
public static class ScreenInterpretation
{
    public const string ValiditySource =
        "HHS Mandatory Guidelines for Federal Workplace Drug Testing Programs using Urine (82 FR 7920, 2017), specimen validity criteria; temperature 32–38 °C within 4 minutes of collection.";

    public const string InterpretationSource =
        "ASAM, Appropriate Use of Drug Testing in Clinical Addiction Medicine (2017); SAMHSA TIP 63, Medications for Opioid Use Disorder (2021).";

    public const string SedativeSource =
        "FDA Drug Safety Communication (2016, 2017): opioids with benzodiazepines or other CNS depressants — serious breathing problems; do not withhold OUD medication, manage the risk.";

    public const string XylazineSource =
        "SAMHSA / CDC notices on xylazine in the illicit fentanyl supply (2023): sedation not reversed by naloxone, severe wounds.";

    /// <summary>Urine temperature range, °C, read within 4 minutes of collection.</summary>
    public const decimal MinTemperatureC = 32m;

    public const decimal MaxTemperatureC = 38m;

    /// <summary>Reads the specimen checks. Oral fluid has no temperature, creatinine, gravity or pH criteria.</summary>
    public static SpecimenValidity Validity(SpecimenChecks checks)
    {
        ArgumentNullException.ThrowIfNull(checks);
        if (checks.AdulterantDetected)
        {
            return SpecimenValidity.Adulterated;
        }

        if (checks.Type == SpecimenType.OralFluid)
        {
            return SpecimenValidity.Valid;
        }

        if (checks.Ph is { } ph)
        {
            if (ph < 4m || ph >= 11m)
            {
                return SpecimenValidity.Adulterated;
            }

            if (ph < 4.5m || ph >= 9m)
            {
                return SpecimenValidity.Invalid;
            }
        }

        var creatinine = checks.CreatinineMgPerDl;
        var gravity = checks.SpecificGravity;
        if (creatinine < 2m)
        {
            // Substituted needs the gravity to confirm it; a low creatinine with a normal gravity is inconsistent.
            return gravity is { } g && (g <= 1.0010m || g >= 1.0200m) ? SpecimenValidity.Substituted : SpecimenValidity.Invalid;
        }

        if (creatinine is not null && gravity <= 1.0010m)
        {
            return SpecimenValidity.Invalid;
        }

        if (checks.TemperatureC is { } t && (t < MinTemperatureC || t > MaxTemperatureC))
        {
            return SpecimenValidity.TemperatureOutOfRange;
        }

        if (creatinine < 20m && gravity is null or < 1.0030m)
        {
            return SpecimenValidity.Dilute;
        }

        return SpecimenValidity.Valid;
    }

    /// <summary>
    /// Interprets the results. Analytes missing from <paramref name="results"/> were not tested. Positives are read whatever
    /// the specimen validity (a dilute or tampered specimen cannot create a positive); negatives — and so the missing
    /// medication flags and the opioid-negative count — only from a valid specimen.
    /// </summary>
    public static ScreenReading Interpret(
        IReadOnlyDictionary<Analyte, AnalyteResult> results, SpecimenChecks checks, ScreenContext context)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(context);
        var validity = Validity(checks);
        var trustNegatives = validity == SpecimenValidity.Valid;
        var urine = checks.Type == SpecimenType.Urine;
        bool Pos(Analyte a) => results.TryGetValue(a, out var r) && r == AnalyteResult.Positive;
        bool Neg(Analyte a) => trustNegatives && results.TryGetValue(a, out var r) && r == AnalyteResult.Negative;

        var findings = new List<ScreenFinding>();
        var illicit = false;
        var diversion = false;

        if (validity != SpecimenValidity.Valid)
        {
            findings.Add(new("specimen-" + Code(validity), FindingSeverity.Warning, ValidityMessage(validity, checks.Observed), ValiditySource));
        }

        var fentanyl = (Pos(Analyte.Fentanyl) || Pos(Analyte.Norfentanyl)) && !context.Prescribed("fentanyl");
        if (fentanyl)
        {
            illicit = true;
            findings.Add(new("fentanyl-positive", FindingSeverity.Danger,
                "Fentanyl positive: high overdose risk. Offer naloxone, review the dose and take-home doses with the patient.", InterpretationSource));
        }

        if (Pos(Analyte.SixMam))
        {
            illicit = true;
            findings.Add(new("heroin-positive", FindingSeverity.Danger,
                "6-MAM positive: heroin use in the last hours to a day (6-MAM is specific to heroin and short-lived).", InterpretationSource));
        }
        else if (Pos(Analyte.Opiates) && !context.Prescribed("morphine") && !context.Prescribed("codeine"))
        {
            illicit = true;
            findings.Add(new("opiates-positive", FindingSeverity.Warning,
                "Opiates positive without 6-MAM: morphine, codeine or heroin (6-MAM clears within hours); poppy seeds can give a low positive. Confirm if it changes care.",
                InterpretationSource));
        }

        if (Pos(Analyte.Oxycodone) && !context.Prescribed("oxycodone"))
        {
            illicit = true;
            findings.Add(new("oxycodone-positive", FindingSeverity.Warning,
                "Oxycodone positive and not prescribed (the opiates immunoassay does not reliably detect oxycodone; this is its own test).", InterpretationSource));
        }

        diversion |= Medication(context.Methadone, "methadone", Analyte.Methadone, "EDDP", Analyte.Eddp);
        diversion |= Medication(context.Buprenorphine, "buprenorphine", Analyte.Buprenorphine, "norbuprenorphine", Analyte.Norbuprenorphine);

        var onOpioidMedication = context.Methadone || context.Buprenorphine;
        if (Pos(Analyte.Benzodiazepines) && !context.Benzodiazepines)
        {
            findings.Add(new("benzodiazepines-positive", onOpioidMedication ? FindingSeverity.Danger : FindingSeverity.Warning,
                onOpioidMedication
                    ? "Benzodiazepines positive and not prescribed, with an opioid medication: risk of breathing suppression and overdose. Do not stop the medication; review the dose, naloxone and the reason for use."
                    : "Benzodiazepines positive and not prescribed.",
                SedativeSource));
        }

        if (Pos(Analyte.Xylazine))
        {
            findings.Add(new("xylazine-positive", FindingSeverity.Danger,
                "Xylazine positive: sedation that naloxone does not reverse (give naloxone anyway for the opioid, call 911, support breathing); check for wounds.",
                XylazineSource));
        }

        if (Pos(Analyte.EtG))
        {
            findings.Add(new("alcohol-positive", onOpioidMedication ? FindingSeverity.Warning : FindingSeverity.Info,
                "Alcohol (EtG) positive: with methadone or buprenorphine it adds to sedation; screen for alcohol use disorder.", SedativeSource));
        }

        if (Pos(Analyte.Cocaine))
        {
            findings.Add(new("cocaine-positive", FindingSeverity.Warning, "Cocaine positive (benzoylecgonine). Fentanyl is often found in the cocaine supply: offer naloxone.", InterpretationSource));
        }

        if (Pos(Analyte.Amphetamines))
        {
            findings.Add(new("amphetamines-positive", FindingSeverity.Warning, "Amphetamines positive (a prescribed stimulant also gives this result).", InterpretationSource));
        }

        Analyte[] opioidAnalytes =
        [
            Analyte.Fentanyl, Analyte.Norfentanyl, Analyte.Opiates, Analyte.SixMam, Analyte.Oxycodone,
            .. context.Methadone ? Array.Empty<Analyte>() : [Analyte.Methadone, Analyte.Eddp],
            .. context.Buprenorphine ? Array.Empty<Analyte>() : [Analyte.Buprenorphine, Analyte.Norbuprenorphine],
        ];
        var opioidNegative = trustNegatives && !illicit && opioidAnalytes.Any(results.ContainsKey);

        return new ScreenReading(
            validity,
            [.. findings.OrderByDescending(f => f.Severity)],
            illicit,
            fentanyl,
            diversion,
            opioidNegative);

        // The prescribed medication missing (not taken: possibly diverted), present without its metabolite (urine
        // only: the specimen may have been spiked), or present when not prescribed. Returns whether diversion is flagged.
        bool Medication(bool prescribed, string name, Analyte parent, string metaboliteName, Analyte metabolite)
        {
            if (!prescribed)
            {
                if (Pos(parent) || Pos(metabolite))
                {
                    illicit = true;
                    findings.Add(new($"unprescribed-{name}", FindingSeverity.Warning,
                        $"{Capital(name)} positive and not prescribed by this program: check for another prescriber or program (dual enrollment) or use of diverted medication.",
                        InterpretationSource));
                }

                return false;
            }

            if (Neg(parent) && (Neg(metabolite) || !results.ContainsKey(metabolite)))
            {
                findings.Add(new($"{name}-absent", FindingSeverity.Warning,
                    $"{Capital(name)} is prescribed but was not found: the patient may not be taking it (missed doses, or possible diversion of take-home doses). Talk with the patient; review take-homes.",
                    InterpretationSource));
                return true;
            }

            if (urine && Pos(parent) && Neg(metabolite))
            {
                findings.Add(new($"{name}-without-{metaboliteName.ToLowerInvariant()}", FindingSeverity.Warning,
                    $"{Capital(name)} found without {metaboliteName}: the medication may have been added to the urine rather than taken (possible diversion). Consider an observed recollection.",
                    InterpretationSource));
                return true;
            }

            return false;
        }
    }

    /// <summary>The code of a validity in the API: valid, dilute, substituted, adulterated, invalid, temperature-out-of-range.</summary>
    public static string Code(SpecimenValidity validity) => validity switch
    {
        SpecimenValidity.TemperatureOutOfRange => "temperature-out-of-range",
        _ => validity.ToString().ToLowerInvariant(),
    };

    /// <summary>The analyte's code in the API and the CSV import, e.g. "6-mam", "eddp", "etg".</summary>
    public static string Code(Analyte analyte) => analyte switch
    {
        Analyte.SixMam => "6-mam",
        _ => analyte.ToString().ToLowerInvariant(),
    };

    public static bool TryParseAnalyte(string? code, out Analyte analyte)
    {
        foreach (var a in Enum.GetValues<Analyte>())
        {
            if (string.Equals(Code(a), code?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                analyte = a;
                return true;
            }
        }

        analyte = default;
        return false;
    }

    private static string ValidityMessage(SpecimenValidity validity, bool observed)
    {
        var again = observed ? "Recollect." : "Recollect under observation.";
        return validity switch
        {
            SpecimenValidity.Dilute => $"Dilute specimen (creatinine under 20 mg/dL): negative results cannot be trusted. {again}",
            SpecimenValidity.Substituted => $"Substituted specimen (creatinine under 2 mg/dL with a specific gravity outside human urine): not the patient's urine. {again}",
            SpecimenValidity.Adulterated => $"Adulterated specimen (pH or an adulterant outside human urine): results cannot be trusted. {again}",
            SpecimenValidity.Invalid => $"Invalid specimen (pH or creatinine and gravity inconsistent): results cannot be trusted. {again}",
            SpecimenValidity.TemperatureOutOfRange => $"Temperature outside 32–38 °C at collection: the specimen may not be fresh urine. {again}",
            _ => "Valid specimen.",
        };
    }

    private static string Capital(string s) => char.ToUpperInvariant(s[0]) + s[1..];
}
