namespace Mainstay.Features.Inventory;

/// <summary>
/// The close of one clinic day's controlled-substance stock at one site: every lot counted at close of business by a nurse
/// with a witness, the counts set against the book, the variances posted as count lines, and the lots' ledger state kept
/// as the snapshot later reconciliations start from. After it no stock line of that day or before is written except a
/// correction. A close with a discrepancy waits for the director's review.
/// </summary>
public sealed class StockDayClose
{
    public Guid Id { get; set; }
    public int SiteId { get; set; }

    /// <summary>The clinic day closed (local calendar).</summary>
    public DateOnly Day { get; set; }

    public DateTimeOffset ClosedAt { get; set; }
    public required string ClosedBy { get; set; }
    public required string WitnessedBy { get; set; }

    /// <summary>This count is the site's biennial (or initial) inventory under 21 CFR 1304.11.</summary>
    public bool Biennial { get; set; }

    /// <summary>The site's DEA registration number when the count was taken, as the inventory prints it.</summary>
    public string? DeaRegistration { get; set; }

    public string? Note { get; set; }

    /// <summary>The highest ledger line of the site before the close's own count lines: the snapshot is the ledger up to it.</summary>
    public long LastLineId { get; set; }

    /// <summary>Lots whose count differed from the book or whose ledger did not balance.</summary>
    public int Discrepancies { get; set; }

    public DateTimeOffset? ReviewedAt { get; set; }
    public string? ReviewedBy { get; set; }
    public string? ReviewNote { get; set; }

    /// <summary>The director judged a discrepancy a theft or significant loss (DEA notice and Form 106 follow).</summary>
    public bool TheftOrSignificantLoss { get; set; }

    public List<StockDayCloseLot> Lots { get; set; } = [];
}

/// <summary>One lot at a close: the book against the count, and the ledger's running totals up to the close.</summary>
public sealed class StockDayCloseLot
{
    public long Id { get; set; }
    public Guid CloseId { get; set; }
    public Guid LotId { get; set; }

    /// <summary>The lot's balance before the count.</summary>
    public decimal ExpectedMg { get; set; }

    public decimal CountedMg { get; set; }
    public decimal VarianceMg { get; set; }
    public string? Reason { get; set; }

    /// <summary>The ledger's sums over lines up to <see cref="StockDayClose.LastLineId"/>: where the next check starts.</summary>
    public decimal LedgerMg { get; set; }

    public decimal ReceivedMg { get; set; }
    public decimal OutMg { get; set; }
    public decimal AdjustedMg { get; set; }
    public int Lines { get; set; }

    /// <summary>Where the ledger up to the close stopped balancing (the first disagreeing line); null when it balanced.</summary>
    public string? FirstBreak { get; set; }
}
