namespace Mainstay.Features.Sites;

/// <summary>The organization that runs the program (one per deployment for now; multi-organization ready).</summary>
public sealed class Organization
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// A place where care is given: a clinic, an opioid treatment program's dosing site, a residential unit.
/// Every clinical row belongs to exactly one site, and staff see only the sites they are granted.
/// </summary>
public sealed class Site
{
    public int Id { get; set; }
    public int OrganizationId { get; set; }
    public Organization? Organization { get; set; }
    public required string Name { get; set; }
    /// <summary>Short code printed on labels and MRN cards, e.g. "DTN".</summary>
    public required string Code { get; set; }
    public string? Address { get; set; }
    public string? Phone { get; set; }

    /// <summary>The site's DEA registration number (each registered location has its own), printed on its inventories.</summary>
    public string? DeaRegistration { get; set; }
    public bool IsActive { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }
}
