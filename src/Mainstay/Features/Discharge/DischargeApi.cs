using Mainstay.Features.Access;
using Mainstay.Web;

namespace Mainstay.Features.Discharge;

/// <summary>/api/v1/episodes/{id}/discharge, the discharge summary, aftercare contacts.</summary>
public static class DischargeApi
{
    public static void MapDischargeApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Discharge and aftercare");
        api.MapGet("/episodes/{id:guid}/discharge-draft", Draft).RequireAuthorization(Policies.ReadPatients).WithName("DischargeDraft")
            .WithSummary("The discharge summary as drafted from the record now: diagnosis, medications and last doses, plan, screens, risks.");
        api.MapPost("/episodes/{id:guid}/discharge", Discharge).RequireAuthorization(Policies.WritePatients).WithName("DischargeEpisode")
            .Accepts<DischargeRequest>("application/json")
            .WithSummary("Discharge: reason (TEDS code kept), medication continuity, naloxone when tolerance is lost, aftercare referrals; ends the orders, frees the bed, schedules day 7/30/90 contacts.");
        api.MapGet("/episodes/{id:guid}/discharge", Read).RequireAuthorization(Policies.ReadPatients).WithName("DischargeSummary");
        api.MapPost("/aftercare-contacts/{id:guid}", Contact).RequireAuthorization(Policies.WritePatients).WithName("RecordAftercareContact")
            .Accepts<ContactOutcome>("application/json").WithSummary("The outcome of a follow-up contact (or an attempt: not-reached).");
        api.MapGet("/aftercare-contacts/due", Due).RequireAuthorization(Policies.ReadPatients).WithName("AftercareContactsDue")
            .WithSummary("Follow-up contacts due within three days or overdue, oldest first; ?siteId=.");
        api.MapPost("/patients/{id:guid}/death-correction", CorrectDeath).RequireAuthorization(Policies.ReadPatients).WithName("CorrectDeath")
            .Accepts<DeathCorrection>("application/json")
            .WithSummary("The program director undoes a death recorded in error (reason required): episodes reopen, the orders it ended are held for review, each site is alerted.");
    }

    internal static async Task<IResult> CorrectDeath(Guid id, HttpRequest request, DeathCorrections corrections, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<DeathCorrection>(request, ct);
        return body.Problem ?? (await corrections.CorrectAsync(id, body.Value!, ct)).ToResult();
    }

    internal static async Task<IResult> Draft(Guid id, Discharges discharges, CancellationToken ct) => (await discharges.DraftAsync(id, ct)).ToResult();

    internal static async Task<IResult> Read(Guid id, Discharges discharges, CancellationToken ct) => (await discharges.ReadAsync(id, ct)).ToResult();

    internal static async Task<IResult> Discharge(Guid id, HttpRequest request, Discharges discharges, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<DischargeRequest>(request, ct);
        return body.Problem ?? (await discharges.DischargeAsync(id, body.Value!, ct)).ToResult();
    }

    internal static async Task<IResult> Contact(Guid id, HttpRequest request, Discharges discharges, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<ContactOutcome>(request, ct);
        return body.Problem ?? (await discharges.RecordContactAsync(id, body.Value!, ct)).ToResult();
    }

    internal static async Task<IResult> Due(int? siteId, Discharges discharges, CancellationToken ct) => (await discharges.DueAsync(siteId, ct)).ToResult();
}
