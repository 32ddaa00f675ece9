using Mainstay.Data;
using Mainstay.Features.Audit;
using Mainstay.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Access;

public sealed record NewUserAccount(string Username, string Role, string Password, IReadOnlyList<int>? SiteIds, string? DisplayName)
{
    /// <summary>For a patient's portal account: the chart it opens.</summary>
    public Guid? PatientId { get; init; }
}

/// <summary>What an administrator changes on an account; null leaves a part as it is. SiteIds replaces the grants (and ends "all sites").</summary>
public sealed record AccountChange(string? Role, IReadOnlyList<int>? SiteIds, bool? AllSites, string? DisplayName);

public sealed record DisableAccount(string? Reason);

public sealed record ResetPassword(string? Password);

/// <summary>An account as the administrator sees it (never its password or keys).</summary>
public sealed record AccountView(
    string Username, string DisplayName, string Role, bool AllSites, IReadOnlyList<int> SiteIds, bool Disabled, DateTimeOffset? DisabledAt,
    string? DisabledReason, DateTimeOffset? LockedUntil, bool TwoStep, DateTimeOffset CreatedAt);

/// <summary>
/// Sign-in accounts through their life: created (the CLI, the demo seed, the admin pages and API use this one path),
/// changed in role, sites or name, disabled and enabled again, unlocked, given a new password. Every change is audited
/// and, except a new name, ends the account's sessions and tokens at once, so no sign-in keeps rights it no longer has.
/// </summary>
public sealed class UserAccounts(UserManager<UserAccount> users, MainstayDb db, AuditTrail audit, TimeProvider clock, ClinicUser actor)
{
    /// <summary>The shortest reason accepted for disabling an account.</summary>
    public const int ReasonMinimum = 5;

    /// <param name="account">SiteIds null means all sites.</param>
    public async Task<Outcome<UserAccount>> CreateAsync(NewUserAccount account, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var role = account.Role.Trim().ToLowerInvariant();
        if (!Roles.IsKnown(role))
        {
            errors.Add("role", $"'{account.Role}' is not a role; use one of {string.Join(", ", Roles.All)}.");
        }

        if (string.IsNullOrWhiteSpace(account.Username))
        {
            errors.Add("username", "username is required.");
        }
        else if (await users.FindByNameAsync(account.Username) is not null)
        {
            errors.Add("username", $"The username '{account.Username}' is taken.");
        }

        if (account.SiteIds is { } ids)
        {
            var known = await db.Sites.Where(s => ids.Contains(s.Id)).Select(s => s.Id).ToListAsync(ct);
            foreach (var missing in ids.Except(known))
            {
                errors.Add("sites", $"There is no site with id {missing}.");
            }
        }

        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        var user = new UserAccount
        {
            Id = Guid.CreateVersion7(clock.GetUtcNow()),
            UserName = account.Username.Trim(),
            DisplayName = string.IsNullOrWhiteSpace(account.DisplayName) ? account.Username.Trim() : account.DisplayName.Trim(),
            AllSites = account.SiteIds is null && role != Roles.Patient,
            SiteGrants = account.SiteIds?.Distinct().Select(id => new SiteGrant { SiteId = id }).ToList() ?? [],
            CreatedAt = clock.GetUtcNow(),
            PatientId = role == Roles.Patient ? account.PatientId : null,
        };

        // Joins the caller's transaction when there is one (a portal invitation redeemed under its lock).
        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        await using var tx = own;
        var created = await users.CreateAsync(user, account.Password);
        if (!created.Succeeded)
        {
            foreach (var e in created.Errors)
            {
                errors.Add(e.Code.Contains("Password", StringComparison.Ordinal) ? "password" : "username", e.Description);
            }

            return Refusal.Invalid(errors);
        }

        var added = await users.AddToRoleAsync(user, role);
        if (!added.Succeeded)
        {
            errors.Add("role", string.Join(" ", added.Errors.Select(e => e.Description)));
            return Refusal.Invalid(errors);
        }

        audit.Record(AuditActions.UserCreated, "UserAccount", user.Id.ToString(),
            detail: $"username={user.UserName}; role={role}; sites={(user.AllSites ? "all" : string.Join(",", user.SiteGrants.Select(g => g.SiteId)))}");
        await db.SaveChangesAsync(ct);
        if (own is not null)
        {
            await own.CommitAsync(ct);
        }
        return user;
    }

