using System.Globalization;
using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Audit;
using Mainstay.Features.Counseling;
using Mainstay.Web;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Locator;

/// <summary>A listing as an admin writes it (API, form or one CSV row).</summary>
public sealed record ListingRequest
{
    public string? Program { get; init; }
    public string? SiteName { get; init; }
    public string? Address { get; init; }
    public string? City { get; init; }
    public string? State { get; init; }
    public string? Zip { get; init; }
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }
    public string? Phone { get; init; }
    public string? Website { get; init; }
    public string? Hours { get; init; }
    public IReadOnlyList<string>? Services { get; init; }
    public IReadOnlyList<string>? Settings { get; init; }
    public IReadOnlyList<string>? Payments { get; init; }
    public IReadOnlyList<string>? Languages { get; init; }
    public IReadOnlyList<string>? Populations { get; init; }
    public int? MainstaySiteId { get; init; }
    public bool? Active { get; init; }
}

public sealed record ListingView(
    Guid Id, string Program, string? SiteName, string? Address, string? City, string? State, string Zip, double Latitude, double Longitude,
    string? Phone, string? Website, string? Hours, IReadOnlyList<string> Services, IReadOnlyList<string> Settings, IReadOnlyList<string> Payments,
    IReadOnlyList<string> Languages, IReadOnlyList<string> Populations, int? MainstaySiteId, bool Active);

/// <summary>What a person looks for: near a ZIP code, within a distance, with the services and conditions they need.</summary>
public sealed record LocatorQuery(
    string? Zip, double RadiusMiles, IReadOnlyList<DirectoryService> Services, CareSetting? Setting, Payment? Payment, string? Language,
    Population? Population, int Limit);

public sealed record LocatorResult(ListingView Listing, double? Miles);

public sealed record LocatorAnswer(string? Zip, double? Latitude, double? Longitude, int Matched, IReadOnlyList<LocatorResult> Programs);

public sealed record ImportReport(int Rows, int Created, int Updated, IReadOnlyList<string> Rejected);

/// <summary>
/// The public directory of programs: kept by admins (form, API, CSV), searched by anyone without an account — nothing
/// about a search is stored or audited. Searches run over an in-memory copy of the active listings, refreshed after
/// every change, so a search costs no database round trip.
/// </summary>
public sealed class ProgramDirectory(MainstayDb db, ClinicUser user, AuditTrail audit, TimeProvider clock, ZipCentroids zips, DirectorySnapshot snapshot)
{
    public const string CsvHeader = "program,site_name,address,city,state,zip,latitude,longitude,phone,website,hours,services,settings,payments,languages,populations,mainstay_site_id";

    private const double EarthRadiusMiles = 3958.8;

    public async Task<Outcome<ListingView>> CreateAsync(ListingRequest request, CancellationToken ct) => await SaveAsync(null, request, ct);

    public async Task<Outcome<ListingView>> UpdateAsync(Guid id, ListingRequest request, CancellationToken ct) => await SaveAsync(id, request, ct);

    public async Task<IReadOnlyList<ListingView>> AllAsync(CancellationToken ct) =>
        [.. (await db.DirectoryListings.AsNoTracking().OrderBy(l => l.Program).ThenBy(l => l.SiteName).ToListAsync(ct)).Select(View)];

    public async Task<ListingView?> FindAsync(Guid id, CancellationToken ct) =>
        await db.DirectoryListings.AsNoTracking().SingleOrDefaultAsync(l => l.Id == id, ct) is { } l ? View(l) : null;

