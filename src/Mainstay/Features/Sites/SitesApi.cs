using Mainstay.Data;
using Mainstay.Features.Access;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Sites;

public sealed record SiteView(int Id, string Name, string Code, int OrganizationId, string OrganizationName, bool IsActive);

/// <summary>/api/v1/sites: the sites the caller may use.</summary>
public static class SitesApi
{
    public static RouteGroupBuilder MapSitesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/sites").WithTags("Sites");
        api.MapGet("/", List).WithName("ListSites")
            .WithSummary("The sites the caller may use (id, name).")
            .RequireAuthorization();
        return api;
    }

    internal static async Task<IResult> List(MainstayDb db, ClinicUser user, CancellationToken ct)
    {
        var sites = await SitesOf(db, user, ct);
        return TypedResults.Ok(sites);
    }

    public static async Task<List<SiteView>> SitesOf(MainstayDb db, ClinicUser user, CancellationToken ct)
    {
        var scope = await user.ScopeAsync(ct);
        var ids = scope.SiteIds.ToList();
        return await db.Sites.AsNoTracking()
            .Where(s => ids.Contains(s.Id))
            .OrderBy(s => s.Name)
            .Select(s => new SiteView(s.Id, s.Name, s.Code, s.OrganizationId, s.Organization!.Name, s.IsActive))
            .ToListAsync(ct);
    }
}
