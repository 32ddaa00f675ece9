using System.CommandLine;
using Mainstay.Features.Access;
using Mainstay.Features.Fhir;
using Mainstay.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Cli;

/// <summary><c>mainstay clients add|list|revoke</c>: credentials for systems outside the program that read through /fhir under consents.</summary>
public static class ClientsCommand
{
    public static Command Create()
    {
        var recipient = new Option<string>("--recipient") { Description = "The recipient as patients name it on their consents, e.g. \"Riverbend Primary Care\".", Required = true };
        var types = new Option<string>("--types")
        {
            Description = "FHIR resource types it may read, comma-separated.",
            DefaultValueFactory = _ => "Patient,Condition,MedicationRequest,MedicationAdministration,Observation",
        };
        var sites = new Option<string>("--sites") { Description = "all, or site ids separated by commas.", DefaultValueFactory = _ => "all" };
        var add = new Command("add", "Create client credentials; the secret is printed once.") { recipient, types, sites };
        add.SetAction(async (parsed, ct) =>
        {
            var wanted = parsed.GetValue(types)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var unknown = wanted.FirstOrDefault(t => !FhirRecords.Native.ContainsKey(t) && !FhirCapabilities.OutsideTypes.Contains(t));
            if (wanted.Length == 0 || unknown is not null)
            {
                await Console.Error.WriteLineAsync($"--types: '{unknown}' is not a type Mainstay serves to outside clients.");
                return 2;
            }

            if (!UsersCommand.TryParseSites(parsed.GetValue(sites)!, out var siteIds))
            {
                await Console.Error.WriteLineAsync($"--sites must be 'all' or site ids separated by commas, not '{parsed.GetValue(sites)}'.");
                return 2;
            }

            await using var app = UsersCommand.Services(parsed);
            await WebHost.PrepareDatabaseAsync(app.Services, ct);
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<Data.MainstayDb>();
            var known = await db.Sites.Select(s => s.Id).ToListAsync(ct);
            if (siteIds?.FirstOrDefault(id => !known.Contains(id)) is { } missing and > 0)
            {
                await Console.Error.WriteLineAsync($"There is no site with id {missing}.");
                return 2;
            }

            var (client, secret) = await scope.ServiceProvider.GetRequiredService<ApiClients>()
                .AddAsync(parsed.GetValue(recipient)!, wanted, siteIds is null ? "all" : string.Join(',', siteIds), "cli", ct);
            Console.WriteLine($"client_id     {client.ClientId}");
            Console.WriteLine($"client_secret {secret}");
            Console.WriteLine($"It reads {client.ResourceTypes} at sites {client.Sites}, only for patients whose active consent names \"{client.RecipientName}\".");
            Console.WriteLine("The secret is not stored and cannot be shown again.");
            return 0;
        });

        var list = new Command("list", "List client credentials (never their secrets).");
        list.SetAction(async (parsed, ct) =>
        {
            await using var app = UsersCommand.Services(parsed);
            await WebHost.PrepareDatabaseAsync(app.Services, ct);
            await using var scope = app.Services.CreateAsyncScope();
            foreach (var c in await scope.ServiceProvider.GetRequiredService<Data.MainstayDb>().ApiClients.AsNoTracking().OrderBy(c => c.CreatedAt).ToListAsync(ct))
            {
                Console.WriteLine($"{c.ClientId,-24} {(c.RevokedAt is null ? "active " : "revoked"),-8} {c.RecipientName} — {c.ResourceTypes} — sites {c.Sites}");
            }

            return 0;
        });

        var clientId = new Option<string>("--client-id") { Required = true };
        var revoke = new Command("revoke", "Revoke a client's credentials at once.") { clientId };
        revoke.SetAction(async (parsed, ct) =>
        {
            await using var app = UsersCommand.Services(parsed);
            await WebHost.PrepareDatabaseAsync(app.Services, ct);
            await using var scope = app.Services.CreateAsyncScope();
            var done = await scope.ServiceProvider.GetRequiredService<ApiClients>().RevokeAsync(parsed.GetValue(clientId)!, ct);
            Console.WriteLine(done ? "Revoked." : "There is no active client with that id.");
            return done ? 0 : 1;
        });

        return new Command("clients", "Credentials for systems outside the program (FHIR reads under 42 CFR Part 2 consents).") { add, list, revoke };
    }
}
