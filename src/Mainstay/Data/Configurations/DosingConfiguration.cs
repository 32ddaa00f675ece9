using Mainstay.Features.Dosing;
using Mainstay.Features.Inventory;
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
        // (A take-home bottle returned unused and voided gives its slot back: ClaimedSlot becomes null, and nulls never collide.)
        b.HasIndex(d => new { d.LineageId, d.DoseDate, d.ClaimedSlot }).IsUnique().HasDatabaseName("UX_Dispenses_OneDosePerSlot");
        b.Property(d => d.BottleNumber).HasMaxLength(40);
        b.Property(d => d.ReturnCheck).HasMaxLength(20);
        b.Property(d => d.ReturnedBy).HasMaxLength(100);
        b.Property(d => d.ReturnNote).HasMaxLength(1000);
        // Take-home bottles only: a dose taken at the window (most rows) adds no entry here, one index page fewer per dose.
        b.HasIndex(d => new { d.PatientId, d.ReturnCheck }).HasFilter("\"TakeHome\"").HasDatabaseName("IX_Dispenses_Bottles");
        b.HasIndex(d => d.IdempotencyKey).IsUnique().HasDatabaseName("UX_Dispenses_IdempotencyKey");
        b.HasIndex(d => new { d.SiteId, d.DoseDate }).HasDatabaseName("IX_Dispenses_Site_Day");
        // With the time given: a patient's first dose after a moment is found in the index, not in the rows.
        b.HasIndex(d => new { d.PatientId, d.DoseDate, d.At }).HasDatabaseName("IX_Dispenses_Patient_Day");
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
        b.Property(l => l.Form).HasMaxLength(100);
        b.Property(l => l.MgPerUnit).HasPrecision(10, 3);
        b.Property(l => l.Unit).HasMaxLength(20);
        b.Property(l => l.UnitsPerContainer).HasPrecision(10, 3);
        b.Property(l => l.Version).IsConcurrencyToken();
        b.ToTable(t => t.HasCheckConstraint("CK_StockLots_NotNegative", "CAST(\"BalanceMg\" AS REAL) >= 0"));
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
        b.Property(e => e.Supplier).HasMaxLength(500);
        b.Property(e => e.Invoice).HasMaxLength(500);
        b.Property(e => e.SupplierRegistration).HasMaxLength(9);
        b.Property(e => e.CountedMg).HasPrecision(12, 2);
        b.HasIndex(e => new { e.LotId, e.Id }).HasDatabaseName("IX_InventoryEntries_Lot");
        b.HasIndex(e => new { e.SiteId, e.At }).HasDatabaseName("IX_InventoryEntries_Site_At"); // the ledger of a period
        b.HasOne<StockLot>().WithMany().HasForeignKey(e => e.LotId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Site>().WithMany().HasForeignKey(e => e.SiteId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class StockDayCloseConfiguration : IEntityTypeConfiguration<StockDayClose>
{
    public void Configure(EntityTypeBuilder<StockDayClose> b)
    {
        b.Property(c => c.ClosedBy).HasMaxLength(100);
        b.Property(c => c.WitnessedBy).HasMaxLength(100);
        b.Property(c => c.ReviewedBy).HasMaxLength(100);
        b.Property(c => c.DeaRegistration).HasMaxLength(9);
        b.Property(c => c.Note).HasMaxLength(1000);
        b.Property(c => c.ReviewNote).HasMaxLength(2000);
        b.HasIndex(c => new { c.SiteId, c.Day }).IsUnique().HasDatabaseName("UX_StockDayCloses_Site_Day"); // one close per site and day
        b.HasOne<Site>().WithMany().HasForeignKey(c => c.SiteId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(c => c.Lots).WithOne().HasForeignKey(l => l.CloseId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class StockDayCloseLotConfiguration : IEntityTypeConfiguration<StockDayCloseLot>
{
    public void Configure(EntityTypeBuilder<StockDayCloseLot> b)
    {
        foreach (var mg in new[] { "ExpectedMg", "CountedMg", "VarianceMg", "LedgerMg", "ReceivedMg", "OutMg", "AdjustedMg" })
        {
            b.Property<decimal>(mg).HasPrecision(14, 2);
        }

        b.Property(l => l.Reason).HasMaxLength(500);
        b.Property(l => l.FirstBreak).HasMaxLength(500);
        b.ToTable("StockDayCloseLots");
        b.HasIndex(l => new { l.CloseId, l.LotId }).IsUnique().HasDatabaseName("UX_StockDayCloseLots_Close_Lot");
        b.HasOne<StockLot>().WithMany().HasForeignKey(l => l.LotId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class TakeHomeDecisionConfiguration : IEntityTypeConfiguration<TakeHomeDecision>
{
    public void Configure(EntityTypeBuilder<TakeHomeDecision> b)
    {
        b.Property(t => t.ClinicDays).HasMaxLength(40);
        b.Property(t => t.OverrideReason).HasMaxLength(1000);
        b.Property(t => t.Prescriber).HasMaxLength(100);
        b.Property(t => t.Status).HasMaxLength(20);
        b.Property(t => t.RecallReason).HasMaxLength(1000);
        b.Property(t => t.RecalledBy).HasMaxLength(100);
        b.HasIndex(t => new { t.LineageId, t.Status }).HasDatabaseName("IX_TakeHomeDecisions_Line");
        b.HasIndex(t => t.PatientId).HasDatabaseName("IX_TakeHomeDecisions_Patient");
        b.HasOne<Patient>().WithMany().HasForeignKey(t => t.PatientId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Site>().WithMany().HasForeignKey(t => t.SiteId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class GuestDosingConfiguration : IEntityTypeConfiguration<GuestDosing>
{
    public void Configure(EntityTypeBuilder<GuestDosing> b)
    {
        b.Property(g => g.SendingProgram).HasMaxLength(200);
        b.Property(g => g.SendingPrescriber).HasMaxLength(200);
        b.Property(g => g.SendingContact).HasMaxLength(200);
        b.Property(g => g.Medication).HasConversion<string>().HasMaxLength(20);
        b.Property(g => g.DoseMg).HasPrecision(7, 2);
        b.Property(g => g.VerifiedBy).HasMaxLength(300);
        b.Property(g => g.CreatedBy).HasMaxLength(100);
        b.HasIndex(g => new { g.HostSiteId, g.FromDate }).HasDatabaseName("IX_GuestDosings_Host");
        b.HasIndex(g => g.PatientId).HasDatabaseName("IX_GuestDosings_Patient");
        b.HasOne<Patient>().WithMany().HasForeignKey(g => g.PatientId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<MedicationOrder>().WithMany().HasForeignKey(g => g.OrderId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Site>().WithMany().HasForeignKey(g => g.HostSiteId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PatientPhotoConfiguration : IEntityTypeConfiguration<PatientPhoto>
{
    public void Configure(EntityTypeBuilder<PatientPhoto> b)
    {
        b.HasKey(p => p.PatientId);
        b.Property(p => p.ContentType).HasMaxLength(20);
        b.Property(p => p.UpdatedBy).HasMaxLength(100);
        b.HasOne<Patient>().WithOne().HasForeignKey<PatientPhoto>(p => p.PatientId).OnDelete(DeleteBehavior.Cascade);
    }
}
