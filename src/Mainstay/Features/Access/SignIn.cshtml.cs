using Mainstay.Data;
using Mainstay.Features.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mainstay.Features.Access;

public sealed class SignInModel(SignInManager<UserAccount> signIn, AuditTrail audit, MainstayDb db) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public string? Username { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    [Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(Hosting.RateLimits.SignIn)]
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Username) || string.IsNullOrEmpty(Password))
        {
            Error = "Enter your username and password.";
            return Page();
        }

        var check = await PasswordCheck.CheckAsync(signIn, Username.Trim(), Password);
        if (check.User is null)
        {
            audit.Record(AuditActions.SignInFailed, "Session", detail: $"username={Username.Trim()[..Math.Min(Username.Trim().Length, 100)]}; {check.Why}");
            await db.SaveChangesAsync(ct);
            Error = check.Why;
            return Page();
        }

        await signIn.SignInAsync(check.User, isPersistent: false);
        audit.Record(AuditActions.SignIn, "Session", check.User.Id.ToString(), detail: $"username={check.User.UserName}");
        await db.SaveChangesAsync(ct);
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }
}
