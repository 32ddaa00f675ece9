using System.Reflection;
using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Alerts;
using Mainstay.Features.Assessments;
using Mainstay.Features.Audit;
using Mainstay.Features.Consents;
using Mainstay.Features.Dosing;
using Mainstay.Features.Fhir;
using Mainstay.Features.Instruments;
using Mainstay.Features.Inventory;
using Mainstay.Features.Orders;
using Mainstay.Features.Overdose;
using Mainstay.Features.Patients;
using Mainstay.Features.Plans;
using Mainstay.Features.Screens;
using Mainstay.Features.Sites;
using Mainstay.Features.Withdrawal;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Hosting;

/// <summary>How <c>mainstay serve</c> runs: where, on which data, and with which demo data.</summary>
public sealed record ServeSettings(StorageSettings Storage, string Urls)
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    public bool Demo { get; init; }

    /// <summary>Sign-in and token requests allowed per client address per minute.</summary>
    public int SignInPerMinute { get; init; } = 120;

    /// <summary>The clinic's clock; tests pass a fixed one.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Quiet logging for tests and benchmarks.</summary>
    public bool Quiet { get; init; }

    /// <summary>Run the director's reports once for no site when the server starts (<see cref="Mainstay.Features.Reports.ReportWarmUp"/>).</summary>
    public bool WarmUpReports { get; init; } = true;

    /// <summary>
    /// How long the server works on one request before it stops and answers 504 (downloads of exports stream for as long
    /// as they take). Kestrel's own limits guard the connection: 30 s for the request headers, a body arriving slower than
    /// 240 bytes a second after a 5-second grace, and 10 MB at most.
    /// </summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public const string TrustedProxiesEnvironmentVariable = "MAINSTAY_TRUSTED_PROXIES";

    /// <summary>
    /// The reverse proxies (TLS terminators) whose X-Forwarded-For and X-Forwarded-Proto are believed: then HSTS and
    /// secure cookies follow the visitor's HTTPS, and the audit trail records the visitor's address. Empty (the default):
    /// those headers are ignored, from anyone.
    /// </summary>
    public IReadOnlyList<System.Net.IPAddress> TrustedProxies { get; init; } = [];

    /// <summary>The addresses in MAINSTAY_TRUSTED_PROXIES (comma-separated), or a message naming the one that is not an IP address.</summary>
    public static (IReadOnlyList<System.Net.IPAddress> Proxies, string? Problem) TrustedProxiesFromEnvironment()
    {
        var text = Environment.GetEnvironmentVariable(TrustedProxiesEnvironmentVariable);
        var proxies = new List<System.Net.IPAddress>();
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!System.Net.IPAddress.TryParse(part, out var address))
            {
                return ([], $"{TrustedProxiesEnvironmentVariable}: '{part}' is not an IP address (give the proxies' addresses, separated by commas).");
            }

            proxies.Add(address);
        }

        return (proxies, null);
    }
}

/// <summary>The composition root of the web application: services, middleware, endpoints and pages.</summary>
public static class WebHost
{
    public static WebApplication Build(ServeSettings settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(WebHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });
        builder.WebHost.UseUrls(settings.Urls);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = 10 * 1024 * 1024;
            k.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(30);
            k.Limits.MinRequestBodyDataRate = new Microsoft.AspNetCore.Server.Kestrel.Core.MinDataRate(240, TimeSpan.FromSeconds(5));
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(settings.Quiet ? LogLevel.Warning : LogLevel.Information);
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore", settings.Quiet ? LogLevel.Error : LogLevel.Warning);

