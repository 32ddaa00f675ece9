using System.Collections.Concurrent;

namespace Mainstay.Bench;

/// <summary>
/// The benches' throwaway databases, under the temporary folder's <c>mainstay-bench</c>: each run's folder is deleted when
/// the process exits (a bench of the FHIR import leaves hundreds of MB, and they filled the disk once). Set
/// <c>MAINSTAY_BENCH_KEEP=1</c> to keep them for a look afterwards.
/// </summary>
public static class Scratch
{
    private static readonly ConcurrentBag<string> Made = [];

    static Scratch() => AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteAll();

    /// <summary>A new folder's path for one bench run (not created here: the storage creates it).</summary>
    public static string Directory(string name)
    {
        var path = Path.Combine(Path.GetTempPath(), "mainstay-bench", $"{name}-{Guid.NewGuid():N}"[..(name.Length + 17)]);
        Made.Add(path);
        return path;
    }

    private static void DeleteAll()
    {
        if (Environment.GetEnvironmentVariable("MAINSTAY_BENCH_KEEP") == "1")
        {
            return;
        }

        foreach (var path in Made)
        {
            try
            {
                System.IO.Directory.Delete(path, recursive: true);
            }
            catch (IOException)
            {
                // Gone already, or never created (a PostgreSQL run keeps only its files folder).
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
