using Mainstay.Features.Access;
using Mainstay.Web;

namespace Mainstay.Features.Admissions;

/// <summary>/api/v1/inquiries, the waitlist, enrollment checks and the central-registry file.</summary>
public static class AdmissionsApi
{
    public static void MapAdmissionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Admissions");
        api.MapGet("/inquiries", List).RequireAuthorization(Policies.ReadPatients).WithName("ListInquiries")
            .WithSummary("Inquiries at your sites in admission order (priority group, urgency, who asked first); ?siteId=&stage=&open=false.");
        api.MapPost("/inquiries", Open).RequireAuthorization(Policies.WritePatients).WithName("OpenInquiry").Accepts<NewInquiry>("application/json")
            .WithSummary("Record a call, a walk-in, a call-back request or a referral.");
        api.MapGet("/inquiries/board", Board).RequireAuthorization(Policies.ReadPatients).WithName("AdmissionsBoard")
            .WithSummary("Every open stage with counts, median days waiting and stale inquiries; admissions in the last 30 days.");
        api.MapGet("/inquiries/{id:guid}", Read).RequireAuthorization(Policies.ReadPatients).WithName("ReadInquiry");
        Step<ContactAttempt>(api, "contacts", "RecordInquiryContact", "A contact attempt (method, outcome).", (o, id, r, ct) => o.ContactAsync(id, r, ct));
        Step<PreAdmissionScreen>(api, "screen", "ScreenInquiry", "The pre-admission screen: use, injection, pregnancy, recent overdose, withdrawal and suicide risk.", (o, id, r, ct) => o.ScreenAsync(id, r, ct));
        Step<EligibilityDecision>(api, "eligibility", "DecideEligibility", "Eligibility and payment, and the consent for the enrollment check.", (o, id, r, ct) => o.EligibilityAsync(id, r, ct));
        Step<IntakeAppointment>(api, "schedule", "ScheduleIntake", "Book (or rebook) the intake appointment.", (o, id, r, ct) => o.ScheduleAsync(id, r, ct));
        Step<InterimServiceGiven>(api, "interim-services", "RecordInterimService", "An interim service given while waiting (45 CFR 96.126).", (o, id, r, ct) => o.InterimServiceAsync(id, r, ct));
        Step<StageChange>(api, "stage", "ChangeInquiryStage", "Waitlist, cancel the appointment (back to eligible), close as not admitted (reason, referral), or reopen.", (o, id, r, ct) => o.MoveAsync(id, r, ct));
        api.MapPost("/inquiries/{id:guid}/admit", Admit).RequireAuthorization(Policies.WritePatients).WithName("AdmitInquiry").Accepts<Admission>("application/json")
            .WithSummary("Admit: registers the patient (or reuses a chart), opens the episode and the intake assessment, takes the reserved or chosen bed.");
        api.MapPost("/inquiries/{id:guid}/enrollment-check", Check).RequireAuthorization(Policies.WritePatients).WithName("CheckEnrollment")
            .WithSummary("Look for enrollment at another program: the whole network and the central registry (42 CFR 2.34; needs the person's consent).");
        api.MapPost("/enrollment-checks/{id:guid}/resolve", Resolve).RequireAuthorization(Policies.WritePatients).WithName("ResolveEnrollmentCheck")
            .Accepts<ResolveEnrollment>("application/json").WithSummary("A clinician's decision on a possible duplicate enrollment.");
        api.MapGet("/waitlist", Waitlist).RequireAuthorization(Policies.ReadPatients).WithName("Waitlist")
            .WithSummary("The waitlist in admission order, with each person's priority reasons and federal deadlines.");
        api.MapGet("/enrollment-registry/export", Export).RequireAuthorization(Policies.ReadPatients).WithName("ExportRegistryFile")
            .WithSummary("This program's enrollments for the central registry (CSV; consented patients only, 2.34 fields only).");
        api.MapPost("/enrollment-registry/import", Import).RequireAuthorization(Policies.Staff).WithName("ImportRegistryFile")
            .WithSummary("Load the registry's CSV of other programs' enrollments; one bad row and nothing is loaded.");
        api.MapGet("/patients/{id:guid}/episodes", Episodes).RequireAuthorization(Policies.ReadPatients).WithName("TreatmentEpisodes")
            .WithSummary("A patient's treatment episodes, admissions first to last.");
    }

    private static void Step<T>(RouteGroupBuilder api, string path, string name, string summary,
        Func<AdmissionsOffice, Guid, T, CancellationToken, Task<Outcome<InquiryDetail>>> action)
        where T : class =>
        api.MapPost($"/inquiries/{{id:guid}}/{path}", async (Guid id, HttpRequest request, AdmissionsOffice office, CancellationToken ct) =>
            {
                var body = await JsonBody.ReadAsync<T>(request, ct);
                return body.Problem ?? (await action(office, id, body.Value!, ct)).ToResult();
            })
            .RequireAuthorization(Policies.WritePatients).WithName(name).WithSummary(summary).Accepts<T>("application/json");

    internal static async Task<IResult> List(int? siteId, string? stage, bool? open, AdmissionsOffice office, CancellationToken ct) =>
        (await office.ListAsync(siteId, stage, open ?? true, ct)).ToResult();

    internal static async Task<IResult> Board(int? siteId, AdmissionsOffice office, CancellationToken ct) => (await office.BoardAsync(siteId, ct)).ToResult();

    internal static async Task<IResult> Read(Guid id, AdmissionsOffice office, CancellationToken ct) => (await office.ReadAsync(id, ct)).ToResult();

    internal static Task<IResult> Open(HttpRequest request, AdmissionsOffice office, CancellationToken ct) =>
        JsonBody.CreateAsync<NewInquiry, InquiryDetail>(request, r => office.OpenAsync(r, ct), d => $"/api/v1/inquiries/{d.Summary.Id}", ct);

    internal static Task<IResult> Admit(Guid id, HttpRequest request, AdmissionsOffice office, CancellationToken ct) =>
        JsonBody.CreateAsync<Admission, AdmissionResult>(request, r => office.AdmitAsync(id, r, ct), a => $"/api/v1/patients/{a.PatientId}/episodes", ct);

    internal static async Task<IResult> Check(Guid id, DuplicateEnrollment enrollment, CancellationToken ct)
    {
        var outcome = await enrollment.CheckAsync(id, ct);
        return outcome.Succeeded ? TypedResults.Created($"/api/v1/inquiries/{id}", outcome.Value) : outcome.ToProblem();
    }

    internal static async Task<IResult> Resolve(Guid id, HttpRequest request, DuplicateEnrollment enrollment, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<ResolveEnrollment>(request, ct);
        return body.Problem ?? (await enrollment.ResolveAsync(id, body.Value!, ct)).ToResult();
    }

    internal static async Task<IResult> Waitlist(int? siteId, AdmissionsOffice office, CancellationToken ct) => (await office.WaitlistAsync(siteId, ct)).ToResult();

    internal static async Task<IResult> Export(int? siteId, DuplicateEnrollment enrollment, TimeProvider clock, CancellationToken ct)
    {
        var outcome = await enrollment.ExportAsync(siteId, ct);
        return outcome.Succeeded ? Csv.File(outcome.Value!, $"registry-{clock.GetLocalNow():yyyy-MM-dd}.csv") : outcome.ToProblem();
    }

    internal static async Task<IResult> Import(HttpRequest request, DuplicateEnrollment enrollment, CancellationToken ct)
    {
        using var body = new StreamReader(request.Body);
        using var reader = new StringReader(await body.ReadToEndAsync(ct));
        var outcome = await enrollment.ImportAsync(reader, ct);
        if (!outcome.Succeeded)
        {
            return outcome.ToProblem();
        }

        return outcome.Value!.Rejected.Count == 0
            ? TypedResults.Ok(outcome.Value)
            : Problems.Unprocessable($"{outcome.Value.Rejected.Count} row(s) rejected; nothing was loaded.",
                new Dictionary<string, object?> { ["rejected"] = outcome.Value.Rejected });
    }

    internal static async Task<IResult> Episodes(Guid id, EpisodeRegister episodes, CancellationToken ct) => (await episodes.ForPatientAsync(id, ct)).ToResult();
}
