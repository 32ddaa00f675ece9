namespace Mainstay.Features.Discharge;

/// <summary>One part of the aftercare plan: a service the person is referred to after discharge, with who and when.</summary>
public sealed class AftercareItem
{
    public Guid Id { get; set; }
    public Guid EpisodeId { get; set; }
    public Guid PatientId { get; set; }
    public int SiteId { get; set; }

    /// <summary>See <see cref="Discharges.AftercareKinds"/>.</summary>
    public required string Kind { get; set; }

    public string? Provider { get; set; }
    public string? Contact { get; set; }
    public DateOnly? FirstAppointment { get; set; }
    public string? Note { get; set; }
}

/// <summary>A follow-up contact after discharge (day 7, 30, 90): due, then made, with what was learned.</summary>
public sealed class AftercareContact
{
    public Guid Id { get; set; }
    public Guid EpisodeId { get; set; }
    public Guid PatientId { get; set; }
    public int SiteId { get; set; }
    public int Day { get; set; }
    public DateOnly DueOn { get; set; }
    public DateTimeOffset? ContactedAt { get; set; }
    public string? ContactedBy { get; set; }
    public string? Method { get; set; }

    /// <summary>in-recovery, using, readmitted, lost-to-contact or died.</summary>
    public string? Outcome { get; set; }

    public string? Note { get; set; }

    /// <summary>Attempts that did not reach the person.</summary>
    public int Attempts { get; set; }
}
