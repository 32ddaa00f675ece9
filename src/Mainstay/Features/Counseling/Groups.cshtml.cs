using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Counseling;

/// <summary>The groups at the user's sites and the form that starts a new weekly group.</summary>
[Authorize(Policy = Policies.ReadPatients)]
public sealed class GroupsModel(CounselingCalendar calendar, MainstayDb db, ClinicUser user) : PageModel
{
    public IReadOnlyList<GroupListing> Groups { get; private set; } = [];
    public IReadOnlyDictionary<int, string> Sites { get; private set; } = new Dictionary<int, string>();
    public string? Error { get; private set; }
    public bool MayRun => user.Role is Roles.Counselor or Roles.Prescriber;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int? siteId, string? name, string? kind, string? room, string? description, string? linkage,
        string? firstOn, string? startsAt, int? minutes, int? weeks, int? capacity, CancellationToken ct)
    {
        var outcome = await calendar.CreateGroupAsync(new CreateGroup
        {
            SiteId = siteId,
            Name = name,
            Kind = kind,
            Room = room,
            Description = description,
            Linkage = linkage,
            FirstOn = firstOn,
            StartsAt = startsAt,
            Minutes = minutes,
            Weeks = weeks,
            Capacity = capacity,
        }, ct);
        if (outcome.Succeeded)
        {
            return Redirect($"/counseling/groups/{outcome.Value!.Id}");
        }

        Error = outcome.Refusal!.Describe();
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Groups = (await calendar.GroupsAsync(null, ct)).Value ?? [];
        var ids = (await user.ScopeAsync(ct)).SiteIds.ToList();
        Sites = await db.Sites.AsNoTracking().Where(s => ids.Contains(s.Id) && s.IsActive).OrderBy(s => s.Name).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
    }
}
