using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mainstay.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Dosing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Dispenses",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PatientId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SiteId = table.Column<int>(type: "INTEGER", nullable: false),
                    OrderId = table.Column<Guid>(type: "TEXT", nullable: false),
                    LineageId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DoseDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Slot = table.Column<int>(type: "INTEGER", nullable: false),
                    ClaimedSlot = table.Column<int>(type: "INTEGER", nullable: true),
                    Medication = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    OrderedMg = table.Column<decimal>(type: "TEXT", precision: 7, scale: 2, nullable: false),
                    AmountMg = table.Column<decimal>(type: "TEXT", precision: 7, scale: 2, nullable: false),
                    PartialReason = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Witness = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    LotId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Lot = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    Observed = table.Column<bool>(type: "INTEGER", nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: false),
                    Nurse = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    TakeHome = table.Column<bool>(type: "INTEGER", nullable: false),
                    BottleNumber = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    DecisionId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ReturnCheck = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    ReturnedAt = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: true),
                    ReturnedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ReturnNote = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    GuestDosingId = table.Column<Guid>(type: "TEXT", nullable: true),
                    IdempotencyKey = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Dispenses", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Dispenses_MedicationOrders_OrderId",
                        column: x => x.OrderId,
                        principalTable: "MedicationOrders",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Dispenses_Patients_PatientId",
                        column: x => x.PatientId,
                        principalTable: "Patients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Dispenses_Sites_SiteId",
                        column: x => x.SiteId,
                        principalTable: "Sites",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "GuestDosings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PatientId = table.Column<Guid>(type: "TEXT", nullable: false),
                    HomeSiteId = table.Column<int>(type: "INTEGER", nullable: false),
                    HostSiteId = table.Column<int>(type: "INTEGER", nullable: false),
                    OrderId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SendingProgram = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    SendingPrescriber = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    SendingContact = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Medication = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    DoseMg = table.Column<decimal>(type: "TEXT", precision: 7, scale: 2, nullable: false),
                    LastDoseDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    FromDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ToDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    VerifiedBy = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: false),
                    Cancelled = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GuestDosings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_GuestDosings_MedicationOrders_OrderId",
                        column: x => x.OrderId,
                        principalTable: "MedicationOrders",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_GuestDosings_Patients_PatientId",
                        column: x => x.PatientId,
                        principalTable: "Patients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_GuestDosings_Sites_HostSiteId",
                        column: x => x.HostSiteId,
                        principalTable: "Sites",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PatientPhotos",
                columns: table => new
                {
                    PatientId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Bytes = table.Column<byte[]>(type: "BLOB", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PatientPhotos", x => x.PatientId);
                    table.ForeignKey(
                        name: "FK_PatientPhotos_Patients_PatientId",
                        column: x => x.PatientId,
                        principalTable: "Patients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "StockLots",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    SiteId = table.Column<int>(type: "INTEGER", nullable: false),
                    Medication = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Lot = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    ExpiresOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    BalanceMg = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StockLots", x => x.Id);
                    table.CheckConstraint("CK_StockLots_NotNegative", "CAST(\"BalanceMg\" AS REAL) >= 0");
                    table.ForeignKey(
                        name: "FK_StockLots_Sites_SiteId",
                        column: x => x.SiteId,
                        principalTable: "Sites",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "TakeHomeDecisions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PatientId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SiteId = table.Column<int>(type: "INTEGER", nullable: false),
                    LineageId = table.Column<Guid>(type: "TEXT", nullable: false),
                    EffectiveFrom = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    DaysInTreatment = table.Column<int>(type: "INTEGER", nullable: false),
                    ClinicDays = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    EveryDays = table.Column<int>(type: "INTEGER", nullable: true),
                    TakeHomeDays = table.Column<int>(type: "INTEGER", nullable: false),
                    ClosureDays = table.Column<int>(type: "INTEGER", nullable: false),
                    MaximumTakeHomeDays = table.Column<int>(type: "INTEGER", nullable: false),
                    Criteria = table.Column<string>(type: "TEXT", nullable: false),
                    Findings = table.Column<string>(type: "TEXT", nullable: false),
                    OverrideReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Prescriber = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    RecallReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    RecalledAt = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: true),
                    RecalledBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TakeHomeDecisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TakeHomeDecisions_Patients_PatientId",
                        column: x => x.PatientId,
                        principalTable: "Patients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_TakeHomeDecisions_Sites_SiteId",
                        column: x => x.SiteId,
                        principalTable: "Sites",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "InventoryEntries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SiteId = table.Column<int>(type: "INTEGER", nullable: false),
                    LotId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    QuantityMg = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: false),
                    BalanceAfterMg = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: false),
                    DispenseId = table.Column<Guid>(type: "TEXT", nullable: true),
                    TransferId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Supplier = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Invoice = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    CountedMg = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    By = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    WitnessedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    At = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InventoryEntries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_InventoryEntries_Sites_SiteId",
                        column: x => x.SiteId,
                        principalTable: "Sites",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_InventoryEntries_StockLots_LotId",
                        column: x => x.LotId,
                        principalTable: "StockLots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Dispenses_Bottles",
                table: "Dispenses",
                columns: new[] { "PatientId", "TakeHome", "ReturnCheck" });

            migrationBuilder.CreateIndex(
                name: "IX_Dispenses_OrderId",
                table: "Dispenses",
                column: "OrderId");

            migrationBuilder.CreateIndex(
                name: "IX_Dispenses_Patient_Day",
                table: "Dispenses",
                columns: new[] { "PatientId", "DoseDate" });

            migrationBuilder.CreateIndex(
                name: "IX_Dispenses_Site_Day",
                table: "Dispenses",
                columns: new[] { "SiteId", "DoseDate" });

            migrationBuilder.CreateIndex(
                name: "UX_Dispenses_IdempotencyKey",
                table: "Dispenses",
                column: "IdempotencyKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "UX_Dispenses_OneDosePerSlot",
                table: "Dispenses",
                columns: new[] { "LineageId", "DoseDate", "ClaimedSlot" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_GuestDosings_Host",
                table: "GuestDosings",
                columns: new[] { "HostSiteId", "FromDate" });

            migrationBuilder.CreateIndex(
                name: "IX_GuestDosings_OrderId",
                table: "GuestDosings",
                column: "OrderId");

            migrationBuilder.CreateIndex(
                name: "IX_GuestDosings_Patient",
                table: "GuestDosings",
                column: "PatientId");

            migrationBuilder.CreateIndex(
                name: "IX_InventoryEntries_Lot",
                table: "InventoryEntries",
                columns: new[] { "LotId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_InventoryEntries_SiteId",
                table: "InventoryEntries",
                column: "SiteId");

            migrationBuilder.CreateIndex(
                name: "UX_StockLots_Site_Lot",
                table: "StockLots",
                columns: new[] { "SiteId", "Medication", "Lot" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TakeHomeDecisions_Line",
                table: "TakeHomeDecisions",
                columns: new[] { "LineageId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_TakeHomeDecisions_Patient",
                table: "TakeHomeDecisions",
                column: "PatientId");

            migrationBuilder.CreateIndex(
                name: "IX_TakeHomeDecisions_SiteId",
                table: "TakeHomeDecisions",
                column: "SiteId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Dispenses");

            migrationBuilder.DropTable(
                name: "GuestDosings");

            migrationBuilder.DropTable(
                name: "InventoryEntries");

            migrationBuilder.DropTable(
                name: "PatientPhotos");

            migrationBuilder.DropTable(
                name: "TakeHomeDecisions");

            migrationBuilder.DropTable(
                name: "StockLots");
        }
    }
}
