using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mainstay.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class StockDayCloses : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "CorrectsDay",
                table: "InventoryEntries",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "StockDayCloses",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    SiteId = table.Column<int>(type: "INTEGER", nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ClosedAt = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: false),
                    ClosedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    WitnessedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Biennial = table.Column<bool>(type: "INTEGER", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    LastLineId = table.Column<long>(type: "INTEGER", nullable: false),
                    Discrepancies = table.Column<int>(type: "INTEGER", nullable: false),
                    ReviewedAt = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: true),
                    ReviewedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ReviewNote = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    TheftOrSignificantLoss = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StockDayCloses", x => x.Id);
                    table.ForeignKey(
                        name: "FK_StockDayCloses_Sites_SiteId",
                        column: x => x.SiteId,
                        principalTable: "Sites",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "StockDayCloseLots",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CloseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    LotId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ExpectedMg = table.Column<decimal>(type: "TEXT", precision: 14, scale: 2, nullable: false),
                    CountedMg = table.Column<decimal>(type: "TEXT", precision: 14, scale: 2, nullable: false),
                    VarianceMg = table.Column<decimal>(type: "TEXT", precision: 14, scale: 2, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    LedgerMg = table.Column<decimal>(type: "TEXT", precision: 14, scale: 2, nullable: false),
                    ReceivedMg = table.Column<decimal>(type: "TEXT", precision: 14, scale: 2, nullable: false),
                    OutMg = table.Column<decimal>(type: "TEXT", precision: 14, scale: 2, nullable: false),
                    AdjustedMg = table.Column<decimal>(type: "TEXT", precision: 14, scale: 2, nullable: false),
                    Lines = table.Column<int>(type: "INTEGER", nullable: false),
                    FirstBreak = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StockDayCloseLots", x => x.Id);
                    table.ForeignKey(
                        name: "FK_StockDayCloseLots_StockDayCloses_CloseId",
                        column: x => x.CloseId,
                        principalTable: "StockDayCloses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_StockDayCloseLots_StockLots_LotId",
                        column: x => x.LotId,
                        principalTable: "StockLots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_StockDayCloseLots_LotId",
                table: "StockDayCloseLots",
                column: "LotId");

            migrationBuilder.CreateIndex(
                name: "UX_StockDayCloseLots_Close_Lot",
                table: "StockDayCloseLots",
                columns: new[] { "CloseId", "LotId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "UX_StockDayCloses_Site_Day",
                table: "StockDayCloses",
                columns: new[] { "SiteId", "Day" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "StockDayCloseLots");

            migrationBuilder.DropTable(
                name: "StockDayCloses");

            migrationBuilder.DropColumn(
                name: "CorrectsDay",
                table: "InventoryEntries");
        }
    }
}
