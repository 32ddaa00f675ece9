using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Audit;
using Mainstay.Features.Sites;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Admin;

/// <summary>Administrators manage the organization's sites and its sign-in accounts.</summary>
[Authorize(Policy = Policies.Administer)]
public sealed class SitesModel(MainstayDb db, UserAccounts accounts, AuditTrail audit, TimeProvider clock, Beds.BedBoard beds) : PageModel
{
    public sealed record SiteRow(int Id, string Name, string Code, string Organization, string? Address, string? Phone, string? DeaRegistration);

    public sealed record AccountRow(string Username, string DisplayName, string Role, string Sites, bool Disabled, DateTimeOffset? LockedUntil, bool TwoStep);

    public sealed record OrganizationRow(int Id, string Name, int Sites);

    public List<OrganizationRow> Organizations { get; private set; } = [];
    public List<SiteRow> Sites { get; private set; } = [];
    public List<AccountRow> Accounts { get; private set; } = [];

    public sealed record UnitRow(string Site, string Building, string Name, Admissions.LevelOfCare LevelOfCare, int Beds);

    public List<UnitRow> Units { get; private set; } = [];
    public List<string> Errors { get; } = [];

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostOrganizationAsync(string? name, CancellationToken ct)
    {
        name = name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 200)
        {
            Errors.Add("An organization needs a name of up to 200 characters.");
            await LoadAsync(ct);
            return Page();
        }

