using Mainstay.Features.Access;
using Mainstay.Web;

namespace Mainstay.Features.Reports;

/// <summary>/api/v1/reports: outcome reports for the director (JSON, or CSV with format=csv).</summary>
public static class ReportsApi
{
    public static void MapReportsApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/reports/retention", Retention).WithTags("Reports").WithName("RetentionReport").RequireAuthorization(Policies.ReadPatients)
            .WithSummary("Retention on medication as Kaplan–Meier curves (by medication of the first dose and by site) with 90/180-day retention and 95% limits; gapDays (default 30) ends an episode; format=csv gives every step.");

    internal static async Task<IResult> Retention(int? siteId, int? gapDays, string? format, RetentionReport report, CancellationToken ct)
    {
        var outcome = await report.BuildAsync(siteId, gapDays, ct);
        if (!outcome.Succeeded || format != "csv")
        {
            return outcome.ToResult();
        }

        return Csv.File(RetentionReport.Csv(outcome.Value!), $"retention-{outcome.Value!.Today:yyyy-MM-dd}.csv");
    }
}
