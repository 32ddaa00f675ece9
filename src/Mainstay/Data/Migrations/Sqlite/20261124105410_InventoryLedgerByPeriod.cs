using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mainstay.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class InventoryLedgerByPeriod : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_InventoryEntries_SiteId",
                table: "InventoryEntries");

            migrationBuilder.CreateIndex(
                name: "IX_InventoryEntries_Site_At",
                table: "InventoryEntries",
                columns: new[] { "SiteId", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_InventoryEntries_Site_At",
                table: "InventoryEntries");

            migrationBuilder.CreateIndex(
                name: "IX_InventoryEntries_SiteId",
                table: "InventoryEntries",
                column: "SiteId");
        }
    }
}
