using Mainstay.Clinical.Withdrawal;

namespace Mainstay.Features.Withdrawal;

/// <summary>
/// An episode of medically supervised withdrawal (inpatient, residential or ambulatory) following a protocol
/// that sets how often the patient is assessed. Its flowsheet is the list of <see cref="FlowsheetEntry"/>.
/// </summary>
public sealed class WithdrawalEpisode
{
    public Guid Id { get; set; }
    public Guid PatientId { get; set; }
    public int SiteId { get; set; }

    /// <summary>inpatient, residential or ambulatory.</summary>
    public required string Setting { get; set; }

    public WithdrawalProtocol Protocol { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public string? StartedBy { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public string? EndedBy { get; set; }
    public string? EndReason { get; set; }

    /// <summary>Whether the patient left on maintenance medication; false raises the tolerance-loss warning.</summary>
    public bool? EndedOnMaintenance { get; set; }
}

/// <summary>One flowsheet reading: COWS (clinician) and SOWS (patient) scores, vital signs, last use, comfort medications, notes.</summary>
public sealed class FlowsheetEntry
{
    public Guid Id { get; set; }
    public Guid EpisodeId { get; set; }
    public Guid PatientId { get; set; }
    public int SiteId { get; set; }
    public DateTimeOffset At { get; set; }
    public int? Cows { get; set; }

    /// <summary>COWS item answers as JSON (item id → score), kept as evidence for the total.</summary>
    public string? CowsAnswers { get; set; }

    public int? Sows { get; set; }

    /// <summary>
    /// Severity as a category only, 0 none to 3 severe (<see cref="Mainstay.Clinical.Withdrawal.WithdrawalCategory"/>),
    /// when the score itself is not known (imported trial data); the note says which scale it came from.
    /// </summary>
    public int? WithdrawalCategory { get; set; }
    public string? SowsAnswers { get; set; }
    public int? PulseBpm { get; set; }
    public int? SystolicMmHg { get; set; }
    public int? DiastolicMmHg { get; set; }
    public decimal? TemperatureC { get; set; }
    public int? RespiratoryRate { get; set; }
    public int? SpO2Percent { get; set; }
    public string? LastOpioidSubstance { get; set; }
    public DateTimeOffset? LastOpioidUseAt { get; set; }
    public string? ComfortMedications { get; set; }
    public string? Notes { get; set; }
    public string? RecordedBy { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}
