using System.Globalization;
using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.EntityFrameworkCore;
using R4 = Hl7.Fhir.Model;

namespace Mainstay.Features.Fhir;

/// <summary>
/// The FHIR R4 door under <c>/fhir</c>: the CapabilityStatement, read and search of every type Mainstay serves, transaction and
/// batch Bundles, and bulk export. Errors are OperationOutcome resources.
/// </summary>
public static class FhirApi
{
    public static void MapFhirApi(this IEndpointRouteBuilder app)
    {
        var fhir = app.MapGroup("/fhir").WithTags("FHIR R4").ExcludeFromDescription();
        fhir.MapGet("/metadata", Metadata).AllowAnonymous();
        fhir.MapGet("/$export", KickOff).RequireAuthorization(Policies.BulkExport);
        fhir.MapGet("/Patient/$export", KickOff).RequireAuthorization(Policies.BulkExport);
        fhir.MapGet("/$export-status/{id:guid}", ExportStatus).RequireAuthorization();
        fhir.MapDelete("/$export-status/{id:guid}", CancelExport).RequireAuthorization();
        fhir.MapGet("/$export-file/{id:guid}/{file}", ExportFile).RequireAuthorization().DisableRequestTimeout(); // a file streams as long as it takes
        fhir.MapPost("/", PostBundle).RequireAuthorization(Policies.WritePatients).DisableAntiforgery();
        fhir.MapGet("/{type}", Search).AllowAnonymous();
        fhir.MapGet("/{type}/{id}", Read).AllowAnonymous();
    }

    internal static string Base(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}/fhir";

    /// <summary>Who may read a type: Questionnaires anyone; the audit trail its readers; everything else clinical staff.</summary>
    private static async Task<IResult?> RefusedAsync(HttpContext http, string type, IAuthorizationService authorization, MainstayDb db)
    {
        if (!R4.ModelInfo.IsKnownResource(type))
        {
            return FhirWire.Problem(StatusCodes.Status404NotFound, $"'{type}' is not a FHIR R4 resource type.", R4.OperationOutcome.IssueType.NotSupported);
        }

        if (FhirRecords.Definitional.Contains(type))
        {
            return null;
        }

        if (http.User.Identity?.IsAuthenticated != true)
        {
            return FhirWire.Problem(StatusCodes.Status401Unauthorized, "Sign in first: send a bearer token from POST /api/v1/auth/token.", R4.OperationOutcome.IssueType.Login);
        }

        if (http.User.FindFirst(ApiClients.ClientClaim)?.Value is { } clientId)
        {
            var client = await db.ApiClients.AsNoTracking().SingleOrDefaultAsync(c => c.ClientId == clientId && c.RevokedAt == null, http.RequestAborted);
            if (client is null)
            {
                return FhirWire.Problem(StatusCodes.Status401Unauthorized, "This client's credentials were revoked.", R4.OperationOutcome.IssueType.Login);
            }

            http.Response.Headers[Disclosure.NoticeHeader] = FhirCodes.RedisclosureNotice;
            return type != "AuditEvent" && client.Types.Contains(type)
                ? null
                : FhirWire.Problem(StatusCodes.Status403Forbidden, $"This client may not read {type} resources.", R4.OperationOutcome.IssueType.Forbidden);
        }

        var policy = type == "AuditEvent" ? Policies.ReadAudit : Policies.ReadPatients;
        return (await authorization.AuthorizeAsync(http.User, policy)).Succeeded
            ? null
            : FhirWire.Problem(StatusCodes.Status403Forbidden, $"Your role may not read {type} resources.", R4.OperationOutcome.IssueType.Forbidden);
    }

