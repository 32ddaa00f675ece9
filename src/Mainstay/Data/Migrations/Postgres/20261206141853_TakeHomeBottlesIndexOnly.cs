using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mainstay.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class TakeHomeBottlesIndexOnly : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Dispenses_Bottles",
                table: "Dispenses");

            migrationBuilder.CreateIndex(
                name: "IX_Dispenses_Bottles",
                table: "Dispenses",
                columns: new[] { "PatientId", "ReturnCheck" },
                filter: "\"TakeHome\"");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Dispenses_Bottles",
                table: "Dispenses");

            migrationBuilder.CreateIndex(
                name: "IX_Dispenses_Bottles",
                table: "Dispenses",
                columns: new[] { "PatientId", "TakeHome", "ReturnCheck" });
        }
    }
}
