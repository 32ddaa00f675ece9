using Mainstay.Features.Patients;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mainstay.Data.Configurations;

internal sealed class PatientConfiguration : IEntityTypeConfiguration<Patient>
{
    public void Configure(EntityTypeBuilder<Patient> b)
    {
        b.Property(p => p.Mrn).HasMaxLength(16);
        b.Property(p => p.GivenName).HasMaxLength(100);
        b.Property(p => p.MiddleName).HasMaxLength(100);
        b.Property(p => p.FamilyName).HasMaxLength(100);
        b.Property(p => p.PreferredName).HasMaxLength(100);
        b.Property(p => p.GenderIdentity).HasMaxLength(60);
        b.Property(p => p.Phone).HasMaxLength(40);
        b.Property(p => p.Email).HasMaxLength(200);
        b.Property(p => p.AddressLine).HasMaxLength(200);
        b.Property(p => p.City).HasMaxLength(100);
        b.Property(p => p.State).HasMaxLength(2);
        b.Property(p => p.PostalCode).HasMaxLength(10);
        b.Property(p => p.PreferredLanguage).HasMaxLength(40);
        b.Property(p => p.StatusReason).HasMaxLength(500);
        b.Property(p => p.FamilyKey).HasMaxLength(100);
        b.Property(p => p.GivenKey).HasMaxLength(200);
        b.Property(p => p.SexAtBirth).HasConversion<string>().HasMaxLength(16);
        b.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(p => p.Race).HasConversion<string>().HasMaxLength(40);
        b.Property(p => p.Ethnicity).HasConversion<string>().HasMaxLength(40);
        b.Property(p => p.Version).IsConcurrencyToken();
        b.Ignore(p => p.DisplayName);

        b.HasIndex(p => p.Mrn).IsUnique().HasDatabaseName("IX_Patients_Mrn");
        // Patient search walks these in order: family name (then given), given name, birth date.
        b.HasIndex(p => new { p.FamilyKey, p.GivenKey }).HasDatabaseName("IX_Patients_Search_Family");
        b.HasIndex(p => p.GivenKey).HasDatabaseName("IX_Patients_Search_Given");
        b.HasIndex(p => p.BirthDate).HasDatabaseName("IX_Patients_Search_BirthDate");
        b.HasIndex(p => new { p.SiteId, p.Status }).HasDatabaseName("IX_Patients_Site_Status");

        b.HasOne(p => p.Site).WithMany().HasForeignKey(p => p.SiteId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(p => p.Allergies).WithOne().HasForeignKey(a => a.PatientId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AllergyConfiguration : IEntityTypeConfiguration<Allergy>
{
    public void Configure(EntityTypeBuilder<Allergy> b)
    {
        b.Property(a => a.Substance).HasMaxLength(200);
        b.Property(a => a.Reaction).HasMaxLength(300);
        b.Property(a => a.RecordedBy).HasMaxLength(100);
        b.Property(a => a.Severity).HasConversion<string>().HasMaxLength(16);
        b.HasOne<Features.Sites.Site>().WithMany().HasForeignKey(a => a.SiteId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PatientRevisionConfiguration : IEntityTypeConfiguration<PatientRevision>
{
    public void Configure(EntityTypeBuilder<PatientRevision> b)
    {
        b.Property(r => r.ChangedBy).HasMaxLength(100);
        b.Property(r => r.Reason).HasMaxLength(500);
        b.HasIndex(r => new { r.PatientId, r.Version }).IsUnique().HasDatabaseName("IX_PatientRevisions_Patient_Version");
        b.HasOne<Patient>().WithMany().HasForeignKey(r => r.PatientId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Features.Sites.Site>().WithMany().HasForeignKey(r => r.SiteId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PatientIdentifierConfiguration : IEntityTypeConfiguration<PatientIdentifier>
{
    public void Configure(EntityTypeBuilder<PatientIdentifier> b)
    {
        b.Property(i => i.System).HasMaxLength(PatientIdentifier.SystemMax);
        b.Property(i => i.Value).HasMaxLength(PatientIdentifier.ValueMax);
        b.Property(i => i.TypeCode).HasMaxLength(20);
        b.Property(i => i.TypeText).HasMaxLength(100);
        b.Property(i => i.Origin).HasMaxLength(260);
        // One row per identifier of a chart; a search by identifier seeks the value first (with or without its system).
        b.HasIndex(i => new { i.PatientId, i.System, i.Value }).IsUnique().HasDatabaseName("UX_PatientIdentifiers_Patient");
        b.HasIndex(i => new { i.Value, i.System }).HasDatabaseName("IX_PatientIdentifiers_Value");
        b.HasOne<Patient>().WithMany().HasForeignKey(i => i.PatientId).OnDelete(DeleteBehavior.Restrict);
    }
}
