using Mainstay.Features.Audit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mainstay.Features.Access;

/// <summary>The signed-in person's own sign-in: two-step sign-in on or off, and signing out on every device.</summary>
[Authorize]
public sealed class AccountModel(UserManager<UserAccount> users, SignInManager<UserAccount> signIn, AuditTrail audit, Data.MainstayDb db) : PageModel
{
    public bool TwoStepOn { get; private set; }
    public int RecoveryCodesLeft { get; private set; }

    /// <summary>While setting up: the new key, to type or scan into the authenticator app.</summary>
    public string? NewKey { get; private set; }

    public string? OtpAuthUri { get; private set; }
    public IReadOnlyList<string> RecoveryCodes { get; private set; } = [];
    public string? Error { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() is null ? Forbid() : Page();

    /// <summary>Step 1 of setting up: a fresh key (any earlier one stops working).</summary>
    public async Task<IActionResult> OnPostBeginAsync()
    {
        if (await LoadAsync() is not { } user)
        {
            return Forbid();
        }

        await users.ResetAuthenticatorKeyAsync(user);
        await signIn.RefreshSignInAsync(user); // a new key changes the security stamp; keep this session
        await ShowKeyAsync(user);
        return Page();
    }

    /// <summary>Step 2: the first code from the app proves it holds the key; two-step sign-in goes on and the recovery codes are shown once.</summary>
    public async Task<IActionResult> OnPostConfirmAsync(string? code)
    {
        if (await LoadAsync() is not { } user)
        {
            return Forbid();
        }

        // One transaction: the switch, the recovery codes and the audit event are saved together or not at all.
        await using var tx = await db.Database.BeginTransactionAsync();
        var codes = await TwoStep.EnableAsync(users, user, code);
        if (codes is null)
        {
            Error = "That code is not right: enter the 6 digits the app shows now for Mainstay.";
            await ShowKeyAsync(user);
            return Page();
        }

        audit.Record(AuditActions.TwoStepChanged, "UserAccount", user.Id.ToString(), detail: $"username={user.UserName}; two-step sign-in turned on");
        await users.UpdateAsync(user);
        await tx.CommitAsync();
        await signIn.RefreshSignInAsync(user);
        RecoveryCodes = codes;
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostTurnOffAsync(string? code)
    {
        if (await LoadAsync() is not { } user)
        {
            return Forbid();
        }

        if (!await TwoStep.CheckCodeAsync(users, user, code))
        {
            Error = "To turn two-step sign-in off, enter a current code from the app (or a recovery code).";
            return Page();
        }

        await using var tx = await db.Database.BeginTransactionAsync();
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        audit.Record(AuditActions.TwoStepChanged, "UserAccount", user.Id.ToString(), detail: $"username={user.UserName}; two-step sign-in turned off");
        await users.UpdateAsync(user);
        await tx.CommitAsync();
        await signIn.RefreshSignInAsync(user);
        Message = "Two-step sign-in is off.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostEverywhereAsync()
    {
        if (await LoadAsync() is not { } user)
        {
            return Forbid();
        }

        await SessionRules.EndAllAsync(users, audit, user, "signed out on every device by the account holder");
        await signIn.SignOutAsync();
        return Redirect("/signin");
    }

    private async Task<UserAccount?> LoadAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return null;
        }

        TwoStepOn = await users.GetTwoFactorEnabledAsync(user);
        RecoveryCodesLeft = TwoStepOn ? await users.CountRecoveryCodesAsync(user) : 0;
        return user;
    }

    private async Task ShowKeyAsync(UserAccount user)
    {
        var key = await users.GetAuthenticatorKeyAsync(user) ?? "";
        NewKey = TwoStep.Readable(key);
        OtpAuthUri = TwoStep.OtpAuthUri(user.UserName ?? "", key);
    }

    /// <summary>The set-up key as a QR code (PNG), for the app's camera; only while two-step sign-in is being set up.</summary>
    public async Task<IActionResult> OnGetQrAsync()
    {
        if (await LoadAsync() is not { } user || TwoStepOn || await users.GetAuthenticatorKeyAsync(user) is not { } key)
        {
            return NotFound();
        }

        Response.Headers.CacheControl = "no-store";
        var png = QRCoder.PngByteQRCodeHelper.GetQRCode(TwoStep.OtpAuthUri(user.UserName ?? "", key), QRCoder.QRCodeGenerator.ECCLevel.Q, 6);
        return File(png, "image/png");
    }
}
