using System.Security.Claims;
using Mainstay.Data;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Access;

/// <summary>
/// The signed-in person of this request: who they are, their role, and the sites they may use.
/// Site grants are read from the database once per request (or taken from <see cref="SignedInAccounts"/>, which forgets
/// them when any grant changes), so a revoked grant takes effect at once.
/// </summary>
public sealed class ClinicUser(IHttpContextAccessor http, MainstayDb db, SignedInAccounts accounts)
{
    private SiteScope? _scope;
    private Guid? _scopeOf;

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
        // Read once per request, for the principal of the moment (a session found ended leaves an anonymous one).
        if (_scope is null || _scopeOf != UserId)
        {
            await ReadAccountAsync(UserId, ct);
        }

        return _scope!;
    }

    /// <summary>
    /// The account's security stamp (null when there is no such account), read with its sites in one query; the session
    /// check of every signed-in request makes this read, so the request's site scope costs nothing more.
    /// </summary>
    internal async Task<string?> SecurityStampAsync(Guid userId, CancellationToken ct) => await ReadAccountAsync(userId, ct);

    private async Task<string?> ReadAccountAsync(Guid? userId, CancellationToken ct)
    {
        if (userId is not { } id)
        {
            (_scope, _scopeOf) = (SiteScope.None, null);
            return null;
        }

        if (accounts.TryGet(id, out var keptStamp, out var keptScope))
        {
            (_scope, _scopeOf) = (keptScope, id);
            return keptStamp;
        }

        var readBeganAt = SignedInAccounts.Now;
        string? stamp = null;
        var all = false;
        var sites = new HashSet<int>();
        await foreach (var row in AccountSites.For(db)(db, id).WithCancellation(ct))
        {
            stamp = row.SecurityStamp;
            all = row.AllSites;
            sites.Add(row.SiteId);
        }

        if (sites.Count == 0)
        {
            stamp = await StampOnly.For(db)(db, id);
        }

        (_scope, _scopeOf) = (sites.Count == 0 ? SiteScope.None : new SiteScope(all, sites), id);
        accounts.Keep(id, readBeganAt, stamp, _scope);
        return stamp;
    }

    /// <summary>The account's stamp and all-sites flag, with one row per site it may use.</summary>
    private static readonly PerProvider<Func<MainstayDb, Guid, IAsyncEnumerable<AccountSite>>> AccountSites = new(() => EF.CompileAsyncQuery(
        (MainstayDb db, Guid userId) =>
            from u in db.Users.AsNoTracking()
            where u.Id == userId
            from s in db.Sites.AsNoTracking()
            where u.AllSites || db.SiteGrants.Any(g => g.UserId == u.Id && g.SiteId == s.Id)
            select new AccountSite(u.SecurityStamp, u.AllSites, s.Id)));

    /// <summary>The stamp of an account that may use no site (a patient's portal account), which the read above does not return.</summary>
    private static readonly PerProvider<Func<MainstayDb, Guid, Task<string?>>> StampOnly = new(() => EF.CompileAsyncQuery(
        (MainstayDb db, Guid userId) => db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.SecurityStamp).FirstOrDefault()));

    private sealed record AccountSite(string? SecurityStamp, bool AllSites, int SiteId);

    public async Task<bool> MayUseSiteAsync(int siteId, CancellationToken ct = default) =>
        (await ScopeAsync(ct)).Includes(siteId);
}

/// <summary>The sites a user may use. <see cref="All"/> lets queries skip the site filter.</summary>
public sealed record SiteScope(bool All, IReadOnlySet<int> SiteIds)
{
    public static readonly SiteScope None = new(false, new HashSet<int>());

    public bool Includes(int siteId) => SiteIds.Contains(siteId);
}
