using Mainstay.Clinical.Medication;
using Mainstay.Features.Access;
using Mainstay.Web;

namespace Mainstay.Features.Orders;

/// <summary>/api/v1/patients/{id}/orders: medication orders with their safety rules.</summary>
public static class OrdersApi
{
    public static RouteGroupBuilder MapOrdersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/patients/{id:guid}/orders").WithTags("Medication orders");
        api.MapGet("/", List).WithName("ListOrders")
            .WithSummary("Every order and version, active and held first.")
            .RequireAuthorization(Policies.ReadPatients);
        api.MapPost("/", Place).WithName("PlaceOrder")
            .WithSummary("Place an order (prescriber only). 422 lists every rule it breaks with rule id and cited limit, unless overrideReason is given for warnings; hard stops cannot be overridden. An order for a medication already active becomes its next version. Send Idempotency-Key to make retries safe: the same key and order give the placed order back (200).")
            .Accepts<PlaceOrder>("application/json")
            .RequireAuthorization(Policies.WritePatients);
        api.MapPost("/{orderId:guid}/hold", Hold).WithName("HoldOrder")
            .WithSummary("Hold an order for the prescriber's review (nurse or prescriber), with a reason.")
            .Accepts<StatusChange>("application/json")
            .RequireAuthorization(Policies.WritePatients);
        api.MapPost("/{orderId:guid}/resume", Resume).WithName("ResumeOrder")
            .WithSummary("Resume a held order (prescriber), with a reason.")
            .Accepts<StatusChange>("application/json")
            .RequireAuthorization(Policies.WritePatients);
        api.MapPost("/{orderId:guid}/discontinue", Discontinue).WithName("DiscontinueOrder")
            .WithSummary("Discontinue an order (prescriber), with a reason; it stays in the record.")
            .Accepts<StatusChange>("application/json")
            .RequireAuthorization(Policies.WritePatients);
        api.MapPost("/{orderId:guid}/taper", Taper).WithName("TaperOrder")
            .WithSummary("Generate a methadone taper (5–10% every 1–2 weeks) as future order versions; 422 with violations after a recent overdose unless overrideReason is given.")
            .Accepts<TaperRequest>("application/json")
            .RequireAuthorization(Policies.WritePatients);
        app.MapGet("/api/v1/orders/schedules/low-dose-buprenorphine", LowDose).WithTags("Medication orders").WithName("LowDoseBuprenorphineSchedule")
            .WithSummary("The low-dose (micro) buprenorphine induction schedule from a start date (start=YYYY-MM-DD), with its source.")
            .RequireAuthorization(Policies.Staff);
        app.MapGet("/api/v1/orders/rules", () => TypedResults.Ok(OrderRules.All)).WithTags("Medication orders").WithName("OrderRules")
            .WithSummary("Every order rule: id, severity, limit and source.")
            .RequireAuthorization(Policies.Staff);
        return api;
    }

    internal static async Task<IResult> List(Guid id, MedicationOrders orders, CancellationToken ct) =>
        (await orders.ListAsync(id, ct)).ToResult();

    internal static async Task<IResult> Place(Guid id, HttpRequest request, MedicationOrders orders, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<PlaceOrder>(request, ct);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var key = request.Headers["Idempotency-Key"].ToString();
        var outcome = await orders.PlaceAsync(id, body.Value!, string.IsNullOrWhiteSpace(key) ? null : key.Trim(), ct);
        if (!outcome.Succeeded)
        {
            return outcome.ToProblem();
        }

        var (order, replayed) = outcome.Value!;
        return replayed ? TypedResults.Ok(order) : TypedResults.Created($"/api/v1/patients/{id}/orders/{order.Id}", order);
    }

    internal static async Task<IResult> Taper(Guid id, Guid orderId, HttpRequest request, MedicationOrders orders, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<TaperRequest>(request, ct);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var outcome = await orders.TaperAsync(id, orderId, body.Value!, ct);
        return outcome.Succeeded ? TypedResults.Created($"/api/v1/patients/{id}/orders", outcome.Value) : outcome.ToProblem();
    }

    internal static IResult LowDose(string? start, TimeProvider clock)
    {
        var from = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        if (!string.IsNullOrWhiteSpace(start)
            && !DateOnly.TryParseExact(start, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out from))
        {
            return Problems.BadRequest($"start '{start}' is not a date written YYYY-MM-DD.", "start");
        }

        return TypedResults.Ok(new { source = InductionSchedules.LowDoseSource, steps = InductionSchedules.LowDoseBuprenorphine(from) });
    }

    internal static Task<IResult> Hold(Guid id, Guid orderId, HttpRequest request, MedicationOrders orders, CancellationToken ct) =>
        Change(id, orderId, OrderStatus.Held, request, orders, ct);

    internal static Task<IResult> Resume(Guid id, Guid orderId, HttpRequest request, MedicationOrders orders, CancellationToken ct) =>
        Change(id, orderId, OrderStatus.Active, request, orders, ct);

    internal static Task<IResult> Discontinue(Guid id, Guid orderId, HttpRequest request, MedicationOrders orders, CancellationToken ct) =>
        Change(id, orderId, OrderStatus.Discontinued, request, orders, ct);

    private static async Task<IResult> Change(Guid id, Guid orderId, OrderStatus to, HttpRequest request, MedicationOrders orders, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<StatusChange>(request, ct);
        return body.Problem ?? (await orders.ChangeStatusAsync(id, orderId, to, body.Value!, ct)).ToResult();
    }
}