        AddServices(builder.Services, settings);
        var app = builder.Build();
        UsePipeline(app);
        return app;
    }

    private static void AddServices(IServiceCollection services, ServeSettings settings)
    {
        services.AddSingleton(settings);
        services.AddSingleton(settings.Storage);
        services.AddSingleton(settings.Clock);
        services.AddHttpContextAccessor();
        services.AddMainstayData(settings.Storage);

        services.AddDataProtection()
            .SetApplicationName("mainstay")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(settings.Storage.DataDirectory, "keys")));

        services.AddIdentityCore<UserAccount>(o =>
            {
                // NIST SP 800-63B: length over composition rules; lock out repeated guessing.
                o.Password.RequiredLength = 12;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 4;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.User.RequireUniqueEmail = false;
                o.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._@";
            })
            .AddRoles<IdentityRole<Guid>>()
            .AddClaimsPrincipalFactory<MainstayClaimsFactory>()
            .AddEntityFrameworkStores<MainstayDb>()
            .AddSignInManager()
            .AddDefaultTokenProviders();

        const string Smart = "mainstay";
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = Smart;
                o.DefaultChallengeScheme = Smart;
                o.DefaultForbidScheme = Smart;
                o.DefaultSignInScheme = IdentityConstants.ApplicationScheme;
            })
            .AddPolicyScheme(Smart, "Cookie for pages, bearer token for API clients", o =>
                o.ForwardDefaultSelector = http =>
                    http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                        ? IdentityConstants.BearerScheme
                        : IdentityConstants.ApplicationScheme)
            .AddBearerToken(IdentityConstants.BearerScheme, o => o.BearerTokenExpiration = SessionRules.TokenLifetime)
            .AddIdentityCookies(c => c.ApplicationCookie?.Configure(o =>
            {
                o.Cookie.Name = "mainstay.session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.LoginPath = "/signin";
                o.LogoutPath = "/signout";
                o.AccessDeniedPath = "/denied";
                o.ExpireTimeSpan = SessionRules.IdleTimeout;
                o.SlidingExpiration = true;
                o.Events.OnRedirectToLogin = ctx => ApiAware(ctx, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = ctx => ApiAware(ctx, StatusCodes.Status403Forbidden);
            }));

        BearerTickets.Use(services);
        services.Configure<SecurityStampValidatorOptions>(o => o.OnRefreshingPrincipal = MainstayClaimsFactory.KeepSignInTime);
        services.AddAuthorizationBuilder().AddMainstayPolicies();

        services.AddSingleton<SignedInAccounts>();
        services.AddScoped<ClinicUser>();
        services.AddScoped<AuditTrail>();
        services.AddScoped<PatientRegistry>();
        services.AddScoped<PatientSearch>();
        services.AddScoped<UserAccounts>();
        services.AddScoped<EmergencyAccessBook>();
        services.AddScoped<ApiClients>();
        services.AddScoped<ConsentRegistry>();
        services.AddScoped<DisclosureList>();
        services.AddScoped<AssessmentRegistry>();
        services.AddScoped<FollowUpList>();
        services.AddScoped<TreatmentPlans>();
        services.AddScoped<WithdrawalUnit>();
        services.AddScoped<MedicationOrders>();
        services.AddScoped<DosingWindow>();
        services.AddSingleton<DoseRecorder>();
        services.AddHostedService(sp => sp.GetRequiredService<DoseRecorder>());
        services.AddSingleton<WalCheckpoints>();
        services.AddScoped<StockLedger>();
        services.AddScoped<InventoryBook>();
        services.AddScoped<StockDayCloses>();
        services.AddScoped<TakeHomeSchedules>();
        services.AddScoped<GuestDosings>();
        services.AddScoped<DispensingReport>();
        services.AddScoped<AlertBook>();
        services.AddScoped<DrugScreens>();
        services.AddScoped<ScreenImport>();
        services.AddScoped<OverdosePrevention>();
        services.AddScoped<Mainstay.Features.Admissions.AdmissionsOffice>();
        services.AddScoped<Mainstay.Features.Admissions.DuplicateEnrollment>();
        services.AddScoped<Mainstay.Features.Admissions.EpisodeRegister>();
        services.AddScoped<Mainstay.Features.Beds.BedBoard>();
        services.AddScoped<Mainstay.Features.Discharge.Discharges>();
        services.AddScoped<Mainstay.Features.Discharge.DeathCorrections>();
        services.AddScoped<Mainstay.Features.TrialData.Ctn0094Import>();
        services.AddScoped<Mainstay.Features.Counseling.CounselingCalendar>();
        services.AddScoped<Mainstay.Features.Counseling.ProgressNotes>();
        services.AddScoped<Mainstay.Features.Recovery.CheckIns>();
        services.AddScoped<Mainstay.Features.Recovery.ContingencyBook>();
        services.AddScoped<Mainstay.Features.Portal.PortalAccounts>();
        services.AddScoped<Mainstay.Features.Portal.PortalRecord>();
        services.AddSingleton<Mainstay.Features.Locator.ZipCentroids>();
        services.AddSingleton<Mainstay.Features.Locator.DirectorySnapshot>();
        services.AddScoped<Mainstay.Features.Locator.ProgramDirectory>();
        services.AddSingleton<MissedDoseWatch>();
        services.AddHostedService(sp => sp.GetRequiredService<MissedDoseWatch>());
        services.AddScoped<FhirRecords>();
        services.AddScoped<Mainstay.Features.Reports.RetentionReport>();
        services.AddScoped<Mainstay.Features.Reports.UrineOutcomeReport>();
        services.AddScoped<Mainstay.Features.Reports.ProgramReport>();
        services.AddScoped<Mainstay.Features.Reports.TedsReport>();
        if (settings.WarmUpReports)
        {
            services.AddSingleton<Mainstay.Features.Reports.ReportWarmUp>();
            services.AddHostedService(sp => sp.GetRequiredService<Mainstay.Features.Reports.ReportWarmUp>());
        }

        services.AddScoped<FhirBundleImport>();
        services.AddScoped<FhirExports>();
        services.AddSingleton<FhirExportQueue>();
        services.AddSingleton<FhirExportWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<FhirExportWorker>());
        services.AddOptions<PlanOptions>().BindConfiguration("Plans").Validate(o => o.EarlyIntervalDays > 0 && o.LaterIntervalDays > 0 && o.EarlyPeriodDays >= 0, "Plan review intervals must be positive.").ValidateOnStart();

        services.AddSingleton<IProblemDetailsWriter, ErrorPage>(); // before the JSON writer: pages get a page
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            ctx.ProblemDetails.Instance ??= ctx.HttpContext.Request.Path;
            ctx.ProblemDetails.Extensions["traceId"] = ctx.HttpContext.TraceIdentifier;
            if (ctx.ProblemDetails.Status == StatusCodes.Status401Unauthorized && SessionRules.EndedBecause(ctx.HttpContext) is { } ended)
            {
                ctx.ProblemDetails.Detail = ended;
            }

            if (ctx.Exception is Mainstay.Features.Discharge.PatientDiedException died)
            {
                ctx.ProblemDetails.Title = "The patient died";
                ctx.ProblemDetails.Detail = died.Message + " Nothing of it was saved: the death was recorded while it was being entered.";
            }

            if (ctx.Exception is Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException)
            {
                // What an action does not refuse itself: someone else saved the same record (a chart, an order, a lot) between
                // this request's read and its write.
                ctx.ProblemDetails.Title = "Changed by someone else at the same moment";
                ctx.ProblemDetails.Detail = "Nothing of this was saved: someone else changed the same record while it was being saved. Reload and try again.";
            }

            if (StorageFailures.Classify(ctx.Exception) is { } failure)
            {
                ctx.ProblemDetails.Title = StorageFailures.Title(failure);
                ctx.ProblemDetails.Detail = StorageFailures.Detail(failure);
                if (failure != StorageFailure.Full)
                {
                    ctx.HttpContext.Response.Headers.RetryAfter = "5";
                }
            }
        });
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase;
            o.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowReadingFromString;
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.KebabCaseLower));
        });
        services.AddMainstayRateLimits(settings.SignInPerMinute);
        services.AddRequestTimeouts(o => o.DefaultPolicy = new Microsoft.AspNetCore.Http.Timeouts.RequestTimeoutPolicy
        {
            Timeout = settings.RequestTimeout,
            TimeoutStatusCode = StatusCodes.Status504GatewayTimeout,
            WriteTimeoutResponse = async http =>
            {
                var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status504GatewayTimeout,
                        Title = "The request took too long",
                        Detail = $"The server stopped working on this request after {settings.RequestTimeout.TotalSeconds:0} seconds; what it had not finished was not saved. "
                                 + "Look at the record before you try again; if it keeps happening, tell your administrator.",
                    },
                });
            },
        });
        services.AddAntiforgery(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest); // Secure over HTTPS, as the sign-in cookie
        services.Configure<Microsoft.AspNetCore.Builder.ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto;
            o.ForwardLimit = 1;
            o.KnownProxies.Clear(); // not even loopback by default: only the proxies named
            o.KnownIPNetworks.Clear();
            foreach (var proxy in settings.TrustedProxies)
            {
                o.KnownProxies.Add(proxy);
            }
        });
        services.AddRazorPages(o =>
        {
            o.RootDirectory = "/Features";
            o.Conventions.AuthorizeFolder("/");
            o.Conventions.AllowAnonymousToPage("/Access/SignIn");
            o.Conventions.AllowAnonymousToPage("/Access/Denied");
            o.Conventions.AllowAnonymousToPage("/Admissions/CallBack");
            o.Conventions.AllowAnonymousToPage("/Portal/Join");
            o.Conventions.AllowAnonymousToPage("/Portal/Learn");
            o.Conventions.AllowAnonymousToPage("/Locator/FindHelp");
            o.Conventions.AllowAnonymousToPage("/Locator/SelfCheck");
        });
        services.AddOpenApi("v1", o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "Mainstay API";
            doc.Info.Description = "Opioid addiction treatment: patients, assessments, plans, medication, dosing. Errors are RFC 9457 ProblemDetails.";
            doc.Info.Version = "v1";
            return Task.CompletedTask;
        }));
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
    }

    /// <summary>API and FHIR callers get a 401/403 ProblemDetails; people in a browser are sent to sign in.</summary>
    private static Task ApiAware(RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int status)
    {
        if (IsApi(ctx.Request))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask; // the status-code-pages middleware writes the ProblemDetails
        }

        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    internal static bool IsApi(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/fhir");

    private static void UsePipeline(WebApplication app)
    {
        if (app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Builder.ForwardedHeadersOptions>>().Value.KnownProxies.Count > 0)
        {
            app.UseForwardedHeaders();
        }

        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = ex => ex switch
            {
                BadHttpRequestException bad => bad.StatusCode,
                OperationCanceledException => StatusCodes.Status400BadRequest,
                Mainstay.Features.Discharge.PatientDiedException => StatusCodes.Status409Conflict,
                Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException => StatusCodes.Status409Conflict,
                _ when StorageFailures.Classify(ex) is { } failure => StorageFailures.Status(failure),
                _ => StatusCodes.Status500InternalServerError,
            },
        });
        app.UseStatusCodePages();
        app.Use(SecurityHeaders.Apply);
        app.MapGet("/css/site.css", EmbeddedAssets.SiteCss).ExcludeFromDescription().AllowAnonymous();
        app.MapGet("/js/intake.js", EmbeddedAssets.IntakeJs).ExcludeFromDescription().AllowAnonymous();
        app.UseRateLimiter();
        app.UseRequestTimeouts();
        app.UseAuthentication();
        app.Use(SessionRules.CheckAsync);
        app.UseAuthorization();
        app.UseAntiforgery();
        app.Use(Web.QueryWithoutNul.CheckAsync);

        app.MapHealthChecks("/health").AllowAnonymous();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapTokenApi();
        app.MapEmergencyAccessApi();
        app.MapUsersApi();
        app.MapSitesApi();
        app.MapPatientsApi();
        app.MapAuditApi();
        app.MapInstrumentsApi();
        app.MapConsentsApi();
        app.MapDisclosureListApi();
        app.MapAssessmentsApi();
        app.MapPlansApi();
        app.MapWithdrawalApi();
        app.MapOrdersApi();
        app.MapDosingApi();
        app.MapInventoryApi();
        app.MapPatientPhotoApi();
        app.MapAlertsApi();
        app.MapScreensApi();
        app.MapNaloxoneApi();
        app.MapFhirApi();
        Mainstay.Features.Admissions.AdmissionsApi.MapAdmissionsApi(app);
        Mainstay.Features.Beds.BedsApi.MapBedsApi(app);
        Mainstay.Features.Discharge.DischargeApi.MapDischargeApi(app);
        Mainstay.Features.Reports.ReportsApi.MapReportsApi(app);
        Mainstay.Features.Counseling.CounselingApi.MapCounselingApi(app);
        Mainstay.Features.Recovery.RecoveryApi.MapRecoveryApi(app);
        Mainstay.Features.Portal.PortalApi.MapPortalApi(app);
        Mainstay.Features.Locator.LocatorApi.MapLocatorApi(app);
        app.MapRazorPages();
    }

    /// <summary>Creates or migrates the database and makes sure the fixed rows (roles) exist.</summary>
    public static async Task PrepareDatabaseAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
        // A migration that builds an index on a large table (a network's hundred million doses) takes minutes, not the 30
        // seconds an ordinary command may.
        db.Database.SetCommandTimeout(TimeSpan.FromHours(2));
        await db.Database.MigrateAsync(ct);
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole<Guid>>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole<Guid>(role) { Id = Guid.CreateVersion7() });
            }
        }

        // A database with doses from before retention courses were kept (or loaded in bulk) gets them once, here.
        if (!await db.RetentionCourses.AnyAsync(ct) && await db.Dispenses.AnyAsync(d => d.ClaimedSlot != null, ct))
        {
            await Mainstay.Features.Reports.RetentionCourses.RebuildAsync(services, null, ct);
        }

        // And the identifiers the senders gave charts imported before they were kept (once; an interrupted run again).
        if (!await db.Counters.AnyAsync(c => c.Name == Counter.IdentifiersKept, ct))
        {
            await Mainstay.Features.Fhir.FhirBundleImport.KeepIdentifiersOfEarlierImportsAsync(db, ct);
        }

        // And the race and ethnicity of charts from before the chart kept them (from their intakes and received records).
        if (!await db.Counters.AnyAsync(c => c.Name == Counter.RaceAndEthnicityKept, ct))
        {
            await Mainstay.Features.Patients.ReportedRaceAndEthnicity.FillAsync(
                db, scope.ServiceProvider.GetRequiredService<Mainstay.Features.Audit.AuditTrail>(), scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow(), ct);
        }

        // Likewise the episodes' weekly urine outcomes.
        if (!await db.EpisodeUrineWeeks.AnyAsync(ct) && await db.TreatmentEpisodes.AnyAsync(ct))
        {
            await Mainstay.Features.Reports.EpisodeUrineWeeksUpkeep.RebuildAsync(services, null, ct);
        }
    }
}

