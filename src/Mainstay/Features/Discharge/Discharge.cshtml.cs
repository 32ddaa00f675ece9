using Mainstay.Clinical.Discharge;
using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Admissions;
using Mainstay.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Discharge;

/// <summary>Discharge of one episode: the drafted summary and the form; afterwards the printable summary, aftercare and follow-up contacts.</summary>
[Authorize(Policy = Policies.ReadPatients)]
public sealed class DischargeModel(Discharges discharges, MainstayDb db, ClinicUser user) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public TreatmentEpisode Episode { get; private set; } = null!;
    public DischargeSummary? Draft { get; private set; }
    public DischargeView? Done { get; private set; }
    public string? Error { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public bool MayDischarge => user.Role is Roles.Prescriber or Roles.Counselor or Roles.Nurse;
    public bool MayRecord => user.Role is Roles.Prescriber or Roles.Counselor or Roles.Nurse or Roles.Intake;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(string? reason, string? continuity, string? continuityDetail, string? naloxoneOffered, string? note, CancellationToken ct)
    {
        var referrals = Discharges.AftercareKinds.Keys
            .Where(k => Request.Form[$"a.{k}"].Any(v => v is "true" or "on"))
            .Select(k => new AftercareReferral
            {
                Kind = k,
                Provider = Request.Form[$"a.{k}.provider"].ToString(),
                Contact = Request.Form[$"a.{k}.contact"].ToString(),
                FirstAppointment = Request.Form[$"a.{k}.on"].ToString(),
            })
            .ToList();
        var outcome = await discharges.DischargeAsync(Id, new DischargeRequest
        {
            Reason = reason,
            Continuity = continuity,
            ContinuityDetail = continuityDetail,
            NaloxoneOffered = naloxoneOffered switch { "true" => true, "false" => false, _ => null },
            Note = note,
            Aftercare = referrals,
        }, ct);
        return await AfterAsync(outcome.Refusal, "Discharged. The summary below is what was recorded; follow-up contacts are scheduled.", ct);
    }

    public async Task<IActionResult> OnPostContactAsync(Guid contactId, string? outcome, string? method, string? note, CancellationToken ct) =>
        await AfterAsync((await discharges.RecordContactAsync(contactId, new ContactOutcome { Outcome = outcome, Method = method, Note = note }, ct)).Refusal,
            "Follow-up recorded.", ct);

    private async Task<IActionResult> AfterAsync(Refusal? refusal, string message, CancellationToken ct)
    {
        if (refusal is null)
        {
            Message = message;
            return Redirect($"/episodes/{Id}/discharge");
        }

        Error = refusal.Describe();
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var episode = await db.TreatmentEpisodes.AsNoTracking().SingleOrDefaultAsync(e => e.Id == Id, ct);
        if (episode is null || !await user.MayUseSiteAsync(episode.SiteId, ct))
        {
            return false;
        }

        Episode = episode;
        if (episode.IsOpen)
        {
            Draft = (await discharges.DraftAsync(Id, ct)).Value;
        }
        else
        {
            Done = (await discharges.ReadAsync(Id, ct)).Value;
        }

        return true;
    }

    public static string Reason(DischargeReason r) => r switch
    {
        DischargeReason.Completed => "completed treatment",
        DischargeReason.Transferred => "transferred to another program",
        DischargeReason.LeftAgainstAdvice => "left against advice",
        DischargeReason.Administrative => "administrative discharge",
        DischargeReason.Incarcerated => "incarcerated",
        DischargeReason.Died => "died",
        _ => "other",
    };
}
