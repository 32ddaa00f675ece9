namespace Mainstay.Features.Screens;

/// <summary>
/// One urine or oral-fluid drug screen: ordered, collected (observed or not, with the specimen checks), resulted per
/// analyte — by hand from a point-of-care cup or imported from the lab — and read against the medications the
/// patient was on that day. The reading is stored with the result so later reports count what the clinician saw.
/// </summary>
public sealed class DrugScreen
{
    public Guid Id { get; set; }
    public Guid PatientId { get; set; }
    public int SiteId { get; set; }

    /// <summary>urine or oral-fluid.</summary>
    public required string Specimen { get; set; }

    /// <summary>random, scheduled, admission, for-cause or take-home-review.</summary>
    public required string Reason { get; set; }

    /// <summary>ordered, resulted or cancelled.</summary>
    public required string Status { get; set; }

    public DateTimeOffset OrderedAt { get; set; }
    public required string OrderedBy { get; set; }
    public DateTimeOffset? CollectedAt { get; set; }
    public string? CollectedBy { get; set; }
    public bool Observed { get; set; }
    public decimal? TemperatureC { get; set; }
    public decimal? CreatinineMgPerDl { get; set; }
    public decimal? SpecificGravity { get; set; }
    public decimal? Ph { get; set; }
    public bool AdulterantDetected { get; set; }

    /// <summary>The lab (or "point-of-care"), and its accession number: a lab's accession is imported once.</summary>
    public string? Lab { get; set; }

    public string? Accession { get; set; }
    public DateTimeOffset? ResultedAt { get; set; }
    public string? ResultedBy { get; set; }

    /// <summary>The results per analyte code, as JSON: {"fentanyl":"positive","eddp":"negative"}.</summary>
    public string? Results { get; set; }

    /// <summary>valid, dilute, substituted, adulterated, invalid or temperature-out-of-range.</summary>
    public string? Validity { get; set; }

    /// <summary>The interpretation's findings, as JSON.</summary>
    public string? Findings { get; set; }

    /// <summary>What the patient was prescribed when the screen was read (e.g. "methadone").</summary>
    public string? ReadAgainst { get; set; }

    public bool IllicitOpioidUse { get; set; }
    public bool FentanylUse { get; set; }
    public bool PossibleDiversion { get; set; }
    public bool OpioidNegative { get; set; }

    public string? CancelReason { get; set; }
}
