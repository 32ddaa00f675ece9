using System.Globalization;
using Mainstay.Clinical.Demographics;
using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Patients;

/// <summary>
/// Finds patients by name parts, MRN or birth date, the way a front desk types them:
/// "smith", "smith jo", "jo smith", "MS-0001234-5", "1984-03-07", "smith 03/07/1984"; or by an identifier another system
/// gave the patient (a hospital's MRN, a license: one word with a digit in it, found exactly as received or in capitals).
/// Each name part is a prefix of the family or given name. Every query walks an index range
/// (see <see cref="NameKey.UpperBound"/>) and stops at the limit, so it stays fast at a
/// million patients (bench/ measures it). Entered-in-error registrations are not found.
/// </summary>
public sealed class PatientSearch(MainstayDb db, ClinicUser user, AuditTrail audit, TimeProvider clock)
{
    public const int DefaultLimit = 25;
    public const int MaxLimit = 200;

    public async Task<IReadOnlyList<PatientSummary>> FindAsync(string text, int limit, CancellationToken ct)
    {
        var query = SearchQuery.Parse(text);
        var scope = await user.ScopeAsync(ct);
        var found = query.IsEmpty ? [] : await RunAsync(query, scope, Math.Clamp(limit, 1, MaxLimit), ct);
        var asked = query.Identifier is { } identifier ? OtherIdentifierView.Audited(null, identifier) : text.Trim();
        await audit.RecordNowAsync(AuditActions.Search, "Patient", detail: $"q={asked}; {found.Count} found", ct: ct);
        return found;
    }

    internal async Task<List<PatientSummary>> RunAsync(SearchQuery query, SiteScope scope, int limit, CancellationToken ct)
    {
        var visible = db.Patients.AsNoTracking().Where(p => p.Status != PatientStatus.EnteredInError);
        if (!scope.All)
        {
            var sites = scope.SiteIds.ToList();
            visible = visible.Where(p => sites.Contains(p.SiteId));
        }

        if (query.BirthDate is { } birthDate)
        {
            visible = visible.Where(p => p.BirthDate == birthDate);
        }

        List<IQueryable<Patient>> branches;
        if (query.Mrn is { } mrn)
        {
            branches = [visible.Where(p => p.Mrn == mrn).OrderBy(p => p.FamilyKey)];
        }
        else if (query.Identifier is { } identifier && await OtherIdentifierAsync(visible, identifier, limit, ct) is { Count: > 0 } charts)
        {
            branches = [visible.Where(p => charts.Contains(p.Id)).OrderBy(p => p.FamilyKey).ThenBy(p => p.GivenKey)];
        }
        else if (query.Names.Count == 0)
        {
            branches = [visible.OrderBy(p => p.FamilyKey).ThenBy(p => p.GivenKey)];
        }
        else if (query.Names.Count == 1)
        {
            var t = query.Names[0];
            branches =
            [
                FamilyStartsWith(visible, t).OrderBy(p => p.FamilyKey).ThenBy(p => p.GivenKey),
                GivenStartsWith(visible, t).OrderBy(p => p.GivenKey).ThenBy(p => p.FamilyKey),
            ];
        }
        else
        {
            // Two or more parts: one is the family name, another the given name, in either order;
            // or all of them one name ("de la cruz", "voss klein").
            var (a, b) = (query.Names[0], query.Names[1]);
            var rest = query.Names.Skip(2).ToList();
            var phrase = string.Join(' ', query.Names);
            branches =
            [
                FamilyStartsWith(visible, phrase).OrderBy(p => p.FamilyKey).ThenBy(p => p.GivenKey),
                GivenStartsWith(visible, phrase).OrderBy(p => p.GivenKey).ThenBy(p => p.FamilyKey),
                WithRest(GivenStartsWith(FamilyStartsWith(visible, a), b), rest).OrderBy(p => p.FamilyKey).ThenBy(p => p.GivenKey),
                WithRest(GivenStartsWith(FamilyStartsWith(visible, b), a), rest).OrderBy(p => p.FamilyKey).ThenBy(p => p.GivenKey),
            ];
        }

        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var rows = new Dictionary<Guid, PatientSummary>();
        foreach (var branch in branches)
        {
            var page = await branch.Take(limit)
                .Select(p => new
                {
                    p.Id,
                    p.Mrn,
                    p.GivenName,
                    p.MiddleName,
                    p.FamilyName,
                    p.BirthDate,
                    p.SexAtBirth,
                    p.SiteId,
                    SiteName = p.Site!.Name,
                    p.Status,
                })
                .ToListAsync(ct);
            foreach (var p in page)
            {
                rows.TryAdd(p.Id, new PatientSummary(p.Id, p.Mrn, p.GivenName, p.MiddleName, p.FamilyName, p.BirthDate,
                    PatientWire.AgeOn(p.BirthDate, today), PatientWire.Name(p.SexAtBirth), p.SiteId, p.SiteName,
                    PatientWire.Name(p.Status)));
            }
        }

        return [.. rows.Values
            .OrderBy(r => r.FamilyName, StringComparer.OrdinalIgnoreCase)
            .ThenBy(r => r.GivenName, StringComparer.OrdinalIgnoreCase)
            .ThenBy(r => r.BirthDate)
            .Take(limit)];
    }

