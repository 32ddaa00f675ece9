using System.Security.Claims;
using Mainstay.Data;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Access;

/// <summary>
/// The signed-in person of this request: who they are, their role, and the sites they may use.
/// Site grants are read from the database once per request, so a revoked grant takes effect at once.
/// </summary>
public sealed class ClinicUser(IHttpContextAccessor http, MainstayDb db)
{
    private SiteScope? _scope;

    private ClaimsPrincipal? Principal => http.HttpContext?.User;

    public bool IsSignedIn => Principal?.Identity?.IsAuthenticated == true;

    public Guid? UserId =>
        Guid.TryParse(Principal?.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    /// <summary>The outside client (its client id) when the caller is a system outside the program, not a person.</summary>
    public string? ClientId => Principal?.FindFirstValue(ApiClients.ClientClaim);

    /// <summary>The signed-in username; "system" for work done outside a request (CLI, seeding).</summary>
    public string? Username => http.HttpContext is null ? "system" : Principal?.FindFirstValue(ClaimTypes.Name);

    /// <summary>The user's role (accounts hold one role; the first is used if there are several).</summary>
    public string? Role => http.HttpContext is null ? "system" : Principal?.FindAll(ClaimTypes.Role).Select(c => c.Value).FirstOrDefault();

    public string? ClientAddress => http.HttpContext?.Connection.RemoteIpAddress?.ToString();

    /// <summary>Purpose of use, from the <c>X-Purpose-Of-Use</c> header; treatment when not given.</summary>
    public string Purpose
    {
        get
        {
            var header = http.HttpContext?.Request.Headers["X-Purpose-Of-Use"].ToString();
            return string.IsNullOrWhiteSpace(header) ? "treatment" : header.Trim().ToLowerInvariant()[..Math.Min(header.Trim().Length, 40)];
        }
    }

    /// <summary>The sites this user may use (every site for an all-sites account).</summary>
    public async Task<SiteScope> ScopeAsync(CancellationToken ct = default)
    {
        if (_scope is not null)
        {
            return _scope;
        }

        if (UserId is not { } userId)
        {
            return _scope = SiteScope.None;
        }

        var account = await db.Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new { u.AllSites, Grants = u.SiteGrants.Select(g => g.SiteId).ToList() })
            .SingleOrDefaultAsync(ct);
        if (account is null)
        {
            return _scope = SiteScope.None;
        }

        var ids = account.AllSites
            ? await db.Sites.AsNoTracking().Select(s => s.Id).ToListAsync(ct)
            : account.Grants;
        return _scope = new SiteScope(account.AllSites, ids.ToHashSet());
    }

    public async Task<bool> MayUseSiteAsync(int siteId, CancellationToken ct = default) =>
        (await ScopeAsync(ct)).Includes(siteId);
}

/// <summary>The sites a user may use. <see cref="All"/> lets queries skip the site filter.</summary>
public sealed record SiteScope(bool All, IReadOnlySet<int> SiteIds)
{
    public static readonly SiteScope None = new(false, new HashSet<int>());

    public bool Includes(int siteId) => SiteIds.Contains(siteId);
}
