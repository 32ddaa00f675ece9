using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Audit;
using Mainstay.Features.Patients;
using Mainstay.Features.Portal;
using Mainstay.Web;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Consents;

/// <summary>One disclosure of a patient's records outside the program: when, to whom, what, and why.</summary>
public sealed record DisclosureView(DateTimeOffset At, string Recipient, string What, string? Purpose, string? Detail);

/// <summary>
/// The list of disclosures of one patient's records (42 CFR 2.24; ONC 170.315(d)(11)): every record sent to an outside
/// client under the patient's consent, and every enrollment sent to the central registry, read from the audit trail,
/// which records each disclosure as it happens. Staff of the patient's sites and the privacy officer read it; the
/// patient reads their own in the portal.
/// </summary>
public sealed class DisclosureList(MainstayDb db, ClinicUser user, AuditTrail audit, PortalRecord portal)
{
    /// <summary>The most recent disclosures listed (older ones are in the audit trail and its CSV export).</summary>
    public const int Limit = 1000;

    public async Task<Outcome<IReadOnlyList<DisclosureView>>> ForPatientAsync(Guid patientId, CancellationToken ct)
    {
        if (await db.VisiblePatientAsync(user, patientId, ct) is null)
        {
            return Refusal.NotFound("No such patient at your sites.");
        }

        return await ListAsync(patientId, ct);
    }

    public async Task<Outcome<IReadOnlyList<DisclosureView>>> MineAsync(CancellationToken ct) =>
        await portal.CurrentPatientAsync(ct) is { } patient ? await ListAsync(patient.Id, ct) : Refusal.Forbidden("Only a patient signed in to the portal has a list of their own disclosures.");

    private async Task<Outcome<IReadOnlyList<DisclosureView>>> ListAsync(Guid patientId, CancellationToken ct)
    {
        var events = await db.AuditEvents.AsNoTracking()
            .Where(e => e.PatientId == patientId && e.Action == "disclose")
            .OrderByDescending(e => e.Sequence).Take(Limit)
            .Select(e => new { e.At, e.Username, e.ResourceType, e.Purpose, e.Detail })
            .ToListAsync(ct);
        var clientIds = events.Select(e => e.Username).OfType<string>().Where(u => u.StartsWith("client:", StringComparison.Ordinal))
            .Select(u => u["client:".Length..]).Distinct().ToList();
        var recipients = await db.ApiClients.AsNoTracking().Where(c => clientIds.Contains(c.ClientId)).ToDictionaryAsync(c => c.ClientId, c => c.RecipientName, ct);
        var list = events.Select(e => new DisclosureView(
            e.At,
            e.Username is { } u && u.StartsWith("client:", StringComparison.Ordinal)
                ? recipients.GetValueOrDefault(u["client:".Length..], u["client:".Length..])
                : e.Purpose == "prevent-multiple-enrollment" ? "Central registry (42 CFR 2.34)" : e.Username ?? "unknown",
            e.ResourceType.StartsWith("fhir/", StringComparison.Ordinal) ? e.ResourceType["fhir/".Length..] + " records" : "enrollment",
            e.Purpose,
            e.Detail)).ToList();
        await audit.RecordNowAsync(AuditActions.Read, "Disclosures", patientId: patientId, detail: $"{list.Count} disclosures listed", ct: ct);
        return list;
    }
}

/// <summary>GET /api/v1/patients/{id}/disclosures and GET /api/v1/me/disclosures.</summary>
public static class DisclosureListApi
{
    public static void MapDisclosureListApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/patients/{id:guid}/disclosures", async (Guid id, DisclosureList list, CancellationToken ct) => (await list.ForPatientAsync(id, ct)).ToResult())
            .WithTags("Consents").WithName("ListDisclosures").RequireAuthorization(Policies.ReadConsents)
            .WithSummary("Every disclosure of the patient's records outside the program, newest first (at most 1,000): when, recipient, what, purpose (42 CFR 2.24).");
        app.MapGet("/api/v1/me/disclosures", async (DisclosureList list, CancellationToken ct) => (await list.MineAsync(ct)).ToResult())
            .WithTags("Patient portal").WithName("MyDisclosures").RequireAuthorization(Policies.Portal)
            .WithSummary("The signed-in patient's own list of disclosures.");
    }
}
