using System.Text;
using Mainstay.Features.Access;
using Mainstay.Web;

namespace Mainstay.Features.Screens;

/// <summary>/api/v1/patients/{id}/screens and the lab import /api/v1/screens/import.</summary>
public static class ScreensApi
{
    /// <summary>The largest lab file accepted.</summary>
    public const int MaximumFileBytes = 5 * 1024 * 1024;

    public static void MapScreensApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/patients/{id:guid}/screens").WithTags("Drug screens");
        api.MapGet("/", List).WithName("ListDrugScreens").RequireAuthorization(Policies.ReadPatients)
            .WithSummary("The patient's drug screens, newest first, each with its reading against the medication.");
        api.MapPost("/", Order).WithName("OrderDrugScreen").RequireAuthorization(Policies.WritePatients)
            .WithSummary("Order a screen; with results it is recorded at once (point-of-care cup) and read, raising its alerts.")
            .Accepts<ScreenOrder>("application/json");
        api.MapPost("/{screenId:guid}/results", Result).WithName("RecordDrugScreenResults").RequireAuthorization(Policies.WritePatients)
            .WithSummary("Record collection checks and results per analyte; 409 when already resulted.").Accepts<ScreenResults>("application/json");
        api.MapPost("/{screenId:guid}/cancel", Cancel).WithName("CancelDrugScreen").RequireAuthorization(Policies.WritePatients)
            .WithSummary("Cancel an ordered screen with a reason; missedByPatient: true when the patient refused or did not give it (a missed specimen: it resets a contingency-management streak).");
        app.MapPost("/api/v1/screens/import", Import).WithTags("Drug screens").WithName("ImportDrugScreens").RequireAuthorization(Policies.WritePatients)
            .WithSummary("Import lab results from CSV (text/csv body or a multipart 'file'): all rows or none; 422 lists every rejected row and why. dryRun=true only checks.")
            .DisableAntiforgery();
    }

    internal static async Task<IResult> List(Guid id, DrugScreens screens, CancellationToken ct) => (await screens.ForPatientAsync(id, ct)).ToResult();

    internal static Task<IResult> Order(Guid id, HttpRequest request, DrugScreens screens, CancellationToken ct) =>
        JsonBody.CreateAsync<ScreenOrder, ScreenView>(request, r => screens.OrderAsync(id, r, ct), s => $"/api/v1/patients/{id}/screens/{s.Id}", ct);

    internal static async Task<IResult> Result(Guid id, Guid screenId, HttpRequest request, DrugScreens screens, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<ScreenResults>(request, ct);
        return body.Problem ?? (await screens.ResultAsync(id, screenId, body.Value!, ct)).ToResult();
    }

    internal static async Task<IResult> Cancel(Guid id, Guid screenId, HttpRequest request, DrugScreens screens, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<CancelScreen>(request, ct);
        return body.Problem ?? (await screens.CancelAsync(id, screenId, body.Value!.Reason, body.Value.MissedByPatient, ct)).ToResult();
    }

    internal static async Task<IResult> Import(HttpRequest request, bool? dryRun, ScreenImport import, CancellationToken ct)
    {
        var text = await ReadFileAsync(request, ct);
        if (text.Problem is not null)
        {
            return text.Problem;
        }

        var outcome = await import.ImportAsync(new StringReader(text.Csv!), dryRun ?? false, ct);
        return Answer(outcome);
    }

    /// <summary>The report (200), or the rejected rows as a 422 ProblemDetails with the report under "report".</summary>
    internal static IResult Answer(Outcome<ImportReport> outcome) =>
        outcome.Refusal is { Kind: RefusalKind.Unprocessable, Violations: ImportReport report } refusal
            ? Problems.Unprocessable(refusal.Message, new Dictionary<string, object?> { ["report"] = report })
            : outcome.ToResult();

    /// <summary>The CSV text from a text/csv body or a multipart form's "file", at most <see cref="MaximumFileBytes"/>.</summary>
    internal static async Task<(string? Csv, IResult? Problem)> ReadFileAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaximumFileBytes)
        {
            return (null, Problems.BadRequest($"The file is larger than {MaximumFileBytes / 1024 / 1024} MB; split it.", null, StatusCodes.Status413PayloadTooLarge));
        }

        Stream stream;
        if (request.HasFormContentType)
        {
            var (form, unreadable) = await FormBody.ReadAsync(request, ct);
            if (form is null)
            {
                return (null, unreadable!);
            }

            if (form.Files.GetFile("file") is not { } file)
            {
                return (null, Problems.BadRequest("Attach the lab file as the form field 'file'.", "file"));
            }

            if (file.Length > MaximumFileBytes)
            {
                return (null, Problems.BadRequest($"The file is larger than {MaximumFileBytes / 1024 / 1024} MB; split it.", null, StatusCodes.Status413PayloadTooLarge));
            }

            stream = file.OpenReadStream();
        }
        else if (request.ContentType?.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) == true)
        {
            stream = request.Body;
        }
        else
        {
            return (null, Problems.BadRequest("Send the file as text/csv or as multipart/form-data with a 'file' field.", null, StatusCodes.Status415UnsupportedMediaType));
        }

        await using (stream)
        {
            var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > MaximumFileBytes)
                {
                    return (null, Problems.BadRequest($"The file is larger than {MaximumFileBytes / 1024 / 1024} MB; split it.", null, StatusCodes.Status413PayloadTooLarge));
                }

                buffer.Write(chunk, 0, read);
            }

            try
            {
                return (new UTF8Encoding(false, true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length).TrimStart('\uFEFF'), null);
            }
            catch (DecoderFallbackException)
            {
                return (null, Problems.BadRequest("The file is not UTF-8 text.", "file"));
            }
        }
    }
}

/// <summary>POST /api/v1/patients/{id}/screens/{screenId}/cancel.</summary>
public sealed record CancelScreen
{
    public string? Reason { get; init; }

    /// <summary>
    /// The patient refused or did not give the specimen (not the clinic's or the lab's doing): for contingency management
    /// it is a missed specimen, which the voucher protocols treat as positive.
    /// </summary>
    public bool MissedByPatient { get; init; }
}
