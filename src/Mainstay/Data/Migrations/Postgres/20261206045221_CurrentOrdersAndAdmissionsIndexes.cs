using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mainstay.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CurrentOrdersAndAdmissionsIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_TreatmentEpisodes_Admitted",
                table: "TreatmentEpisodes");

            migrationBuilder.CreateIndex(
                name: "IX_TreatmentEpisodes_Admitted",
                table: "TreatmentEpisodes",
                columns: new[] { "AdmittedAt", "InquiryId", "PatientId" });

            migrationBuilder.CreateIndex(
                name: "IX_MedicationOrders_Current",
                table: "MedicationOrders",
                columns: new[] { "PatientId", "CreatedAt", "Medication" },
                filter: "\"Status\" IN ('Active', 'Held')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_TreatmentEpisodes_Admitted",
                table: "TreatmentEpisodes");

            migrationBuilder.DropIndex(
                name: "IX_MedicationOrders_Current",
                table: "MedicationOrders");

            migrationBuilder.CreateIndex(
                name: "IX_TreatmentEpisodes_Admitted",
                table: "TreatmentEpisodes",
                column: "AdmittedAt");
        }
    }
}
