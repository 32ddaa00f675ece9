using System.Globalization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;

namespace Mainstay.Features.Access;

/// <summary>
/// Optional two-step sign-in: a time-based one-time code (TOTP, RFC 6238: six digits, 30-second steps, as every
/// authenticator app makes) after the password, or one of ten single-use recovery codes. A wrong code counts toward the
/// same lockout as a wrong password.
/// </summary>
public static class TwoStep
{
    public const int RecoveryCodes = 10;
    private const string Purpose = "mainstay.two-step-pending";
    private static readonly TimeSpan PendingFor = TimeSpan.FromMinutes(5);

    /// <summary>True when the code is the account's current authenticator code or an unused recovery code (which it then uses up).</summary>
    public static async Task<bool> CheckCodeAsync(UserManager<UserAccount> users, UserAccount user, string? code)
    {
        var given = code?.Trim() ?? "";
        var digits = given.Replace(" ", "", StringComparison.Ordinal);
        var ok = digits.Length == 6 && digits.All(char.IsAsciiDigit)
            ? await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, digits)
            : given.Length is > 6 and < 40 && (await users.RedeemTwoFactorRecoveryCodeAsync(user, given)).Succeeded;
        if (ok)
        {
            await users.ResetAccessFailedCountAsync(user);
        }
        else
        {
            await users.AccessFailedAsync(user);
        }

        return ok;
    }

    /// <summary>The key as people type it into an authenticator app: groups of four letters.</summary>
    public static string Readable(string key) =>
        string.Join(' ', key.Chunk(4).Select(c => new string(c))).ToLowerInvariant();

    public static string OtpAuthUri(string username, string key) =>
        $"otpauth://totp/Mainstay:{Uri.EscapeDataString(username)}?secret={key}&issuer=Mainstay&digits=6&period=30";

    /// <summary>A token carried between the password step and the code step: who passed the password, valid five minutes.</summary>
    public static string Pending(IDataProtectionProvider protection, UserAccount user, TimeProvider clock) =>
        protection.CreateProtector(Purpose).ToTimeLimitedDataProtector()
            .Protect($"{user.Id}|{user.SecurityStamp}", clock.GetUtcNow() + PendingFor);

    /// <summary>The account whose password step this token records, when the token is genuine, unexpired and the account unchanged.</summary>
    public static async Task<UserAccount?> FromPendingAsync(IDataProtectionProvider protection, UserManager<UserAccount> users, string? pending)
    {
        if (string.IsNullOrEmpty(pending))
        {
            return null;
        }

        string text;
        try
        {
            text = protection.CreateProtector(Purpose).ToTimeLimitedDataProtector().Unprotect(pending, out _);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }

        var parts = text.Split('|', 2);
        var user = parts.Length == 2 ? await users.FindByIdAsync(parts[0]) : null;
        return user is not null && user.SecurityStamp == parts[1] && !await users.IsLockedOutAsync(user) ? user : null;
    }

    /// <summary>Turns two-step sign-in on after the first good code, and returns the recovery codes to show once.</summary>
    public static async Task<IReadOnlyList<string>?> EnableAsync(UserManager<UserAccount> users, UserAccount user, string? code)
    {
        var digits = (code ?? "").Replace(" ", "", StringComparison.Ordinal);
        if (digits.Length != 6 || !await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, digits))
        {
            return null;
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        return [.. await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodes) ?? []];
    }

    public static string Describe(int remaining) =>
        remaining.ToString(CultureInfo.InvariantCulture) + (remaining == 1 ? " recovery code left" : " recovery codes left");
}
