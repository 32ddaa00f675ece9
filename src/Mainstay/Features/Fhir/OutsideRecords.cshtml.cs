using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Audit;
using Mainstay.Features.Patients;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Fhir;

/// <summary>What other systems sent about a patient (hospital encounters, labs, conditions, medications), newest first, by type.</summary>
[Authorize(Policy = Policies.ReadPatients)]
public sealed class OutsideRecordsModel(MainstayDb db, ClinicUser user, AuditTrail audit) : PageModel
{
    public const int PageSize = 200;

    [BindProperty(SupportsGet = true)]
    public Guid PatientId { get; set; }

    [BindProperty(SupportsGet = true, Name = "type")]
    public string? Type { get; set; }

    public string PatientName { get; private set; } = "";
    public IReadOnlyList<(string Type, int Count)> Types { get; private set; } = [];
    public IReadOnlyList<OutsideRecord> Records { get; private set; } = [];
    public int Total { get; private set; }

    /// <summary>"system|code" as people read it: "SNOMED CT 444814009" for the systems clinicians know, else as stored.</summary>
    public static string CodeLabel(string code)
    {
        var bar = code.LastIndexOf('|');
        var name = bar < 0 ? null : code[..bar] switch
        {
            FhirCodes.Snomed => "SNOMED CT",
            FhirCodes.Loinc => "LOINC",
            FhirCodes.RxNorm => "RxNorm",
            FhirCodes.Icd10Cm => "ICD-10-CM",
            "http://hl7.org/fhir/sid/cvx" => "CVX",
            _ => null,
        };
        return name is null ? code : $"{name} {code[(bar + 1)..]}";
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await db.VisiblePatientAsync(user, PatientId, ct) is not { } patient)
        {
            return NotFound();
        }

        PatientName = patient.DisplayName;
        var rows = db.OutsideRecords.AsNoTracking().Where(r => r.PatientId == PatientId && r.ResourceType != "Patient");
        Types = [.. (await rows.GroupBy(r => r.ResourceType).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct))
            .OrderByDescending(g => g.Count).Select(g => (g.Key, g.Count))];
        if (Type is { Length: > 0 } type)
        {
            rows = rows.Where(r => r.ResourceType == type);
        }

        Total = await rows.CountAsync(ct);
        // Newest first; the clinically relevant time is a DateTimeOffset, which SQLite cannot order in SQL, so order here.
        Records = [.. (await rows.Select(r => new OutsideRecord
            {
                Id = r.Id,
                ResourceType = r.ResourceType,
                SourceKey = "",
                Code = r.Code,
                CodeText = r.CodeText,
                EffectiveAt = r.EffectiveAt,
                Status = r.Status,
                Json = "",
                ContentHash = "",
                Origin = r.Origin,
                ImportedAt = r.ImportedAt,
            }).Take(5000).ToListAsync(ct))
            .OrderByDescending(r => r.EffectiveAt ?? DateTimeOffset.MinValue).Take(PageSize)];
        await audit.RecordNowAsync(AuditActions.Read, "OutsideRecords", null, PatientId, patient.SiteId, Type, ct);
        return Page();
    }
}
