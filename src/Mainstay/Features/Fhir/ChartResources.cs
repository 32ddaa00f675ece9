using System.Globalization;
using System.Text.Json;
using Mainstay.Clinical.Instruments;
using Mainstay.Clinical.Planning;
using Mainstay.Features.Assessments;
using Mainstay.Features.Audit;
using Mainstay.Features.Dosing;
using Mainstay.Features.Orders;
using Mainstay.Features.Patients;
using Mainstay.Features.Plans;
using Mainstay.Features.Screens;
using Mainstay.Features.Withdrawal;
using InstrumentList = Mainstay.Clinical.Instruments.Instruments;
using R4 = Hl7.Fhir.Model;
using SexAtBirth = Mainstay.Features.Patients.SexAtBirth;

namespace Mainstay.Features.Fhir;

/// <summary>
/// Mainstay's own records as FHIR R4 resources. Every clinical resource carries the 42 CFR Part 2 labels; ids of resources
/// derived from one record (the scores of an assessment, the vitals of a flowsheet entry) are the record's id, a dot and a suffix.
/// </summary>
public static class ChartResources
{
    private static readonly JsonSerializerOptions Json = AssessmentRegistry.Json;

    public static R4.ResourceReference PatientRef(Guid id) => new("Patient/" + id);

    /// <param name="others">The identifiers other systems gave the patient (<see cref="PatientIdentifier"/>), after the MRN.</param>
    public static R4.Patient Patient(Patient p, IReadOnlyCollection<PatientIdentifier>? others = null)
    {
        var resource = new R4.Patient
        {
            Id = p.Id.ToString(),
            // Identifiers received after the last edit change the resource too (an export since then must carry it).
            Meta = Meta(others is { Count: > 0 } && others.Max(i => i.ReceivedAt) is var received && received > p.UpdatedAt ? received : p.UpdatedAt),
            Identifier =
            [
                new R4.Identifier(FhirCodes.MrnSystem, p.Mrn) { Type = new R4.CodeableConcept(FhirCodes.IdentifierType, "MR", "Medical record number") },
                .. (others ?? []).OrderBy(i => i.ReceivedAt).ThenBy(i => i.Position).Select(i => new R4.Identifier(i.System, i.Value)
                {
                    Type = (i.TypeCode, i.TypeText) switch
                    {
                        (null, null) => null,
                        (null, { } text) => new R4.CodeableConcept { Text = text },
                        ({ } code, var text) => new R4.CodeableConcept(FhirCodes.IdentifierType, code, text, text),
                    },
                }),
            ],
            Active = p.Status is PatientStatus.Active or PatientStatus.Waitlist,
            Name = [new R4.HumanName { Use = R4.HumanName.NameUse.Official, Family = p.FamilyName, Given = Given(p) }],
            BirthDate = p.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Gender = p.SexAtBirth switch
            {
                SexAtBirth.Female => R4.AdministrativeGender.Female,
                SexAtBirth.Male => R4.AdministrativeGender.Male,
                SexAtBirth.Intersex => R4.AdministrativeGender.Other,
                SexAtBirth.Unknown => R4.AdministrativeGender.Unknown,
            },
            Extension =
            [
                new R4.Extension(FhirCodes.UsCoreBirthSex, new R4.Code(p.SexAtBirth switch
                {
                    SexAtBirth.Female => "F",
                    SexAtBirth.Male => "M",
                    SexAtBirth.Intersex or SexAtBirth.Unknown => "UNK",
                })),
                new R4.Extension(FhirCodes.SexAtBirthExtension, new R4.Code(p.SexAtBirth.ToString().ToLowerInvariant())),
            ],
        };
        foreach (var (url, reported) in (ReadOnlySpan<(string, Clinical.Demographics.CdcReported?)>)
            [(FhirCodes.UsCoreRace, Clinical.Demographics.RaceAndEthnicity.Written(p.Race)), (FhirCodes.UsCoreEthnicity, Clinical.Demographics.RaceAndEthnicity.Written(p.Ethnicity))])
        {
            if (reported is not null)
            {
                resource.Extension.Add(RaceOrEthnicity(url, reported));
            }
        }

        if (Discharge.Deaths.Marked(p))
        {
            resource.Deceased = new R4.FhirBoolean(true);
        }

        if (p.PreferredName is { Length: > 0 } preferred)
        {
            resource.Name.Add(new R4.HumanName { Use = R4.HumanName.NameUse.Usual, Family = p.FamilyName, Given = [preferred] });
        }

        if (p.Phone is { } phone)
        {
            resource.Telecom.Add(new R4.ContactPoint(R4.ContactPoint.ContactPointSystem.Phone, null, phone));
        }

        if (p.Email is { } email)
        {
            resource.Telecom.Add(new R4.ContactPoint(R4.ContactPoint.ContactPointSystem.Email, null, email));
        }

        if (p.AddressLine is not null || p.City is not null || p.State is not null || p.PostalCode is not null)
        {
            resource.Address.Add(new R4.Address
            {
                Line = p.AddressLine is null ? [] : [p.AddressLine],
                City = p.City,
                State = p.State,
                PostalCode = p.PostalCode,
                Country = "US",
            });
        }

        if (p.PreferredLanguage is { } language)
        {
            resource.Communication.Add(new R4.Patient.CommunicationComponent { Language = new R4.CodeableConcept { Text = language }, Preferred = true });
        }

        return resource;
    }

