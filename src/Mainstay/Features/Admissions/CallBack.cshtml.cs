using Mainstay.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Admissions;

/// <summary>The public "call me back" form: no account, a name, a way to reach the person safely, and their consent.</summary>
[AllowAnonymous]
public sealed class CallBackModel(AdmissionsOffice office, MainstayDb db) : PageModel
{
    [BindProperty]
    public NewInquiry Form { get; set; } = new();

    public List<(int Id, string Name, string? Phone)> Sites { get; private set; } = [];
    public Web.Refusal? Refusal { get; private set; }
    public string? Reference { get; private set; }

    /// <summary>The site chosen in the directory ("find help"), when the person came from there.</summary>
    public async Task OnGetAsync(int? siteId, CancellationToken ct)
    {
        Form = Form with { SiteId = siteId };
        await LoadAsync(ct);
    }

    [EnableRateLimiting(Hosting.RateLimits.SignIn)]
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var outcome = await office.RequestCallBackAsync(Form, ct);
        Reference = outcome.Value;
        Refusal = outcome.Refusal;
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct) =>
        Sites = (await db.Sites.AsNoTracking().Where(s => s.IsActive).OrderBy(s => s.Name).Select(s => new { s.Id, s.Name, s.Phone }).ToListAsync(ct))
            .Select(s => (s.Id, s.Name, s.Phone)).ToList();
}
