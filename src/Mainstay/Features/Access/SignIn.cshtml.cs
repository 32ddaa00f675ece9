using Mainstay.Data;
using Mainstay.Features.Audit;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mainstay.Features.Access;

public sealed class SignInModel(SignInManager<UserAccount> signIn, AuditTrail audit, MainstayDb db, IDataProtectionProvider protection, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public string? Username { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    /// <summary>After a good password on an account with two-step sign-in: the token of that step, carried to the code step.</summary>
    [BindProperty]
    public string? Pending { get; set; }

    [BindProperty]
    public string? Code { get; set; }

    public string? Error { get; private set; }

    public bool AskForCode => Pending is not null;

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
            return await RefuseAsync(Username, check.Why, ct);
        }

        if (await signIn.UserManager.GetTwoFactorEnabledAsync(check.User))
        {
            Pending = TwoStep.Pending(protection, check.User, clock);
            Password = null;
            return Page();
        }

        return await CompleteAsync(check.User, "password", ct);
    }

    [Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(Hosting.RateLimits.SignIn)]
    public async Task<IActionResult> OnPostCodeAsync(CancellationToken ct)
    {
        var user = await TwoStep.FromPendingAsync(protection, signIn.UserManager, Pending);
        if (user is null)
        {
            Pending = null;
            return await RefuseAsync(Username ?? "", "The sign-in took too long or the account changed; enter your password again.", ct);
        }

        if (!await TwoStep.CheckCodeAsync(signIn.UserManager, user, Code))
        {
            var locked = await signIn.UserManager.IsLockedOutAsync(user);
            Pending = locked ? null : Pending;
            return await RefuseAsync(user.UserName ?? "", locked && user.DisabledAt is not null
                ? "This account is disabled; ask an administrator."
                : locked
                ? "This account is locked after repeated failed sign-ins; try again in 15 minutes or ask an administrator."
                : "That code is not right. Enter the 6-digit code your authenticator app shows now, or a recovery code.", ct);
        }

        return await CompleteAsync(user, "password and one-time code", ct);
    }

    private async Task<IActionResult> RefuseAsync(string username, string why, CancellationToken ct)
    {
        var name = username.Trim();
        audit.Record(AuditActions.SignInFailed, "Session", detail: $"username={name[..Math.Min(name.Length, 100)]}; {why}");
        await db.SaveChangesAsync(ct);
        Error = why;
        return Page();
    }

    private async Task<IActionResult> CompleteAsync(UserAccount user, string how, CancellationToken ct)
    {
        await signIn.SignInAsync(user, isPersistent: false);
        audit.Record(AuditActions.SignIn, "Session", user.Id.ToString(), detail: $"username={user.UserName}; {how}");
        await db.SaveChangesAsync(ct);
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }
}
