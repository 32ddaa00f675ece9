using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mainstay.Data.Migrations.Postgres
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
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "MgPerUnit",
                table: "StockLots",
                type: "numeric(10,3)",
                precision: 10,
                scale: 3,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Unit",
                table: "StockLots",
                type: "character varying(20)",
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
