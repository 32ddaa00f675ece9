using Mainstay.Features.Access;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Mainstay.Features.Portal;

/// <summary>Redeeming a portal invitation: the patient confirms their birth date and chooses a username and password.</summary>
[EnableRateLimiting(Hosting.RateLimits.SignIn)]
public sealed class JoinModel(PortalAccounts portal, SignInManager<UserAccount> signIn) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Token { get; set; } = "";

    public bool Open { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Open = await portal.IsOpenAsync(Token, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? birthDate, string? username, string? password, string? repeat, CancellationToken ct)
    {
        if (password != repeat)
        {
            Error = "The two passwords are not the same.";
            Open = await portal.IsOpenAsync(Token, ct);
            return Page();
        }

        var outcome = await portal.RedeemAsync(Token, new RedeemInvitation { BirthDate = birthDate, Username = username, Password = password }, ct);
        if (!outcome.Succeeded)
        {
            Error = outcome.Refusal!.Describe();
            Open = await portal.IsOpenAsync(Token, ct);
            return Page();
        }

        await signIn.SignInAsync(outcome.Value!, isPersistent: false);
        return Redirect("/portal");
    }
}
