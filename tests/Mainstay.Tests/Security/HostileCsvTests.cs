using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Mainstay.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Mainstay.Tests.Security;

/// <summary>
/// The CSV surface: lab files sent to /api/v1/screens/import (and, in the second test, the program directory and the
/// enrollment registry). Malformed, oversized, mis-encoded and unicode-edge files,
/// and random edits of a valid file, each as a text/csv body and as a multipart upload. Every answer must be a clean
/// 2xx or 4xx; a refused file must leave every table as it was, and an accepted one must store exactly the rows its
/// report says it imported.
/// </summary>
public abstract class HostileCsvTests(ClinicFixture fixture, ITestOutputHelper output)
{
    private const int RandomEdits = 150;

    private ClinicServer Server => fixture.Server;

    [Fact]
    public async Task Hostile_lab_files_are_imported_whole_or_not_at_all()
    {
        var mrn = await DowntownMrnAsync();
        var files = HostileCsv.Fixed(mrn).Concat(HostileCsv.RandomEdits(new Random(Fuzz.Seed), mrn, RandomEdits)).ToList();
        using var callers = new Callers(Server);
        var nurse = await callers.ForAsync("nurse");
        var failures = new List<string>();
        int sent = 0, imported = 0, refused = 0;
        var before = await TableCounts.SnapshotAsync(Server.Services);
        foreach (var (kind, bytes) in files)
        {
            foreach (var (how, body) in new[] { ("text/csv", AsCsv(bytes)), ("multipart", AsUpload(bytes)) })
            {
                var answer = await Wire.SendAsync(nurse, "POST", "/api/v1/screens/import", body);
                sent++;
                var after = await TableCounts.SnapshotAsync(Server.Services);
                var changes = TableCounts.Differences(before, after).ToList();
                var label = $"{kind} ({how})";
                if (Wire.Judge("/api/v1/screens/import", answer, problemRequired: true) is { } problem)
                {
                    failures.Add($"{label}: {problem}");
                }
                else if (answer.Status == 200 && Report.ImportedRows(answer.Body) is var rows && rows > 0)
                {
                    imported++;
                    var added = after.GetValueOrDefault("DrugScreens") - before.GetValueOrDefault("DrugScreens");
                    if (added != rows)
                    {
                        failures.Add($"{label}: the report says {rows} rows were imported, yet DrugScreens grew by {added}");
                    }
                }
                else if (changes.Count > 0)
                {
                    failures.Add($"{label}: answered {answer.Status} without importing, yet {string.Join("; ", changes)}");
                }
                else if (answer.Status >= 400)
                {
                    refused++;
                }

                before = after;
            }
        }

        output.WriteLine($"fuzz: {sent} lab files ({files.Count} files, each as text/csv and multipart): {imported} imported, {refused} refused with nothing written");
        Fuzz.AssertNone(failures, "hostile lab files were mishandled");
        Assert.True(imported > 0, "no file was imported: the valid edits never reached the database, so the check of accepted files did not run");
        Assert.True(refused > files.Count, "few files were refused: the hostile files did not exercise the refusals");
    }