    /// <summary>
    /// The visible charts another system's identifier names: seeks in the identifiers' value index, each joined to its chart
    /// by id, so the limit counts only charts the user may see.
    /// </summary>
    private async Task<List<Guid>> OtherIdentifierAsync(IQueryable<Patient> visible, string value, int limit, CancellationToken ct)
    {
        var capitals = value.ToUpperInvariant();
        return await db.PatientIdentifiers.AsNoTracking()
            .Where(i => i.Value == value || i.Value == capitals)
            .Join(visible, i => i.PatientId, p => p.Id, (i, p) => p.Id)
            .Distinct().Take(limit)
            .ToListAsync(ct);
    }

    private static IQueryable<Patient> FamilyStartsWith(IQueryable<Patient> q, string prefix)
    {
        var upper = NameKey.UpperBound(prefix);
        return q.Where(p => string.Compare(p.FamilyKey, prefix) >= 0 && string.Compare(p.FamilyKey, upper) < 0);
    }

    private static IQueryable<Patient> GivenStartsWith(IQueryable<Patient> q, string prefix)
    {
        var upper = NameKey.UpperBound(prefix);
        return q.Where(p => string.Compare(p.GivenKey, prefix) >= 0 && string.Compare(p.GivenKey, upper) < 0);
    }

    private static IQueryable<Patient> WithRest(IQueryable<Patient> q, List<string> rest)
    {
        foreach (var part in rest)
        {
            var spaced = " " + part;
            q = q.Where(p => p.FamilyKey.Contains(spaced) || p.GivenKey.Contains(spaced)
                             || p.FamilyKey.StartsWith(part) || p.GivenKey.StartsWith(part));
        }

        return q;
    }
}

/// <summary>What the searcher typed, split into name parts, an MRN and a birth date.</summary>
public sealed record SearchQuery(IReadOnlyList<string> Names, string? Mrn, DateOnly? BirthDate)
{
    /// <summary>
    /// The text, when it is one word with a digit in it and neither an MRN nor a date: it may be an identifier another system
    /// gave a patient. Its name parts (digits are kept in names) are searched when no chart the user may see has it.
    /// </summary>
    public string? Identifier { get; init; }

    private static readonly string[] DateFormats = ["yyyy-MM-dd", "M/d/yyyy", "MM/dd/yyyy", "M-d-yyyy", "MM-dd-yyyy"];

    public bool IsEmpty => Names.Count == 0 && Mrn is null && BirthDate is null;

    public static SearchQuery Parse(string? text)
    {
        var names = new List<string>();
        string? mrn = null;
        DateOnly? birthDate = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return new SearchQuery(names, null, null);
        }

        foreach (var raw in text.Split([' ', ',', ';', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (MedicalRecordNumber.TryParse(raw, out var parsed))
            {
                mrn = parsed.ToString();
            }
            else if (DateOnly.TryParseExact(raw, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                birthDate = date;
            }
            else
            {
                names.AddRange(NameKey.Of(raw).Split(' ', StringSplitOptions.RemoveEmptyEntries));
            }
        }

        var words = text.Split([' ', ',', ';', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var identifier = words is [var only] && mrn is null && birthDate is null && only.Length <= PatientIdentifier.ValueMax && only.Any(char.IsAsciiDigit)
            ? only
            : null;
        return new SearchQuery(names.Take(6).ToList(), mrn, birthDate) { Identifier = identifier };
    }
}
