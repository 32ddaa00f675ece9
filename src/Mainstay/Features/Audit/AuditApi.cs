using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Web;

namespace Mainstay.Features.Audit;

/// <summary>/api/v1/audit: the trail for auditors and privacy officers.</summary>
public static class AuditApi
{
    public static RouteGroupBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/audit").WithTags("Audit").RequireAuthorization(Policies.ReadAudit);
        api.MapGet("/events", Events).WithName("AuditEvents").DisableRequestTimeout() // format=csv streams the whole trail
            .WithSummary("Audit events filtered by user, action, resource type, patient and dates; newest first (page with before=) or order=oldest (page with after=); format=csv streams every matching event as a file.");
        api.MapGet("/verify", Verify).WithName("VerifyAuditTrail")
            .WithSummary("Checks the hash chain of the whole trail.");
        return api;
    }

    internal static async Task<IResult> Events(
        string? user, string? action, string? resourceType, string? patientId, string? from, string? to, string? before, string? limit,
        string? order, string? after, string? format, HttpResponse response, MainstayDb db, AuditTrail audit, TimeProvider clock, CancellationToken ct)
    {
        var (filter, errors) = AuditFilter.Parse(user, action, resourceType, patientId, from, to, before, limit, order, after);
        if (format is not (null or "" or "json" or "csv"))
        {
            errors.Add("format", "format is json (the default) or csv.");
        }

        if (filter is null || errors.Any)
        {
            return Problems.Validation(errors);
        }

        if (format == "csv")
        {
            // The export itself is audited first: a disclosure of the trail, with the filter that chose it.
            await audit.RecordNowAsync("export", "AuditTrail", patientId: filter.PatientId,
                detail: $"CSV: user={filter.Username}; action={filter.Action}; patient={filter.PatientId}; from={filter.From}; to={filter.To}; order={(filter.Oldest ? "oldest" : "newest")}", ct: ct);
            response.ContentType = "text/csv; charset=utf-8";
            response.Headers.ContentDisposition = $"attachment; filename=\"audit-{clock.GetUtcNow():yyyy-MM-dd}.csv\"";
            await using var writer = new StreamWriter(response.Body, new System.Text.UTF8Encoding(false), 65536);
            await writer.WriteLineAsync("sequence,at_utc,username,role,site_id,action,resource_type,resource_id,patient_id,client_address,purpose,detail,hash");
            var rows = 0;
            await foreach (var e in AuditQueries.StreamAsync(db, filter).WithCancellation(ct))
            {
                await writer.WriteLineAsync(string.Join(',',
                    e.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), e.At.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture),
                    Csv.Field(e.Username), Csv.Field(e.Role), e.SiteId?.ToString(System.Globalization.CultureInfo.InvariantCulture), Csv.Field(e.Action), Csv.Field(e.ResourceType),
                    Csv.Field(e.ResourceId), e.PatientId?.ToString(), Csv.Field(e.ClientAddress), Csv.Field(e.Purpose), Csv.Field(e.Detail), e.Hash));
                if (++rows % 5000 == 0)
                {
                    await writer.FlushAsync(ct);
                }
            }

            return TypedResults.Empty;
        }

        var events = await AuditQueries.FindAsync(db, filter, ct);
        await audit.RecordNowAsync(AuditActions.Read, "AuditTrail", patientId: filter.PatientId,
            detail: $"{events.Count} events", ct: ct);
        return TypedResults.Ok(events);
    }

    internal static async Task<IResult> Verify(MainstayDb db, CancellationToken ct)
    {
        var result = await AuditQueries.VerifyAsync(db, null, ct);
        return TypedResults.Ok(result);
    }
}
