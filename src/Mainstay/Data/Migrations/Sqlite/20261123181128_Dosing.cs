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
                    table.ForeignKey(
                        name: "FK_StockLots_Sites_SiteId",
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
                columns: new[] { "LineageId", "DoseDate", "Slot" },
                unique: true);

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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Dispenses");

            migrationBuilder.DropTable(
                name: "InventoryEntries");

            migrationBuilder.DropTable(
                name: "StockLots");
        }
    }
}
