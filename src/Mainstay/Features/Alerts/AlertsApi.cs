using Mainstay.Features.Access;
using Mainstay.Features.Dosing;
using Mainstay.Web;

namespace Mainstay.Features.Alerts;

/// <summary>/api/v1/worklist, /api/v1/alerts and /api/v1/patients/{id}/alerts.</summary>
public static class AlertsApi
{
    public static void MapAlertsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Alerts and work list");
        api.MapGet("/worklist", WorkList).WithName("WorkList").RequireAuthorization(Policies.ReadPatients)
            .WithSummary("Unresolved alerts (danger first) and open follow-ups at the caller's sites; siteId for one site, mine=true for the caller's alerts.");
        api.MapGet("/patients/{id:guid}/alerts", ForPatient).WithName("PatientAlerts").RequireAuthorization(Policies.ReadPatients)
            .WithSummary("Every alert of the patient, unresolved first.");
        api.MapPost("/patients/{id:guid}/alerts", RaiseConcern).WithName("RaiseConcern").RequireAuthorization(Policies.WritePatients)
            .WithSummary("Raise a concern about the patient for a prescriber, nurse or counselor.").Accepts<RaiseConcern>("application/json");
        api.MapPost("/alerts/{alertId:guid}/acknowledge", Acknowledge).WithName("AcknowledgeAlert").RequireAuthorization(Policies.WritePatients)
            .WithSummary("Take the alert on: the caller becomes its owner. 409 when it is no longer open.");
        api.MapPost("/alerts/{alertId:guid}/resolve", Resolve).WithName("ResolveAlert").RequireAuthorization(Policies.WritePatients)
            .WithSummary("Resolve the alert with the action taken (action and note required). 409 when already resolved.").Accepts<ResolveAlert>("application/json");
        api.MapPost("/alerts/missed-dose-check", MissedDoseCheck).WithName("MissedDoseCheck").RequireAuthorization(Policies.ReadPatients)
            .WithSummary("Run the missed-dose check for a site now (it also runs every hour): raises an alert per patient whose missed days need the prescriber.");
    }

    internal static async Task<IResult> WorkList(string? siteId, bool? mine, AlertBook book, CancellationToken ct)
    {
        int? site = null;
        if (!string.IsNullOrWhiteSpace(siteId))
        {
            if (!int.TryParse(siteId, out var s))
            {
                return Problems.BadRequest("siteId must be a site id (a whole number).", "siteId");
            }

            site = s;
        }

        return (await book.WorkListAsync(site, mine ?? false, ct)).ToResult();
    }

    internal static async Task<IResult> ForPatient(Guid id, AlertBook book, CancellationToken ct) => (await book.ForPatientAsync(id, ct)).ToResult();

    internal static Task<IResult> RaiseConcern(Guid id, HttpRequest request, AlertBook book, CancellationToken ct) =>
        JsonBody.CreateAsync<RaiseConcern, AlertView>(request, r => book.RaiseConcernAsync(id, r, ct), _ => $"/api/v1/patients/{id}/alerts", ct);

    internal static async Task<IResult> Acknowledge(Guid alertId, AlertBook book, CancellationToken ct) => (await book.AcknowledgeAsync(alertId, ct)).ToResult();

    internal static async Task<IResult> Resolve(Guid alertId, HttpRequest request, AlertBook book, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<ResolveAlert>(request, ct);
        return body.Problem ?? (await book.ResolveAsync(alertId, body.Value!, ct)).ToResult();
    }

    internal static async Task<IResult> MissedDoseCheck(string? siteId, string? date, DosingWindow window, CancellationToken ct)
    {
        if (!int.TryParse(siteId, out var site))
        {
            return Problems.BadRequest("siteId is required: a site id (a whole number).", "siteId");
        }

        var errors = new FieldErrors();
        var day = Dates.Parse(errors, "date", date);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var outcome = await window.RaiseMissedDoseAlertsAsync(site, day, ct);
        return outcome.Succeeded ? TypedResults.Ok(new { siteId = site, raised = outcome.Value }) : outcome.ToProblem();
    }
}
