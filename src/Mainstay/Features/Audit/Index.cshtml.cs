using Mainstay.Data;
using Mainstay.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mainstay.Features.Audit;

/// <summary>The auditor's view of the trail: filter, page back, verify the chain.</summary>
[Authorize(Policy = Policies.ReadAudit)]
public sealed class AuditTrailModel(MainstayDb db, AuditTrail audit) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "user")]
    public new string? User { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Action { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? PatientId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Before { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    /// <summary>newest (default) or oldest first.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Order { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Verify { get; set; }

    public List<AuditEventView> Events { get; private set; } = [];
    public List<string> Errors { get; } = [];
    public AuditVerification? Verification { get; private set; }

    public IReadOnlyList<string> Actions =>
    [
        AuditActions.Read, AuditActions.Search, AuditActions.Create, AuditActions.Update, AuditActions.StatusChange,
        AuditActions.SignIn, AuditActions.SignInFailed, AuditActions.SignOut, AuditActions.TokenIssued, AuditActions.TokenRefused,
        AuditActions.UserCreated, AuditActions.UserChanged, AuditActions.UserDisabled, AuditActions.UserEnabled, AuditActions.UserUnlocked,
        AuditActions.PasswordReset, AuditActions.SessionsEnded, AuditActions.ClientCreated, AuditActions.ClientRevoked, AuditActions.EmergencyAccess,
        "disclose", "export",
    ];

    /// <summary>The filter as a query string, for the CSV link and the next page.</summary>
    public string Query(string? before = null, string? after = null, string? format = null) =>
        QueryString.Create(new Dictionary<string, string?>
        {
            ["user"] = User,
            ["action"] = Action,
            ["patientId"] = PatientId,
            ["from"] = From,
            ["to"] = To,
            ["order"] = Order,
            ["before"] = before,
            ["after"] = after,
            ["format"] = format,
        }.Where(kv => !string.IsNullOrEmpty(kv.Value))).ToUriComponent();

    /// <summary>The next page: older events (newest first) or later ones (oldest first).</summary>
    public string NextLink
    {
        get
        {
            var last = Events.Count > 0 ? Events[^1].Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
            return Order == "oldest" ? Query(after: last) : Query(before: last);
        }
    }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (Verify)
        {
            Verification = await AuditQueries.VerifyAsync(db, null, ct);
        }

        var (filter, errors) = AuditFilter.Parse(User, Action, null, PatientId, From, To, Before, "100", Order, After);
        if (filter is null)
        {
            Errors.AddRange(errors.ToDictionary().SelectMany(e => e.Value));
            return;
        }

        Events = await AuditQueries.FindAsync(db, filter, ct);
        await audit.RecordNowAsync(AuditActions.Read, "AuditTrail", patientId: filter.PatientId, detail: $"{Events.Count} events shown", ct: ct);
    }
}
