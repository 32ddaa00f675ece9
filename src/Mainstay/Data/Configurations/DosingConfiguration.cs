using Mainstay.Features.Dosing;
using Mainstay.Features.Orders;
using Mainstay.Features.Patients;
using Mainstay.Features.Sites;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mainstay.Data.Configurations;

internal sealed class DispenseConfiguration : IEntityTypeConfiguration<Dispense>
{
    public void Configure(EntityTypeBuilder<Dispense> b)
    {
        b.Property(d => d.Medication).HasConversion<string>().HasMaxLength(20);
        b.Property(d => d.OrderedMg).HasPrecision(7, 2);
        b.Property(d => d.AmountMg).HasPrecision(7, 2);
        b.Property(d => d.PartialReason).HasMaxLength(20);
        b.Property(d => d.Witness).HasMaxLength(100);
        b.Property(d => d.Lot).HasMaxLength(40);
        b.Property(d => d.Nurse).HasMaxLength(100);
        b.Property(d => d.IdempotencyKey).HasMaxLength(100);
        // Never twice: one dose per order line, day and slot — guaranteed by the database, whatever the stations do.
        b.HasIndex(d => new { d.LineageId, d.DoseDate, d.Slot }).IsUnique().HasDatabaseName("UX_Dispenses_OneDosePerSlot");
        b.HasIndex(d => d.IdempotencyKey).IsUnique().HasDatabaseName("UX_Dispenses_IdempotencyKey");
        b.HasIndex(d => new { d.SiteId, d.DoseDate }).HasDatabaseName("IX_Dispenses_Site_Day");
        b.HasIndex(d => new { d.PatientId, d.DoseDate }).HasDatabaseName("IX_Dispenses_Patient_Day");
        b.HasOne<Patient>().WithMany().HasForeignKey(d => d.PatientId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<MedicationOrder>().WithMany().HasForeignKey(d => d.OrderId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Site>().WithMany().HasForeignKey(d => d.SiteId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class StockLotConfiguration : IEntityTypeConfiguration<StockLot>
{
    public void Configure(EntityTypeBuilder<StockLot> b)
    {
        b.Property(l => l.Medication).HasConversion<string>().HasMaxLength(20);
        b.Property(l => l.Lot).HasMaxLength(40);
        b.Property(l => l.BalanceMg).HasPrecision(12, 2);
        b.Property(l => l.Version).IsConcurrencyToken();
        b.HasIndex(l => new { l.SiteId, l.Medication, l.Lot }).IsUnique().HasDatabaseName("UX_StockLots_Site_Lot");
        b.HasOne<Site>().WithMany().HasForeignKey(l => l.SiteId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class InventoryEntryConfiguration : IEntityTypeConfiguration<InventoryEntry>
{
    public void Configure(EntityTypeBuilder<InventoryEntry> b)
    {
        b.Property(e => e.Kind).HasMaxLength(20);
        b.Property(e => e.QuantityMg).HasPrecision(12, 2);
        b.Property(e => e.BalanceAfterMg).HasPrecision(12, 2);
        b.Property(e => e.Reason).HasMaxLength(500);
        b.Property(e => e.By).HasMaxLength(100);
        b.Property(e => e.WitnessedBy).HasMaxLength(100);
        b.HasIndex(e => new { e.LotId, e.Id }).HasDatabaseName("IX_InventoryEntries_Lot");
        b.HasOne<StockLot>().WithMany().HasForeignKey(e => e.LotId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Site>().WithMany().HasForeignKey(e => e.SiteId).OnDelete(DeleteBehavior.Restrict);
    }
}
