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
        using var process = Start(args, redirectInput: true);
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

    /// <summary>
    /// Runs mainstay and kills it (SIGKILL) as soon as a line it prints matches <paramref name="killWhen"/>; Killed is
    /// false when it exited first.
    /// </summary>
    public static async Task<(bool Killed, Result Result)> RunUntilAsync(IEnumerable<string> args, Func<string, bool> killWhen)
    {
        using var process = Start(args, redirectInput: false);
        var error = process.StandardError.ReadToEndAsync();
        var output = new System.Text.StringBuilder();
        var killed = false;
        Exception? failed = null;

        // The lines are read on a thread of their own, blocking, not by the thread pool: while the suite's other tests keep
        // the pool busy, an awaited read can resume a second after its line arrived, and the import is over by then.
        var reader = new Thread(() =>
        {
            try
            {
                while (process.StandardOutput.ReadLine() is { } line)
                {
                    output.AppendLine(line);
                    if (killWhen(line))
                    {
                        process.Kill(entireProcessTree: true);
                        killed = true;
                        return;
                    }
                }
            }
            catch (Exception ex)
            {
                failed = ex; // thrown on the test's side below, not on this thread (that would end the test run)
            }
        })
        { IsBackground = true, Name = "mainstay output" };
        reader.Start();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        reader.Join();
        if (failed is not null)
        {
            throw new InvalidOperationException("Reading mainstay's output failed.", failed);
        }

        return (killed, new Result(process.ExitCode, output.ToString(), await error));
    }

    /// <summary>Starts mainstay.dll (built beside the tests) with the output redirected and no MAINSTAY_* settings inherited.</summary>
    public static Process Start(IEnumerable<string> args, bool redirectInput)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = redirectInput, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "mainstay.dll"));
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["MAINSTAY_DATA"] = null;
        start.Environment["MAINSTAY_DATABASE"] = null;
        return Process.Start(start)!;
    }

    public static IEnumerable<string> StorageArgs(Mainstay.Hosting.StorageSettings storage) =>
        storage.Provider == Mainstay.Data.DatabaseProvider.PostgreSql
            ? ["--data", storage.DataDirectory, "--database", storage.DatabaseConnection!]
            : ["--data", storage.DataDirectory];
}

/// <summary>
/// <c>mainstay serve</c> as a separate process on a free loopback port, for tests that kill it (SIGKILL) and start it again
/// on the same data. Disposing kills it if it still runs.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, Uri address)
    {
        _process = process;
        BaseAddress = address;
    }

    public Uri BaseAddress { get; }

    public static async Task<ServerProcess> StartAsync(Mainstay.Hosting.StorageSettings storage)
    {
        // The port is free when chosen, but another socket of the suite can take it before the server binds it: then the
        // server exits at start and is started again on another port.
        for (var attempt = 1; ; attempt++)
        {
            if (await TryStartAsync(storage) is { } server)
            {
                return server;
            }

            Assert.True(attempt < 3, "mainstay serve exited while starting, three times");
        }
    }

    private static async Task<ServerProcess?> TryStartAsync(Mainstay.Hosting.StorageSettings storage)
    {
        var port = FreePort();
        var process = MainstayProcess.Start(["serve", "--urls", $"http://127.0.0.1:{port}", .. MainstayProcess.StorageArgs(storage)], redirectInput: false);
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(process, new Uri($"http://127.0.0.1:{port}"));
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (true)
        {
            if (process.HasExited)
            {
                await server.DisposeAsync();
                return null;
            }

            try
            {
                using var health = await client.GetAsync("/health", limit.Token);
                if (health.IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(100, limit.Token);
        }
    }

    /// <summary>SIGKILL: no shutdown, no flushing, no finally blocks; only what was committed survives.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
