using Mainstay.Features.Alerts;
using Mainstay.Features.Overdose;
using Mainstay.Features.Patients;
using Mainstay.Features.Screens;
using Mainstay.Features.Sites;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mainstay.Data.Configurations;

internal sealed class PatientAlertConfiguration : IEntityTypeConfiguration<PatientAlert>
{
    public void Configure(EntityTypeBuilder<PatientAlert> b)
    {
        b.Property(a => a.Kind).HasMaxLength(60);
        b.Property(a => a.Severity).HasMaxLength(10);
        b.Property(a => a.Reason).HasMaxLength(1000);
        b.Property(a => a.OwnerRole).HasMaxLength(20);
        b.Property(a => a.Owner).HasMaxLength(100);
        b.Property(a => a.SourceKey).HasMaxLength(120);
        // Two people acting on one alert at the same moment: the second write finds the status changed and is refused.
        b.Property(a => a.Status).HasMaxLength(20).IsConcurrencyToken();
        b.Property(a => a.RaisedBy).HasMaxLength(100);
        b.Property(a => a.AcknowledgedBy).HasMaxLength(100);
        b.Property(a => a.ResolvedBy).HasMaxLength(100);
        b.Property(a => a.Action).HasMaxLength(40);
        b.Property(a => a.ActionNote).HasMaxLength(1000);
        // One alert per event and kind, whoever raises it and however often.
        b.HasIndex(a => new { a.PatientId, a.Kind, a.SourceKey }).IsUnique().HasDatabaseName("UX_PatientAlerts_Event");
        b.HasIndex(a => new { a.SiteId, a.Status }).HasDatabaseName("IX_PatientAlerts_Site_Status");
        b.HasOne<Patient>().WithMany().HasForeignKey(a => a.PatientId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Site>().WithMany().HasForeignKey(a => a.SiteId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class DrugScreenConfiguration : IEntityTypeConfiguration<DrugScreen>
{
    public void Configure(EntityTypeBuilder<DrugScreen> b)
    {
        b.Property(s => s.Specimen).HasMaxLength(20);
        b.Property(s => s.Reason).HasMaxLength(30);
        b.Property(s => s.Status).HasMaxLength(20).IsConcurrencyToken();
        b.Property(s => s.OrderedBy).HasMaxLength(100);
        b.Property(s => s.CollectedBy).HasMaxLength(100);
        b.Property(s => s.TemperatureC).HasPrecision(4, 1);
        b.Property(s => s.CreatinineMgPerDl).HasPrecision(7, 2);
        b.Property(s => s.SpecificGravity).HasPrecision(5, 4);
        b.Property(s => s.Ph).HasPrecision(4, 2);
        b.Property(s => s.Lab).HasMaxLength(100);
        b.Property(s => s.Accession).HasMaxLength(60);
        b.Property(s => s.ResultedBy).HasMaxLength(100);
        b.Property(s => s.Results).HasMaxLength(2000);
        b.Property(s => s.Validity).HasMaxLength(30);
        b.Property(s => s.Findings).HasMaxLength(8000);
        b.Property(s => s.ReadAgainst).HasMaxLength(100);
        b.Property(s => s.CancelReason).HasMaxLength(500);
        // A lab's accession number is one specimen: imported once (nulls never collide).
        b.HasIndex(s => new { s.Lab, s.Accession }).IsUnique().HasDatabaseName("UX_DrugScreens_Accession");
        b.HasIndex(s => new { s.PatientId, s.CollectedAt }).HasDatabaseName("IX_DrugScreens_Patient");
        b.HasIndex(s => new { s.SiteId, s.CollectedAt }).HasDatabaseName("IX_DrugScreens_Site");
        // Screens by month across every site, answered from the index alone.
        b.HasIndex(s => new { s.CollectedAt, s.ResultedAt, s.OpioidNegative, s.FentanylUse }).HasDatabaseName("IX_DrugScreens_Collected");
        b.HasOne<Patient>().WithMany().HasForeignKey(s => s.PatientId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Site>().WithMany().HasForeignKey(s => s.SiteId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class NaloxoneKitConfiguration : IEntityTypeConfiguration<NaloxoneKit>
{
    public void Configure(EntityTypeBuilder<NaloxoneKit> b)
    {
        b.Property(k => k.Product).HasMaxLength(30);
        b.Property(k => k.Lot).HasMaxLength(40);
        b.Property(k => k.Recipient).HasMaxLength(20);
        b.Property(k => k.DispensedBy).HasMaxLength(100);
        b.Property(k => k.Note).HasMaxLength(1000);
        b.HasIndex(k => k.PatientId).HasDatabaseName("IX_NaloxoneKits_Patient");
        b.HasOne<Patient>().WithMany().HasForeignKey(k => k.PatientId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Site>().WithMany().HasForeignKey(k => k.SiteId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class OverdoseEventConfiguration : IEntityTypeConfiguration<OverdoseEvent>
{
    public void Configure(EntityTypeBuilder<OverdoseEvent> b)
    {
        b.Property(o => o.ReversedBy).HasMaxLength(20);
        b.Property(o => o.HospitalName).HasMaxLength(200);
        b.Property(o => o.Substances).HasMaxLength(500);
        b.Property(o => o.Source).HasMaxLength(20);
        b.Property(o => o.Note).HasMaxLength(1000);
        b.Property(o => o.ReportedBy).HasMaxLength(100);
        b.HasIndex(o => new { o.PatientId, o.OccurredOn }).HasDatabaseName("IX_OverdoseEvents_Patient");
        b.HasIndex(o => new { o.SiteId, o.OccurredOn }).HasDatabaseName("IX_OverdoseEvents_Site");
        b.HasOne<Patient>().WithMany().HasForeignKey(o => o.PatientId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Site>().WithMany().HasForeignKey(o => o.SiteId).OnDelete(DeleteBehavior.Restrict);
    }
}
