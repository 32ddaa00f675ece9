using System.Diagnostics;

namespace Mainstay.Tests.Infrastructure;

/// <summary>Runs the real <c>mainstay</c> executable (built beside the tests) as a separate process.</summary>
public static class MainstayProcess
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public string All => Output + Error;
    }

    public static async Task<Result> RunAsync(IEnumerable<string> args, string? standardInput = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "mainstay.dll"));
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["MAINSTAY_DATA"] = null;
        start.Environment["MAINSTAY_DATABASE"] = null;
        using var process = Process.Start(start)!;
        if (standardInput is not null)
        {
            await process.StandardInput.WriteLineAsync(standardInput);
        }

        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(limit.Token);
        return new Result(process.ExitCode, await output, await error);
    }

    public static IEnumerable<string> StorageArgs(Mainstay.Hosting.StorageSettings storage) =>
        storage.Provider == Mainstay.Data.DatabaseProvider.PostgreSql
            ? ["--data", storage.DataDirectory, "--database", storage.DatabaseConnection!]
            : ["--data", storage.DataDirectory];
}
