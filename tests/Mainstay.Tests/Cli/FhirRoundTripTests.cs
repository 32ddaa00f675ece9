using System.Net;
using System.Text.Json;
using Hl7.Fhir.Serialization;
using Mainstay.Data;
using Mainstay.Features.Fhir;
using Mainstay.Tests.Features.Fhir;
using Mainstay.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using R4 = Hl7.Fhir.Model;

namespace Mainstay.Tests.Cli;

/// <summary><c>mainstay export fhir</c> and <c>mainstay import fhir</c>: a clinic's records survive the trip into an empty database.</summary>
public abstract class FhirRoundTripTests(TestDatabase database)
{
    private static readonly JsonSerializerOptions Fhir = new JsonSerializerOptions().ForFhir(R4.ModelInfo.ModelInspector);

    [Fact]
    public async Task Export_then_import_into_an_empty_database_gives_the_same_records_and_a_second_import_changes_nothing()
    {
        var source = TestStorage.Create(database);
        await using (var server = await ClinicServer.StartAsync(source))
        {
            using var intake = await server.As("intake");
            var bundle = await File.ReadAllTextAsync(Directory.GetFiles(FhirApiTests.SyntheaFolder, "*.json").Order(StringComparer.Ordinal).First());
            await intake.PostRaw("/fhir", bundle, "application/fhir+json").ExpectStatus(HttpStatusCode.OK);
        }

        var first = Directory.CreateTempSubdirectory("mainstay-export-").FullName;
        var second = Directory.CreateTempSubdirectory("mainstay-export-").FullName;
        var exported = await MainstayProcess.RunAsync(["export", "fhir", "--out", first, .. MainstayProcess.StorageArgs(source)]);
        Assert.True(exported.ExitCode == 0, exported.All);

        var target = TestStorage.Create(database);
        var imported = await MainstayProcess.RunAsync(["import", "fhir", first, .. MainstayProcess.StorageArgs(target)]);
        Assert.True(imported.ExitCode == 0, imported.All);
        Assert.Contains("bundles imported", imported.Output);
        var reexported = await MainstayProcess.RunAsync(["export", "fhir", "--out", second, .. MainstayProcess.StorageArgs(target)]);
        Assert.True(reexported.ExitCode == 0, reexported.All);

        var types = Directory.GetFiles(first, "*.ndjson").Select(Path.GetFileNameWithoutExtension).Where(t => t != "AuditEvent").Order(StringComparer.Ordinal).ToList();
        Assert.Contains("Patient", types);
        Assert.Contains("MedicationAdministration", types);
        Assert.Contains("Encounter", types);
        foreach (var type in types)
        {
            Assert.Equal(Signatures(Path.Combine(first, type + ".ndjson")), Signatures(Path.Combine(second, type + ".ndjson")));
            Assert.Equal(Contents(Path.Combine(first, type + ".ndjson")), Contents(Path.Combine(second, type + ".ndjson")));
        }

        var before = await CountAsync(target);
        Assert.True(before.Identifiers >= 4, "the Synthea chart's identifiers came through the trip");
        var again = await MainstayProcess.RunAsync(["import", "fhir", first, .. MainstayProcess.StorageArgs(target)]);
        Assert.True(again.ExitCode == 0, again.All);
        Assert.Equal(before, await CountAsync(target));
        Directory.Delete(first, recursive: true);
        Directory.Delete(second, recursive: true);
    }

    [Fact]
    public async Task Clients_add_prints_the_secret_once_and_the_client_can_take_a_token()
    {
        var storage = TestStorage.Create(database);
        var refused = await MainstayProcess.RunAsync(["clients", "add", "--recipient", "Lakeside", "--types", "Widget", .. MainstayProcess.StorageArgs(storage)]);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("Widget", refused.Error);

        var added = await MainstayProcess.RunAsync(["clients", "add", "--recipient", "Lakeside Family Medicine", "--types", "Patient,Condition", .. MainstayProcess.StorageArgs(storage)]);
        Assert.True(added.ExitCode == 0, added.All);
        var lines = added.Output.Split('\n').Select(l => l.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1].Trim());
        var listed = await MainstayProcess.RunAsync(["clients", "list", .. MainstayProcess.StorageArgs(storage)]);
        Assert.Contains(lines["client_id"], listed.Output);
        Assert.DoesNotContain(lines["client_secret"], listed.Output);

        await using var server = await ClinicServer.StartAsync(storage, demo: false);
        using var anonymous = server.Anonymous();
        await anonymous.PostJson("/api/v1/auth/client-token", new { client_id = lines["client_id"], client_secret = lines["client_secret"] }).Expect(HttpStatusCode.OK);
        var revoked = await MainstayProcess.RunAsync(["clients", "revoke", "--client-id", lines["client_id"], .. MainstayProcess.StorageArgs(storage)]);
        Assert.True(revoked.ExitCode == 0, revoked.All);
        await anonymous.PostJson("/api/v1/auth/client-token", new { client_id = lines["client_id"], client_secret = lines["client_secret"] }).ExpectProblem(HttpStatusCode.Unauthorized);
    }

    /// <summary>What must survive: for a Patient the person, for anything else its type, codes, time and status (ids are new).</summary>
    private static List<string> Signatures(string file) =>
        [.. File.ReadLines(file).Select(line => JsonSerializer.Deserialize<R4.Resource>(line, Fhir)!).Select(r => r is R4.Patient p
            ? $"Patient|{p.Name[0].Family}|{string.Join(' ', p.Name[0].Given)}|{p.BirthDate}|{p.Gender}"
            : $"{r.TypeName}|{string.Join(',', ResourceFacts.Codings(r).Select(c => c.System + "|" + c.Code).Order(StringComparer.Ordinal))}|{ResourceFacts.When(r)?.ToUniversalTime():O}|{ResourceFacts.Status(r)}")
            .Order(StringComparer.Ordinal)];

    /// <summary>
    /// Everything else that must survive, element by element: each resource as JSON without its id and meta, with every
    /// reference's id and a chart's medical record number blanked (the import gives new ones), in order.
    /// </summary>
    private static List<string> Contents(string file) =>
        [.. File.ReadLines(file).Select(line =>
        {
            var node = System.Text.Json.Nodes.JsonNode.Parse(line)!.AsObject();
            node.Remove("id");
            node.Remove("meta");
            foreach (var identifier in node["identifier"]?.AsArray() ?? [])
            {
                if ((string?)identifier?["system"] == "urn:mainstay:mrn")
                {
                    identifier!["value"] = "*";
                }
            }

            return System.Text.RegularExpressions.Regex.Replace(node.ToJsonString(), "\"reference\":\"([A-Za-z]+)/[^\"]+\"", "\"reference\":\"$1/*\"");
        }).Order(StringComparer.Ordinal)];

    private static async Task<(int Patients, int Outside, int Identifiers)> CountAsync(Mainstay.Hosting.StorageSettings storage)
    {
        await using var db = DataServices.Open(storage);
        return (await db.Patients.CountAsync(), await db.OutsideRecords.CountAsync(), await db.PatientIdentifiers.CountAsync());
    }
}

public sealed class FhirRoundTripOnSqlite() : FhirRoundTripTests(TestDatabase.Sqlite);

public sealed class FhirRoundTripOnPostgres() : FhirRoundTripTests(TestDatabase.PostgreSql);
