using Mainstay.Features.Admissions;
using Mainstay.Features.Beds;
using Mainstay.Features.Patients;
using Mainstay.Features.Sites;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mainstay.Data.Configurations;

internal sealed class InquiryConfiguration : IEntityTypeConfiguration<Inquiry>
{
    public void Configure(EntityTypeBuilder<Inquiry> b)
    {
        b.Property(i => i.Stage).HasConversion<string>().HasMaxLength(16);
        b.Property(i => i.Source).HasConversion<string>().HasMaxLength(16);
        b.Property(i => i.ReferrerKind).HasConversion<string>().HasMaxLength(30);
        b.Property(i => i.Urgency).HasConversion<string>().HasMaxLength(12);
        b.Property(i => i.PreferredMedication).HasConversion<string>().HasMaxLength(16);
        b.Property(i => i.LevelOfCareSought).HasConversion<string>().HasMaxLength(30);
        b.Property(i => i.Payer).HasConversion<string>().HasMaxLength(20);
        b.Property(i => i.WithdrawalRisk).HasConversion<string>().HasMaxLength(10);
        b.Property(i => i.SuicideRisk).HasConversion<string>().HasMaxLength(10);
        b.Property(i => i.NotAdmittedReason).HasConversion<string>().HasMaxLength(30);
        foreach (var text in new[] { nameof(Inquiry.GivenName), nameof(Inquiry.FamilyName), nameof(Inquiry.ReferrerName), nameof(Inquiry.CreatedBy),
                     nameof(Inquiry.ScreenedBy), nameof(Inquiry.EligibilityBy), nameof(Inquiry.IntakeWith), nameof(Inquiry.EnrollmentConsentSignedBy) })
        {
            b.Property(text).HasMaxLength(100);
        }

        b.Property(i => i.Sex).HasMaxLength(16);
        b.Property(i => i.Phone).HasMaxLength(40);
        b.Property(i => i.Email).HasMaxLength(200);
        b.Property(i => i.ReferrerContact).HasMaxLength(200);
        b.Property(i => i.ContactInstructions).HasMaxLength(300);
        b.Property(i => i.Substances).HasMaxLength(300);
        b.Property(i => i.PayerDetail).HasMaxLength(200);
        b.Property(i => i.CurrentUse).HasMaxLength(500);
        b.Property(i => i.ScreenNote).HasMaxLength(1000);
        b.Property(i => i.EligibilityNote).HasMaxLength(1000);
        b.Property(i => i.ReferredTo).HasMaxLength(300);
        b.Property(i => i.CloseNote).HasMaxLength(1000);
        b.Property(i => i.Version).IsConcurrencyToken();
        b.Ignore(i => i.PriorityFacts);
        b.HasIndex(i => i.Number).IsUnique().HasDatabaseName("UX_Inquiries_Number");
        b.HasIndex(i => new { i.SiteId, i.Stage }).HasDatabaseName("IX_Inquiries_Site_Stage");
        b.HasOne<Site>().WithMany().HasForeignKey(i => i.SiteId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Patient>().WithMany().HasForeignKey(i => i.PatientId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class InquiryActivityConfiguration : IEntityTypeConfiguration<InquiryActivity>
{
    public void Configure(EntityTypeBuilder<InquiryActivity> b)
    {
        b.Property(a => a.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(a => a.FromStage).HasConversion<string>().HasMaxLength(16);
        b.Property(a => a.ToStage).HasConversion<string>().HasMaxLength(16);
        b.Property(a => a.By).HasMaxLength(100);
        b.Property(a => a.What).HasMaxLength(60);
        b.Property(a => a.Outcome).HasMaxLength(30);
        b.Property(a => a.Detail).HasMaxLength(1000);
        b.HasIndex(a => new { a.InquiryId, a.At }).HasDatabaseName("IX_InquiryActivities_Inquiry");
        b.HasOne<Inquiry>().WithMany().HasForeignKey(a => a.InquiryId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class TreatmentEpisodeConfiguration : IEntityTypeConfiguration<TreatmentEpisode>
{
    public void Configure(EntityTypeBuilder<TreatmentEpisode> b)
    {
        b.Property(e => e.LevelOfCare).HasConversion<string>().HasMaxLength(30);
        b.Property(e => e.PlannedMedication).HasConversion<string>().HasMaxLength(16);
        b.Property(e => e.Source).HasConversion<string>().HasMaxLength(16);
        b.Property(e => e.ReferrerKind).HasConversion<string>().HasMaxLength(30);
        b.Property(e => e.AdmittedBy).HasMaxLength(100);
        b.Property(e => e.DischargedBy).HasMaxLength(100);
        b.Property(e => e.DischargeReason).HasMaxLength(40);
        b.Property(e => e.Continuity).HasMaxLength(30);
        b.Property(e => e.ContinuityDetail).HasMaxLength(500);
        b.Property(e => e.DischargeNote).HasMaxLength(2000);
        b.HasIndex(e => new { e.PatientId, e.AdmittedAt }).HasDatabaseName("IX_TreatmentEpisodes_Patient");
        b.HasIndex(e => new { e.SiteId, e.DischargedAt }).HasDatabaseName("IX_TreatmentEpisodes_Site_Open");
        // The director's dashboard on a large network: the open episodes alone (census, coverage), and admissions and
        // discharges by time across every site.
        b.HasIndex(e => new { e.SiteId, e.LevelOfCare, e.PatientId }).HasFilter("\"DischargedAt\" IS NULL").HasDatabaseName("IX_TreatmentEpisodes_Open");
        // With the inquiry and the patient, so a year's admissions and where they came from are read from the index alone.
        b.HasIndex(e => new { e.AdmittedAt, e.InquiryId, e.PatientId }).HasDatabaseName("IX_TreatmentEpisodes_Admitted");
        b.HasIndex(e => e.DischargedAt).HasDatabaseName("IX_TreatmentEpisodes_Discharged");
        b.HasOne<Patient>().WithMany().HasForeignKey(e => e.PatientId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Site>().WithMany().HasForeignKey(e => e.SiteId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class EnrollmentCheckConfiguration : IEntityTypeConfiguration<EnrollmentCheck>
{
    public void Configure(EntityTypeBuilder<EnrollmentCheck> b)
    {
        b.Property(c => c.CheckedBy).HasMaxLength(100);
        b.Property(c => c.ResolvedBy).HasMaxLength(100);
        b.Property(c => c.ResolutionNote).HasMaxLength(1000);
        b.Property(c => c.Result).HasConversion<string>().HasMaxLength(16);
        // Two clinicians resolving one check at once: the second finds it changed and is refused.
        b.Property(c => c.Resolution).HasConversion<string>().HasMaxLength(20).IsConcurrencyToken();
        b.Ignore(c => c.Blocks);
        b.HasIndex(c => c.InquiryId).HasDatabaseName("IX_EnrollmentChecks_Inquiry");
        b.HasIndex(c => c.PatientId).HasDatabaseName("IX_EnrollmentChecks_Patient");
    }
}

internal sealed class RegistryEnrollmentConfiguration : IEntityTypeConfiguration<RegistryEnrollment>
{
    public void Configure(EntityTypeBuilder<RegistryEnrollment> b)
    {
        b.Property(r => r.ProgramCode).HasMaxLength(40);
        b.Property(r => r.ProgramName).HasMaxLength(200);
        b.Property(r => r.PersonReference).HasMaxLength(80);
        b.Property(r => r.GivenName).HasMaxLength(100);
        b.Property(r => r.FamilyName).HasMaxLength(100);
        b.Property(r => r.Sex).HasMaxLength(16);
        b.Property(r => r.Medication).HasMaxLength(40);
        b.Property(r => r.DoseMg).HasPrecision(8, 2);
        b.Property(r => r.LastEvent).HasMaxLength(20);
        b.Property(r => r.ImportedBy).HasMaxLength(100);
        b.HasIndex(r => new { r.ProgramCode, r.PersonReference }).IsUnique().HasDatabaseName("UX_RegistryEnrollments_Person");
        b.HasIndex(r => r.BirthDate).HasDatabaseName("IX_RegistryEnrollments_BirthDate");
    }
}

internal sealed class CareUnitConfiguration : IEntityTypeConfiguration<CareUnit>
{
    public void Configure(EntityTypeBuilder<CareUnit> b)
    {
        b.Property(u => u.Building).HasMaxLength(100);
        b.Property(u => u.Name).HasMaxLength(100);
        b.Property(u => u.LevelOfCare).HasConversion<string>().HasMaxLength(30);
        b.HasIndex(u => new { u.SiteId, u.Name }).IsUnique().HasDatabaseName("UX_CareUnits_Site_Name");
        b.HasOne<Site>().WithMany().HasForeignKey(u => u.SiteId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class BedConfiguration : IEntityTypeConfiguration<Bed>
{
    public void Configure(EntityTypeBuilder<Bed> b)
    {
        b.Property(x => x.Room).HasMaxLength(20);
        b.Property(x => x.Label).HasMaxLength(20);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.StatusNote).HasMaxLength(300);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Ignore(x => x.Name);
        b.HasIndex(x => new { x.UnitId, x.Room, x.Label }).IsUnique().HasDatabaseName("UX_Beds_Unit_Room_Label");
        b.HasOne(x => x.Unit).WithMany().HasForeignKey(x => x.UnitId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class BedStayConfiguration : IEntityTypeConfiguration<BedStay>
{
    public void Configure(EntityTypeBuilder<BedStay> b)
    {
        b.Property(s => s.Kind).HasConversion<string>().HasMaxLength(12);
        b.Property(s => s.EndReason).HasConversion<string>().HasMaxLength(24);
        b.Property(s => s.StartedBy).HasMaxLength(100);
        b.Property(s => s.EndedBy).HasMaxLength(100);
        b.Property(s => s.Note).HasMaxLength(300);
        // The database's word on a bed race: one open stay per bed, one open stay per patient and per inquiry.
        b.HasIndex(s => s.BedId).IsUnique().HasFilter("\"Until\" IS NULL").HasDatabaseName("UX_BedStays_OpenPerBed");
        b.HasIndex(s => s.PatientId).IsUnique().HasFilter("\"Until\" IS NULL AND \"PatientId\" IS NOT NULL").HasDatabaseName("UX_BedStays_OpenPerPatient");
        b.HasIndex(s => s.InquiryId).IsUnique().HasFilter("\"Until\" IS NULL AND \"InquiryId\" IS NOT NULL").HasDatabaseName("UX_BedStays_OpenPerInquiry");
        b.HasIndex(s => new { s.UnitId, s.From }).HasDatabaseName("IX_BedStays_Unit_From");
        b.HasOne<Bed>().WithMany().HasForeignKey(s => s.BedId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Patient>().WithMany().HasForeignKey(s => s.PatientId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AftercareItemConfiguration : IEntityTypeConfiguration<Mainstay.Features.Discharge.AftercareItem>
{
    public void Configure(EntityTypeBuilder<Mainstay.Features.Discharge.AftercareItem> b)
    {
        b.Property(a => a.Kind).HasMaxLength(30);
        b.Property(a => a.Provider).HasMaxLength(200);
        b.Property(a => a.Contact).HasMaxLength(200);
        b.Property(a => a.Note).HasMaxLength(500);
        b.HasIndex(a => a.EpisodeId).HasDatabaseName("IX_AftercareItems_Episode");
        b.HasOne<TreatmentEpisode>().WithMany().HasForeignKey(a => a.EpisodeId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AftercareContactConfiguration : IEntityTypeConfiguration<Mainstay.Features.Discharge.AftercareContact>
{
    public void Configure(EntityTypeBuilder<Mainstay.Features.Discharge.AftercareContact> b)
    {
        b.Property(a => a.ContactedBy).HasMaxLength(100);
        b.Property(a => a.Method).HasMaxLength(20);
        // Two people recording one contact at once: the second finds it changed.
        b.Property(a => a.Outcome).HasMaxLength(20).IsConcurrencyToken();
        b.Property(a => a.Note).HasMaxLength(1000);
        b.HasIndex(a => new { a.EpisodeId, a.Day }).IsUnique().HasDatabaseName("UX_AftercareContacts_Episode_Day");
        b.HasIndex(a => new { a.SiteId, a.DueOn }).HasDatabaseName("IX_AftercareContacts_Site_Due");
        b.HasOne<TreatmentEpisode>().WithMany().HasForeignKey(a => a.EpisodeId).OnDelete(DeleteBehavior.Restrict);
    }
}
