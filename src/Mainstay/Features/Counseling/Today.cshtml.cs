using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Counseling;

/// <summary>The counselor's day: the sessions and groups of a day, mine or the whole site, with attendance taken so far.</summary>
[Authorize(Policy = Policies.ReadPatients)]
public sealed class TodayModel(CounselingCalendar calendar, MainstayDb db, ClinicUser user, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Date { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool All { get; set; }

    public DateOnly Day { get; private set; }
    public IReadOnlyList<SessionSummary> Sessions { get; private set; } = [];
    public IReadOnlyList<GroupListing> Groups { get; private set; } = [];
    public IReadOnlyDictionary<int, string> Sites { get; private set; } = new Dictionary<int, string>();
    public string? Error { get; private set; }
    public string Me => user.Username ?? "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var errors = new FieldErrors();
        Day = Dates.Parse(errors, "date", Date) ?? DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        if (errors.Any)
        {
            Error = Refusal.Invalid(errors).Describe();
        }

        var day = await calendar.DayAsync(null, Day, All ? null : Me, ct);
        Sessions = day.Value ?? [];
        Groups = (await calendar.GroupsAsync(null, ct)).Value ?? [];
        var scope = await user.ScopeAsync(ct);
        var ids = scope.SiteIds.ToList();
        Sites = await db.Sites.AsNoTracking().Where(s => ids.Contains(s.Id) && s.IsActive).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        return Page();
    }
}