        var org = new Organization { Name = name, CreatedAt = clock.GetUtcNow() };
        db.Organizations.Add(org);
        await db.SaveChangesAsync(ct);
        await audit.RecordNowAsync(AuditActions.Create, "Organization", org.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), detail: name, ct: ct);
        Message = $"Organization {name} added.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRenameOrganizationAsync(int id, string? name, CancellationToken ct)
    {
        name = name?.Trim();
        var org = await db.Organizations.SingleOrDefaultAsync(o => o.Id == id, ct);
        if (org is null || string.IsNullOrEmpty(name) || name.Length > 200)
        {
            Errors.Add(org is null ? $"There is no organization {id}." : "An organization needs a name of up to 200 characters.");
            await LoadAsync(ct);
            return Page();
        }

        var before = org.Name;
        org.Name = name;
        audit.Record(AuditActions.Update, "Organization", id.ToString(System.Globalization.CultureInfo.InvariantCulture), detail: $"renamed from {before} to {name}");
        await db.SaveChangesAsync(ct);
        Message = $"Organization renamed to {name}.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostSiteAsync(int? organizationId, string? name, string? code, string? address, string? phone, string? deaRegistration,
        CancellationToken ct)
    {
        name = name?.Trim();
        var registration = await RegistrationAsync(deaRegistration, siteId: null, ct);
        code = code?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(name) || name.Length > 200)
        {
            Errors.Add("A site needs a name of up to 200 characters.");
        }

        if (string.IsNullOrEmpty(code) || code.Length > 12 || !code.All(char.IsAsciiLetterOrDigit))
        {
            Errors.Add("A site needs a short code of letters and digits (up to 12), e.g. DTN.");
        }

        var org = organizationId is { } orgId
            ? await db.Organizations.SingleOrDefaultAsync(o => o.Id == orgId, ct)
            : await db.Organizations.OrderBy(o => o.Id).FirstOrDefaultAsync(ct);
        if (org is null)
        {
            org = new Organization { Name = "Treatment program", CreatedAt = clock.GetUtcNow() };
            db.Organizations.Add(org);
        }
        else if (code is not null && await db.Sites.AnyAsync(s => s.OrganizationId == org.Id && s.Code == code, ct))
        {
            Errors.Add($"The code {code} is already used by another site.");
        }

        if (Errors.Count > 0)
        {
            await LoadAsync(ct);
            return Page();
        }

        var site = new Site
        {
            Organization = org,
            Name = name!,
            Code = code!,
            Address = address?.Trim(),
            Phone = phone?.Trim(),
            DeaRegistration = registration,
            CreatedAt = clock.GetUtcNow(),
        };
        db.Sites.Add(site);
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            await audit.RecordNowAsync(AuditActions.Create, "Site", site.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), siteId: site.Id, detail: site.Name, ct: ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException ex) when (Dosing.DosingWindow.IsUniqueViolation(ex))
        {
            // Another administrator saved the same code or registration number between the checks above and this save.
            db.ChangeTracker.Clear();
            if (await db.Sites.AnyAsync(s => s.OrganizationId == org.Id && s.Code == code, ct))
            {
                Errors.Add($"The code {code} was just given to another site.");
            }

            await RegistrationAsync(deaRegistration, siteId: null, ct);
            return await TakenMeanwhileAsync(ct);
        }

        Message = $"Site {site.Name} added.";
        return RedirectToPage();
    }

    /// <summary>Records or changes a site's DEA registration number (blank removes it).</summary>
    public async Task<IActionResult> OnPostRegistrationAsync(int id, string? deaRegistration, CancellationToken ct)
    {
        var site = await db.Sites.SingleOrDefaultAsync(s => s.Id == id, ct);
        if (site is null)
        {
            Errors.Add($"There is no site {id}.");
        }

        var registration = await RegistrationAsync(deaRegistration, id, ct);
        if (Errors.Count > 0)
        {
            await LoadAsync(ct);
            return Page();
        }

        var before = site!.DeaRegistration;
        site.DeaRegistration = registration;
        audit.Record(AuditActions.Update, "Site", id.ToString(System.Globalization.CultureInfo.InvariantCulture), siteId: id,
            detail: $"DEA registration {before ?? "none"} → {registration ?? "none"}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (Dosing.DosingWindow.IsUniqueViolation(ex))
        {
            // Another site was given the same number between the check above and this save.
            db.ChangeTracker.Clear();
            await RegistrationAsync(deaRegistration, id, ct);
            return await TakenMeanwhileAsync(ct);
        }

        Message = registration is null ? $"{site.Name} has no DEA registration number on file now." : $"{site.Name}'s DEA registration number is {registration}.";
        return RedirectToPage();
    }

    /// <summary>The page again after the database refused a save as a duplicate: the checks, run again, say what was taken.</summary>
    private async Task<IActionResult> TakenMeanwhileAsync(CancellationToken ct)
    {
        if (Errors.Count == 0)
        {
            Errors.Add("Another site was given the same code or DEA registration number at the same moment; nothing was saved.");
        }

        await LoadAsync(ct);
        return Page();
    }

    /// <summary>A DEA registration number as kept, or null for none; a malformed one, or one another site holds, is added to <see cref="Errors"/>.</summary>
    private async Task<string?> RegistrationAsync(string? text, int? siteId, CancellationToken ct)
    {
        var registration = Clinical.Inventory.DeaRegistration.Normalize(text);
        if (registration is null)
        {
            return null;
        }

        if (Clinical.Inventory.DeaRegistration.Problem(registration) is { } problem)
        {
            Errors.Add(problem);
        }
        else if (await db.Sites.Where(s => s.DeaRegistration == registration && s.Id != siteId).Select(s => s.Name).FirstOrDefaultAsync(ct) is { } holder)
        {
            Errors.Add($"{registration} is {holder}'s registration: each registered location has its own.");
        }

        return registration;
    }

    public async Task<IActionResult> OnPostUnitAsync(int? siteId, string? building, string? name, string? levelOfCare, string? layout, CancellationToken ct)
    {
        var added = await beds.AddUnitAsync(new Beds.NewCareUnit { SiteId = siteId, Building = building, Name = name, LevelOfCare = levelOfCare, Beds = layout }, ct);
        if (!added.Succeeded)
        {
            Errors.Add(added.Refusal!.Describe());
            await LoadAsync(ct);
            return Page();
        }

        Message = $"Unit {added.Value!.Name} added with {added.Value.Beds.Count} beds.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostAccountAsync(string? username, string? displayName, string? role, string? sites, string? password, CancellationToken ct)
    {
        List<int>? siteIds = null;
        if (!string.IsNullOrEmpty(sites) && sites != "all" && int.TryParse(sites, out var one))
        {
            siteIds = [one];
        }

        var outcome = await accounts.CreateAsync(new NewUserAccount(username ?? "", role ?? "", password ?? "", siteIds, displayName), ct);
        if (!outcome.Succeeded)
        {
            Errors.AddRange(outcome.Refusal!.Errors?.ToDictionary().SelectMany(e => e.Value) ?? [outcome.Refusal.Message]);
            await LoadAsync(ct);
            return Page();
        }

        Message = $"Account {outcome.Value!.UserName} created.";
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Organizations = await db.Organizations.AsNoTracking().OrderBy(o => o.Id)
            .Select(o => new OrganizationRow(o.Id, o.Name, db.Sites.Count(s => s.OrganizationId == o.Id))).ToListAsync(ct);
        Units = await db.CareUnits.AsNoTracking().Where(u => u.Active)
            .Join(db.Sites, u => u.SiteId, s => s.Id, (u, s) => new { u, s.Code })
            .OrderBy(x => x.Code).ThenBy(x => x.u.Name)
            .Select(x => new UnitRow(x.Code, x.u.Building, x.u.Name, x.u.LevelOfCare, db.Beds.Count(b => b.UnitId == x.u.Id)))
            .ToListAsync(ct);
        Sites = await db.Sites.AsNoTracking().OrderBy(s => s.Id)
            .Select(s => new SiteRow(s.Id, s.Name, s.Code, s.Organization!.Name, s.Address, s.Phone, s.DeaRegistration)).ToListAsync(ct);
        var siteNames = Sites.ToDictionary(s => s.Id, s => s.Code);
        Accounts = [.. (await accounts.ListAsync(ct)).Select(u => new AccountRow(
            u.Username, u.DisplayName, u.Role,
            u.AllSites ? "all" : string.Join(", ", u.SiteIds.Select(id => siteNames.GetValueOrDefault(id, id.ToString(System.Globalization.CultureInfo.InvariantCulture)))),
            u.Disabled, u.LockedUntil, u.TwoStep))];
    }
}
