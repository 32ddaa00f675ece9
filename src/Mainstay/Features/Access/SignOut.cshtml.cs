using Mainstay.Data;
using Mainstay.Features.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mainstay.Features.Access;

public sealed class SignOutModel(SignInManager<UserAccount> signIn, AuditTrail audit, MainstayDb db) : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        audit.Record(AuditActions.SignOut, "Session");
        await db.SaveChangesAsync(ct);
        await signIn.SignOutAsync();
        return Redirect("/signin");
    }
}
