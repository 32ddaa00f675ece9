using System.CommandLine;
using Mainstay.Features.Demo;
using Mainstay.Hosting;

namespace Mainstay.Cli;

/// <summary><c>mainstay serve [--urls URL] [--demo]</c>: runs the web application.</summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls")
        {
            Description = "Where to listen.",
            DefaultValueFactory = _ => ServeSettings.DefaultUrls,
        };
        var demo = new Option<bool>("--demo") { Description = "Seed a deterministic demo clinic (when the database is empty) and print its sign-ins." };
        var command = new Command("serve", "Run the Mainstay web application and API.") { urls, demo };
        command.SetAction(async (parsed, ct) =>
        {
            var storage = MainstayCli.Storage(parsed);
            var (proxies, problem) = ServeSettings.TrustedProxiesFromEnvironment();
            if (problem is not null)
            {
                await Console.Error.WriteLineAsync(problem);
                return 2;
            }

            var settings = new ServeSettings(storage, parsed.GetValue(urls)!) { Demo = parsed.GetValue(demo), TrustedProxies = proxies };
            await using var app = WebHost.Build(settings);
            try
            {
                await WebHost.PrepareDatabaseAsync(app.Services, ct);
            }
            catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException or IOException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"Mainstay cannot open its database ({storage.Describe()}): {ex.Message}");
                return 1;
            }

            if (settings.Demo)
            {
                var seeded = await DemoClinic.SeedAsync(app.Services, ct);
                Console.WriteLine(seeded
                    ? $"Seeded the demo clinic: {DemoClinic.Sites.Length} sites, {DemoClinic.PatientCount} patients."
                    : "The database already holds a clinic; demo data was not added again.");
                DemoClinic.PrintSignIns(Console.Out);
            }

            try
            {
                await app.StartAsync(ct);
            }
            catch (IOException ex)
            {
                await Console.Error.WriteLineAsync($"Mainstay cannot listen on {settings.Urls}: {ex.Message}");
                return 1;
            }

            Console.WriteLine($"Mainstay is listening on {settings.Urls} — data: {storage.Describe()}");
            await app.WaitForShutdownAsync(ct);
            return 0;
        });
        return command;
    }
}