    /// <summary>A US Core race or ethnicity extension: each OMB category, each detailed concept, then the words.</summary>
    private static R4.Extension RaceOrEthnicity(string url, Clinical.Demographics.CdcReported reported)
    {
        var extension = new R4.Extension { Url = url };
        foreach (var (part, concepts) in (ReadOnlySpan<(string, IReadOnlyList<Clinical.Demographics.CdcConcept>)>)[("ombCategory", reported.Categories), ("detailed", reported.Detailed)])
        {
            foreach (var concept in concepts)
            {
                extension.Extension.Add(new R4.Extension(part, new R4.Coding(Clinical.Demographics.RaceAndEthnicity.CodeSystem, concept.Code, concept.Display)));
            }
        }

        extension.Extension.Add(new R4.Extension("text", new R4.FhirString(reported.Text)));
        return extension;
    }

    private static List<string> Given(Patient p) => p.MiddleName is { Length: > 0 } middle ? [p.GivenName, middle] : [p.GivenName];

    /// <summary>The DSM-5 opioid use disorder diagnosis of a completed assessment (none when criteria are not met).</summary>
    public static R4.Condition? Diagnosis(Assessment a)
    {
        if (a.Results is null || JsonSerializer.Deserialize<AssessmentResults>(a.Results, Json)?.Diagnosis is not { Icd10Code: { } icd } diagnosis)
        {
            return null;
        }

        var remission = diagnosis.Remission switch
        {
            Clinical.Instruments.OudRemission.Early => "remission",
            Clinical.Instruments.OudRemission.Sustained => "remission",
            Clinical.Instruments.OudRemission.NotInRemission => "active",
        };
        return new R4.Condition
        {
            Id = a.Id.ToString(),
            Meta = Meta(a.UpdatedAt),
            ClinicalStatus = new R4.CodeableConcept(FhirCodes.ConditionClinical, remission),
            VerificationStatus = new R4.CodeableConcept(FhirCodes.ConditionVerification, a.Status == AssessmentStatus.Signed ? "confirmed" : "provisional"),
            Category = [new R4.CodeableConcept(FhirCodes.ConditionCategory, "encounter-diagnosis", "Encounter Diagnosis")],
            Code = new R4.CodeableConcept(FhirCodes.Icd10Cm, icd, OudText(diagnosis)) { Text = OudText(diagnosis) },
            Subject = PatientRef(a.PatientId),
            RecordedDate = Instant(a.CompletedAt ?? a.UpdatedAt),
            Recorder = (a.SignedBy ?? a.CompletedBy) is { } recorder ? new R4.ResourceReference { Display = recorder } : null,
            Evidence =
            [
                new R4.Condition.EvidenceComponent
                {
                    Detail = [new R4.ResourceReference($"Observation/{a.Id}.dsm5-oud")],
                },
            ],
            Note = [new R4.Annotation { Text = $"DSM-5 criteria met: {diagnosis.CriteriaMet} of 11" + (diagnosis.OnMaintenanceTherapy ? "; on maintenance therapy" : "") + (diagnosis.InControlledEnvironment ? "; in a controlled environment" : "") }],
        };
    }

    private static string OudText(OudDiagnosis d) =>
        $"Opioid use disorder, {d.Severity.ToString().ToLowerInvariant()}" + d.Remission switch
        {
            Clinical.Instruments.OudRemission.Early => ", in early remission",
            Clinical.Instruments.OudRemission.Sustained => ", in sustained remission",
            Clinical.Instruments.OudRemission.NotInRemission => "",
        };

    /// <summary>One Observation per scored instrument of a completed assessment (id: assessment id + "." + instrument).</summary>
    public static IEnumerable<R4.Observation> Scores(Assessment a)
    {
        if (a.Results is null || JsonSerializer.Deserialize<AssessmentResults>(a.Results, Json) is not { } results)
        {
            yield break;
        }

        foreach (var (code, score) in results.Scores)
        {
            var definition = InstrumentList.Find(code);
            var concept = InstrumentCode(definition, code);
            var observation = new R4.Observation
            {
                Id = $"{a.Id}.{code}",
                Meta = Meta(a.UpdatedAt),
                Status = a.Status == AssessmentStatus.Draft ? R4.ObservationStatus.Preliminary : R4.ObservationStatus.Final,
                Category = [new R4.CodeableConcept(FhirCodes.ObservationCategory, "survey", "Survey")],
                Code = concept,
                Subject = PatientRef(a.PatientId),
                Effective = new R4.FhirDateTime(a.CompletedAt ?? a.UpdatedAt),
                Performer = a.CompletedBy is { } by ? [new R4.ResourceReference { Display = by }] : [],
                Value = new R4.Integer(score.Total),
                DerivedFrom = [new R4.ResourceReference($"QuestionnaireResponse/{a.Id}.{code}")],
            };
            if (score.Band is { } band)
            {
                observation.Interpretation = [new R4.CodeableConcept { Text = band }];
            }

            observation.Note.Add(new R4.Annotation { Text = score.Interpretation });
            yield return observation;
        }
    }

