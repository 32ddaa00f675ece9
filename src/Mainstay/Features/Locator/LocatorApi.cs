using Mainstay.Features.Access;
using Mainstay.Web;

namespace Mainstay.Features.Locator;

/// <summary>/api/v1/locator (public, nothing stored) and /api/v1/directory (admins).</summary>
public static class LocatorApi
{
    public static void MapLocatorApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/locator/programs", Search).WithTags("Find help").WithName("FindPrograms").AllowAnonymous()
            .WithSummary("Programs near a US ZIP code (zip, radiusMiles up to 500, default 50), with service (repeatable), medication, setting, payment, language and population; nearest first. No account; nothing about the search is stored.");
        var admin = app.MapGroup("/api/v1/directory").WithTags("Find help").RequireAuthorization(Policies.Administer);
        admin.MapGet("/", All).WithName("DirectoryListings").WithSummary("Every listing, active or not.");
        admin.MapPost("/", Create).WithName("CreateListing").WithSummary("Add a listing (coordinates from the ZIP code when not given).").Accepts<ListingRequest>("application/json");
        admin.MapPut("/{id:guid}", Update).WithName("UpdateListing").WithSummary("Change a listing (active=false hides it).").Accepts<ListingRequest>("application/json");
        admin.MapPost("/import", Import).WithName("ImportListings")
            .WithSummary($"Import listings from CSV (text/csv; header {ProgramDirectory.CsvHeader}; lists separated by ';'): all rows or none, 422 naming every rejected line.");
    }

    /// <summary>Reads the search's query string; every bad parameter is named.</summary>
    public static LocatorQuery? Parse(FieldErrors errors, string? zip, string? radiusMiles, IEnumerable<string?> services, string? medication, string? setting,
        string? payment, string? language, string? population, string? limit)
    {
        var wanted = new List<DirectoryService>();
        foreach (var (s, i) in services.Select((s, i) => (s, i)).Where(x => !string.IsNullOrWhiteSpace(x.s)))
        {
            if (errors.Choice<DirectoryService>(services.Count() > 1 ? $"service[{i}]" : "service", s) is { } d)
            {
                wanted.Add(d);
            }
        }

        if (!string.IsNullOrWhiteSpace(medication))
        {
            var m = medication.Trim().ToLowerInvariant();
            DirectoryService? med = m switch
            {
                "methadone" => DirectoryService.Methadone,
                "buprenorphine" => DirectoryService.Buprenorphine,
                "naltrexone" => DirectoryService.Naltrexone,
                _ => null,
            };
            if (med is { } found)
            {
                wanted.Add(found);
            }
            else
            {
                errors.Add("medication", "medication must be methadone, buprenorphine or naltrexone.");
            }
        }

        var radius = 50.0;
        if (!string.IsNullOrWhiteSpace(radiusMiles) && (!double.TryParse(radiusMiles, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out radius) || !double.IsFinite(radius) || radius is <= 0 or > 500))
        {
            errors.Add("radiusMiles", "radiusMiles must be a number from 1 to 500.");
        }

        var take = 25;
        if (!string.IsNullOrWhiteSpace(limit) && (!int.TryParse(limit, out take) || take is < 1 or > 200))
        {
            errors.Add("limit", "limit must be from 1 to 200.");
        }

        var z = string.IsNullOrWhiteSpace(zip) ? null : zip.Trim();
        if (z is not null && (z.Length is not (5 or 10) || !z[..5].All(char.IsAsciiDigit)))
        {
            errors.Add("zip", "zip must be a 5-digit US ZIP code.");
        }

        var lang = errors.Text("language", language, 40);
        var query = new LocatorQuery(z, radius, wanted, errors.Choice<CareSetting>("setting", setting), errors.Choice<Payment>("payment", payment), lang,
            errors.Choice<Population>("population", population), take);
        return errors.Any ? null : query;
    }

    private static async Task<IResult> Search(HttpRequest request, ProgramDirectory directory, CancellationToken ct)
    {
        var q = request.Query;
        var errors = new FieldErrors();
        var query = Parse(errors, q["zip"], q["radiusMiles"], q["service"], q["medication"], q["setting"], q["payment"], q["language"], q["population"], q["limit"]);
        return query is null ? Problems.Validation(errors) : (await directory.SearchAsync(query, ct)).ToResult();
    }

    private static async Task<IResult> All(ProgramDirectory directory, CancellationToken ct) => TypedResults.Ok(await directory.AllAsync(ct));

    private static Task<IResult> Create(HttpRequest request, ProgramDirectory directory, CancellationToken ct) =>
        JsonBody.CreateAsync<ListingRequest, ListingView>(request, r => directory.CreateAsync(r, ct), l => $"/api/v1/directory/{l.Id}", ct);

    private static Task<IResult> Update(Guid id, HttpRequest request, ProgramDirectory directory, CancellationToken ct) =>
        Counseling.CounselingApi.Ok<ListingRequest, ListingView>(request, r => directory.UpdateAsync(id, r, ct), ct);

    private static async Task<IResult> Import(HttpRequest request, ProgramDirectory directory, CancellationToken ct)
    {
        if (request.ContentLength > 10_000_000)
        {
            return Problems.BadRequest("The file is larger than 10 MB.", "file");
        }

        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(ct);
        return (await directory.ImportAsync(text, ct)).ToResult();
    }
}
