using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Audit;
using Mainstay.Features.Patients;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Home;

/// <summary>The page each role lands on: what that person needs first.</summary>
public sealed class HomeModel(MainstayDb db, ClinicUser user, AuditTrail audit, TimeProvider clock, Plans.TreatmentPlans plans, Inventory.StockDayCloses closes) : PageModel
{
    public string DisplayName { get; private set; } = "";
    public string Role { get; private set; } = "";
    public string PartOfDay { get; private set; } = "day";
    public List<string> SiteNames { get; private set; } = [];
    public CensusView? Census { get; private set; }
    public List<PatientSummary> Recent { get; private set; } = [];
    public List<AuditEventView>? RecentAudit { get; private set; }
    public AdminView? Admin { get; private set; }
    public List<Plans.TreatmentPlans.WorkListItem>? PlanWork { get; private set; }

    /// <summary>The director's: closes of day with a discrepancy or a correction not yet reviewed.</summary>
    public IReadOnlyList<(Inventory.DayCloseSummary Close, string Site)>? StockReviews { get; private set; }

    public sealed record CensusView(List<string> Statuses, List<(string Status, int Count)> Totals, List<(string Site, Dictionary<string, int> Counts)> BySite);

    public sealed record AdminView(int Sites, int Accounts);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Role = user.Role ?? "";
        if (Role == Roles.Patient)
        {
            return Redirect("/portal");
        }

        var id = user.UserId;
        DisplayName = await db.Users.Where(u => u.Id == id).Select(u => u.DisplayName).SingleOrDefaultAsync(ct) ?? user.Username ?? "";
        var hour = clock.GetLocalNow().Hour;
        PartOfDay = hour < 12 ? "morning" : hour < 18 ? "afternoon" : "evening";
        var scope = await user.ScopeAsync(ct);
        var siteIds = scope.SiteIds.ToList();
        SiteNames = await db.Sites.Where(s => siteIds.Contains(s.Id)).OrderBy(s => s.Name).Select(s => s.Name).ToListAsync(ct);

        if (Policies.RolesFor[Policies.ReadPatients].Contains(Role))
        {
            await LoadCensusAsync(siteIds, ct);
        }

        if (Role is Roles.Counselor or Roles.Prescriber)
        {
            PlanWork = await plans.WorkListAsync(ct);
        }

        if (Policies.RolesFor[Policies.ReviewStock].Contains(Role))
        {
            StockReviews = await closes.AwaitingReviewAsync(ct);
        }

        if (Policies.RolesFor[Policies.ReadAudit].Contains(Role))
        {
            RecentAudit = await AuditQueries.FindAsync(db, new AuditFilter(null, null, null, null, null, null, null, 10), ct);
        }

        if (Role == Roles.Admin)
        {
            Admin = new AdminView(await db.Sites.CountAsync(ct), await db.Users.CountAsync(ct));
        }

        return Page();
    }

    private async Task LoadCensusAsync(List<int> siteIds, CancellationToken ct)
    {
        var counts = await db.Patients.AsNoTracking()
            .Where(p => siteIds.Contains(p.SiteId) && p.Status != PatientStatus.EnteredInError)
            .GroupBy(p => new { p.SiteId, p.Site!.Name, p.Status })
            .Select(g => new { g.Key.Name, g.Key.Status, Count = g.Count() })
            .ToListAsync(ct);
        var statuses = Enum.GetValues<PatientStatus>().Where(s => s != PatientStatus.EnteredInError).Select(PatientWire.Name).ToList();
        Census = new CensusView(
            statuses,
            statuses.Select(s => (s, counts.Where(c => PatientWire.Name(c.Status) == s).Sum(c => c.Count))).ToList(),
            counts.GroupBy(c => c.Name).OrderBy(g => g.Key)
                .Select(g => (g.Key, g.ToDictionary(c => PatientWire.Name(c.Status), c => c.Count))).ToList());

        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var recent = await db.Patients.AsNoTracking()
            .Where(p => siteIds.Contains(p.SiteId) && p.Status != PatientStatus.EnteredInError)
            .OrderByDescending(p => p.CreatedAt).ThenBy(p => p.FamilyKey)
            .Take(8)
            .Select(p => new { p.Id, p.Mrn, p.GivenName, p.MiddleName, p.FamilyName, p.BirthDate, p.SexAtBirth, p.SiteId, SiteName = p.Site!.Name, p.Status })
            .ToListAsync(ct);
        await audit.RecordNowAsync(AuditActions.Search, "Patient", detail: $"home page: {recent.Count} recently registered", ct: ct);
        Recent = recent.Select(p => new PatientSummary(p.Id, p.Mrn, p.GivenName, p.MiddleName, p.FamilyName, p.BirthDate,
            PatientWire.AgeOn(p.BirthDate, today), PatientWire.Name(p.SexAtBirth), p.SiteId, p.SiteName, PatientWire.Name(p.Status))).ToList();
    }
}
