using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Audit;
using Microsoft.EntityFrameworkCore;
using R4 = Hl7.Fhir.Model;

namespace Mainstay.Features.Fhir;

/// <summary>
/// 42 CFR Part 2 on the wire. Staff of the program read within the program (42 CFR 2.12(c)(3)). A client outside the program
/// is a disclosure: it sees only the patients whose active consent names it as recipient, only the types and sites it was
/// given; every disclosure is audited per patient, and what it receives carries the prohibition on redisclosure.
/// </summary>
public sealed record Disclosure(SiteScope Scope, ApiClient? Client, IReadOnlySet<Guid>? Consented)
{
    /// <summary>HL7 handling caveat "prohibition on redisclosure without patient consent directive".</summary>
    public static readonly R4.Coding NoRedisclosure = new(FhirCodes.ActCode, "NORDSCLCD", "no redisclosure without patient consent directive");

    public const string NoticeHeader = "X-Redisclosure-Notice";

    public static async Task<Disclosure> ForAsync(MainstayDb db, ClinicUser user, TimeProvider clock, CancellationToken ct)
    {
        if (user.ClientId is not { } clientId)
        {
            return new Disclosure(await user.ScopeAsync(ct), null, null);
        }

        var client = await db.ApiClients.AsNoTracking().SingleOrDefaultAsync(c => c.ClientId == clientId && c.RevokedAt == null, ct);
        if (client is null)
        {
            return new Disclosure(SiteScope.None, null, new HashSet<Guid>());
        }

        var siteIds = client.Sites == "all"
            ? await db.Sites.AsNoTracking().Select(s => s.Id).ToListAsync(ct)
            : [.. client.Sites.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse)];
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var recipient = client.RecipientName.ToLowerInvariant();
        // lower() on both sides: string.Equals with a comparison has no SQL translation in either provider.
#pragma warning disable CA1862
        var consented = await db.Consents.AsNoTracking()
            .Where(c => c.RevokedAt == null && c.SignedOn <= today && (c.ExpiresOn == null || c.ExpiresOn >= today) && c.Recipient.ToLower() == recipient
                        && siteIds.Contains(c.SiteId))
#pragma warning restore CA1862
            .Select(c => c.PatientId)
            .Distinct()
            .ToListAsync(ct);
        return new Disclosure(new SiteScope(client.Sites == "all", siteIds.ToHashSet()), client, consented.ToHashSet());
    }

    /// <summary>Records one disclosure event per patient and labels what is sent with the redisclosure prohibition.</summary>
    public async Task DiscloseAsync(AuditTrail audit, string type, IReadOnlyList<R4.Resource> resources, CancellationToken ct)
    {
        if (Client is null || resources.Count == 0)
        {
            return;
        }

        foreach (var resource in resources)
        {
            resource.Meta ??= new R4.Meta();
            if (!resource.Meta.Security.Any(s => s.Code == NoRedisclosure.Code))
            {
                resource.Meta.Security.Add(NoRedisclosure);
            }
        }

        foreach (var group in resources.GroupBy(FhirRecords.PatientOf))
        {
            audit.Record("disclose", "fhir/" + type, null, group.Key, null,
                $"to {Client.RecipientName} ({Client.ClientId}) under the patient's consent, with the redisclosure notice: {group.Count()} {type}");
        }

        await audit.SaveAsync(ct);
    }
}
