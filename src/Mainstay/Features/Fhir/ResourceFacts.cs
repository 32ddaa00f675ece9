using R4 = Hl7.Fhir.Model;

namespace Mainstay.Features.Fhir;

/// <summary>
/// What search needs to know of any resource, Mainstay's own or received: its main code, its clinically relevant time,
/// its status and the patient it is about. One reading for every type, so the same search parameters mean the same thing everywhere.
/// </summary>
public static class ResourceFacts
{
    /// <summary>The codings of the resource's main code (Observation.code, Condition.code, the medication, Encounter.type, ...).</summary>
    public static IReadOnlyList<R4.Coding> Codings(R4.Resource resource) => MainCode(resource) switch
    {
        { } concept => [.. concept.Coding],
        null => [],
    };

    public static R4.CodeableConcept? MainCode(R4.Resource resource) => resource switch
    {
        R4.Observation o => o.Code,
        R4.Condition c => c.Code,
        R4.Procedure p => p.Code,
        R4.MedicationRequest m => m.Medication as R4.CodeableConcept,
        R4.MedicationAdministration m => m.Medication as R4.CodeableConcept,
        R4.MedicationStatement m => m.Medication as R4.CodeableConcept,
        R4.MedicationDispense m => m.Medication as R4.CodeableConcept,
        R4.Medication m => m.Code,
        R4.Immunization i => i.VaccineCode,
        R4.DiagnosticReport d => d.Code,
        R4.AllergyIntolerance a => a.Code,
        R4.ServiceRequest s => s.Code,
        R4.Goal g => g.Description,
        R4.Encounter e => e.Type.FirstOrDefault(),
        R4.EpisodeOfCare e => e.Type.FirstOrDefault(),
        R4.CarePlan c => c.Category.FirstOrDefault(),
        R4.Consent c => c.Category.FirstOrDefault(),
        R4.DocumentReference d => d.Type,
        R4.Questionnaire q => q.Code.Count > 0 ? new R4.CodeableConcept { Coding = [.. q.Code] } : null,
        _ => null,
    };

    /// <summary>The resource's clinically relevant time: when observed, given, authored, started or recorded.</summary>
    public static DateTimeOffset? When(R4.Resource resource) => resource switch
    {
        R4.Observation o => Instant(o.Effective) ?? Parse(o.Issued?.ToString("o")),
        R4.Condition c => Instant(c.Onset) ?? Parse(c.RecordedDate),
        R4.Procedure p => Instant(p.Performed),
        R4.MedicationRequest m => Parse(m.AuthoredOn),
        R4.MedicationAdministration m => Instant(m.Effective),
        R4.MedicationStatement m => Instant(m.Effective) ?? Parse(m.DateAsserted),
        R4.MedicationDispense m => Parse(m.WhenHandedOver) ?? Parse(m.WhenPrepared),
        R4.Immunization i => Instant(i.Occurrence),
        R4.DiagnosticReport d => Instant(d.Effective) ?? Parse(d.Issued?.ToString("o")),
        R4.AllergyIntolerance a => Parse(a.RecordedDate),
        R4.Encounter e => Parse(e.Period?.Start),
        R4.EpisodeOfCare e => Parse(e.Period?.Start),
        R4.CarePlan c => Parse(c.Period?.Start) ?? Parse(c.Created),
        R4.Goal g => Parse((g.Start as R4.Date)?.Value),
        R4.QuestionnaireResponse q => Parse(q.Authored),
        R4.Consent c => Parse(c.DateTime),
        R4.AuditEvent a => a.Recorded,
        R4.ServiceRequest s => Parse(s.AuthoredOn),
        R4.Claim c => Parse(c.Created),
        R4.ExplanationOfBenefit e => Parse(e.Created),
        R4.DocumentReference d => d.Date,
        _ => null,
    };

    /// <summary>The status code as written in FHIR (Condition: its clinical status).</summary>
    public static string? Status(R4.Resource resource)
    {
        if (resource is R4.Condition condition)
        {
            return condition.ClinicalStatus?.Coding.FirstOrDefault()?.Code;
        }

        return resource.TryGetValue("status", out var value) && value is R4.PrimitiveType { JsonValue: { } literal } ? literal.ToString() : null;
    }

    /// <summary>The reference to the patient the resource is about (subject, patient or beneficiary), or null.</summary>
    public static R4.ResourceReference? PatientReference(R4.Resource resource)
    {
        foreach (var name in (string[])["subject", "patient", "beneficiary"])
        {
            if (resource.TryGetValue(name, out var value) && value is R4.ResourceReference reference)
            {
                return reference;
            }
        }

        return null;
    }

    /// <summary>Every reference inside the resource, at any depth (contained resources included), in document order.</summary>
    public static List<R4.ResourceReference> References(R4.Base element)
    {
        // Collected into one list by plain recursion: nested iterators cost a chain of MoveNext calls per reference and an
        // iterator per element, three times the walk (docs/PERFORMANCE.md), and an import walks every resource it keeps.
        var found = new List<R4.ResourceReference>();
        Collect(element, found);
        return found;
    }

    private static void Collect(R4.Base element, List<R4.ResourceReference> found)
    {
        foreach (var (_, value) in element.EnumerateElements())
        {
            if (value is IEnumerable<R4.Base> list)
            {
                foreach (var child in list)
                {
                    Visit(child, found);
                }
            }
            else if (value is R4.Base single)
            {
                Visit(single, found);
            }
        }
    }

    private static void Visit(R4.Base child, List<R4.ResourceReference> found)
    {
        if (child is R4.ResourceReference reference)
        {
            found.Add(reference);
        }

        Collect(child, found);
    }

    private static DateTimeOffset? Instant(R4.DataType? value) => value switch
    {
        R4.FhirDateTime d => Parse(d.Value),
        R4.Period p => Parse(p.Start),
        R4.Date d => Parse(d.Value),
        _ => null,
    };

    /// <summary>A FHIR date or dateTime (year, year-month, date, or instant) as the instant it starts, UTC when no offset is given.</summary>
    public static DateTimeOffset? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var styles = System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal;
        return value.Length switch
        {
            4 when int.TryParse(value, out var year) && year is > 0 and < 10000 => new DateTimeOffset(year, 1, 1, 0, 0, 0, TimeSpan.Zero),
            7 when DateTimeOffset.TryParseExact(value, "yyyy-MM", System.Globalization.CultureInfo.InvariantCulture, styles, out var month) => month,
            _ when DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, styles, out var instant) => instant,
            _ => null,
        };
    }
}
