using R4 = Hl7.Fhir.Model;

namespace Mainstay.Features.Fhir;

/// <summary>What the FHIR door offers, as the CapabilityStatement at <c>/fhir/metadata</c>.</summary>
public static class FhirCapabilities
{
    /// <summary>Types received from other systems and kept as outside records (read and search, never written by Mainstay itself).</summary>
    public static readonly IReadOnlyList<string> OutsideTypes =
    [
        "AllergyIntolerance", "CareTeam", "DiagnosticReport", "DocumentReference", "Encounter", "Goal", "Immunization", "ImagingStudy",
        "Location", "Medication", "MedicationDispense", "MedicationStatement", "Organization", "Practitioner", "PractitionerRole",
        "Procedure", "RelatedPerson", "ServiceRequest", "Device", "SupplyDelivery",
    ];

    private static readonly Dictionary<string, string> Documentation = new()
    {
        ["Patient"] = "Registered patients (the site wall applies: only patients at the caller's sites). A Patient received in a Bundle becomes a chart.",
        ["Condition"] = "The DSM-5 opioid use disorder diagnosis of each completed intake assessment (ICD-10-CM), and received conditions.",
        ["Observation"] = "Instrument totals (LOINC where confirmed, else urn:mainstay:instrument), withdrawal flowsheet vitals and COWS/SOWS, drug screens with a component per analyte (LOINC urine screen codes where confirmed, results as SNOMED CT positive or negative), and received observations.",
        ["QuestionnaireResponse"] = "The answers of each instrument of an intake assessment.",
        ["Questionnaire"] = "Every instrument Mainstay scores, with answer scores (ordinalValue); readable without signing in.",
        ["MedicationRequest"] = "Medication orders for opioid use disorder (RxNorm ingredient), every version of every order line.",
        ["MedicationAdministration"] = "Doses given at the window and take-home bottles handed out.",
        ["CarePlan"] = "Treatment plans, with goals (contained) and interventions.",
        ["EpisodeOfCare"] = "Treatment episodes from admission to discharge (type episodeofcare-type da, the level of care in its text), and withdrawal-management episodes.",
        ["Encounter"] = "Each patient's place at the program's sessions (counseling, group meetings, case management, study visits): ambulatory, finished when the patient came, cancelled for a no-show, an excused absence or a cancelled session (the mark in the type's text); and received encounters.",
        ["Consent"] = "42 CFR Part 2 consents to disclose, active, expired or revoked.",
        ["AuditEvent"] = "The audit trail (auditor and admin roles only).",
    };

    public static R4.CapabilityStatement Statement(string baseUrl)
    {
        var statement = new R4.CapabilityStatement
        {
            Id = "mainstay",
            Url = baseUrl + "/metadata",
            Name = "Mainstay",
            Title = "Mainstay FHIR R4 server",
            Status = R4.PublicationStatus.Active,
            Date = "2026-11-23",
            Publisher = "Mainstay",
            Kind = R4.CapabilityStatementKind.Instance,
            Software = new R4.CapabilityStatement.SoftwareComponent { Name = "Mainstay", Version = typeof(FhirCapabilities).Assembly.GetName().Version?.ToString() },
            Implementation = new R4.CapabilityStatement.ImplementationComponent { Description = "Mainstay: opioid addiction treatment program records", Url = baseUrl },
            FhirVersion = R4.FHIRVersion.N4_0_1,
            Format = ["json", "application/fhir+json"],
        };
        var rest = new R4.CapabilityStatement.RestComponent
        {
            Mode = R4.CapabilityStatement.RestfulCapabilityMode.Server,
            Documentation = "Substance use disorder records protected by 42 CFR Part 2: every resource carries its security labels, every read and search is audited.",
            Security = new R4.CapabilityStatement.SecurityComponent
            {
                Description = "Bearer token from POST /api/v1/auth/token (username and password of a Mainstay account); the account's role and sites decide what is visible.",
            },
            Interaction =
            [
                new R4.CapabilityStatement.SystemInteractionComponent { Code = R4.CapabilityStatement.SystemRestfulInteraction.Transaction, Documentation = "All or nothing; Patients become charts, other resources outside records." },
                new R4.CapabilityStatement.SystemInteractionComponent { Code = R4.CapabilityStatement.SystemRestfulInteraction.Batch, Documentation = "Each entry on its own; rejected entries are reported in the batch-response." },
            ],
            Operation =
            [
                new R4.CapabilityStatement.OperationComponent { Name = "export", Definition = "http://hl7.org/fhir/uv/bulkdata/OperationDefinition/export", Documentation = "System and Patient level; Prefer: respond-async; _type, _since; NDJSON files." },
            ],
        };
        foreach (var type in Documentation.Keys.Concat(OutsideTypes).Distinct())
        {
            var resource = new R4.CapabilityStatement.ResourceComponent
            {
                Type = type,
                Documentation = Documentation.GetValueOrDefault(type) ?? "Received from other systems and kept as outside records.",
                Interaction =
                [
                    new R4.CapabilityStatement.ResourceInteractionComponent { Code = R4.CapabilityStatement.TypeRestfulInteraction.Read },
                    new R4.CapabilityStatement.ResourceInteractionComponent { Code = R4.CapabilityStatement.TypeRestfulInteraction.SearchType },
                ],
            };
            foreach (var (name, kind, text) in Parameters(type))
            {
                resource.SearchParam.Add(new R4.CapabilityStatement.SearchParamComponent { Name = name, Type = kind, Documentation = text });
            }

            rest.Resource.Add(resource);
        }

        statement.Rest.Add(rest);
        return statement;
    }

    private static IEnumerable<(string Name, R4.SearchParamType Type, string Text)> Parameters(string type)
    {
        yield return ("_id", R4.SearchParamType.Token, "Logical id; several separated by commas.");
        yield return ("_count", R4.SearchParamType.Number, $"Page size, default {FhirQuery.DefaultCount}, at most {FhirQuery.MaximumCount}.");
        yield return ("_offset", R4.SearchParamType.Number, "Where the page starts (the next link carries it).");
        if (type == "Patient")
        {
            yield return ("name", R4.SearchParamType.String, "Start of the family or given name (accents and case ignored).");
            yield return ("family", R4.SearchParamType.String, "Start of the family name.");
            yield return ("given", R4.SearchParamType.String, "Start of the given name.");
            yield return ("birthdate", R4.SearchParamType.Date, "Birth date, YYYY-MM-DD.");
            yield return ("gender", R4.SearchParamType.Token, "male, female, other or unknown.");
            yield return ("identifier", R4.SearchParamType.Token, "MRN (urn:mainstay:mrn|value), or the identifier a received Patient came with.");
            yield break;
        }

        if (type is "Questionnaire" or "AuditEvent")
        {
            if (type == "AuditEvent")
            {
                yield return ("patient", R4.SearchParamType.Reference, "The patient the event concerns.");
                yield return ("date", R4.SearchParamType.Date, "When recorded (prefixes eq, ge, gt, le, lt).");
            }

            yield break;
        }

        yield return ("patient", R4.SearchParamType.Reference, "Patient/id, or the id (also as 'subject').");
        yield return ("code", R4.SearchParamType.Token, "system|code, or code; several separated by commas.");
        yield return ("date", R4.SearchParamType.Date, "The clinically relevant time (prefixes eq, ge, gt, le, lt, sa, eb; repeat for a range).");
        yield return ("status", R4.SearchParamType.Token, "Status code as FHIR writes it (Condition: clinical status).");
    }
}
