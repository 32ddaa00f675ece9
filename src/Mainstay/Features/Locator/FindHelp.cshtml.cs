using Mainstay.Web;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mainstay.Features.Locator;

/// <summary>
/// The public "find help" page: programs near a ZIP code with the services and conditions a person needs, nearest
/// first, as a list and as a picture of distances. A GET form: no account, no cookie, nothing stored.
/// </summary>
public sealed class FindHelpModel(ProgramDirectory directory) : PageModel
{
    public LocatorAnswer? Answer { get; private set; }
    public string? Error { get; private set; }
    public bool Searched { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var q = Request.Query;
        Searched = q.ContainsKey("zip");
        if (!Searched)
        {
            return;
        }

        var errors = new FieldErrors();
        var query = LocatorApi.Parse(errors, q["zip"], q["radiusMiles"], q["service"], q["medication"], q["setting"], q["payment"], q["language"], q["population"], null);
        if (query is null)
        {
            Error = Refusal.Invalid(errors).Describe();
            return;
        }

        var answer = await directory.SearchAsync(query, ct);
        Answer = answer.Value;
        Error = answer.Refusal?.Describe();
    }
}
