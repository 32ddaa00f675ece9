using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Mainstay.Features.Access;
using Mainstay.Features.Demo;
using Mainstay.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Mainstay.Tests.Infrastructure;

public enum TestDatabase
{
    Sqlite,
    PostgreSql,
}

/// <summary>Storage for one test server: a fresh temp folder, and a fresh database on the throwaway PostgreSQL.</summary>
public static class TestStorage
{
    public const string PostgresVariable = "MAINSTAY_TEST_PG";

    public static StorageSettings Create(TestDatabase database)
    {
        var dir = Path.Combine(Path.GetTempPath(), "mainstay-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        if (database == TestDatabase.Sqlite)
        {
            return new StorageSettings(dir, null);
        }

        var server = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrWhiteSpace(server))
        {
            throw new InvalidOperationException(
                $"{PostgresVariable} is not set. Run the tests with ./test.sh, which starts a throwaway PostgreSQL and sets it.");
        }

        var cs = new NpgsqlConnectionStringBuilder(server) { Database = "mainstay_" + Guid.NewGuid().ToString("N")[..16] };
        return new StorageSettings(dir, cs.ConnectionString);
    }
}

/// <summary>
/// A real Mainstay server on a free loopback port (Kestrel, real HTTP), over a fresh database,
/// seeded with the demo clinic. Tests talk to it exactly as clients do.
/// </summary>
public sealed class ClinicServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, string> _tokens = new();

    private bool _ownsStorage;

    private ClinicServer(WebApplication app, StorageSettings storage, Uri baseAddress)
    {
        _app = app;
        Storage = storage;
        BaseAddress = baseAddress;
    }

    public StorageSettings Storage { get; }
    public Uri BaseAddress { get; }
    public IServiceProvider Services => _app.Services;

    /// <summary>A server on fresh storage, removed when the server is disposed.</summary>
    public static async Task<ClinicServer> StartAsync(TestDatabase database, bool demo = true, bool warmUpReports = false)
    {
        var server = await StartAsync(TestStorage.Create(database), demo, warmUpReports: warmUpReports);
        server._ownsStorage = true;
        return server;
    }

    /// <summary>A server on the given storage, which outlives it (for tests that look at the data afterwards).</summary>
    public static async Task<ClinicServer> StartAsync(
        StorageSettings storage, bool demo = true, TimeProvider? clock = null, IReadOnlyList<System.Net.IPAddress>? trustedProxies = null, TimeSpan? requestTimeout = null,
        bool warmUpReports = false)
    {
        var app = WebHost.Build(new ServeSettings(storage, "http://127.0.0.1:0")
        {
            Quiet = true,
            SignInPerMinute = 100_000,
            Clock = clock ?? TimeProvider.System,
            TrustedProxies = trustedProxies ?? [],
            RequestTimeout = requestTimeout ?? TimeSpan.FromSeconds(60),
            // Off for the tests' many servers (a second of compiling each, beside tests with short timeouts); its own test
            // and the servers started as a process (`mainstay serve`) run it.
            WarmUpReports = warmUpReports,
        });
        await WebHost.PrepareDatabaseAsync(app.Services);
        if (demo)
        {
            await DemoClinic.SeedAsync(app.Services, CancellationToken.None);
        }

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ClinicServer(app, storage, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)));
    }

    public HttpClient Anonymous() => new() { BaseAddress = BaseAddress };

    /// <summary>A client carrying a bearer token of a demo account (or of an account made with <see cref="AddUserAsync"/>).</summary>
    public async Task<HttpClient> As(string username, string? password = null)
    {
        password ??= DemoClinic.Accounts.Single(a => a.Username == username).Password;
        if (!_tokens.TryGetValue(username, out var token))
        {
            using var anonymous = Anonymous();
            var response = await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { username, password });
            response.EnsureSuccessStatusCode();
            var body = await response.Content.ReadFromJsonAsync<Dictionary<string, object>>();
            token = body!["access_token"].ToString()!;
            _tokens[username] = token;
        }

        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task AddUserAsync(string username, string role, string password, IReadOnlyList<int>? sites = null)
    {
        await using var scope = Services.CreateAsyncScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<UserAccounts>()
            .CreateAsync(new NewUserAccount(username, role, password, sites, null), CancellationToken.None);
        Assert.True(outcome.Succeeded, outcome.Refusal?.Message);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (Storage.Provider == Data.DatabaseProvider.PostgreSql)
        {
            NpgsqlConnection.ClearAllPools();
        }

        if (!_ownsStorage)
        {
            return;
        }

        try
        {
            Directory.Delete(Storage.DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // a file still held open by the OS; the temp folder is cleaned later
        }
    }
}

/// <summary>One server per test class and database. Test classes for both databases share their tests through a base class.</summary>
public abstract class ClinicFixture(TestDatabase database) : IAsyncLifetime
{
    public TestDatabase Database { get; } = database;
    public ClinicServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await ClinicServer.StartAsync(Database);

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

public sealed class SqliteClinic() : ClinicFixture(TestDatabase.Sqlite);

/// <summary>A clock a test moves forward by hand (session limits, expiries), starting at the real time.</summary>
public sealed class SettableClock : TimeProvider
{
    private DateTimeOffset _now = DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}

public sealed class PostgresClinic() : ClinicFixture(TestDatabase.PostgreSql);
