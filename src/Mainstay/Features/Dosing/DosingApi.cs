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
        api.MapPost("/take-homes", HandOut).WithName("HandOutTakeHomes")
            .WithSummary("Hand out take-home bottles for the days until the next visit, after today's observed dose (nurse): 201 with the bottles; 409 without a decision in force, on a recall, or when today is not a pickup day.")
            .Accepts<HandOutRequest>("application/json").RequireAuthorization(Policies.WritePatients);
        api.MapPost("/bottles/{id:guid}/return", ReturnBottle).WithName("ReturnBottle")
            .WithSummary("Check a returned take-home bottle: empty, unused (voids a bottle for today or later), contents-remaining, tampered or not-returned.")
            .Accepts<BottleReturnRequest>("application/json").RequireAuthorization(Policies.WritePatients);
        api.MapGet("/guests", Guests).WithName("GuestDosings").WithSummary("Guest arrangements hosted at a site.").RequireAuthorization(Policies.ReadPatients);
        api.MapPost("/guests", ArrangeGuest).WithName("ArrangeGuestDosing")
            .WithSummary("Dose a patient of another site or program at a host site under the sending program's verified order: 201.")
            .Accepts<GuestDosingRequest>("application/json").RequireAuthorization(Policies.WritePatients);
        api.MapPost("/guests/{id:guid}/end", EndGuest).WithName("EndGuestDosing").Accepts<ReasonRequest>("application/json")
            .RequireAuthorization(Policies.WritePatients);
        api.MapGet("/report", Report).WithName("DispensingReport")
            .WithSummary("The dispensing log and daily totals of a site for a period (from, to; default today); format=csv for the file.")
            .RequireAuthorization(Policies.ReadPatients);

        var patients = app.MapGroup("/api/v1/patients/{id:guid}/take-home-decisions").WithTags("Dosing");
        patients.MapGet("", async (Guid id, TakeHomeSchedules s, CancellationToken ct) => (await s.ListAsync(id, ct)).ToResult())
            .WithName("TakeHomeDecisions").RequireAuthorization(Policies.ReadPatients);
        patients.MapPost("", Decide).WithName("DecideTakeHomes")
            .WithSummary("The prescriber's take-home decision: schedule, the six criteria, limit by days in treatment (42 CFR 8.12(i)); 201; 422 with the findings.")
            .Accepts<TakeHomeDecisionRequest>("application/json").RequireAuthorization(Policies.WritePatients);
        patients.MapPost("/{decisionId:guid}/recall", Recall).WithName("RecallTakeHomes")
            .WithSummary("Recall take-homes (positive screen, concern): daily observed dosing until a new decision.")
            .Accepts<ReasonRequest>("application/json").RequireAuthorization(Policies.WritePatients);
        return api;
    }

    internal static Task<IResult> HandOut(HttpRequest request, TakeHomeSchedules schedules, CancellationToken ct) =>
        JsonBody.CreateAsync<HandOutRequest, IReadOnlyList<DispenseView>>(request, r => schedules.HandOutAsync(r, ct),
            bottles => bottles.Count > 0 ? $"/dosing/labels/{bottles[0].PatientId}" : "/dosing", ct);

    internal static async Task<IResult> ReturnBottle(Guid id, HttpRequest request, TakeHomeSchedules schedules, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<BottleReturnRequest>(request, ct);
        return body.Problem ?? (await schedules.ReturnAsync(id, body.Value!, ct)).ToResult();
    }

    internal static Task<IResult> Decide(Guid id, HttpRequest request, TakeHomeSchedules schedules, CancellationToken ct) =>
        JsonBody.CreateAsync<TakeHomeDecisionRequest, TakeHomeDecisionView>(request, r => schedules.DecideAsync(id, r, ct),
            d => $"/api/v1/patients/{id}/take-home-decisions/{d.Id}", ct);

    internal static async Task<IResult> Recall(Guid id, Guid decisionId, HttpRequest request, TakeHomeSchedules schedules, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<ReasonRequest>(request, ct);
        return body.Problem ?? (await schedules.RecallAsync(id, decisionId, body.Value!, ct)).ToResult();
    }

    internal static async Task<IResult> Guests(string? siteId, GuestDosings guests, CancellationToken ct) =>
        int.TryParse(siteId, NumberStyles.None, CultureInfo.InvariantCulture, out var site)
            ? (await guests.ListAsync(site, ct)).ToResult()
            : Problems.BadRequest("siteId is required: the host site's id (a whole number).", "siteId");

    internal static Task<IResult> ArrangeGuest(HttpRequest request, GuestDosings guests, CancellationToken ct) =>
        JsonBody.CreateAsync<GuestDosingRequest, GuestDosingView>(request, r => guests.ArrangeAsync(r, ct), g => $"/api/v1/dosing/guests/{g.Id}", ct);

    internal static async Task<IResult> EndGuest(Guid id, HttpRequest request, GuestDosings guests, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<ReasonRequest>(request, ct);
        return body.Problem ?? (await guests.CancelAsync(id, body.Value!, ct)).ToResult();
    }

    internal static async Task<IResult> Report(string? siteId, string? from, string? to, string? format, DispensingReport report, TimeProvider clock, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (!int.TryParse(siteId, NumberStyles.None, CultureInfo.InvariantCulture, out var site))
        {
            errors.Add("siteId", "siteId is required: the site's id (a whole number).");
        }

        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var start = Dates.Parse(errors, "from", from) ?? today;
        var end = Dates.Parse(errors, "to", to) ?? start;
        if (format is not (null or "" or "json" or "csv"))
        {
            errors.Add("format", "format must be json or csv.");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var outcome = await report.BuildAsync(site, start, end, ct);
        return !outcome.Succeeded ? outcome.ToProblem()
            : format == "csv" ? Csv.File(DispensingReport.ToCsv(outcome.Value!), $"dispensing-site{site}-{start:yyyyMMdd}-{end:yyyyMMdd}.csv")
            : TypedResults.Ok(outcome.Value);
    }

    internal static async Task<IResult> Queue(string? siteId, string? date, DosingWindow window, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (!int.TryParse(siteId, NumberStyles.None, CultureInfo.InvariantCulture, out var site))
        {
            errors.Add("siteId", "siteId is required: the site's id (a whole number).");
        }

        var day = Dates.Parse(errors, "date", date);
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