    [Fact]
    public async Task Hostile_directory_and_registry_files_load_whole_or_not_at_all()
    {
        var directory = HostileCsv.Structural(DirectoryHeader, DirectoryRow(0, 0))
            .Concat(HostileCsv.RandomEdits(new Random(Fuzz.Seed), DirectoryHeader, DirectoryRow, RandomEdits / 3)).ToList();
        var registry = HostileCsv.Structural(RegistryHeader, RegistryRow(0, 0))
            .Concat(HostileCsv.RandomEdits(new Random(Fuzz.Seed + 1), RegistryHeader, RegistryRow, RandomEdits / 3)).ToList();
        using var callers = new Callers(Server);
        var admin = await callers.ForAsync("admin");
        var failures = new List<string>();
        int sent = 0, loaded = 0, refused = 0;
        var before = await TableCounts.SnapshotAsync(Server.Services);
        foreach (var (url, files) in new[] { ("/api/v1/directory/import", directory), ("/api/v1/enrollment-registry/import", registry) })
        {
            foreach (var (kind, bytes) in files)
            {
                var answer = await Wire.SendAsync(admin, "POST", url, AsCsv(bytes));
                sent++;
                var after = await TableCounts.SnapshotAsync(Server.Services);
                var changes = TableCounts.Differences(before, after).ToList();
                if (Wire.Judge(url, answer, problemRequired: true) is { } problem)
                {
                    failures.Add($"{url} {kind}: {problem}");
                }
                else if (answer.Status >= 400 && changes.Count > 0)
                {
                    failures.Add($"{url} {kind}: refused with {answer.Status}, yet {string.Join("; ", changes)}");
                }
                else if (answer.Status >= 400)
                {
                    refused++;
                }
                else
                {
                    loaded++;
                }

                before = after;
            }
        }

        output.WriteLine($"fuzz: {sent} directory and registry files: {loaded} loaded, {refused} refused with nothing written");
        Fuzz.AssertNone(failures, "hostile directory or registry files were mishandled");
        Assert.True(loaded > 0 && refused > 0, $"{loaded} loaded and {refused} refused: the files did not exercise both paths");
    }

    private const string DirectoryHeader =
        "program,site_name,address,city,state,zip,latitude,longitude,phone,website,hours,services,settings,payments,languages,populations,mainstay_site_id";

    private const string RegistryHeader =
        "program_code,program_name,person_reference,given_name,family_name,birth_date,sex,medication,dose_mg,last_event,last_event_on,admitted_on,ended_on";

    private static string DirectoryRow(int file, int row) =>
        $"Fuzz Bay {file},Site {row},1 Main St,Cincinnati,OH,45202,39.09,-84.51,(513) 555-0100,https://example.org,Mon–Fri 8–5,methadone;counseling,outpatient,medicaid,english;spanish,pregnant-women,";

    private static string RegistryRow(int file, int row) =>
        $"FZB,Fuzz Bay OTP,FZ-{file}-{row},Joanne,Fuzzer,1979-08-03,female,methadone,80,admitted,2026-10-01,2026-10-01,";

    private static HostileBody AsCsv(byte[] bytes) => new("csv", bytes, "text/csv");

    private static HostileBody AsUpload(byte[] bytes)
    {
        var boundary = "----mainstay-fuzz";
        var head = Encoding.ASCII.GetBytes($"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"lab.csv\"\r\nContent-Type: text/csv\r\n\r\n");
        var tail = Encoding.ASCII.GetBytes($"\r\n--{boundary}--\r\n");
        return new HostileBody("multipart", [.. head, .. bytes, .. tail], $"multipart/form-data; boundary={boundary}");
    }

    private async Task<string> DowntownMrnAsync()
    {
        using var nurse = await Server.As("nurse");
        var found = await nurse.GetAsync("/api/v1/patients?limit=50&q=a").Expect(HttpStatusCode.OK);
        foreach (var p in found.EnumerateArray())
        {
            if (p.GetProperty("siteName").GetString()?.Contains("Downtown", StringComparison.Ordinal) == true && p.TryGetProperty("mrn", out var mrn))
            {
                return mrn.GetString()!;
            }
        }

        throw new InvalidOperationException("The demo clinic has no patient at the downtown site.");
    }

    private static class Report
    {
        public static int ImportedRows(string body)
        {
            using var json = System.Text.Json.JsonDocument.Parse(body);
            return json.RootElement.GetProperty("imported").GetBoolean()
                ? json.RootElement.GetProperty("lines").EnumerateArray().Count(l => l.GetProperty("outcome").GetString() == "imported")
                : 0;
        }
    }
}

/// <summary>Hostile CSV files: structural ones for any reader, lab-file ones, and random edits of a valid file.</summary>
internal static class HostileCsv
{
    private const string Header = "mrn,collected_at,specimen,observed,lab,accession,temperature_c,fentanyl,opiates,methadone,eddp";

