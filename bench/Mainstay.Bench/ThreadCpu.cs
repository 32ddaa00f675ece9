using System.Globalization;

namespace Mainstay.Bench;

/// <summary>
/// The CPU time one of this process's threads has used, found by its name (Linux: <c>/proc/self/task/*/comm</c> and the
/// user and system ticks of its <c>stat</c>; 10 ms steps). Zero when no thread of that name runs, or on other systems.
/// </summary>
internal static class ThreadCpu
{
    public static TimeSpan Of(string name)
    {
        if (!Directory.Exists("/proc/self/task"))
        {
            return TimeSpan.Zero;
        }

        var comm = name.Length > 15 ? name[..15] : name; // the kernel keeps 15 characters of a thread's name
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n') != comm)
                {
                    continue;
                }

                // The fields after the name in parentheses: state is the 3rd of the line, utime and stime the 14th and 15th.
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                return TimeSpan.FromSeconds(ticks / 100.0); // USER_HZ is 100 on Linux
            }
            catch (IOException)
            {
                // the thread ended meanwhile
            }
        }

        return TimeSpan.Zero;
    }
}
