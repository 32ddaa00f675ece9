using System.Globalization;
using System.Security.Claims;
using Mainstay.Data;
using Mainstay.Features.Audit;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Mainstay.Features.Access;

/// <summary>
/// How long a sign-in lasts, after NIST SP 800-63B's reauthentication rule for AAL2: a staff session ends after
/// 30 minutes without activity (the cookie's sliding expiry) and after 12 hours however active; a bearer token lives one
/// hour. Every signed-in request is checked against the account: when its security stamp has changed (sign-out
/// everywhere, an administrator ending the sessions, a new password or a change of two-step sign-in) every cookie and
/// token issued before stops working at once, not when it would have expired. (The account's stamp is kept a moment
/// between requests by <see cref="SignedInAccounts"/>, which forgets it whenever an account changes.)
/// </summary>
public static class SessionRules
{
    public const string SignedInAtClaim = "mainstay:signed_in_at";
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan AbsoluteLifetime = TimeSpan.FromHours(12);
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(1);

    private const string EndedItem = "mainstay.session-ended";

    /// <summary>Middleware after authentication: a session past its 12 hours, or whose account's stamp changed, is treated as signed out.</summary>
    public static async Task CheckAsync(HttpContext http, RequestDelegate next)
    {
        var user = http.User;
        if (user.Identity?.IsAuthenticated == true && user.FindFirst(ApiClients.ClientClaim) is null
            && await WhyEndedAsync(http, user) is { } why)
        {
            if (!http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                await http.SignOutAsync(IdentityConstants.ApplicationScheme);
            }

            http.User = new ClaimsPrincipal(new ClaimsIdentity());
            http.Items[EndedItem] = why;
        }

        await next(http);
    }

    /// <summary>Why this request's session ended, for the 401 ProblemDetails; null when it did not.</summary>
    public static string? EndedBecause(HttpContext http) => http.Items[EndedItem] as string;

    private static async Task<string?> WhyEndedAsync(HttpContext http, ClaimsPrincipal user)
    {
        var clock = http.RequestServices.GetRequiredService<TimeProvider>();
        if (!long.TryParse(user.FindFirstValue(SignedInAtClaim), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || clock.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds) > AbsoluteLifetime)
        {
            return "This sign-in is more than 12 hours old; sign in again.";
        }

        var stampClaim = http.RequestServices.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
        var id = Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var g) ? g : Guid.Empty;
        var stamp = await http.RequestServices.GetRequiredService<ClinicUser>().SecurityStampAsync(id, http.RequestAborted);
        return stamp is not null && stamp == user.FindFirstValue(stampClaim)
            ? null
            : "This sign-in was ended (signed out on every device, or the account's sign-in changed); sign in again.";
    }

    /// <summary>Ends every session and token of an account: a new security stamp, audited in the same save.</summary>
    public static async Task EndAllAsync(UserManager<UserAccount> users, AuditTrail audit, UserAccount account, string why)
    {
        audit.Record(AuditActions.SessionsEnded, "UserAccount", account.Id.ToString(), detail: $"username={account.UserName}; {why}");
        var result = await users.UpdateSecurityStampAsync(account);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}

/// <summary>Adds the moment of sign-in to every principal Identity makes, for the 12-hour limit.</summary>
public sealed class MainstayClaimsFactory(
    UserManager<UserAccount> users,
    RoleManager<IdentityRole<Guid>> roles,
    IOptions<IdentityOptions> options,
    TimeProvider clock) : UserClaimsPrincipalFactory<UserAccount, IdentityRole<Guid>>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(UserAccount user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(SessionRules.SignedInAtClaim, clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
        return identity;
    }

    /// <summary>Identity refreshes a cookie's principal every half hour; the refreshed one keeps the original sign-in time.</summary>
    public static Task KeepSignInTime(SecurityStampRefreshingPrincipalContext context)
    {
        if (context.NewPrincipal?.Identity is ClaimsIdentity fresh && context.CurrentPrincipal?.FindFirst(SessionRules.SignedInAtClaim) is { } original)
        {
            fresh.TryRemoveClaim(fresh.FindFirst(SessionRules.SignedInAtClaim));
            fresh.AddClaim(new Claim(SessionRules.SignedInAtClaim, original.Value));
        }

        return Task.CompletedTask;
    }
}
