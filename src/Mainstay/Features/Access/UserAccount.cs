using Microsoft.AspNetCore.Identity;

namespace Mainstay.Features.Access;

/// <summary>A person who signs in: staff of any role, or a patient with a portal account.</summary>
public sealed class UserAccount : IdentityUser<Guid>
{
    public required string DisplayName { get; set; }

    /// <summary>True when the account may use every site of the organization, present and future.</summary>
    public bool AllSites { get; set; }

    public List<SiteGrant> SiteGrants { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>For a patient's portal account: the chart it opens (its own, and no other).</summary>
    public Guid? PatientId { get; set; }

    /// <summary>When an administrator disabled the account (a person who left, a suspected compromise); null while it is in use.</summary>
    public DateTimeOffset? DisabledAt { get; set; }

    public string? DisabledReason { get; set; }
}

/// <summary>One site a user may use (when <see cref="UserAccount.AllSites"/> is false).</summary>
public sealed class SiteGrant
{
    public Guid UserId { get; set; }
    public int SiteId { get; set; }
}