    public static R4.CodeableConcept InstrumentCode(InstrumentDefinition? definition, string code)
    {
        var name = (definition?.Name ?? code) + " total score";
        var concept = new R4.CodeableConcept { Text = name };
        if (definition?.Loinc?.Total is { } loinc)
        {
            concept.Coding.Add(new R4.Coding(FhirCodes.Loinc, loinc, name));
        }

        concept.Coding.Add(new R4.Coding(FhirCodes.InstrumentSystem, code, name));
        return concept;
    }

    /// <summary>The answers of each instrument of an assessment as a QuestionnaireResponse (id: assessment id + "." + instrument).</summary>
    public static IEnumerable<R4.QuestionnaireResponse> Responses(Assessment a)
    {
        var content = JsonSerializer.Deserialize<AssessmentContent>(a.Content, Json);
        foreach (var (code, request) in content?.Instruments ?? [])
        {
            if (InstrumentList.Find(code) is not { } definition || request.Answers is not { Count: > 0 } answers)
            {
                continue;
            }

            var response = new R4.QuestionnaireResponse
            {
                Id = $"{a.Id}.{definition.Code}",
                Meta = Meta(a.UpdatedAt),
                Questionnaire = FhirCodes.QuestionnaireUrl(definition.Code),
                Status = a.Status == AssessmentStatus.Draft
                    ? R4.QuestionnaireResponse.QuestionnaireResponseStatus.InProgress
                    : a.Version > 1 ? R4.QuestionnaireResponse.QuestionnaireResponseStatus.Amended : R4.QuestionnaireResponse.QuestionnaireResponseStatus.Completed,
                Subject = PatientRef(a.PatientId),
                Authored = Instant(a.CompletedAt ?? a.UpdatedAt),
                Author = a.CompletedBy is { } by ? new R4.ResourceReference { Display = by } : null,
            };
            foreach (var item in definition.Items)
            {
                if (!answers.TryGetValue(item.Id, out var value))
                {
                    continue;
                }

                var option = item.AllowedAnswers.FirstOrDefault(o => o.Value == value);
                R4.DataType answer = option?.Loinc is { } la
                    ? new R4.Coding(FhirCodes.Loinc, la, option.Label)
                    : new R4.Integer(value);
                response.Item.Add(new R4.QuestionnaireResponse.ItemComponent
                {
                    LinkId = item.Id,
                    Text = item.Text,
                    Answer = [new R4.QuestionnaireResponse.AnswerComponent { Value = answer }],
                });
            }

            yield return response;
        }
    }

    /// <summary>The instrument as a Questionnaire other systems can render: items, answer options with their scores.</summary>
    public static R4.Questionnaire Questionnaire(InstrumentDefinition d)
    {
        var questionnaire = new R4.Questionnaire
        {
            Id = d.Code,
            Url = FhirCodes.QuestionnaireUrl(d.Code),
            Version = d.Version,
            Name = new string([.. d.Code.Where(char.IsLetterOrDigit)]).ToUpperInvariant(),
            Title = d.Name,
            Status = R4.PublicationStatus.Active,
            Description = d.Source + (d.Note is null ? "" : " " + d.Note),
            SubjectType = [R4.ResourceType.Patient],
            Code = d.Loinc?.Panel is { } panel ? [new R4.Coding(FhirCodes.Loinc, panel, d.Name)] : [new R4.Coding(FhirCodes.InstrumentSystem, d.Code, d.Name)],
        };
        foreach (var item in d.Items)
        {
            var question = new R4.Questionnaire.ItemComponent
            {
                LinkId = item.Id,
                Text = item.Text,
                Type = R4.Questionnaire.QuestionnaireItemType.Choice,
                Required = item.Condition is null,
                Code = item.Loinc is { } loinc ? [new R4.Coding(FhirCodes.Loinc, loinc)] : [],
            };
            if (item.Condition is { } condition)
            {
                question.EnableWhen.Add(new R4.Questionnaire.EnableWhenComponent
                {
                    Question = condition.ItemId,
                    Operator = R4.Questionnaire.QuestionnaireItemOperator.Equal,
                    Answer = new R4.Integer(condition.Value),
                });
            }

            foreach (var option in item.AllowedAnswers)
            {
                var answer = new R4.Questionnaire.AnswerOptionComponent
                {
                    Value = new R4.Coding(option.Loinc is null ? $"{FhirCodes.InstrumentSystem}:{d.Code}:{item.Id}" : FhirCodes.Loinc, option.Loinc ?? option.Value.ToString(CultureInfo.InvariantCulture), option.Label),
                };
                // The score an answer adds (the ordinalValue extension of the FHIR core specification).
                answer.Extension.Add(new R4.Extension("http://hl7.org/fhir/StructureDefinition/ordinalValue", new R4.FhirDecimal(option.Value)));
                question.AnswerOption.Add(answer);
            }

            questionnaire.Item.Add(question);
        }

        return questionnaire;
    }