    internal static async Task<IResult> Search(string type, HttpContext http, FhirRecords records, IAuthorizationService authorization, MainstayDb db, CancellationToken ct)
    {
        if (await RefusedAsync(http, type, authorization, db) is { } refused)
        {
            return refused;
        }

        var (query, error) = FhirQuery.Read(http.Request.Query, type);
        if (query is null)
        {
            return FhirWire.Problem(StatusCodes.Status400BadRequest, error!, R4.OperationOutcome.IssueType.Value);
        }

        var page = await records.SearchAsync(type, query, http.Request.QueryString.Value ?? "", ct);
        if (page.Error is not null)
        {
            return FhirWire.Problem(StatusCodes.Status400BadRequest, page.Error, R4.OperationOutcome.IssueType.TooCostly);
        }

        var baseUrl = Base(http.Request);
        var bundle = new R4.Bundle
        {
            Id = Guid.NewGuid().ToString(),
            Type = R4.Bundle.BundleType.Searchset,
            Total = page.Total,
            Meta = new R4.Meta { LastUpdated = DateTimeOffset.UtcNow },
        };
        bundle.Link.Add(new R4.Bundle.LinkComponent { Relation = "self", Url = Link(baseUrl, type, http.Request.Query, query.Offset) });
        if (query.Count > 0 && query.Offset + query.Count < page.Total)
        {
            bundle.Link.Add(new R4.Bundle.LinkComponent { Relation = "next", Url = Link(baseUrl, type, http.Request.Query, query.Offset + query.Count) });
        }

        if (query.Offset > 0)
        {
            bundle.Link.Add(new R4.Bundle.LinkComponent { Relation = "previous", Url = Link(baseUrl, type, http.Request.Query, Math.Max(0, query.Offset - Math.Max(query.Count, 1))) });
        }

        foreach (var resource in page.Resources)
        {
            bundle.Entry.Add(new R4.Bundle.EntryComponent
            {
                FullUrl = $"{baseUrl}/{resource.TypeName}/{resource.Id}",
                Resource = resource,
                Search = new R4.Bundle.SearchComponent { Mode = R4.Bundle.SearchEntryMode.Match },
            });
        }

        if (http.User.IsInRole(ApiClients.ClientRole))
        {
            bundle.Entry.Add(new R4.Bundle.EntryComponent
            {
                Resource = FhirWire.Outcome(FhirCodes.RedisclosureNotice, R4.OperationOutcome.IssueType.Informational, severity: R4.OperationOutcome.IssueSeverity.Information),
                Search = new R4.Bundle.SearchComponent { Mode = R4.Bundle.SearchEntryMode.Outcome },
            });
        }

        return FhirWire.Answer(bundle);
    }

    private static string Link(string baseUrl, string type, IQueryCollection query, int offset)
    {
        var parameters = query.Where(p => p.Key != "_offset")
            .SelectMany(p => p.Value.Select(v => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(v ?? "")))
            .Append("_offset=" + offset.ToString(CultureInfo.InvariantCulture));
        return $"{baseUrl}/{type}?{string.Join('&', parameters)}";
    }

    internal static async Task<IResult> Read(string type, string id, HttpContext http, FhirRecords records, IAuthorizationService authorization, MainstayDb db, CancellationToken ct)
    {
        if (await RefusedAsync(http, type, authorization, db) is { } refused)
        {
            return refused;
        }

        return await records.ReadAsync(type, id, ct) is { } resource
            ? FhirWire.Answer(resource)
            : FhirWire.Problem(StatusCodes.Status404NotFound, $"There is no {type} with id '{id}' at your sites.", R4.OperationOutcome.IssueType.NotFound);
    }

    internal static IResult Metadata(HttpRequest request) => FhirWire.Answer(FhirCapabilities.Statement(Base(request)));

