namespace Mainstay.Features.Fhir;

/// <summary>
/// A FHIR resource received from another system (a hospital's Bundle, a Synthea record, another program's export), kept as
/// received: the chart shows it as an outside record and the FHIR API returns it, but Mainstay's own rules never act on it as
/// if the program had written it (an outside MedicationRequest is not a dose order). Its source identity makes re-import idempotent.
/// </summary>
public sealed class OutsideRecord
{
    /// <summary>Mainstay's id for the resource (the <c>id</c> it has in Mainstay's FHIR API).</summary>
    public Guid Id { get; set; }

    public required string ResourceType { get; set; }

    /// <summary>Identity in the source: "identifier|system|value" of its first identifier, else "url|fullUrl" or "id|Type/id".</summary>
    public required string SourceKey { get; set; }

    /// <summary>How the source referred to it ("Patient/abc", "urn:uuid:..."), to resolve references in later imports.</summary>
    public string? SourceReference { get; set; }

    /// <summary>The Mainstay patient it belongs to; for a Patient resource, the chart it was registered as.</summary>
    public Guid? PatientId { get; set; }

    public int SiteId { get; set; }

    /// <summary>The first coding of its main code, "system|code", for search by code.</summary>
    public string? Code { get; set; }

    public string? CodeText { get; set; }

    /// <summary>Its clinically relevant time (effective, onset, authored, period start), for search by date.</summary>
    public DateTimeOffset? EffectiveAt { get; set; }

    public string? Status { get; set; }

    /// <summary>The resource as JSON, with its id and references rewritten to Mainstay's ids.</summary>
    public required string Json { get; set; }

    /// <summary>SHA-256 of the resource as received: a re-import of the same content changes nothing.</summary>
    public required string ContentHash { get; set; }

    /// <summary>Where it came from: "api" or the file name.</summary>
    public required string Origin { get; set; }

    public int Version { get; set; }
    public DateTimeOffset ImportedAt { get; set; }
    public string? ImportedBy { get; set; }
}