    /// <summary>A CSV file of listings (<see cref="CsvHeader"/>; lists separated by ";"): every row checked, all or nothing. A row with the same program, site name and ZIP as a listing updates it.</summary>
    public async Task<Outcome<ImportReport>> ImportAsync(string csv, CancellationToken ct)
    {
        var records = Csv.Read(new StringReader(csv)).ToList();
        var rows = records.Select(r => r.Fields).ToList();
        if (rows.Count == 0 || string.Join(",", rows[0].Select(h => h.Trim().ToLowerInvariant())) != CsvHeader)
        {
            return Refusal.Invalid("file", $"The first line must be the header: {CsvHeader}");
        }

        if (rows.Count > 20_001)
        {
            return Refusal.Invalid("file", "At most 20,000 listings in one file.");
        }

        var parsed = new List<DirectoryListing>();
        var rejected = new List<string>();
        for (var i = 1; i < rows.Count; i++)
        {
            var r = rows[i];
            var lineNumber = records[i].Line;
            if (records[i].Error is { } unreadable)
            {
                rejected.Add($"line {lineNumber}: {unreadable}");
                continue;
            }

            if (r.Length == 1 && string.IsNullOrWhiteSpace(r[0]))
            {
                continue;
            }

            if (r.Length != 17)
            {
                rejected.Add($"line {lineNumber}: {r.Length} columns, expected 17");
                continue;
            }

            string? Cell(int c) => string.IsNullOrWhiteSpace(r[c]) ? null : r[c].Trim();
            IReadOnlyList<string> List(int c) => Cell(c)?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
            var errors = new FieldErrors();
            double? Number(int c, string name)
            {
                if (Cell(c) is not { } text)
                {
                    return null;
                }

                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                {
                    return v;
                }

                errors.Add(name, $"{name} '{text}' is not a number.");
                return null;
            }

            int? siteId = null;
            if (Cell(16) is { } s)
            {
                if (int.TryParse(s, out var id))
                {
                    siteId = id;
                }
                else
                {
                    errors.Add("mainstay_site_id", $"mainstay_site_id '{s}' is not a whole number.");
                }
            }

            var request = new ListingRequest
            {
                Program = Cell(0),
                SiteName = Cell(1),
                Address = Cell(2),
                City = Cell(3),
                State = Cell(4),
                Zip = Cell(5),
                Latitude = Number(6, "latitude"),
                Longitude = Number(7, "longitude"),
                Phone = Cell(8),
                Website = Cell(9),
                Hours = Cell(10),
                Services = List(11),
                Settings = List(12),
                Payments = List(13),
                Languages = List(14),
                Populations = List(15),
                MainstaySiteId = siteId,
            };
            var listing = await ValidateAsync(errors, request, null, ct);
            if (errors.Any || listing is null)
            {
                rejected.Add($"line {lineNumber}: {Refusal.Invalid(errors).Describe()}");
                continue;
            }

            parsed.Add(listing);
        }

        if (rejected.Count > 0)
        {
            return new Refusal(RefusalKind.Unprocessable, $"{rejected.Count} of {rows.Count - 1} rows were rejected; nothing was imported. {string.Join(" ", rejected.Take(50))}",
                Violations: rejected);
        }

        await using var tx = await db.BeginLockedWriteAsync(ct);
        var existing = await db.DirectoryListings.ToListAsync(ct);
        int created = 0, updated = 0;
        foreach (var listing in parsed)
        {
            var same = existing.FirstOrDefault(e => e.Program == listing.Program && e.SiteName == listing.SiteName && e.Zip == listing.Zip);
            if (same is null)
            {
                db.DirectoryListings.Add(listing);
                existing.Add(listing);
                created++;
            }
            else
            {
                Copy(listing, same);
                updated++;
            }
        }

        audit.Record(AuditActions.Update, "DirectoryListing", detail: $"CSV import: {created} created, {updated} updated");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        snapshot.Invalidate();
        return new ImportReport(parsed.Count, created, updated, []);
    }