    internal static async Task<IResult> PostBundle(HttpContext http, int? siteId, FhirBundleImport import, ClinicUser user, CancellationToken ct)
    {
        if (http.Request.ContentLength > FhirWire.MaximumBundleBytes)
        {
            return FhirWire.Problem(StatusCodes.Status413PayloadTooLarge, $"The Bundle is larger than {FhirWire.MaximumBundleBytes / 1024 / 1024} MB; split it or use 'mainstay import fhir'.", R4.OperationOutcome.IssueType.TooLong);
        }

        string text;
        using (var reader = new StreamReader(http.Request.Body))
        {
            text = await reader.ReadToEndAsync(ct);
        }

        var (bundle, error) = FhirWire.ParseForImport<R4.Bundle>(text);
        if (bundle is null)
        {
            return FhirWire.Problem(StatusCodes.Status400BadRequest, error ?? "The body is empty: send a transaction or batch Bundle.", R4.OperationOutcome.IssueType.Structure);
        }

        if (bundle.Type is not (R4.Bundle.BundleType.Transaction or R4.Bundle.BundleType.Batch))
        {
            return FhirWire.Problem(StatusCodes.Status400BadRequest, $"POST /fhir takes a transaction or batch Bundle; this one is '{bundle.Type?.ToString().ToLowerInvariant() ?? "untyped"}'.", R4.OperationOutcome.IssueType.Value, "Bundle.type");
        }

        var scope = await user.ScopeAsync(ct);
        var site = siteId ?? (scope.SiteIds.Count > 0 ? scope.SiteIds.Min() : (int?)null);
        if (site is not { } chosen || !scope.Includes(chosen))
        {
            return FhirWire.Problem(StatusCodes.Status403Forbidden, siteId is null ? "You are granted no site to import into." : $"You are not granted site {siteId}.", R4.OperationOutcome.IssueType.Forbidden, "siteId");
        }

        BundleReport report;
        try
        {
            report = await import.ImportAsync(bundle, chosen, "api", atomic: false, ct);
        }
        catch (DbUpdateException e) when (Data.StorageFailures.Classify(e) is { } failure)
        {
            return FhirWire.Problem(Data.StorageFailures.Status(failure), Data.StorageFailures.Detail(failure), R4.OperationOutcome.IssueType.Transient);
        }
        catch (DbUpdateConcurrencyException)
        {
            return FhirWire.Problem(StatusCodes.Status409Conflict, "A chart this Bundle changes was changed by someone else at the same moment; nothing was imported. Send the Bundle again (a re-import is safe).", R4.OperationOutcome.IssueType.Conflict);
        }
        catch (DbUpdateException e) when (Dosing.DosingWindow.IsUniqueViolation(e))
        {
            return FhirWire.Problem(StatusCodes.Status409Conflict, "Another import stored some of these records at the same moment; send the Bundle again (a re-import is safe).", R4.OperationOutcome.IssueType.Conflict);
        }

        if (!report.Committed)
        {
            var outcome = new R4.OperationOutcome();
            foreach (var entry in report.Entries.Where(e => e.Result == ImportResults.Rejected))
            {
                outcome.Issue.Add(new R4.OperationOutcome.IssueComponent
                {
                    Severity = R4.OperationOutcome.IssueSeverity.Error,
                    Code = R4.OperationOutcome.IssueType.Processing,
                    Diagnostics = $"entry {entry.Index} ({entry.ResourceType}{(entry.SourceId is null ? "" : " " + entry.SourceId)}): {entry.Reason}. The transaction stored nothing.",
                    Expression = [$"Bundle.entry[{entry.Index}]"],
                });
            }

            return FhirWire.Answer(outcome, StatusCodes.Status422UnprocessableEntity);
        }

        return FhirWire.Answer(ResponseBundle(bundle, report, Base(http.Request)));
    }

    private static R4.Bundle ResponseBundle(R4.Bundle request, BundleReport report, string baseUrl)
    {
        var response = new R4.Bundle
        {
            Id = Guid.NewGuid().ToString(),
            Type = request.Type == R4.Bundle.BundleType.Transaction ? R4.Bundle.BundleType.TransactionResponse : R4.Bundle.BundleType.BatchResponse,
        };
        foreach (var entry in report.Entries)
        {
            var status = entry.Result switch
            {
                ImportResults.Created => "201 Created",
                ImportResults.Updated or ImportResults.Unchanged => "200 OK",
                ImportResults.Skipped => "200 OK",
                _ => "422 Unprocessable Entity",
            };
            var component = new R4.Bundle.ResponseComponent
            {
                Status = status,
                Location = entry.Id is null ? null : $"{entry.ResourceType}/{entry.Id}",
            };
            if (entry.Reason is not null)
            {
                component.Outcome = FhirWire.Outcome(entry.Reason, entry.Result == ImportResults.Rejected ? R4.OperationOutcome.IssueType.Processing : R4.OperationOutcome.IssueType.Informational,
                    severity: entry.Result == ImportResults.Rejected ? R4.OperationOutcome.IssueSeverity.Error : R4.OperationOutcome.IssueSeverity.Information);
            }

            response.Entry.Add(new R4.Bundle.EntryComponent { FullUrl = entry.Id is null ? null : $"{baseUrl}/{entry.ResourceType}/{entry.Id}", Response = component });
        }

        return response;
    }

