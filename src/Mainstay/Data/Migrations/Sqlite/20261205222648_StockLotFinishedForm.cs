using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mainstay.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class StockLotFinishedForm : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Form",
                table: "StockLots",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "MgPerUnit",
                table: "StockLots",
                type: "TEXT",
                precision: 10,
                scale: 3,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Unit",
                table: "StockLots",
                type: "TEXT",
                maxLength: 20,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Form",
                table: "StockLots");

            migrationBuilder.DropColumn(
                name: "MgPerUnit",
                table: "StockLots");

            migrationBuilder.DropColumn(
                name: "Unit",
                table: "StockLots");
        }
    }
}