    /// <summary>A flowsheet entry as Observations: COWS or SOWS total (or, known only so, the severity category) and each vital sign (LOINC codes of the FHIR vital-signs profile).</summary>
    public static IEnumerable<R4.Observation> Flowsheet(FlowsheetEntry e)
    {
        R4.Observation Make(string suffix, R4.CodeableConcept code, R4.DataType? value, string category)
        {
            var observation = new R4.Observation
            {
                Id = $"{e.Id}.{suffix}",
                Meta = Meta(e.RecordedAt),
                Status = R4.ObservationStatus.Final,
                Category = [new R4.CodeableConcept(FhirCodes.ObservationCategory, category)],
                Code = code,
                Subject = PatientRef(e.PatientId),
                Effective = new R4.FhirDateTime(e.At),
                Performer = e.RecordedBy is { } by ? [new R4.ResourceReference { Display = by }] : [],
                Value = value,
            };
            observation.PartOf.Add(new R4.ResourceReference("EpisodeOfCare/" + e.EpisodeId));
            return observation;
        }

        R4.CodeableConcept Vital(string loinc, string name) => new(FhirCodes.Loinc, loinc, name) { Text = name };

        if (e.Cows is { } cows)
        {
            yield return Make("cows", InstrumentCode(InstrumentList.Find("cows"), "cows"), new R4.Integer(cows), "survey");
        }

        if (e.Sows is { } sows)
        {
            yield return Make("sows", InstrumentCode(InstrumentList.Find("sows"), "sows"), new R4.Integer(sows), "survey");
        }

        // A severity known only as a category (imported trial data): the category as a coded value, the scale in the note.
        if (e.Cows is null && e.Sows is null && e.WithdrawalCategory is { } category)
        {
            const string Named = "Opioid withdrawal severity category (CTN-0094 harmonized, 0–3)";
            var name = Clinical.Withdrawal.WithdrawalCategory.Name(category);
            var rated = Make("withdrawal-category", new R4.CodeableConcept { Coding = [new R4.Coding(FhirCodes.InstrumentSystem, FhirCodes.WithdrawalCategoryCode, Named)], Text = Named },
                new R4.CodeableConcept { Coding = [new R4.Coding(FhirCodes.WithdrawalCategorySystem, category.ToString(CultureInfo.InvariantCulture), name)], Text = name }, "survey");
            if (e.Notes is { Length: > 0 } note)
            {
                rated.Note.Add(new R4.Annotation { Text = note });
            }

            yield return rated;
        }

        if (e.PulseBpm is { } pulse)
        {
            yield return Make("hr", Vital(FhirCodes.HeartRate, "Heart rate"), Quantity(pulse, "/min", "beats/minute"), "vital-signs");
        }

        if (e.SystolicMmHg is { } systolic && e.DiastolicMmHg is { } diastolic)
        {
            var bp = Make("bp", Vital(FhirCodes.BloodPressurePanel, "Blood pressure panel"), null, "vital-signs");
            bp.Component.Add(new R4.Observation.ComponentComponent { Code = Vital("8480-6", "Systolic blood pressure"), Value = Quantity(systolic, "mm[Hg]", "mmHg") });
            bp.Component.Add(new R4.Observation.ComponentComponent { Code = Vital("8462-4", "Diastolic blood pressure"), Value = Quantity(diastolic, "mm[Hg]", "mmHg") });
            yield return bp;
        }

        if (e.TemperatureC is { } temperature)
        {
            yield return Make("temp", Vital(FhirCodes.BodyTemperature, "Body temperature"), Quantity(temperature, "Cel", "C"), "vital-signs");
        }

        if (e.RespiratoryRate is { } rate)
        {
            yield return Make("rr", Vital(FhirCodes.RespiratoryRate, "Respiratory rate"), Quantity(rate, "/min", "breaths/minute"), "vital-signs");
        }

        if (e.SpO2Percent is { } spo2)
        {
            yield return Make("spo2", Vital(FhirCodes.OxygenSaturation, "Oxygen saturation in Arterial blood"), Quantity(spo2, "%", "%"), "vital-signs");
        }
    }