internal static class EmbeddedAssets
{
    private static readonly Lazy<byte[]> Css = new(() => Read("Mainstay.wwwroot.css.site.css"));
    private static readonly Lazy<byte[]> Intake = new(() => Read("Mainstay.wwwroot.js.intake.js"));

    public static IResult SiteCss(HttpContext http) => Serve(http, Css.Value, "text/css; charset=utf-8");

    public static IResult IntakeJs(HttpContext http) => Serve(http, Intake.Value, "text/javascript; charset=utf-8");

    private static IResult Serve(HttpContext http, byte[] bytes, string contentType)
    {
        http.Response.Headers.CacheControl = "public, max-age=3600";
        return TypedResults.Bytes(bytes, contentType);
    }

    private static byte[] Read(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded asset {name} is missing.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}

internal static class SecurityHeaders
{
    public static async Task Apply(HttpContext http, Func<Task> next)
    {
        var h = http.Response.Headers;
        h.XContentTypeOptions = "nosniff";
        h["Referrer-Policy"] = "no-referrer";
        h.XFrameOptions = "DENY";
        h.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";
        h["Permissions-Policy"] = "camera=(self), geolocation=(), microphone=()";
        if (http.Request.IsHttps)
        {
            h.StrictTransportSecurity = "max-age=31536000";
        }

        // Nothing a signed-in person sees is kept in the browser's or a proxy's cache (ONC 170.315(d)(7)).
        http.Response.OnStarting(() =>
        {
            if (http.User.Identity?.IsAuthenticated == true && !h.ContainsKey("Cache-Control"))
            {
                h.CacheControl = "no-store";
            }

            return Task.CompletedTask;
        });
        await next();
    }
}

internal sealed class DatabaseHealthCheck(MainstayDb db) : Microsoft.Extensions.Diagnostics.HealthChecks.IHealthCheck
{
    public async Task<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult> CheckHealthAsync(
        Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await CanReadAsync(db, cancellationToken)
            ? Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy()
            : Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Unhealthy("The database does not answer.");

    /// <summary>
    /// One read of a real table on the pooled connection: it proves the schema is there, and unlike
    /// CanConnect (which on SQLite opens a separate read-only connection each time) costs a tenth of a millisecond.
    /// </summary>
    private static async Task<bool> CanReadAsync(MainstayDb db, CancellationToken ct)
    {
        try
        {
            _ = await db.Sites.AnyAsync(ct);
            return true;
        }
        catch (System.Data.Common.DbException)
        {
            return false;
        }
    }
}