    private static readonly string[] Splinters =
    [
        "\"", "\"\"", ",", "\r", "\n", "\r\n", "\0", "\t", ";", "'", "\\", "\u00a0", "\u200b", "\u202e", "\ufeff", "\ud83d\udc89",
        "é", "' OR 1=1 --", "<script>alert(1)</script>", "=HYPERLINK(\"http://x\")", "%00", "NaN", "-1", "1e308", "9999999999999999999999",
        "0001-01-01", "9999-12-31T23:59:59Z", "2026-02-30", "positive", "negative", "urine", "oral-fluid", "yes", "no",
    ];

    /// <summary>A valid row for the MRN: collected yesterday at noon, a unique accession.</summary>
    public static string Row(string mrn, string accession) =>
        $"{mrn},{DateTime.UtcNow.Date.AddDays(-1).AddHours(12):yyyy-MM-ddTHH:mm:ssZ},urine,yes,FuzzLab,{accession},34,negative,negative,positive,positive";

    public static IEnumerable<(string Kind, byte[] Bytes)> Fixed(string mrn)
    {
        var row = Row(mrn, "FX-1");
        (string, byte[]) Text(string kind, string text) => (kind, Encoding.UTF8.GetBytes(text));

        foreach (var file in Structural(Header, row))
        {
            yield return file;
        }

        yield return Text("unknown column", Header + ",shoe_size\n" + row + ",42\n");
        yield return Text("column twice", Header + ",fentanyl\n" + row + ",negative\n");
        yield return Text("no analyte column", "mrn,collected_at\n" + mrn + ",2026-01-01T00:00:00Z\n");
        yield return Text("header is one quoted cell", "\"" + Header + "\"\n" + row + "\n");
        yield return Text("text after a closing quote", Header + "\n\"" + mrn + "\"x" + row[mrn.Length..] + "\n");
        yield return Text("a quote inside a bare cell", Header + "\n" + row.Replace("FuzzLab", "Fu\"zzLab", StringComparison.Ordinal) + "\n");
        yield return Text("a 4 MB cell", Header + "\n" + row.Replace("FX-1", new string('A', 4 * 1024 * 1024), StringComparison.Ordinal) + "\n");
        yield return Text("a 6 MB file", Header + "\n" + string.Concat(Enumerable.Repeat(row + "\n", 6 * 1024 * 1024 / row.Length + 1)));
        yield return Text("5,001 rows", Header + "\n" + string.Concat(Enumerable.Range(0, 5001).Select(i => Row(mrn, "FX-R" + i) + "\n")));
        yield return Text("a good row and a bad one", Header + "\n" + Row(mrn, "FX-2") + "\n" + Row(mrn, "FX-3").Replace("urine", "blood", StringComparison.Ordinal) + "\n");
        yield return Text("tab-separated", Header.Replace(',', '\t') + "\n" + row.Replace(',', '\t') + "\n");
        yield return Text("semicolon-separated", Header.Replace(',', ';') + "\n" + row.Replace(',', ';') + "\n");

        foreach (var (column, value) in new[]
                 {
                     ("mrn", "' OR 1=1 --"), ("mrn", mrn + "\0"), ("mrn", "\u202e" + mrn), ("mrn", new string('9', 10_000)),
                     ("collected_at", "0001-01-01T00:00:00Z"), ("collected_at", "9999-12-31T23:59:59Z"), ("collected_at", "2026-02-30T10:00:00Z"),
                     ("collected_at", "1e10"), ("collected_at", "-2026-01-01"), ("collected_at", "2026-01-01T25:61:61+99:00"),
                     ("specimen", "URINE"), ("specimen", "urine\0"), ("observed", "\ud83d\udc89"), ("lab", "Quest\0"), ("lab", ""),
                     ("accession", "FX-5\0"), ("accession", new string('7', 100_000)), ("accession", "=cmd|'/c calc'!A1"),
                     ("accession", "\"quoted, with a comma\""), ("temperature_c", "1e308"), ("temperature_c", "NaN"), ("temperature_c", "-Infinity"),
                     ("temperature_c", "٣٤"), ("temperature_c", "9999999999999999999999999999999"), ("temperature_c", "34,5"),
                     ("fentanyl", "POSITIVE"), ("fentanyl", "pos\u0131tive"), ("fentanyl", ""), ("fentanyl", "\0"), ("fentanyl", new string('x', 50_000)),
                 })
        {
            var cells = Row(mrn, "FX-C" + column + value.Length).Split(',');
            cells[Array.IndexOf(Header.Split(','), column)] = value;
            yield return Text($"{column} = {Describe(value)}", Header + "\n" + string.Join(',', cells) + "\n");
        }
    }