    public async Task<IReadOnlyList<AccountView>> ListAsync(CancellationToken ct)
    {
        var accounts = await db.Users.AsNoTracking().Include(u => u.SiteGrants).OrderBy(u => u.UserName).ToListAsync(ct);
        var roles = await RolesAsync(null, ct);
        return [.. accounts.Select(u => View(u, roles.GetValueOrDefault(u.Id, "")))];
    }

    public async Task<Outcome<AccountView>> ViewAsync(string username, CancellationToken ct) =>
        await FindAsync(username, ct) is { } user ? View(user, await RoleOfAsync(user, ct)) : Refusal.NotFound($"There is no account '{Clip(username)}'.");

    /// <summary>A new role, other sites or another name. A patient's portal account keeps its role and its one chart.</summary>
    public async Task<Outcome<AccountView>> ChangeAsync(string username, AccountChange change, CancellationToken ct)
    {
        await using var tx = await db.BeginLockedWriteAsync(ct);
        if (await FindAsync(username, ct) is not { } user)
        {
            return Refusal.NotFound($"There is no account '{Clip(username)}'.");
        }

        var role = await RoleOfAsync(user, ct);
        var errors = new FieldErrors();
        var newRole = change.Role?.Trim().ToLowerInvariant();
        if (newRole is not null && !Roles.IsKnown(newRole))
        {
            errors.Add("role", $"'{change.Role}' is not a role; use one of {string.Join(", ", Roles.All.Where(r => r != Roles.Patient))}.");
        }
        else if (newRole is not null && newRole != role && (newRole == Roles.Patient || role == Roles.Patient))
        {
            errors.Add("role", "A patient's portal account and a staff account are different things: create a new account instead of changing the role.");
        }

        if (change.AllSites == true && change.SiteIds is { Count: > 0 })
        {
            errors.Add("siteIds", "Give either all sites or a list of sites, not both.");
        }
        else if ((change.SiteIds is { Count: 0 } && change.AllSites != true) || (change.AllSites == false && change.SiteIds is null && user.SiteGrants.Count == 0))
        {
            errors.Add("siteIds", "Grant at least one site, or all sites; to stop someone signing in, disable the account.");
        }

        if (change.SiteIds is { Count: > 0 } ids)
        {
            var known = await db.Sites.Where(s => ids.Contains(s.Id)).Select(s => s.Id).ToListAsync(ct);
            foreach (var missing in ids.Distinct().Except(known))
            {
                errors.Add("siteIds", $"There is no site with id {missing}.");
            }
        }

        var name = change.DisplayName?.Trim();
        if (name is { Length: 0 or > 200 })
        {
            errors.Add("displayName", "A name has 1 to 200 characters.");
        }

        if (role == Roles.Patient && (change.SiteIds is not null || change.AllSites is not null))
        {
            errors.Add("siteIds", "A patient's portal account opens its own chart only; it has no sites to change.");
        }

        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        if (role == Roles.Admin && newRole is not null && newRole != Roles.Admin && await IsLastAdminAsync(user, ct))
        {
            return Refusal.Conflict($"{user.UserName} is the only enabled administrator; make another administrator first.");
        }

        var before = Describe(user, role);
        if (newRole is not null && newRole != role)
        {
            Check(await users.RemoveFromRoleAsync(user, role));
            Check(await users.AddToRoleAsync(user, newRole));
            role = newRole;
        }

        if (change.AllSites == true)
        {
            user.AllSites = true;
            user.SiteGrants.Clear();
        }
        else if (change.SiteIds is { Count: > 0 } grants)
        {
            user.AllSites = false;
            user.SiteGrants.RemoveAll(g => !grants.Contains(g.SiteId));
            user.SiteGrants.AddRange(grants.Distinct().Where(id => user.SiteGrants.All(g => g.SiteId != id)).Select(id => new SiteGrant { SiteId = id }));
        }

        if (name is not null)
        {
            user.DisplayName = name;
        }

        var after = Describe(user, role);
        if (after == before)
        {
            return View(user, role);
        }

        var rightsChanged = after.Split("; name=")[0] != before.Split("; name=")[0];
        if (rightsChanged)
        {
            Check(await users.UpdateSecurityStampAsync(user)); // the old role and sites end with the sessions that carried them
        }

        audit.Record(AuditActions.UserChanged, "UserAccount", user.Id.ToString(), detail: $"{before} -> {after}{(rightsChanged ? "; sessions ended" : "")}");
        Check(await users.UpdateAsync(user));
        await tx.CommitAsync(ct);
        return View(user, role);
    }

