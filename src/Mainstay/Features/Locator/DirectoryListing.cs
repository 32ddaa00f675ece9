namespace Mainstay.Features.Locator;

/// <summary>
/// One site of a treatment program in the public "find help" directory: what it offers, to whom, how it is paid for,
/// when it is open and how to reach it, and where it is (a ZIP code's centroid when no coordinates were given).
/// Linked to a Mainstay site when the program runs on this server, so a call-back request reaches its intake.
/// </summary>
public sealed class DirectoryListing
{
    public Guid Id { get; set; }
    public required string Program { get; set; }
    public string? SiteName { get; set; }
    public string? Address { get; set; }
    public string? City { get; set; }
    public string? State { get; set; }
    public required string Zip { get; set; }
    public double Latitude { get; set; }
    public double Longitude { get; set; }
    public string? Phone { get; set; }
    public string? Website { get; set; }
    public string? Hours { get; set; }

    /// <summary>Comma-separated <see cref="DirectoryService"/> values in kebab case.</summary>
    public required string Services { get; set; }

    /// <summary>Comma-separated <see cref="CareSetting"/> values.</summary>
    public required string Settings { get; set; }

    /// <summary>Comma-separated <see cref="Payment"/> values.</summary>
    public required string Payments { get; set; }

    /// <summary>Comma-separated languages, lower case ("english,spanish").</summary>
    public required string Languages { get; set; }

    /// <summary>Comma-separated <see cref="Population"/> values; empty = adults generally.</summary>
    public string? Populations { get; set; }

    public int? MainstaySiteId { get; set; }
    public bool IsActive { get; set; } = true;
    public DateTimeOffset UpdatedAt { get; set; }
    public required string UpdatedBy { get; set; }
}

public enum DirectoryService
{
    WithdrawalManagement,
    Methadone,
    Buprenorphine,
    Naltrexone,
    Outpatient,
    IntensiveOutpatient,
    Residential,
    Counseling,
    SupportGroups,
    SoberLiving,
}

public enum CareSetting
{
    Outpatient,
    Residential,
    HospitalInpatient,
    Telehealth,
}

public enum Payment
{
    Medicaid,
    Medicare,
    PrivateInsurance,
    SlidingScale,
    Free,
}

public enum Population
{
    PregnantWomen,
    Adolescents,
    Veterans,
}