    internal static async Task<IResult> KickOff(HttpContext http, FhirExports exports, IAuthorizationService authorization, CancellationToken ct)
    {
        var request = http.Request;
        if (!request.Headers["Prefer"].ToString().Contains("respond-async", StringComparison.OrdinalIgnoreCase))
        {
            return FhirWire.Problem(StatusCodes.Status400BadRequest, "Bulk export runs in the background: send the header 'Prefer: respond-async'.", R4.OperationOutcome.IssueType.Required);
        }

        var format = request.Query["_outputFormat"].ToString();
        if (format.Length > 0 && format is not ("application/fhir+ndjson" or "application/ndjson" or "ndjson"))
        {
            return FhirWire.Problem(StatusCodes.Status400BadRequest, $"_outputFormat '{format}' is not supported; Mainstay writes application/fhir+ndjson.", R4.OperationOutcome.IssueType.NotSupported, "_outputFormat");
        }

        List<string> types = [.. request.Query["_type"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        if (types.FirstOrDefault(t => !R4.ModelInfo.IsKnownResource(t)) is { } unknown)
        {
            return FhirWire.Problem(StatusCodes.Status400BadRequest, $"_type names '{unknown}', which is not a FHIR R4 resource type.", R4.OperationOutcome.IssueType.Value, "_type");
        }

        DateTimeOffset? since = null;
        if (request.Query["_since"].ToString() is { Length: > 0 } sinceText)
        {
            since = ResourceFacts.Parse(sinceText);
            if (since is null)
            {
                return FhirWire.Problem(StatusCodes.Status400BadRequest, $"_since must be an instant (e.g. 2026-01-01T00:00:00Z); '{sinceText}' is not.", R4.OperationOutcome.IssueType.Value, "_since");
            }
        }

        var includeAudit = (await authorization.AuthorizeAsync(http.User, Policies.ReadAudit)).Succeeded;
        var job = await exports.KickOffAsync(request.GetDisplayUrl(), types, since, includeAudit, ct);
        http.Response.Headers["Content-Location"] = $"{Base(request)}/$export-status/{job.Id}";
        return Results.Accepted();
    }

    internal static async Task<IResult> ExportStatus(Guid id, HttpContext http, FhirExports exports, CancellationToken ct)
    {
        if (await exports.FindAsync(id, ct) is not { } job)
        {
            return FhirWire.Problem(StatusCodes.Status404NotFound, $"There is no export {id} of yours.", R4.OperationOutcome.IssueType.NotFound);
        }

        switch (job.Status)
        {
            case "failed":
                return FhirWire.Problem(StatusCodes.Status500InternalServerError, "The export failed: " + job.Error, R4.OperationOutcome.IssueType.Exception);
            case not "complete":
                http.Response.Headers["X-Progress"] = job.Status;
                http.Response.Headers.RetryAfter = "2";
                return Results.StatusCode(StatusCodes.Status202Accepted);
        }

        var baseUrl = Base(http.Request);
        return Results.Json(new
        {
            transactionTime = job.TransactionTime,
            request = job.RequestUrl,
            requiresAccessToken = true,
            output = FhirExports.Files(job).Select(f => new { type = f.Type, url = $"{baseUrl}/$export-file/{job.Id}/{f.File}", count = f.Count }),
            error = Array.Empty<object>(),
        });
    }

    internal static async Task<IResult> CancelExport(Guid id, FhirExports exports, CancellationToken ct) =>
        await exports.CancelAsync(id, ct)
            ? Results.StatusCode(StatusCodes.Status202Accepted)
            : FhirWire.Problem(StatusCodes.Status404NotFound, $"There is no export {id} of yours.", R4.OperationOutcome.IssueType.NotFound);

    internal static async Task<IResult> ExportFile(Guid id, string file, FhirExports exports, StorageSettings storage, CancellationToken ct)
    {
        if (await exports.FindAsync(id, ct) is not { Status: "complete" } job || FhirExports.Files(job).FirstOrDefault(f => f.File == file) is not { } found)
        {
            return FhirWire.Problem(StatusCodes.Status404NotFound, $"Export {id} has no file '{file}'.", R4.OperationOutcome.IssueType.NotFound);
        }

        var path = Path.Combine(FhirExports.Folder(storage, id), found.File);
        if (!File.Exists(path))
        {
            return FhirWire.Problem(StatusCodes.Status404NotFound, $"The file '{file}' of export {id} is gone.", R4.OperationOutcome.IssueType.NotFound);
        }

        await exports.RecordDownloadAsync(id, found.File, ct);
        return Results.File(path, "application/fhir+ndjson");
    }
}