    /// <summary>A resulted drug screen: one laboratory Observation, a component per analyte, the reading in the interpretation.</summary>
    public static R4.Observation? Screen(DrugScreen s)
    {
        if (s.Status == "ordered")
        {
            return null;
        }

        var observation = new R4.Observation
        {
            Id = s.Id.ToString(),
            Meta = Meta(s.ResultedAt ?? s.OrderedAt),
            Status = s.Status == "cancelled" ? R4.ObservationStatus.Cancelled : R4.ObservationStatus.Final,
            Category = [new R4.CodeableConcept(FhirCodes.ObservationCategory, "laboratory", "Laboratory")],
            Code = new R4.CodeableConcept(FhirCodes.ScreenSystem, s.Specimen, $"Drug screen, {s.Specimen}") { Text = $"Drug screen ({s.Specimen})" },
            Subject = PatientRef(s.PatientId),
            Effective = new R4.FhirDateTime(s.CollectedAt ?? s.OrderedAt),
            Issued = s.ResultedAt,
            Identifier = s.Accession is { } accession ? [new R4.Identifier("urn:mainstay:lab:" + (s.Lab ?? "unknown"), accession)] : [],
            Method = new R4.CodeableConcept { Text = s.Observed ? "observed collection" : "unobserved collection" },
        };
        if (s.Results is not null)
        {
            foreach (var (analyte, result) in JsonSerializer.Deserialize<Dictionary<string, string>>(s.Results, Json) ?? [])
            {
                // Mainstay's own code always; the LOINC urine screen code beside it where one is confirmed. The result as
                // SNOMED CT's positive or negative qualifier, as Synthea's opioid module writes a screen's result.
                var code = new R4.CodeableConcept(FhirCodes.AnalyteSystem, analyte, analyte) { Text = analyte };
                // Only for a screen read at the point of care (or with no lab named): a laboratory's result may be a
                // confirmation by another method, which has codes of its own.
                if (s.Specimen == "urine" && s.Lab is null or "point-of-care" && FhirCodes.UrineScreenLoinc.GetValueOrDefault(analyte) is { Code: { } loinc } named)
                {
                    code.Coding.Add(new R4.Coding(FhirCodes.Loinc, loinc, named.Display));
                }

                var value = new R4.CodeableConcept { Text = result };
                if (result is "positive" or "negative")
                {
                    value.Coding.Add(result == "positive"
                        ? new R4.Coding(FhirCodes.Snomed, "10828004", "Positive (qualifier value)")
                        : new R4.Coding(FhirCodes.Snomed, "260385009", "Negative (qualifier value)"));
                }

                observation.Component.Add(new R4.Observation.ComponentComponent { Code = code, Value = value });
            }
        }

        foreach (var (flag, set) in (ReadOnlySpan<(string, bool)>)[("illicit opioid use", s.IllicitOpioidUse), ("fentanyl use", s.FentanylUse), ("possible diversion", s.PossibleDiversion), ("opioid negative", s.OpioidNegative)])
        {
            if (set)
            {
                observation.Interpretation.Add(new R4.CodeableConcept { Text = flag });
            }
        }

        if (s.Validity is { } validity)
        {
            observation.Note.Add(new R4.Annotation { Text = "Specimen validity: " + validity + (s.ReadAgainst is { } against ? "; read against " + against : "") });
        }

        if (s.CancelReason is { } reason)
        {
            observation.Note.Add(new R4.Annotation { Text = "Cancelled: " + reason });
        }

        return observation;
    }

    public static R4.MedicationRequest MedicationRequest(MedicationOrder o)
    {
        var request = new R4.MedicationRequest
        {
            Id = o.Id.ToString(),
            Meta = Meta(o.StatusChangedAt ?? o.CreatedAt),
            Identifier = [new R4.Identifier("urn:mainstay:order-line", $"{o.LineageId}/{o.Version}")],
            Status = RequestStatus(o.Status),
            StatusReason = o.StatusReason is { } why ? new R4.CodeableConcept { Text = why } : null,
            Intent = R4.MedicationRequest.MedicationRequestIntent.Order,
            Medication = Medication(o.Medication),
            Subject = PatientRef(o.PatientId),
            AuthoredOn = Instant(o.CreatedAt),
            Requester = new R4.ResourceReference { Display = o.Prescriber },
            DosageInstruction =
            [
                new R4.Dosage
                {
                    Text = $"{o.DoseMg.ToString("0.##", CultureInfo.InvariantCulture)} mg {o.Schedule}" + (o.Instructions is { } text ? "; " + text : ""),
                    DoseAndRate = [new R4.Dosage.DoseAndRateComponent { Dose = Quantity(o.DoseMg, "mg", "mg") }],
                },
            ],
            DispenseRequest = new R4.MedicationRequest.DispenseRequestComponent
            {
                ValidityPeriod = new R4.Period
                {
                    Start = o.StartDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    End = o.StopDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                },
            },
        };
        if (o.OverrideReason is { } overrideReason)
        {
            request.Note.Add(new R4.Annotation { Text = "Rule override: " + overrideReason });
        }

        return request;
    }

