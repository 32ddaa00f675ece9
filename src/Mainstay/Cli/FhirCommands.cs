using System.CommandLine;
using System.Diagnostics;
using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Fhir;
using Mainstay.Hosting;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;
using R4 = Hl7.Fhir.Model;

namespace Mainstay.Cli;

/// <summary>
/// <c>mainstay import fhir PATH...</c> (Bundles as .json, resources as .ndjson; files and folders) and
/// <c>mainstay export fhir --out DIR</c> (one NDJSON file per type), with progress and a summary.
/// </summary>
public static class FhirCommands
{
    /// <summary>NDJSON lines imported together (all or nothing per chunk; a Bundle file is always one unit).</summary>
    public const int NdjsonChunk = 2000;

    public static Command Import()
    {
        var paths = new Argument<string[]>("paths") { Description = "Bundle files (.json), NDJSON files (.ndjson) or folders of them.", Arity = ArgumentArity.OneOrMore };
        var site = new Option<int?>("--site") { Description = "The site new patients are registered at (default: the first site)." };
        var fhir = new Command("fhir", "Import FHIR R4 Bundles and NDJSON files: Patients become charts, other resources outside records; all or nothing per Bundle; safe to run again.")
        {
            paths, site,
        };
        fhir.SetAction(async (parsed, ct) =>
        {
            var files = Files(parsed.GetValue(paths)!);
            if (files.Missing.Count > 0)
            {
                await Console.Error.WriteLineAsync("Not found: " + string.Join(", ", files.Missing));
                return 2;
            }

            await using var app = WebHost.Build(new ServeSettings(MainstayCli.Storage(parsed), "http://127.0.0.1:0") { Quiet = true });
            await WebHost.PrepareDatabaseAsync(app.Services, ct);
            int siteId;
            await using (var scope = app.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
                var chosen = parsed.GetValue(site);
                var sites = await db.Sites.AsNoTracking().Select(s => s.Id).OrderBy(s => s).ToListAsync(ct);
                if (chosen is { } c && !sites.Contains(c))
                {
                    await Console.Error.WriteLineAsync($"There is no site {chosen}.");
                    return 2;
                }

                if (sites.Count == 0)
                {
                    // An empty data folder: the records need a site to belong to.
                    var imported = new Features.Sites.Site
                    {
                        Organization = new Features.Sites.Organization { Name = "Imported records", CreatedAt = DateTimeOffset.UtcNow },
                        Name = "Imported records",
                        Code = "IMP",
                        CreatedAt = DateTimeOffset.UtcNow,
                    };
                    db.Sites.Add(imported);
                    await db.SaveChangesAsync(ct);
                    sites.Add(imported.Id);
                    Console.WriteLine($"The database had no site; created site {imported.Id} \"Imported records\" for the imported patients.");
                }

                siteId = chosen ?? sites[0];
            }

            var reports = new List<BundleReport>();
            var clock = Stopwatch.StartNew();
            // Files are read and parsed a few Bundles ahead, on the other core, while the current one is written.
            var bundles = ReadAhead.Of(files.Found.SelectMany(Read), ahead: 4, ct);
            await Run(files.Found.Count, bundles, async item =>
            {
                if (item.Bundle is null)
                {
                    reports.Add(new BundleReport(item.Origin, "file", false, [new ImportedEntry(0, "Bundle", null, ImportResults.Rejected, null, item.Error)]));
                    return 0;
                }

                await using var scope = app.Services.CreateAsyncScope();
                reports.Add(await scope.ServiceProvider.GetRequiredService<FhirBundleImport>().ImportAsync(item.Bundle, siteId, item.Origin, atomic: true, ct));
                return item.Bundle.Entry.Count;
            });

            Summarize(reports, clock.Elapsed);
            return reports.Any(r => !r.Committed) ? 1 : 0;
        });
        return new Command("import", "Bring records in from other systems.") { fhir, Ctn0094Command.Create() };
    }

