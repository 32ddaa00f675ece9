using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mainstay.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DeaRegistrationAndContainers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<decimal>(
                name: "UnitsPerContainer",
                table: "StockLots",
                type: "TEXT",
                precision: 10,
                scale: 3,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DeaRegistration",
                table: "StockDayCloses",
                type: "TEXT",
                maxLength: 9,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DeaRegistration",
                table: "Sites",
                type: "TEXT",
                maxLength: 9,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Containers",
                table: "InventoryEntries",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SupplierRegistration",
                table: "InventoryEntries",
                type: "TEXT",
                maxLength: 9,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "UX_Sites_DeaRegistration",
                table: "Sites",
                column: "DeaRegistration",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "UX_Sites_DeaRegistration",
                table: "Sites");

            migrationBuilder.DropColumn(
                name: "UnitsPerContainer",
                table: "StockLots");

            migrationBuilder.DropColumn(
                name: "DeaRegistration",
                table: "StockDayCloses");

            migrationBuilder.DropColumn(
                name: "DeaRegistration",
                table: "Sites");

            migrationBuilder.DropColumn(
                name: "Containers",
                table: "InventoryEntries");

            migrationBuilder.DropColumn(
                name: "SupplierRegistration",
                table: "InventoryEntries");
        }
    }
}