    /// <summary>An order's status as a MedicationRequest's.</summary>
    public static R4.MedicationRequest.MedicationrequestStatus RequestStatus(OrderStatus status) => status switch
    {
        OrderStatus.Active => R4.MedicationRequest.MedicationrequestStatus.Active,
        OrderStatus.Held => R4.MedicationRequest.MedicationrequestStatus.OnHold,
        OrderStatus.Discontinued => R4.MedicationRequest.MedicationrequestStatus.Stopped,
        OrderStatus.Superseded => R4.MedicationRequest.MedicationrequestStatus.Completed,
        OrderStatus.Scheduled => R4.MedicationRequest.MedicationrequestStatus.Draft,
    };

    public static R4.MedicationAdministration MedicationAdministration(Dispense d)
    {
        var administration = new R4.MedicationAdministration
        {
            Id = d.Id.ToString(),
            Meta = Meta(d.ReturnedAt ?? d.At),
            Status = d.ClaimedSlot is null
                ? R4.MedicationAdministration.MedicationAdministrationStatusCodes.EnteredInError
                : R4.MedicationAdministration.MedicationAdministrationStatusCodes.Completed,
            Medication = Medication(d.Medication),
            Subject = PatientRef(d.PatientId),
            Effective = new R4.FhirDateTime(d.At),
            Request = new R4.ResourceReference("MedicationRequest/" + d.OrderId),
            Performer = d.Nurse is { } nurse ? [new R4.MedicationAdministration.PerformerComponent { Actor = new R4.ResourceReference { Display = nurse } }] : [],
            Dosage = new R4.MedicationAdministration.DosageComponent
            {
                Text = d.TakeHome ? $"take-home bottle {d.BottleNumber} for {d.DoseDate:yyyy-MM-dd}" : (d.Observed ? "observed at the dosing window" : "at the dosing window"),
                Dose = Quantity(d.AmountMg, "mg", "mg"),
            },
        };
        if (d.PartialReason is { } partial)
        {
            administration.Note.Add(new R4.Annotation { Text = $"Partial dose ({partial}) of {d.OrderedMg.ToString("0.##", CultureInfo.InvariantCulture)} mg ordered" + (d.Witness is { } w ? $"; witness {w}" : "") });
        }

        if (d.Lot is { } lot)
        {
            administration.Note.Add(new R4.Annotation { Text = "Lot " + lot });
        }

        if (d.ReturnCheck is { } check)
        {
            administration.Note.Add(new R4.Annotation { Text = "Bottle return check: " + check });
        }

        return administration;
    }

    /// <summary>The plan: one contained Goal per problem (with its objectives as targets) and an activity per intervention.</summary>
    public static R4.CarePlan CarePlan(TreatmentPlan plan)
    {
        var problems = JsonSerializer.Deserialize<List<PlanProblem>>(plan.Content, Json) ?? [];
        var carePlan = new R4.CarePlan
        {
            Id = plan.Id.ToString(),
            Meta = Meta(plan.UpdatedAt),
            Status = plan.Status == PlanStatus.Signed ? R4.RequestStatus.Active : R4.RequestStatus.Draft,
            Intent = R4.CarePlan.CarePlanIntent.Plan,
            Title = "Individualized treatment plan, version " + plan.Version,
            Category = [new R4.CodeableConcept { Text = "Substance use disorder treatment plan" }],
            Subject = PatientRef(plan.PatientId),
            Period = new R4.Period { Start = plan.StartsOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), End = plan.NextReviewOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) },
            Created = Instant(plan.CreatedAt),
            Author = plan.SignedBy is { } signer ? new R4.ResourceReference { Display = signer } : null,
        };
        var n = 0;
        foreach (var problem in problems.OrderBy(p => p.Priority))
        {
            var goalId = "goal-" + ++n;
            var goal = new R4.Goal
            {
                Id = goalId,
                LifecycleStatus = R4.Goal.GoalLifecycleStatus.Active,
                Description = new R4.CodeableConcept { Text = problem.Goal },
                Subject = PatientRef(plan.PatientId),
                Addresses = [],
                Note = [new R4.Annotation { Text = problem.Statement }],
            };
            foreach (var objective in problem.Objectives)
            {
                goal.Target.Add(new R4.Goal.TargetComponent
                {
                    Measure = new R4.CodeableConcept { Text = objective.Text },
                    Due = new R4.Date(objective.TargetDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                });
            }

            carePlan.Contained.Add(goal);
            carePlan.Goal.Add(new R4.ResourceReference("#" + goalId));
            foreach (var intervention in problem.Interventions)
            {
                carePlan.Activity.Add(new R4.CarePlan.ActivityComponent
                {
                    Detail = new R4.CarePlan.DetailComponent
                    {
                        Status = plan.Status == PlanStatus.Signed ? R4.CarePlan.CarePlanActivityStatus.InProgress : R4.CarePlan.CarePlanActivityStatus.NotStarted,
                        Description = $"{intervention.Text} ({intervention.Frequency}; {intervention.ResponsibleRole})",
                        Code = new R4.CodeableConcept { Text = intervention.Kind.ToString() },
                        Goal = [new R4.ResourceReference("#" + goalId)],
                    },
                });
            }
        }

        return carePlan;
    }

    /// <summary>
    /// A treatment episode, from admission to discharge at one site: FHIR's "drug and alcohol rehabilitation" type, with the
    /// level of care and the medication planned at admission in its text.
    /// </summary>
    /// <summary>The coding of every treatment episode's type.</summary>
    public static readonly IReadOnlyList<(string System, string Code, string Display)> TreatmentEpisodeType = [(FhirCodes.EpisodeOfCareType, "da", "Drug and alcohol rehabilitation")];

    public static R4.EpisodeOfCare EpisodeOfCare(Admissions.TreatmentEpisode e) => new()
    {
        Id = e.Id.ToString(),
        Meta = Meta(e.DischargedAt ?? e.AdmittedAt),
        Status = e.DischargedAt is null ? R4.EpisodeOfCare.EpisodeOfCareStatus.Active : R4.EpisodeOfCare.EpisodeOfCareStatus.Finished,
        Type = [new R4.CodeableConcept(TreatmentEpisodeType[0].System, TreatmentEpisodeType[0].Code, TreatmentEpisodeType[0].Display,
            $"Opioid use disorder treatment: {IntakeForm.Kebab(e.LevelOfCare)}, planned medication {IntakeForm.Kebab(e.PlannedMedication)}")],
        Patient = PatientRef(e.PatientId),
        Period = new R4.Period { Start = Instant(e.AdmittedAt), End = e.DischargedAt is { } end ? Instant(end) : null },
    };

    /// <summary>
    /// A patient's place at one of the program's sessions (individual counseling, a group meeting, case management, a study
    /// visit) as an ambulatory Encounter: finished when the patient came (on time or late), cancelled when not (a no-show,
    /// an excused absence or a cancelled session; R4 has no no-show status, so the mark is in the type's text).
    /// </summary>
    /// <summary>The attendance marks of a patient who came to the session (on time or late): the Encounter is finished.</summary>
    public static readonly string[] CameMarks = ["attended", "late"];

    public static R4.Encounter Encounter(Counseling.SessionAttendance mark, Counseling.CounselingSession? session)
    {
        var came = CameMarks.Contains(mark.Mark);
        var kind = session?.Kind ?? "session";
        return new R4.Encounter
        {
            Id = mark.Id.ToString(),
            Meta = Meta(mark.RecordedAt),
            Status = came ? R4.Encounter.EncounterStatus.Finished : R4.Encounter.EncounterStatus.Cancelled,
            Class = new R4.Coding(FhirCodes.ActCode, "AMB", "ambulatory"),
            Type = [new R4.CodeableConcept(FhirCodes.SessionKind, kind, kind.Replace('-', ' '), $"{(session?.GroupId is null ? "Session" : "Group meeting")}: {kind.Replace('-', ' ')} ({mark.Mark})")],
            Subject = PatientRef(mark.PatientId),
            Participant = session is null ? [] : [new R4.Encounter.ParticipantComponent
            {
                Type = [new R4.CodeableConcept(FhirCodes.ParticipationType, "PPRF", "primary performer")],
                Individual = new R4.ResourceReference { Display = session.Facilitator },
            }],
            Period = new R4.Period { Start = Instant(mark.SessionStartsAt), End = came && session is not null ? Instant(session.EndsAt) : null },
        };
    }

    /// <summary>A withdrawal-management episode.</summary>
    public static R4.EpisodeOfCare EpisodeOfCare(WithdrawalEpisode e) => new()
    {
        Id = e.Id.ToString(),
        Meta = Meta(e.EndedAt ?? e.StartedAt),
        Status = e.EndedAt is null ? R4.EpisodeOfCare.EpisodeOfCareStatus.Active : R4.EpisodeOfCare.EpisodeOfCareStatus.Finished,
        Type = [new R4.CodeableConcept { Text = $"Withdrawal management ({e.Setting}, {e.Protocol})" }],
        Patient = PatientRef(e.PatientId),
        Period = new R4.Period { Start = Instant(e.StartedAt), End = e.EndedAt is { } end ? Instant(end) : null },
    };

    /// <summary>A 42 CFR Part 2 consent to disclose: permit, to the named recipient, for the purpose, until expiry or revocation.</summary>
    public static R4.Consent Consent(Consents.Consent c, DateOnly today)
    {
        var state = c.StateOn(today);
        return new R4.Consent
        {
            Id = c.Id.ToString(),
            Meta = Meta(c.RevokedAt ?? c.RecordedAt),
            Status = state == "active" ? R4.Consent.ConsentState.Active : R4.Consent.ConsentState.Inactive,
            Scope = new R4.CodeableConcept(FhirCodes.ConsentScope, "patient-privacy", "Privacy Consent"),
            Category = [new R4.CodeableConcept(FhirCodes.Loinc, "59284-0", "Patient Consent")],
            Patient = PatientRef(c.PatientId),
            DateTime = c.SignedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Performer = [new R4.ResourceReference { Display = $"{c.SignedBy} ({c.SignerRelationship})" }],
            Organization = [new R4.ResourceReference { Display = c.Discloser }],
            Policy = [new R4.Consent.PolicyComponent { Authority = "https://www.ecfr.gov/current/title-42/chapter-I/subchapter-A/part-2", Uri = "https://www.ecfr.gov/current/title-42/section-2.31" }],
            Provision = new R4.Consent.provisionComponent
            {
                Type = R4.Consent.ConsentProvisionType.Permit,
                Period = new R4.Period { Start = c.SignedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), End = c.ExpiresOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) },
                Actor = [new R4.Consent.provisionActorComponent { Role = new R4.CodeableConcept("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "PRCP", "primary information recipient"), Reference = new R4.ResourceReference { Display = c.Recipient } }],
                Purpose = [new R4.Coding(FhirCodes.PurposeOfUse, "TREAT", c.Purpose)],
                Class = [new R4.Coding { Display = c.Information }],
            },
        };
    }

    /// <summary>An audit event as FHIR AuditEvent (action C/R/U/E, who, what, why).</summary>
    public static R4.AuditEvent AuditEvent(AuditEvent e) => new()
    {
        Id = e.Sequence.ToString(CultureInfo.InvariantCulture),
        Type = new R4.Coding(FhirCodes.AuditEventType, "rest", "RESTful Operation"),
        Subtype = [new R4.Coding("urn:mainstay:audit-action", e.Action, e.Action)],
        Action = e.Action switch
        {
            AuditActions.Create => R4.AuditEvent.AuditEventAction.C,
            AuditActions.Read or AuditActions.Search => R4.AuditEvent.AuditEventAction.R,
            AuditActions.Update or AuditActions.StatusChange => R4.AuditEvent.AuditEventAction.U,
            _ => R4.AuditEvent.AuditEventAction.E,
        },
        Recorded = e.At,
        Outcome = e.Action.EndsWith("-failed", StringComparison.Ordinal) || e.Action.EndsWith("-refused", StringComparison.Ordinal)
            ? R4.AuditEvent.AuditEventOutcome.N4
            : R4.AuditEvent.AuditEventOutcome.N0,
        PurposeOfEvent = e.Purpose is { } purpose ? [new R4.CodeableConcept { Text = purpose }] : [],
        Agent =
        [
            new R4.AuditEvent.AgentComponent
            {
                Who = new R4.ResourceReference { Display = e.Username ?? "anonymous" },
                Requestor = true,
                Role = e.Role is { } role ? [new R4.CodeableConcept { Text = role }] : [],
                Network = e.ClientAddress is { } address ? new R4.AuditEvent.NetworkComponent { Address = address, Type = R4.AuditEvent.AuditEventAgentNetworkType.N2 } : null,
            },
        ],
        Source = new R4.AuditEvent.SourceComponent { Observer = new R4.ResourceReference { Display = "Mainstay" }, Site = e.SiteId?.ToString(CultureInfo.InvariantCulture) },
        Entity =
        [
            new R4.AuditEvent.EntityComponent
            {
                What = e.PatientId is { } patient ? PatientRef(patient) : new R4.ResourceReference { Display = e.ResourceType + (e.ResourceId is { } id ? "/" + id : "") },
                Name = e.ResourceType + (e.ResourceId is { } rid ? "/" + rid : ""),
                Description = e.Detail,
            },
        ],
    };

    public static R4.CodeableConcept Medication(Clinical.Medication.Moud medication)
    {
        var ingredient = FhirCodes.Ingredient(medication);
        return new R4.CodeableConcept(ingredient.System, ingredient.Code, ingredient.Display) { Text = ingredient.Display };
    }

    private static R4.Meta Meta(DateTimeOffset lastUpdated)
    {
        var meta = FhirCodes.Part2Meta();
        meta.LastUpdated = lastUpdated;
        return meta;
    }

    private static R4.Quantity Quantity(decimal value, string ucum, string unit) =>
        new() { Value = value, Unit = unit, System = "http://unitsofmeasure.org", Code = ucum };

    private static string Instant(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