    /// <summary>The search: active listings with every asked-for service and condition, nearest first (those without a distance last).</summary>
    public async Task<Outcome<LocatorAnswer>> SearchAsync(LocatorQuery query, CancellationToken ct)
    {
        (double Lat, double Lon)? origin = null;
        if (query.Zip is { } zip)
        {
            origin = zips.Find(zip);
            if (origin is null)
            {
                return Refusal.Invalid("zip", $"'{zip}' is not a US ZIP code we know (5 digits).");
            }
        }

        var listings = await snapshot.GetAsync(db, ct);
        var wanted = query.Services.Select(s => CounselingCalendar.IntakeKebab(s)).ToList();
        var setting = query.Setting is { } st ? CounselingCalendar.IntakeKebab(st) : null;
        var payment = query.Payment is { } p ? CounselingCalendar.IntakeKebab(p) : null;
        var population = query.Population is { } pop ? CounselingCalendar.IntakeKebab(pop) : null;
        var language = query.Language?.Trim().ToLowerInvariant();
        var results = new List<LocatorResult>();
        // A box around the origin first (a degree of latitude is about 69 miles): most listings are ruled out by two subtractions.
        var dLat = query.RadiusMiles / 69.0;
        var dLon = origin is { } c ? query.RadiusMiles / (69.0 * Math.Max(0.01, Math.Cos(c.Lat * Math.PI / 180))) : 0;
        foreach (var l in listings)
        {
            if (origin is { } box && (Math.Abs(l.Latitude - box.Lat) > dLat || (dLon < 180 && Math.Abs(l.Longitude - box.Lon) > dLon)))
            {
                continue;
            }

            if (wanted.Any(w => !l.Services.Contains(w)) || (setting is not null && !l.Settings.Contains(setting))
                || (payment is not null && !l.Payments.Contains(payment)) || (population is not null && !l.Populations.Contains(population))
                || (language is not null && !l.Languages.Contains(language)))
            {
                continue;
            }

            double? miles = origin is { } o ? Miles(o.Lat, o.Lon, l.Latitude, l.Longitude) : null;
            if (miles > query.RadiusMiles)
            {
                continue;
            }

            results.Add(new LocatorResult(l, miles is { } m ? Math.Round(m, 1) : null));
        }

        var ordered = results.OrderBy(r => r.Miles ?? double.MaxValue).ThenBy(r => r.Listing.Program, StringComparer.Ordinal).Take(query.Limit).ToList();
        return new LocatorAnswer(query.Zip, origin?.Lat, origin?.Lon, results.Count, ordered);
    }

