using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Mainstay.Data.Migrations.Postgres
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PatientId = table.Column<Guid>(type: "uuid", nullable: false),
                    SiteId = table.Column<int>(type: "integer", nullable: false),
                    OrderId = table.Column<Guid>(type: "uuid", nullable: false),
                    LineageId = table.Column<Guid>(type: "uuid", nullable: false),
                    DoseDate = table.Column<DateOnly>(type: "date", nullable: false),
                    Slot = table.Column<int>(type: "integer", nullable: false),
                    ClaimedSlot = table.Column<int>(type: "integer", nullable: true),
                    Medication = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    OrderedMg = table.Column<decimal>(type: "numeric(7,2)", precision: 7, scale: 2, nullable: false),
                    AmountMg = table.Column<decimal>(type: "numeric(7,2)", precision: 7, scale: 2, nullable: false),
                    PartialReason = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    Witness = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    LotId = table.Column<Guid>(type: "uuid", nullable: true),
                    Lot = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    Observed = table.Column<bool>(type: "boolean", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp(6) with time zone", precision: 6, nullable: false),
                    Nurse = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    TakeHome = table.Column<bool>(type: "boolean", nullable: false),
                    BottleNumber = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    DecisionId = table.Column<Guid>(type: "uuid", nullable: true),
                    ReturnCheck = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    ReturnedAt = table.Column<DateTimeOffset>(type: "timestamp(6) with time zone", precision: 6, nullable: true),
                    ReturnedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    ReturnNote = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    GuestDosingId = table.Column<Guid>(type: "uuid", nullable: true),
                    IdempotencyKey = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true)
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PatientId = table.Column<Guid>(type: "uuid", nullable: false),
                    HomeSiteId = table.Column<int>(type: "integer", nullable: false),
                    HostSiteId = table.Column<int>(type: "integer", nullable: false),
                    OrderId = table.Column<Guid>(type: "uuid", nullable: false),
                    SendingProgram = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    SendingPrescriber = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    SendingContact = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Medication = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    DoseMg = table.Column<decimal>(type: "numeric(7,2)", precision: 7, scale: 2, nullable: false),
                    LastDoseDate = table.Column<DateOnly>(type: "date", nullable: true),
                    FromDate = table.Column<DateOnly>(type: "date", nullable: false),
                    ToDate = table.Column<DateOnly>(type: "date", nullable: false),
                    VerifiedBy = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp(6) with time zone", precision: 6, nullable: false),
                    Cancelled = table.Column<bool>(type: "boolean", nullable: false)
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
                    PatientId = table.Column<Guid>(type: "uuid", nullable: false),
                    ContentType = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Bytes = table.Column<byte[]>(type: "bytea", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp(6) with time zone", precision: 6, nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true)
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    SiteId = table.Column<int>(type: "integer", nullable: false),
                    Medication = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Lot = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    ExpiresOn = table.Column<DateOnly>(type: "date", nullable: true),
                    BalanceMg = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PatientId = table.Column<Guid>(type: "uuid", nullable: false),
                    SiteId = table.Column<int>(type: "integer", nullable: false),
                    LineageId = table.Column<Guid>(type: "uuid", nullable: false),
                    EffectiveFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    DaysInTreatment = table.Column<int>(type: "integer", nullable: false),
                    ClinicDays = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    EveryDays = table.Column<int>(type: "integer", nullable: true),
                    TakeHomeDays = table.Column<int>(type: "integer", nullable: false),
                    ClosureDays = table.Column<int>(type: "integer", nullable: false),
                    MaximumTakeHomeDays = table.Column<int>(type: "integer", nullable: false),
                    Criteria = table.Column<string>(type: "text", nullable: false),
                    Findings = table.Column<string>(type: "text", nullable: false),
                    OverrideReason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    Prescriber = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp(6) with time zone", precision: 6, nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    RecallReason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    RecalledAt = table.Column<DateTimeOffset>(type: "timestamp(6) with time zone", precision: 6, nullable: true),
                    RecalledBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true)
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SiteId = table.Column<int>(type: "integer", nullable: false),
                    LotId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    QuantityMg = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    BalanceAfterMg = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    DispenseId = table.Column<Guid>(type: "uuid", nullable: true),
                    TransferId = table.Column<Guid>(type: "uuid", nullable: true),
                    Supplier = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Invoice = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    CountedMg = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: true),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    By = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    WitnessedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    At = table.Column<DateTimeOffset>(type: "timestamp(6) with time zone", precision: 6, nullable: false)
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