    public static Command Export()
    {
        var output = new Option<string>("--out") { Description = "Folder the NDJSON files are written to.", Required = true };
        var types = new Option<string?>("--type") { Description = "Resource types, comma-separated (default: all)." };
        var since = new Option<string?>("--since") { Description = "Only resources changed after this instant." };
        var fhir = new Command("fhir", "Export every record as FHIR R4 NDJSON, one file per resource type (the audit trail included).") { output, types, since };
        fhir.SetAction(async (parsed, ct) =>
        {
            DateTimeOffset? after = null;
            if (parsed.GetValue(since) is { } sinceText && (after = ResourceFacts.Parse(sinceText)) is null)
            {
                await Console.Error.WriteLineAsync($"--since '{sinceText}' is not a date or instant.");
                return 2;
            }

            var wanted = parsed.GetValue(types)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
            if (wanted.FirstOrDefault(t => !R4.ModelInfo.IsKnownResource(t)) is { } unknown)
            {
                await Console.Error.WriteLineAsync($"'{unknown}' is not a FHIR R4 resource type.");
                return 2;
            }

            await using var db = DataServices.Open(MainstayCli.Storage(parsed));
            var sites = await db.Sites.AsNoTracking().Select(s => s.Id).ToListAsync(ct);
            var clock = Stopwatch.StartNew();
            var progress = new Progress<(string Type, long Count)>(p => Console.Error.Write($"\r{p.Type,-28} {p.Count,12:N0}"));
            var files = await FhirExportWriter.WriteAsync(db, new SiteScope(true, sites.ToHashSet()), wanted, after, includeAudit: true,
                parsed.GetValue(output)!, DateOnly.FromDateTime(DateTime.Now), Console.IsErrorRedirected ? null : progress, ct);
            Console.Error.WriteLine();
            foreach (var f in files)
            {
                Console.WriteLine($"{f.Type,-28} {f.Count,12:N0}  {f.File}");
            }

            var total = files.Sum(f => f.Count);
            Console.WriteLine($"{total:N0} resources in {files.Count} files, {clock.Elapsed.TotalSeconds:0.0} s ({total / Math.Max(clock.Elapsed.TotalSeconds, 0.001):N0}/s).");
            return 0;
        });
        return new Command("export", "Take records out in standard formats.") { fhir };
    }

