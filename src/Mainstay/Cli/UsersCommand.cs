using System.CommandLine;
using System.Globalization;
using Mainstay.Features.Access;
using Mainstay.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Cli;

/// <summary><c>mainstay users add|list</c>.</summary>
public static class UsersCommand
{
    public static Command Create()
    {
        var username = new Option<string>("--username") { Description = "Sign-in name.", Required = true };
        var role = new Option<string>("--role") { Description = "One of: " + string.Join(", ", Roles.All) + ".", Required = true };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from the first line of standard input." };
        var sites = new Option<string>("--sites")
        {
            Description = "all, or site ids separated by commas.",
            DefaultValueFactory = _ => "all",
        };
        var name = new Option<string?>("--name") { Description = "Display name, e.g. \"Dana Ortiz, RN\"." };

        var add = new Command("add", "Create a sign-in account.") { username, role, passwordStdin, sites, name };
        add.SetAction(async (parsed, ct) =>
        {
            if (!parsed.GetValue(passwordStdin))
            {
                await Console.Error.WriteLineAsync("Give the password on standard input with --password-stdin (it is never taken as an argument).");
                return 2;
            }

            var password = (await Console.In.ReadLineAsync(ct))?.TrimEnd('\r', '\n');
            if (string.IsNullOrEmpty(password))
            {
                await Console.Error.WriteLineAsync("No password was given on standard input.");
                return 2;
            }

            if (!TryParseSites(parsed.GetValue(sites)!, out var siteIds))
            {
                await Console.Error.WriteLineAsync($"--sites must be 'all' or site ids separated by commas, not '{parsed.GetValue(sites)}'.");
                return 2;
            }

            await using var app = Services(parsed);
            await WebHost.PrepareDatabaseAsync(app.Services, ct);
            await using var scope = app.Services.CreateAsyncScope();
            var outcome = await scope.ServiceProvider.GetRequiredService<UserAccounts>()
                .CreateAsync(new NewUserAccount(parsed.GetValue(username)!, parsed.GetValue(role)!, password, siteIds, parsed.GetValue(name)), ct);
            if (!outcome.Succeeded)
            {
                await Console.Error.WriteLineAsync(outcome.Refusal!.Message);
                return 1;
            }

            Console.WriteLine($"Created {outcome.Value!.UserName} ({parsed.GetValue(role)}), sites: {(siteIds is null ? "all" : string.Join(",", siteIds))}.");
            return 0;
        });

        var list = new Command("list", "List sign-in accounts and their roles.");
        list.SetAction(async (parsed, ct) =>
        {
            await using var app = Services(parsed);
            await WebHost.PrepareDatabaseAsync(app.Services, ct);
            await using var scope = app.Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<UserAccount>>();
            foreach (var u in await users.Users.OrderBy(u => u.UserName).ToListAsync(ct))
            {
                var roles = await users.GetRolesAsync(u);
                Console.WriteLine($"{u.UserName,-20} {string.Join(",", roles),-12} {(u.AllSites ? "all sites" : "sites " + string.Join(",", await SitesOf(scope.ServiceProvider, u.Id, ct)))}");
            }

            return 0;
        });

        return new Command("users", "Sign-in accounts.") { add, list };
    }

    private static async Task<List<int>> SitesOf(IServiceProvider sp, Guid userId, CancellationToken ct) =>
        await sp.GetRequiredService<Data.MainstayDb>().SiteGrants.Where(g => g.UserId == userId).Select(g => g.SiteId).ToListAsync(ct);

    internal static bool TryParseSites(string text, out List<int>? siteIds)
    {
        siteIds = null;
        if (string.Equals(text.Trim(), "all", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var ids = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                return false;
            }

            ids.Add(id);
        }

        siteIds = ids;
        return ids.Count > 0;
    }

    /// <summary>The application's services without a listening server, for commands that work on the data.</summary>
    internal static WebApplication Services(ParseResult parsed) =>
        WebHost.Build(new ServeSettings(MainstayCli.Storage(parsed), "http://127.0.0.1:0") { Quiet = true });
}
