using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mainstay.Features.Portal;

/// <summary>The education pages: open to anyone, patients and families alike; nothing is recorded about the reader.</summary>
public sealed class LearnModel : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Topic { get; set; }

    public EducationTopic? Shown { get; private set; }

    public IActionResult OnGet()
    {
        if (Topic is null)
        {
            return Page();
        }

        Shown = Education.Find(Topic);
        return Shown is null ? NotFound() : Page();
    }
}
