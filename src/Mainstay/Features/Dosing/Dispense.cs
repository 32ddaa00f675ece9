using Mainstay.Clinical.Medication;

namespace Mainstay.Features.Dosing;

/// <summary>
/// One administered (or handed-out take-home) dose. The database allows one dispense per order line,
/// day and slot (split doses have slots 1, 2, ...): two stations dosing the same patient at the same
/// moment cannot both succeed.
/// </summary>
public sealed class Dispense
{
    public Guid Id { get; set; }
    public Guid PatientId { get; set; }
    public int SiteId { get; set; }
    public Guid OrderId { get; set; }
    public Guid LineageId { get; set; }
    public DateOnly DoseDate { get; set; }
    public int Slot { get; set; }

    /// <summary>
    /// The slot this dispense holds: equal to <see cref="Slot"/> while the dose stands, null once a take-home bottle
    /// is returned unused and voided. The unique index is on this column, so a voided bottle frees its day for a clinic dose.
    /// </summary>
    public int? ClaimedSlot { get; set; }

    public Moud Medication { get; set; }
    public decimal OrderedMg { get; set; }
    public decimal AmountMg { get; set; }

    /// <summary>refused-part, spilled or vomited, when less than the order was taken.</summary>
    public string? PartialReason { get; set; }

    public string? Witness { get; set; }
    public Guid? LotId { get; set; }
    public string? Lot { get; set; }
    public bool Observed { get; set; }
    public DateTimeOffset At { get; set; }
    public string? Nurse { get; set; }

    /// <summary>A take-home bottle (handed out for a later day) rather than a dose taken at the window.</summary>
    public bool TakeHome { get; set; }

    public string? BottleNumber { get; set; }

    /// <summary>The take-home decision the bottle was handed out under.</summary>
    public Guid? DecisionId { get; set; }

    /// <summary>The returned-bottle check: empty, unused, contents-remaining, tampered, not-returned.</summary>
    public string? ReturnCheck { get; set; }

    public DateTimeOffset? ReturnedAt { get; set; }
    public string? ReturnedBy { get; set; }
    public string? ReturnNote { get; set; }

    /// <summary>Dosed as a guest under the sending program's order.</summary>
    public Guid? GuestDosingId { get; set; }

    /// <summary>The client's idempotency key: a retried request returns the first dispense instead of dosing twice.</summary>
    public string? IdempotencyKey { get; set; }
}

/// <summary>Controlled-substance stock of one medication lot at one site; its balance is the ledger's sum.</summary>
public sealed class StockLot
{
    public Guid Id { get; set; }
    public int SiteId { get; set; }
    public Moud Medication { get; set; }
    public required string Lot { get; set; }
    public DateOnly? ExpiresOn { get; set; }
    public decimal BalanceMg { get; set; }

    /// <summary>The finished form as the label names it ("oral concentrate 10 mg/mL"); null for lots received before it was asked.</summary>
    public string? Form { get; set; }

    /// <summary>The strength: mg in one <see cref="Unit"/> (10 for a 10 mg/mL concentrate, 8 for an 8 mg tablet).</summary>
    public decimal? MgPerUnit { get; set; }

    /// <summary>What is counted on the shelf: mL, tablet, film, vial.</summary>
    public string? Unit { get; set; }

    /// <summary>Units in one commercial container as labelled (1,000 for a 1,000 mL bottle, 100 for a 100-tablet bottle).</summary>
    public decimal? UnitsPerContainer { get; set; }

    /// <summary>Optimistic concurrency: every change of the balance bumps it.</summary>
    public int Version { get; set; }
}

/// <summary>One line of the perpetual inventory ledger: receipts in, dispenses and waste out, adjustments either way.</summary>
public sealed class InventoryEntry
{
    public long Id { get; set; }
    public int SiteId { get; set; }
    public Guid LotId { get; set; }

    /// <summary>receipt, dispense, take-home, waste, adjustment, count, correction, transfer-in, transfer-out.</summary>
    public required string Kind { get; set; }

    /// <summary>Signed quantity: positive in, negative out.</summary>
    public decimal QuantityMg { get; set; }

    public decimal BalanceAfterMg { get; set; }
    public Guid? DispenseId { get; set; }

    /// <summary>Both lines of a transfer between sites share this id.</summary>
    public Guid? TransferId { get; set; }

    public string? Supplier { get; set; }

    /// <summary>A receipt: the supplier's DEA registration number.</summary>
    public string? SupplierRegistration { get; set; }

    public string? Invoice { get; set; }

    /// <summary>A receipt: the number of commercial containers received.</summary>
    public int? Containers { get; set; }

    /// <summary>For a physical count: what was counted (the quantity is the variance against the book balance).</summary>
    public decimal? CountedMg { get; set; }

    public string? Reason { get; set; }
    public string? By { get; set; }
    public string? WitnessedBy { get; set; }
    public DateTimeOffset At { get; set; }

    /// <summary>For a correction: the closed clinic day it corrects.</summary>
    public DateOnly? CorrectsDay { get; set; }
}
