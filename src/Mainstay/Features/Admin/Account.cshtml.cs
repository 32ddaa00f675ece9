using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Audit;
using Mainstay.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Admin;

/// <summary>One sign-in account: its role and sites, disable or enable it, lift a lockout, set a new password, end its sessions.</summary>
[Authorize(Policy = Policies.Administer)]
public sealed class AccountModel(UserAccounts accounts, MainstayDb db, UserManager<UserAccount> users, AuditTrail audit) : PageModel
{
    public AccountView? Account { get; private set; }

    public List<(int Id, string Name)> Sites { get; private set; } = [];

    public List<string> Errors { get; } = [];

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(string username, CancellationToken ct) => await ShowAsync(username, ct);

    public Task<IActionResult> OnPostChangeAsync(string username, string? role, string? displayName, string? scope, int[]? siteIds, CancellationToken ct) =>
        ActAsync(username, accounts.ChangeAsync(username, new AccountChange(role, scope == "all" ? null : siteIds ?? [], scope == "all", displayName), ct),
            "Saved. A new role or new sites take effect at the next sign-in; the account's sessions were ended.", ct);

    public Task<IActionResult> OnPostDisableAsync(string username, string? reason, CancellationToken ct) =>
        ActAsync(username, accounts.DisableAsync(username, new DisableAccount(reason), ct), "Disabled: the account cannot sign in and its sessions have ended.", ct);

    public Task<IActionResult> OnPostEnableAsync(string username, CancellationToken ct) =>
        ActAsync(username, accounts.EnableAsync(username, ct), "Enabled: the account can sign in again.", ct);

    public Task<IActionResult> OnPostUnlockAsync(string username, CancellationToken ct) =>
        ActAsync(username, accounts.UnlockAsync(username, ct), "Unlocked.", ct);

    public Task<IActionResult> OnPostPasswordAsync(string username, string? password, CancellationToken ct) =>
        ActAsync(username, accounts.ResetPasswordAsync(username, new ResetPassword(password), ct), "New password set; give it to the person in private. Their sessions have ended.", ct);

    public async Task<IActionResult> OnPostEndSessionsAsync(string username, CancellationToken ct)
    {
        if (await users.FindByNameAsync(username) is not { } account)
        {
            return NotFound();
        }

        await SessionRules.EndAllAsync(users, audit, account, "sessions ended by an administrator on the account page");
        Message = "Every session and token of this account has ended.";
        return RedirectToPage(new { username });
    }

    private async Task<IActionResult> ActAsync(string username, Task<Outcome<AccountView>> action, string done, CancellationToken ct)
    {
        var outcome = await action;
        if (outcome.Refusal is { Kind: RefusalKind.NotFound })
        {
            return NotFound();
        }

        if (!outcome.Succeeded)
        {
            Errors.AddRange(outcome.Refusal!.Errors?.ToDictionary().SelectMany(e => e.Value) ?? [outcome.Refusal.Message]);
            return await ShowAsync(username, ct);
        }

        Message = done;
        return RedirectToPage(new { username });
    }

    private async Task<IActionResult> ShowAsync(string username, CancellationToken ct)
    {
        var view = await accounts.ViewAsync(username, ct);
        if (!view.Succeeded)
        {
            return NotFound();
        }

        Account = view.Value;
        Sites = [.. (await db.Sites.AsNoTracking().OrderBy(s => s.Id).Select(s => new { s.Id, s.Name }).ToListAsync(ct)).Select(s => (s.Id, s.Name))];
        return Page();
    }
}
