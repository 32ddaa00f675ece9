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

/// <summary>Creating sign-in accounts: the CLI, the demo seed and the admin pages use this one path.</summary>
public sealed class UserAccounts(UserManager<UserAccount> users, MainstayDb db, AuditTrail audit, TimeProvider clock)
{
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
}
