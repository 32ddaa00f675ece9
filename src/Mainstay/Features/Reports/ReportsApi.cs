using Mainstay.Features.Access;
using Mainstay.Web;

namespace Mainstay.Features.Reports;

/// <summary>/api/v1/reports: outcome reports for the director (JSON, or CSV with format=csv).</summary>
public static class ReportsApi
{
    public static void MapReportsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/reports/retention", Retention).WithTags("Reports").WithName("RetentionReport").RequireAuthorization(Policies.ReadPatients)
            .WithSummary("Retention on medication as Kaplan–Meier curves (by medication of the first dose and by site) with 90/180-day retention and 95% limits; gapDays (default 30) ends an episode; atDay adds retention on that day; format=csv gives every step.");
        app.MapGet("/api/v1/reports/urine-outcomes", UrineOutcomes).WithTags("Reports").WithName("UrineOutcomeReport").RequireAuthorization(Policies.ReadPatients)
            .WithSummary("Urine outcomes over the first weeks of each episode (weeks, default 24) by planned medication, in the opioid trials' terms: negative screens and weeks, CTN-0094 relapse and drop-out, X:BOT relapse, for all episodes and those dosed, with 95% limits; format=csv gives the table, figure=weekly&format=csv the weekly shares.");
        app.MapGet("/api/v1/reports/program", Program).WithTags("Reports").WithName("ProgramDashboard").RequireAuthorization(Policies.ReadPatients)
            .WithSummary("The program dashboard: census by level of care, admissions and discharges, discharge reasons, medication coverage, first contact to first dose, opioid-negative screens, overdoses and deaths, no-show rates, plan reviews on time; ?month=yyyy-MM for a closed month's report, as it stood at the month's end; ?figure=KEY&format=csv for one figure's table.");
        app.MapGet("/api/v1/reports/teds", Teds).WithTags("Reports").WithName("TedsReport").RequireAuthorization(Policies.StateReport)
            .WithSummary("The state's TEDS report for a period (from/to, YYYY-MM-DD; default last month): counts of admission and discharge records, the records refused with the field and reason, and each field's completeness; format=csv&file=admissions|discharges gives that state file (accepted records, codebook field names and codes).");
    }

    internal static async Task<IResult> Teds(string? from, string? to, int? siteId, string? file, string? format, TedsReport report, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var start = errors.Day("from", from);
        var end = errors.Day("to", to);
        if (format is not (null or "" or "json" or "csv"))
        {
            errors.Add("format", "format is json (the default) or csv.");
        }
        else if (format == "csv" && file is not ("admissions" or "discharges"))
        {
            errors.Add("file", "file is admissions or discharges: the CSV is one of the two state files.");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var outcome = await report.BuildAsync(start, end, siteId, ct);
        if (!outcome.Succeeded || format != "csv")
        {
            return outcome.ToResult();
        }

        var submission = outcome.Value!;
        var chosen = file == "admissions" ? submission.Admissions : submission.Discharges;
        await report.RecordExportAsync(submission, chosen, ct);
        return Csv.File(TedsReport.Csv(chosen), $"teds-{file}-{submission.From:yyyyMMdd}-{submission.To:yyyyMMdd}.csv");
    }

    internal static async Task<IResult> Program(int? siteId, string? month, string? figure, string? format, ProgramReport report, CancellationToken ct)
    {
        if (format is not (null or "json" or "csv"))
        {
            return Problems.Validation(Errors("format", "format is json or csv."));
        }

        var closing = ProgramReport.ParseMonth(month);
        if (!string.IsNullOrEmpty(month) && closing is null)
        {
            return Problems.Validation(Errors("month", $"month is a month as yyyy-MM (e.g. 2026-11), not '{month}'."));
        }

        var outcome = await report.BuildAsync(siteId, closing, ct);
        if (!outcome.Succeeded)
        {
            return outcome.ToProblem();
        }

        if (format != "csv")
        {
            return TypedResults.Ok(outcome.Value);
        }

        var chosen = outcome.Value!.Figures.FirstOrDefault(f => f.Key == figure);
        return chosen is null
            ? Problems.Validation(Errors("figure", $"figure must be one of {string.Join(", ", outcome.Value.Figures.Select(f => f.Key))}."))
            : Csv.File(ProgramReport.Csv(chosen), outcome.Value.Month is { } first ? $"{chosen.Key}-{first:yyyy-MM}.csv" : $"{chosen.Key}-{outcome.Value.Today:yyyy-MM-dd}.csv");
    }

    private static FieldErrors Errors(string field, string message)
    {
        var errors = new FieldErrors();
        errors.Add(field, message);
        return errors;
    }

    internal static async Task<IResult> UrineOutcomes(int? siteId, int? weeks, string? figure, string? format, UrineOutcomeReport report, CancellationToken ct)
    {
        if (format is not (null or "" or "json" or "csv"))
        {
            return Problems.Validation(Errors("format", "format is json or csv."));
        }

        if (figure is not (null or "" or "table" or "weekly"))
        {
            return Problems.Validation(Errors("figure", "figure is table (the default) or weekly."));
        }

        var outcome = await report.BuildAsync(siteId, weeks, ct);
        if (!outcome.Succeeded || format != "csv")
        {
            return outcome.ToResult();
        }

        var view = outcome.Value!;
        return figure == "weekly"
            ? Csv.File(UrineOutcomeReport.WeeklyCsv(view), $"urine-outcomes-weekly-{view.Today:yyyy-MM-dd}.csv")
            : Csv.File(UrineOutcomeReport.Csv(view), $"urine-outcomes-{view.Today:yyyy-MM-dd}.csv");
    }

    internal static async Task<IResult> Retention(int? siteId, int? gapDays, int? atDay, string? format, RetentionReport report, CancellationToken ct)
    {
        var outcome = await report.BuildAsync(siteId, gapDays, ct, atDay);
        if (!outcome.Succeeded || format != "csv")
        {
            return outcome.ToResult();
        }

        return Csv.File(RetentionReport.Csv(outcome.Value!), $"retention-{outcome.Value!.Today:yyyy-MM-dd}.csv");
    }
}