    /// <summary>Great-circle distance (haversine) in miles.</summary>
    public static double Miles(double lat1, double lon1, double lat2, double lon2)
    {
        static double Rad(double d) => d * Math.PI / 180;
        var dLat = Rad(lat2 - lat1);
        var dLon = Rad(lon2 - lon1);
        var a = (Math.Sin(dLat / 2) * Math.Sin(dLat / 2)) + (Math.Cos(Rad(lat1)) * Math.Cos(Rad(lat2)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2));
        return 2 * EarthRadiusMiles * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    private async Task<Outcome<ListingView>> SaveAsync(Guid? id, ListingRequest request, CancellationToken ct)
    {
        if (user.Role != Roles.Admin)
        {
            return Refusal.Forbidden("Admins keep the directory.");
        }

        var errors = new FieldErrors();
        var listing = await ValidateAsync(errors, request, id, ct);
        if (errors.Any || listing is null)
        {
            return Refusal.Invalid(errors);
        }

        await using var tx = await db.BeginLockedWriteAsync(ct);
        if (id is { } existingId)
        {
            var existing = await db.DirectoryListings.SingleOrDefaultAsync(l => l.Id == existingId, ct);
            if (existing is null)
            {
                return Refusal.NotFound($"There is no listing {existingId}.");
            }

            Copy(listing, existing);
            listing = existing;
        }
        else
        {
            db.DirectoryListings.Add(listing);
        }

        audit.Record(id is null ? AuditActions.Create : AuditActions.Update, "DirectoryListing", listing.Id.ToString(), detail: $"{listing.Program} ({listing.Zip})");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        snapshot.Invalidate();
        return View(listing);
    }

    private async Task<DirectoryListing?> ValidateAsync(FieldErrors errors, ListingRequest r, Guid? id, CancellationToken ct)
    {
        var program = errors.Text("program", r.Program, 200, required: true);
        var zip = errors.Text("zip", r.Zip, 10, required: true);
        if (zip is not null && (zip.Length != 5 || !zip.All(char.IsAsciiDigit)))
        {
            errors.Add("zip", "zip must be 5 digits.");
        }

        (double Lat, double Lon)? point = null;
        if (r.Latitude is { } lat && r.Longitude is { } lon)
        {
            if (lat is < -90 or > 90 || lon is < -180 or > 180 || double.IsNaN(lat) || double.IsNaN(lon))
            {
                errors.Add("latitude", "latitude must be −90 to 90 and longitude −180 to 180.");
            }
            else
            {
                point = (lat, lon);
            }
        }
        else if (r.Latitude is not null || r.Longitude is not null)
        {
            errors.Add("latitude", "Give both latitude and longitude, or neither (the ZIP code's centre is used).");
        }
        else if (zip is { Length: 5 })
        {
            point = zips.Find(zip);
            if (point is null)
            {
                errors.Add("zip", $"'{zip}' is not a ZIP code we have a location for; give latitude and longitude.");
            }
        }

        var services = Choices<DirectoryService>(errors, "services", r.Services, required: true);
        var settings = Choices<CareSetting>(errors, "settings", r.Settings, required: true);
        var payments = Choices<Payment>(errors, "payments", r.Payments, required: true);
        var populations = Choices<Population>(errors, "populations", r.Populations, required: false);
        var languages = (r.Languages ?? []).Select(l => l?.Trim().ToLowerInvariant()).Where(l => !string.IsNullOrEmpty(l)).Distinct().ToList();
        if (languages.Count == 0)
        {
            errors.Add("languages", "languages is required: the languages spoken (english, spanish, …).");
        }
        else if (languages.Any(l => l!.Length > 40 || !l.All(c => char.IsLetter(c) || c is ' ' or '-')))
        {
            errors.Add("languages", "A language is a name in letters (english, spanish, haitian creole).");
        }

        var website = errors.Text("website", r.Website, 300);
        if (website is not null && !(Uri.TryCreate(website, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"))
        {
            errors.Add("website", "website must be an http or https address.");
        }

        if (r.MainstaySiteId is { } siteId && !await db.Sites.AnyAsync(s => s.Id == siteId, ct))
        {
            errors.Add("mainstaySiteId", $"There is no site {siteId} on this server.");
        }

        var listing = new DirectoryListing
        {
            Id = id ?? Guid.CreateVersion7(clock.GetUtcNow()),
            Program = program ?? "",
            SiteName = errors.Text("siteName", r.SiteName, 200),
            Address = errors.Text("address", r.Address, 300),
            City = errors.Text("city", r.City, 100),
            State = errors.Text("state", r.State, 2),
            Zip = zip ?? "",
            Latitude = point?.Lat ?? 0,
            Longitude = point?.Lon ?? 0,
            Phone = errors.Text("phone", r.Phone, 40),
            Website = website,
            Hours = errors.Text("hours", r.Hours, 300),
            Services = string.Join(",", services),
            Settings = string.Join(",", settings),
            Payments = string.Join(",", payments),
            Languages = string.Join(",", languages),
            Populations = populations.Count == 0 ? null : string.Join(",", populations),
            MainstaySiteId = r.MainstaySiteId,
            IsActive = r.Active ?? true,
            UpdatedAt = clock.GetUtcNow(),
            UpdatedBy = user.Username ?? "system",
        };
        return errors.Any ? null : listing;
    }

    private static List<string> Choices<TEnum>(FieldErrors errors, string field, IReadOnlyList<string>? values, bool required)
        where TEnum : struct, Enum
    {
        var chosen = new List<string>();
        foreach (var (v, i) in (values ?? []).Select((v, i) => (v, i)))
        {
            if (errors.Choice<TEnum>($"{field}[{i}]", v, required: true) is { } e)
            {
                chosen.Add(CounselingCalendar.IntakeKebab(e));
            }
        }

        if (required && chosen.Count == 0 && (values ?? []).Count == 0)
        {
            errors.Add(field, $"{field} is required: one or more of {Input.Names<TEnum>()}.");
        }

        return [.. chosen.Distinct()];
    }

    private static void Copy(DirectoryListing from, DirectoryListing to)
    {
        to.Program = from.Program;
        to.SiteName = from.SiteName;
        to.Address = from.Address;
        to.City = from.City;
        to.State = from.State;
        to.Zip = from.Zip;
        to.Latitude = from.Latitude;
        to.Longitude = from.Longitude;
        to.Phone = from.Phone;
        to.Website = from.Website;
        to.Hours = from.Hours;
        to.Services = from.Services;
        to.Settings = from.Settings;
        to.Payments = from.Payments;
        to.Languages = from.Languages;
        to.Populations = from.Populations;
        to.MainstaySiteId = from.MainstaySiteId;
        to.IsActive = from.IsActive;
        to.UpdatedAt = from.UpdatedAt;
        to.UpdatedBy = from.UpdatedBy;
    }

    internal static ListingView View(DirectoryListing l) => new(
        l.Id, l.Program, l.SiteName, l.Address, l.City, l.State, l.Zip, l.Latitude, l.Longitude, l.Phone, l.Website, l.Hours,
        Split(l.Services), Split(l.Settings), Split(l.Payments), Split(l.Languages), Split(l.Populations), l.MainstaySiteId, l.IsActive);

    private static string[] Split(string? list) => list?.Split(',', StringSplitOptions.RemoveEmptyEntries) ?? [];
}

/// <summary>The active listings held in memory for searching; dropped after every change and reloaded on the next search.</summary>
public sealed class DirectorySnapshot
{
    private volatile IReadOnlyList<ListingView>? _listings;
    private long _version;

    public void Invalidate()
    {
        Interlocked.Increment(ref _version);
        _listings = null;
    }

    /// <remarks>
    /// A load that overlaps a change is used for that one search but not kept, so a listing taken down is never served
    /// from the cache afterwards. One copy per server process: several servers behind a balancer each drop their own
    /// copy only on their own changes (run the directory's admin on one, or restart the others).
    /// </remarks>
    public async Task<IReadOnlyList<ListingView>> GetAsync(MainstayDb db, CancellationToken ct)
    {
        if (_listings is { } cached)
        {
            return cached;
        }

        var version = Interlocked.Read(ref _version);
        var loaded = (await db.DirectoryListings.AsNoTracking().Where(l => l.IsActive).ToListAsync(ct)).Select(ProgramDirectory.View).ToList();
        if (Interlocked.Read(ref _version) == version)
        {
            _listings = loaded;
        }

        return loaded;
    }
}

/// <summary>
/// ZIP Code Tabulation Area centroids (US Census Bureau 2021 Gazetteer, public domain; 33,791 areas), shipped inside the
/// application. A ZIP code that is not a ZCTA (a PO box, a single building) is not found.
/// </summary>
public sealed class ZipCentroids
{
    private readonly Lazy<Dictionary<string, (double Lat, double Lon)>> _table = new(Load);

    public int Count => _table.Value.Count;

    public (double Lat, double Lon)? Find(string zip)
    {
        var key = zip.Trim();
        if (key.Length > 5 && key[5] == '-')
        {
            key = key[..5];
        }

        return key.Length == 5 && _table.Value.TryGetValue(key, out var p) ? p : null;
    }

    private static Dictionary<string, (double, double)> Load()
    {
        using var stream = typeof(ZipCentroids).Assembly.GetManifestResourceStream("Mainstay.zcta-centroids.csv")
                           ?? throw new InvalidOperationException("The ZIP centroid table is missing from the build.");
        using var reader = new StreamReader(stream);
        var table = new Dictionary<string, (double, double)>(34_000, StringComparer.Ordinal);
        reader.ReadLine();
        while (reader.ReadLine() is { } line)
        {
            var parts = line.Split(',');
            table[parts[0]] = (double.Parse(parts[1], CultureInfo.InvariantCulture), double.Parse(parts[2], CultureInfo.InvariantCulture));
        }

        return table;
    }
}
