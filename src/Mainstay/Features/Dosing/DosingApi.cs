using System.Globalization;
using Mainstay.Features.Access;
using Mainstay.Web;

namespace Mainstay.Features.Dosing;

/// <summary>/api/v1/dosing: the daily queue and dispensing.</summary>
public static class DosingApi
{
    public static RouteGroupBuilder MapDosingApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/dosing").WithTags("Dosing");
        api.MapGet("/queue", Queue).WithName("DosingQueue")
            .WithSummary("Who is due at a site on a day (default today): order in force, doses given, missed days and advice, alerts.")
            .RequireAuthorization(Policies.ReadPatients);
        api.MapPost("/dispenses", Dispense).WithName("Dispense")
            .WithSummary("Record a dose (nurse or prescriber): 201; 409 for a second dose of the same order and day or a held/inactive order; 422 without an active order. Send Idempotency-Key to make retries safe.")
            .Accepts<DispenseRequest>("application/json")
            .RequireAuthorization(Policies.WritePatients);
        return api;
    }

    internal static async Task<IResult> Queue(string? siteId, string? date, DosingWindow window, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (!int.TryParse(siteId, NumberStyles.None, CultureInfo.InvariantCulture, out var site))
        {
            errors.Add("siteId", "siteId is required: the site's id (a whole number).");
        }

        DateOnly? day = null;
        if (!string.IsNullOrWhiteSpace(date))
        {
            if (DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                day = d;
            }
            else
            {
                errors.Add("date", $"date '{date}' is not a date written YYYY-MM-DD.");
            }
        }

        return errors.Any ? Problems.Validation(errors) : (await window.QueueAsync(site, day, ct)).ToResult();
    }

    internal static async Task<IResult> Dispense(HttpRequest request, DosingWindow window, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<DispenseRequest>(request, ct);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var key = request.Headers["Idempotency-Key"].ToString();
        var outcome = await window.DispenseAsync(body.Value!, string.IsNullOrWhiteSpace(key) ? null : key.Trim(), ct);
        if (!outcome.Succeeded)
        {
            return outcome.ToProblem();
        }

        var (dispense, replayed) = outcome.Value;
        return replayed ? TypedResults.Ok(dispense) : TypedResults.Created($"/api/v1/dosing/dispenses/{dispense.Id}", dispense);
    }
}
