using Mainstay.Features.Access;
using Mainstay.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Mainstay.Features.Patients;

/// <summary>The patient registry over HTTP: /api/v1/patients.</summary>
public static class PatientsApi
{
    public static RouteGroupBuilder MapPatientsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/patients").WithTags("Patients");

        api.MapGet("/", Search).WithName("SearchPatients")
            .WithSummary("Find patients by name parts, MRN, birth date or an identifier another system gave them (q=), at the caller's sites.")
            .RequireAuthorization(Policies.ReadPatients);
        api.MapPost("/", Register).WithName("RegisterPatient")
            .WithSummary("Register a patient; 201 with id and MRN. Possible duplicates are flagged, not refused.")
            .Accepts<RegisterPatient>("application/json")
            .RequireAuthorization(Policies.WritePatients);
        api.MapGet("/{id:guid}", Read).WithName("ReadPatient")
            .WithSummary("A patient's demographics, allergies and chart alerts (audited).")
            .RequireAuthorization(Policies.ReadPatients);
        api.MapPatch("/{id:guid}", Update).WithName("UpdatePatientDemographics")
            .WithSummary("Change demographics; only the fields given change. Audited with a revision.")
            .Accepts<UpdateDemographics>("application/json")
            .RequireAuthorization(Policies.WritePatients);
        api.MapPost("/{id:guid}/status", ChangeStatus).WithName("ChangePatientStatus")
            .WithSummary("Mark a patient active, waitlist, inactive, discharged or entered-in-error (never deleted).")
            .Accepts<ChangePatientStatus>("application/json")
            .RequireAuthorization(Policies.WritePatients);
        api.MapGet("/{id:guid}/history", History).WithName("PatientHistory")
            .WithSummary("Every change of demographics and status: who, when, why, before and after.")
            .RequireAuthorization(Policies.ReadPatients);
        api.MapPost("/{id:guid}/allergies", RecordAllergy).WithName("RecordAllergy")
            .WithSummary("Record an allergy or intolerance, shown in the chart header.")
            .Accepts<RecordAllergy>("application/json")
            .RequireAuthorization(Policies.WritePatients);
        return api;
    }

    internal static async Task<Results<Ok<IReadOnlyList<PatientSummary>>, ValidationProblem>> Search(
        string? q, string? limit, PatientSearch search, CancellationToken ct)
    {
        var take = PatientSearch.DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, out take) || take is < 1 or > PatientSearch.MaxLimit))
        {
            var errors = new FieldErrors();
            errors.Add("limit", $"limit must be a whole number from 1 to {PatientSearch.MaxLimit}.");
            return Problems.Validation(errors);
        }

        if (q is { Length: > 200 })
        {
            var errors = new FieldErrors();
            errors.Add("q", "q is longer than 200 characters.");
            return Problems.Validation(errors);
        }

        return TypedResults.Ok(await search.FindAsync(q ?? "", take, ct));
    }

    internal static async Task<IResult> Register(HttpRequest request, PatientRegistry registry, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<RegisterPatient>(request, ct);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var outcome = await registry.RegisterAsync(body.Value!, ct);
        return outcome.Succeeded
            ? TypedResults.Created($"/api/v1/patients/{outcome.Value!.Id}", outcome.Value)
            : outcome.ToProblem();
    }

    internal static async Task<IResult> Read(Guid id, PatientRegistry registry, CancellationToken ct)
    {
        var outcome = await registry.ReadAsync(id, ct);
        return outcome.Succeeded ? TypedResults.Ok(outcome.Value) : outcome.ToProblem();
    }

    internal static async Task<IResult> Update(Guid id, HttpRequest request, PatientRegistry registry, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<UpdateDemographics>(request, ct);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var outcome = await registry.UpdateAsync(id, body.Value!, ct);
        return outcome.Succeeded ? TypedResults.Ok(outcome.Value) : outcome.ToProblem();
    }

    internal static async Task<IResult> ChangeStatus(Guid id, HttpRequest request, PatientRegistry registry, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<ChangePatientStatus>(request, ct);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var outcome = await registry.ChangeStatusAsync(id, body.Value!, ct);
        return outcome.Succeeded ? TypedResults.Ok(outcome.Value) : outcome.ToProblem();
    }

    internal static async Task<IResult> History(Guid id, PatientRegistry registry, CancellationToken ct)
    {
        var outcome = await registry.HistoryAsync(id, ct);
        return outcome.Succeeded
            ? TypedResults.Ok(outcome.Value!.Select(r => new
            {
                r.Version,
                r.ChangedAt,
                r.ChangedBy,
                r.Reason,
                Changes = System.Text.Json.JsonDocument.Parse(r.Changes).RootElement,
            }))
            : outcome.ToProblem();
    }

    internal static async Task<IResult> RecordAllergy(Guid id, HttpRequest request, PatientRegistry registry, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<RecordAllergy>(request, ct);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var outcome = await registry.RecordAllergyAsync(id, body.Value!, ct);
        return outcome.Succeeded
            ? TypedResults.Created($"/api/v1/patients/{id}", outcome.Value)
            : outcome.ToProblem();
    }
}