    /// <summary>A valid lab file of three rows, edited at random.</summary>
    public static IEnumerable<(string Kind, byte[] Bytes)> RandomEdits(Random random, string mrn, int count) =>
        RandomEdits(random, Header, (i, r) => Row(mrn, $"FR-{i}-{r}"), count);

    /// <summary>
    /// Files that break any CSV reader: empty, a byte-order mark alone, binary, mis-encoded, oversized, unclosed quotes,
    /// thousands of columns, NUL; built around the header and a valid row of the endpoint's own format.
    /// </summary>
    public static IEnumerable<(string Kind, byte[] Bytes)> Structural(string header, string row)
    {
        (string, byte[]) Text(string kind, string text) => (kind, Encoding.UTF8.GetBytes(text));
        yield return ("empty file", []);
        yield return Text("only a byte-order mark", "\ufeff");
        yield return Text("header only", header + "\n");
        yield return Text("byte-order mark and header", "\ufeff" + header + "\n" + row + "\n");
        yield return Text("blank lines only", "\n\n\r\n\n");
        yield return Text("unclosed quote at the end", header + "\n" + row + "\n\"" + row);
        yield return Text("text after a closing quote", header + "\n\"x\"y," + row + "\n");
        yield return Text("a thousand extra cells", header + "\n" + row + string.Concat(Enumerable.Repeat(",x", 1000)) + "\n");
        yield return Text("a 4 MB cell", header + "\n" + new string('A', 4 * 1024 * 1024) + row + "\n");
        yield return Text("NUL in a cell", header + "\n" + row.Insert(row.Length / 2, "\0") + "\n");
        yield return Text("carriage returns only", header + "\r" + row + "\r");
        yield return ("UTF-16 with a byte-order mark", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(header + "\n" + row + "\n")]);
        yield return ("invalid UTF-8 bytes in a cell", [.. Encoding.UTF8.GetBytes(header + "\n" + row), 0xFF, 0xFE, 0xED, 0xA0, 0x80, .. "\n"u8]);
    }

    /// <summary>A valid file of three rows (row(i, r) is row r of file i), edited at random: splinters inserted, characters and lines deleted or doubled.</summary>
    public static IEnumerable<(string Kind, byte[] Bytes)> RandomEdits(Random random, string header, Func<int, int, string> row, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var text = new StringBuilder(header + "\n" + string.Concat(Enumerable.Range(0, 3).Select(r => row(i, r) + "\n")));
            var edits = 1 + random.Next(4);
            for (var e = 0; e < edits; e++)
            {
                var at = random.Next(text.Length);
                switch (random.Next(4))
                {
                    case 0:
                        text.Insert(at, Splinters[random.Next(Splinters.Length)]);
                        break;
                    case 1:
                        text.Remove(at, Math.Min(1 + random.Next(8), text.Length - at));
                        break;
                    case 2:
                        var lines = text.ToString().Split('\n');
                        var line = lines[random.Next(lines.Length)];
                        text.Append(line).Append('\n');
                        break;
                    default:
                        text[at] = (char)random.Next(0x20, 0x7f);
                        break;
                }
            }

            yield return ($"random edit {i}", Encoding.UTF8.GetBytes(text.ToString()));
        }
    }

    private static string Describe(string value) =>
        value.Length > 24 ? $"{value.Length:N0} characters" : string.Concat(value.Select(c => c is < ' ' or > '~' ? $"\\u{(int)c:x4}" : c.ToString()));
}

public sealed class HostileCsvOnSqlite(SqliteClinic fixture, ITestOutputHelper output) : HostileCsvTests(fixture, output), IClassFixture<SqliteClinic>;

public sealed class HostileCsvOnPostgres(PostgresClinic fixture, ITestOutputHelper output) : HostileCsvTests(fixture, output), IClassFixture<PostgresClinic>;
