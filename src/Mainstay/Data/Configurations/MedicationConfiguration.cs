using Mainstay.Features.Orders;
using Mainstay.Features.Patients;
using Mainstay.Features.Sites;
using Mainstay.Features.Withdrawal;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mainstay.Data.Configurations;

internal sealed class WithdrawalEpisodeConfiguration : IEntityTypeConfiguration<WithdrawalEpisode>
{
    public void Configure(EntityTypeBuilder<WithdrawalEpisode> b)
    {
        b.Property(e => e.Setting).HasMaxLength(20);
        b.Property(e => e.Protocol).HasConversion<string>().HasMaxLength(30);
        b.Property(e => e.StartedBy).HasMaxLength(100);
        b.Property(e => e.EndedBy).HasMaxLength(100);
        b.Property(e => e.EndReason).HasMaxLength(500);
        b.HasIndex(e => new { e.SiteId, e.EndedAt }).HasDatabaseName("IX_WithdrawalEpisodes_Board");
        b.HasIndex(e => e.PatientId).HasDatabaseName("IX_WithdrawalEpisodes_Patient");
        b.HasOne<Patient>().WithMany().HasForeignKey(e => e.PatientId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Site>().WithMany().HasForeignKey(e => e.SiteId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class FlowsheetEntryConfiguration : IEntityTypeConfiguration<FlowsheetEntry>
{
    public void Configure(EntityTypeBuilder<FlowsheetEntry> b)
    {
        b.Property(e => e.TemperatureC).HasPrecision(4, 1);
        b.Property(e => e.CowsAnswers).HasMaxLength(1000);
        b.Property(e => e.SowsAnswers).HasMaxLength(1000);
        b.Property(e => e.LastOpioidSubstance).HasMaxLength(60);
        b.Property(e => e.ComfortMedications).HasMaxLength(500);
        b.Property(e => e.Notes).HasMaxLength(2000);
        b.Property(e => e.RecordedBy).HasMaxLength(100);
        b.HasIndex(e => new { e.EpisodeId, e.At }).HasDatabaseName("IX_FlowsheetEntries_Episode");
        b.HasIndex(e => new { e.PatientId, e.At }).HasDatabaseName("IX_FlowsheetEntries_Patient");
        b.HasOne<WithdrawalEpisode>().WithMany().HasForeignKey(e => e.EpisodeId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Site>().WithMany().HasForeignKey(e => e.SiteId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class MedicationOrderConfiguration : IEntityTypeConfiguration<MedicationOrder>
{
    public void Configure(EntityTypeBuilder<MedicationOrder> b)
    {
        b.Property(o => o.Medication).HasConversion<string>().HasMaxLength(20);
        b.Property(o => o.DoseMg).HasPrecision(7, 2);
        b.Property(o => o.Schedule).HasMaxLength(20);
        b.Property(o => o.SplitDoses).HasMaxLength(200);
        b.Property(o => o.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(o => o.Instructions).HasMaxLength(1000);
        b.Property(o => o.Prescriber).HasMaxLength(100);
        b.Property(o => o.OverrideReason).HasMaxLength(1000);
        b.Property(o => o.ChangeReason).HasMaxLength(500);
        b.Property(o => o.StatusReason).HasMaxLength(500);
        b.Property(o => o.StatusChangedBy).HasMaxLength(100);
        b.Property(o => o.IdempotencyKey).HasMaxLength(100);
        b.HasIndex(o => new { o.PatientId, o.IdempotencyKey }).IsUnique().HasFilter("\"IdempotencyKey\" IS NOT NULL").HasDatabaseName("UX_MedicationOrders_IdempotencyKey");
        b.HasIndex(o => new { o.LineageId, o.Version }).IsUnique().HasDatabaseName("IX_MedicationOrders_Lineage_Version");
        b.HasIndex(o => new { o.PatientId, o.Status }).HasDatabaseName("IX_MedicationOrders_Patient_Status");
        b.HasIndex(o => new { o.SiteId, o.Status, o.StartDate }).HasDatabaseName("IX_MedicationOrders_Site_Status");
        // The current orders alone (a few percent of every order ever written), for "which medication is each person in
        // care on": the dashboard's coverage probes it once per person in care and reads no table row.
        b.HasIndex(o => new { o.PatientId, o.CreatedAt, o.Medication }).HasFilter("\"Status\" IN ('Active', 'Held')").HasDatabaseName("IX_MedicationOrders_Current");
        b.HasOne<Patient>().WithMany().HasForeignKey(o => o.PatientId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Site>().WithMany().HasForeignKey(o => o.SiteId).OnDelete(DeleteBehavior.Restrict);
    }
}