    /// <summary>Stops the account signing in and ends its sessions at once; its records and audit trail stay.</summary>
    public async Task<Outcome<AccountView>> DisableAsync(string username, DisableAccount request, CancellationToken ct)
    {
        await using var tx = await db.BeginLockedWriteAsync(ct);
        if (await FindAsync(username, ct) is not { } user)
        {
            return Refusal.NotFound($"There is no account '{Clip(username)}'.");
        }

        var reason = request.Reason?.Trim() ?? "";
        if (reason.Length < ReasonMinimum || reason.Length > 500)
        {
            return Refusal.Invalid("reason", $"Say why the account is disabled, in {ReasonMinimum} to 500 characters (it is kept with the account and in the audit trail).");
        }

        if (user.DisabledAt is not null)
        {
            return Refusal.Conflict($"{user.UserName} is already disabled (since {user.DisabledAt:yyyy-MM-dd HH:mm} UTC).");
        }

        if (user.Id == actor.UserId)
        {
            return Refusal.Conflict("You cannot disable your own account; another administrator can.");
        }

        var role = await RoleOfAsync(user, ct);
        if (role == Roles.Admin && await IsLastAdminAsync(user, ct))
        {
            return Refusal.Conflict($"{user.UserName} is the only enabled administrator; make another administrator first.");
        }

        user.DisabledAt = clock.GetUtcNow();
        user.DisabledReason = reason;
        user.LockoutEnabled = true;
        user.LockoutEnd = DateTimeOffset.MaxValue; // Identity refuses every sign-in path while locked out
        Check(await users.UpdateSecurityStampAsync(user));
        audit.Record(AuditActions.UserDisabled, "UserAccount", user.Id.ToString(), detail: $"username={user.UserName}; reason={reason}; sessions ended");
        Check(await users.UpdateAsync(user));
        await tx.CommitAsync(ct);
        return View(user, role);
    }

    public async Task<Outcome<AccountView>> EnableAsync(string username, CancellationToken ct)
    {
        await using var tx = await db.BeginLockedWriteAsync(ct);
        if (await FindAsync(username, ct) is not { } user)
        {
            return Refusal.NotFound($"There is no account '{Clip(username)}'.");
        }

        if (user.DisabledAt is null)
        {
            return Refusal.Conflict($"{user.UserName} is not disabled.");
        }

        if (user.PatientId is not null && user.DisabledReason == Discharge.Deaths.PortalClosedReason)
        {
            return Refusal.Conflict($"{user.UserName} is the portal account of a patient who died; it stays closed.");
        }

        audit.Record(AuditActions.UserEnabled, "UserAccount", user.Id.ToString(), detail: $"username={user.UserName}; disabled since {user.DisabledAt:yyyy-MM-dd HH:mm} UTC for: {user.DisabledReason}");
        user.DisabledAt = null;
        user.DisabledReason = null;
        user.LockoutEnd = null;
        user.AccessFailedCount = 0;
        Check(await users.UpdateAsync(user));
        await tx.CommitAsync(ct);
        return View(user, await RoleOfAsync(user, ct));
    }