    private static (List<string> Found, List<string> Missing) Files(IEnumerable<string> paths)
    {
        var found = new List<string>();
        var missing = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                found.AddRange(Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Where(f => f.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal));
            }
            else if (File.Exists(path))
            {
                found.Add(path);
            }
            else
            {
                missing.Add(path);
            }
        }

        // NDJSON exports refer from later types to earlier ones: patients first, then in Mainstay's export order.
        var order = FhirExportWriter.Order.Select((t, i) => (t, i)).ToDictionary(x => x.t + ".ndjson", x => x.i, StringComparer.OrdinalIgnoreCase);
        return ([.. found.Distinct().OrderBy(f => order.GetValueOrDefault(Path.GetFileName(f), order.Count))], missing);
    }

    /// <summary>A file as Bundles: a .json Bundle (or a single resource) is one; an NDJSON file is read in chunks.</summary>
    /// <summary>A Bundle read from <see cref="File"/> (or, when <see cref="Bundle"/> is null, why none could be read).</summary>
    private sealed record FileBundle(string File, R4.Bundle? Bundle, string Origin, string? Error);

    private static IEnumerable<FileBundle> Read(string file)
    {
        var name = Path.GetFileName(file);
        if (!file.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase))
        {
            var (resource, error) = FhirWire.ParseForImport<R4.Resource>(File.ReadAllText(file));
            yield return resource switch
            {
                R4.Bundle b => new FileBundle(file, b, name, null),
                null => new FileBundle(file, null, name, error),
                _ => new FileBundle(file, new R4.Bundle { Type = R4.Bundle.BundleType.Collection, Entry = [new R4.Bundle.EntryComponent { Resource = resource }] }, name, null),
            };
            yield break;
        }

        var chunk = new R4.Bundle { Type = R4.Bundle.BundleType.Collection };
        var line = 0;
        var first = 1;
        foreach (var text in File.ReadLines(file))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            var (resource, error) = FhirWire.ParseForImport<R4.Resource>(text);
            if (resource is null)
            {
                yield return new FileBundle(file, null, $"{name}:{line}", error);
                continue;
            }

            chunk.Entry.Add(new R4.Bundle.EntryComponent { Resource = resource });
            if (chunk.Entry.Count == NdjsonChunk)
            {
                yield return new FileBundle(file, chunk, $"{name}:{first}-{line}", null);
                chunk = new R4.Bundle { Type = R4.Bundle.BundleType.Collection };
                first = line + 1;
            }
        }

        if (chunk.Entry.Count > 0)
        {
            yield return new FileBundle(file, chunk, $"{name}:{first}-{line}", null);
        }
    }

    /// <summary>
    /// Imports the Bundles of <paramref name="files"/> files as they come, with a progress bar on a terminal, or a line per
    /// file when the output is redirected. <paramref name="import"/> returns the resources a Bundle held.
    /// </summary>
    private static async Task Run(int files, IAsyncEnumerable<FileBundle> bundles, Func<FileBundle, Task<int>> import)
    {
        if (Console.IsOutputRedirected)
        {
            var n = 0;
            (string File, int Resources)? current = null;
            void Done()
            {
                if (current is { } c)
                {
                    Console.WriteLine($"[{++n}/{files}] {Path.GetFileName(c.File)}: {c.Resources} resources");
                }
            }

            await foreach (var item in bundles)
            {
                if (current?.File != item.File)
                {
                    Done();
                    current = (item.File, 0);
                }

                current = (item.File, current!.Value.Resources + await import(item));
            }

            Done();
            return;
        }

        await AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask("Importing", maxValue: files);
                string? file = null;
                await foreach (var item in bundles)
                {
                    if (file is not null && file != item.File)
                    {
                        task.Increment(1);
                    }

                    file = item.File;
                    task.Description = Path.GetFileName(item.File);
                    await import(item);
                }

                task.Value = files;
                task.Description = "Imported";
            });
    }

    private static void Summarize(List<BundleReport> reports, TimeSpan elapsed)
    {
        var entries = reports.Where(r => r.Committed).SelectMany(r => r.Entries).ToList();
        Console.WriteLine($"{"type",-26} {"created",8} {"updated",8} {"unchanged",10} {"skipped",8}");
        foreach (var type in entries.GroupBy(e => e.ResourceType).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            Console.WriteLine($"{type.Key,-26} {type.Count(e => e.Result == ImportResults.Created),8} {type.Count(e => e.Result == ImportResults.Updated),8} {type.Count(e => e.Result == ImportResults.Unchanged),10} {type.Count(e => e.Result == ImportResults.Skipped),8}");
        }

        var stored = entries.Count(e => e.Result is ImportResults.Created or ImportResults.Updated or ImportResults.Unchanged);
        Console.WriteLine($"{reports.Count(r => r.Committed)} of {reports.Count} bundles imported; {stored:N0} resources stored, {elapsed.TotalSeconds:0.0} s ({stored / Math.Max(elapsed.TotalSeconds, 0.001):N0}/s).");
        foreach (var rejected in reports.Where(r => !r.Committed))
        {
            Console.WriteLine($"NOT IMPORTED {rejected.Origin} (nothing of it was stored):");
            foreach (var e in rejected.Entries.Where(e => e.Result == ImportResults.Rejected).Take(20))
            {
                Console.WriteLine($"  entry {e.Index} {e.ResourceType} {e.SourceId}: {e.Reason}");
            }
        }
    }
}
