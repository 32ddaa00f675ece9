using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Audit;
using Mainstay.Web;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Patients;

/// <summary>The identification photo the dosing window shows beside the patient's name (kept apart from the patient row).</summary>
public sealed class PatientPhoto
{
    public Guid PatientId { get; set; }
    public required string ContentType { get; set; }
    public required byte[] Bytes { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
}

/// <summary>GET and PUT /api/v1/patients/{id}/photo: a JPEG or PNG of at most 2 MB, checked by its first bytes.</summary>
public static class PatientPhotoApi
{
    public const int MaximumBytes = 2 * 1024 * 1024;

    public static void MapPatientPhotoApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/patients/{id:guid}/photo", GetAsync).WithTags("Patients").WithName("PatientPhoto")
            .WithSummary("The patient's identification photo (image/jpeg or image/png); 404 when none is on file.")
            .RequireAuthorization(Policies.ReadPatients);
        app.MapPut("/api/v1/patients/{id:guid}/photo", PutAsync).WithTags("Patients").WithName("SetPatientPhoto")
            .WithSummary("Replace the identification photo: the body is the JPEG or PNG itself (at most 2 MB).")
            .RequireAuthorization(Policies.WritePatients);
    }

    internal static async Task<IResult> GetAsync(Guid id, MainstayDb db, ClinicUser user, AuditTrail audit, CancellationToken ct)
    {
        var patient = await db.VisiblePatientAsync(user, id, ct);
        var photo = patient is null ? null : await db.PatientPhotos.AsNoTracking().SingleOrDefaultAsync(p => p.PatientId == id, ct);
        if (photo is null)
        {
            return Problems.NotFound($"There is no photo on file for patient {id}.");
        }

        await audit.RecordNowAsync(AuditActions.Read, "PatientPhoto", id.ToString(), id, patient!.SiteId, ct: ct);
        return TypedResults.File(photo.Bytes, photo.ContentType);
    }

    internal static async Task<IResult> PutAsync(Guid id, HttpRequest request, MainstayDb db, ClinicUser user, AuditTrail audit, TimeProvider clock, CancellationToken ct)
    {
        var patient = await db.VisiblePatientAsync(user, id, ct);
        if (patient is null)
        {
            return PatientAccess.NotVisible(id).ToProblem();
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaximumBytes)
            {
                return Problems.BadRequest("The photo is larger than 2 MB.", "photo");
            }

            buffer.Write(chunk, 0, read);
        }

        var refusal = await StoreAsync(patient, buffer.ToArray(), db, user, audit, clock, ct);
        if (refusal is not null)
        {
            return refusal.ToProblem();
        }

        return TypedResults.NoContent();
    }

    /// <summary>Stores a JPEG or PNG as the patient's identification photo (the API and the chart's upload form).</summary>
    internal static async Task<Refusal?> StoreAsync(Patient patient, byte[] bytes, MainstayDb db, ClinicUser user, AuditTrail audit, TimeProvider clock, CancellationToken ct)
    {
        if (bytes.Length > MaximumBytes)
        {
            return Refusal.Invalid("photo", "The photo is larger than 2 MB.");
        }

        var type = Sniff(bytes);
        if (type is null)
        {
            return Refusal.Invalid("photo", "The photo must be a JPEG or PNG image.");
        }

        var photo = await db.PatientPhotos.SingleOrDefaultAsync(p => p.PatientId == patient.Id, ct);
        if (photo is null)
        {
            photo = new PatientPhoto { PatientId = patient.Id, ContentType = type, Bytes = bytes };
            db.PatientPhotos.Add(photo);
        }

        photo.ContentType = type;
        photo.Bytes = bytes;
        photo.UpdatedAt = clock.GetUtcNow();
        photo.UpdatedBy = user.Username;
        audit.Record(AuditActions.Update, "PatientPhoto", patient.Id.ToString(), patient.Id, patient.SiteId, $"{type}, {bytes.Length} bytes");
        await db.SaveChangesAsync(ct);
        return null;
    }

    /// <summary>image/jpeg or image/png from the file's signature; null for anything else.</summary>
    public static string? Sniff(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) ? "image/jpeg"
        : bytes.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) ? "image/png"
        : null;
}