    /// <summary>Lifts a lockout after repeated failed sign-ins (not a disabled account: enable that).</summary>
    public async Task<Outcome<AccountView>> UnlockAsync(string username, CancellationToken ct)
    {
        await using var tx = await db.BeginLockedWriteAsync(ct);
        if (await FindAsync(username, ct) is not { } user)
        {
            return Refusal.NotFound($"There is no account '{Clip(username)}'.");
        }

        if (user.DisabledAt is not null)
        {
            return Refusal.Conflict($"{user.UserName} is disabled, not locked out; enable it instead.");
        }

        if (user.LockoutEnd is not { } end || end <= clock.GetUtcNow())
        {
            return Refusal.Conflict($"{user.UserName} is not locked out.");
        }

        user.LockoutEnd = null;
        user.AccessFailedCount = 0;
        audit.Record(AuditActions.UserUnlocked, "UserAccount", user.Id.ToString(), detail: $"username={user.UserName}");
        Check(await users.UpdateAsync(user));
        await tx.CommitAsync(ct);
        return View(user, await RoleOfAsync(user, ct));
    }

    /// <summary>Sets a new password (the person forgot theirs); ends their sessions. The password policy applies.</summary>
    public async Task<Outcome<AccountView>> ResetPasswordAsync(string username, ResetPassword request, CancellationToken ct)
    {
        await using var tx = await db.BeginLockedWriteAsync(ct);
        if (await FindAsync(username, ct) is not { } user)
        {
            return Refusal.NotFound($"There is no account '{Clip(username)}'.");
        }

        var password = request.Password ?? "";
        foreach (var validator in users.PasswordValidators)
        {
            var checkedPassword = await validator.ValidateAsync(users, user, password);
            if (!checkedPassword.Succeeded)
            {
                return Refusal.Invalid("password", string.Join(" ", checkedPassword.Errors.Select(e => e.Description)));
            }
        }

        user.PasswordHash = users.PasswordHasher.HashPassword(user, password);
        user.AccessFailedCount = 0;
        if (user.DisabledAt is null)
        {
            user.LockoutEnd = null;
        }

        Check(await users.UpdateSecurityStampAsync(user));
        audit.Record(AuditActions.PasswordReset, "UserAccount", user.Id.ToString(), detail: $"username={user.UserName}; by an administrator; sessions ended");
        Check(await users.UpdateAsync(user));
        await tx.CommitAsync(ct);
        return View(user, await RoleOfAsync(user, ct));
    }

    private async Task<UserAccount?> FindAsync(string username, CancellationToken ct) =>
        await db.Users.Include(u => u.SiteGrants).SingleOrDefaultAsync(u => u.NormalizedUserName == users.NormalizeName(username), ct);

    private async Task<string> RoleOfAsync(UserAccount user, CancellationToken ct) => (await RolesAsync(user.Id, ct)).GetValueOrDefault(user.Id, "");

    private async Task<Dictionary<Guid, string>> RolesAsync(Guid? userId, CancellationToken ct) =>
        (await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where userId == null || ur.UserId == userId select new { ur.UserId, r.Name })
            .ToListAsync(ct))
        .GroupBy(x => x.UserId).ToDictionary(g => g.Key, g => g.First().Name ?? "");

    /// <summary>True when no other enabled account is an administrator.</summary>
    private async Task<bool> IsLastAdminAsync(UserAccount user, CancellationToken ct) =>
        !await (from ur in db.UserRoles
                join r in db.Roles on ur.RoleId equals r.Id
                join u in db.Users on ur.UserId equals u.Id
                where r.Name == Roles.Admin && u.Id != user.Id && u.DisabledAt == null && u.PatientId == null
                select u.Id).AnyAsync(ct);

    private AccountView View(UserAccount u, string role) => new(
        u.UserName ?? "", u.DisplayName, role, u.AllSites, [.. u.SiteGrants.Select(g => g.SiteId).Order()], u.DisabledAt is not null, u.DisabledAt,
        u.DisabledReason, u.DisabledAt is null && u.LockoutEnd is { } end && end > clock.GetUtcNow() ? end : null, u.TwoFactorEnabled, u.CreatedAt);

    private static string Describe(UserAccount u, string role) =>
        $"role={role}; sites={(u.AllSites ? "all" : string.Join(",", u.SiteGrants.Select(g => g.SiteId).Order()))}; name={u.DisplayName}";

    /// <summary>An Identity store failure inside one of these actions is a fault, not a refusal: the transaction rolls back.</summary>
    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("The account could not be saved: " + string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }

    private static string Clip(string s) => s.Length > 100 ? s[..100] + "…" : s;
}
