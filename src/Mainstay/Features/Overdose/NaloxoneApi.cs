using Mainstay.Features.Access;
using Mainstay.Web;

namespace Mainstay.Features.Overdose;

/// <summary>/api/v1/patients/{id}/naloxone, naloxone-kits and overdoses.</summary>
public static class NaloxoneApi
{
    public static void MapNaloxoneApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/patients/{id:guid}").WithTags("Overdose prevention");
        api.MapGet("/naloxone", Read).WithName("NaloxoneRecord").RequireAuthorization(Policies.ReadPatients)
            .WithSummary("Kits handed out, overdoses reported, whether the patient holds an unexpired kit.");
        api.MapPost("/naloxone-kits", Kit).WithName("DispenseNaloxoneKit").RequireAuthorization(Policies.WritePatients)
            .WithSummary("Record a naloxone kit handed out (product, quantity, lot, expiry, recipient, teaching given).").Accepts<KitRequest>("application/json");
        api.MapPost("/overdoses", Report).WithName("ReportOverdose").RequireAuthorization(Policies.WritePatients)
            .WithSummary("Report an overdose: raises a danger alert for the prescriber and brings the plan review forward.").Accepts<OverdoseReport>("application/json");
    }

    internal static async Task<IResult> Read(Guid id, OverdosePrevention prevention, CancellationToken ct) => (await prevention.ReadAsync(id, ct)).ToResult();

    internal static Task<IResult> Kit(Guid id, HttpRequest request, OverdosePrevention prevention, CancellationToken ct) =>
        JsonBody.CreateAsync<KitRequest, KitView>(request, r => prevention.DispenseKitAsync(id, r, ct), _ => $"/api/v1/patients/{id}/naloxone", ct);

    internal static Task<IResult> Report(Guid id, HttpRequest request, OverdosePrevention prevention, CancellationToken ct) =>
        JsonBody.CreateAsync<OverdoseReport, OverdoseView>(request, r => prevention.ReportAsync(id, r, ct), _ => $"/api/v1/patients/{id}/naloxone", ct);
}
