using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mainstay.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ReportIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Dispenses_Patient_Day",
                table: "Dispenses");

            migrationBuilder.CreateIndex(
                name: "IX_TreatmentEpisodes_Admitted",
                table: "TreatmentEpisodes",
                column: "AdmittedAt");

            migrationBuilder.CreateIndex(
                name: "IX_TreatmentEpisodes_Discharged",
                table: "TreatmentEpisodes",
                column: "DischargedAt");

            migrationBuilder.CreateIndex(
                name: "IX_TreatmentEpisodes_Open",
                table: "TreatmentEpisodes",
                columns: new[] { "SiteId", "LevelOfCare", "PatientId" },
                filter: "\"DischargedAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_SessionAttendance_Start",
                table: "SessionAttendance",
                columns: new[] { "SessionStartsAt", "Mark" });

            migrationBuilder.CreateIndex(
                name: "IX_DrugScreens_Collected",
                table: "DrugScreens",
                columns: new[] { "CollectedAt", "ResultedAt", "OpioidNegative", "FentanylUse" });

            migrationBuilder.CreateIndex(
                name: "IX_Dispenses_Patient_Day",
                table: "Dispenses",
                columns: new[] { "PatientId", "DoseDate", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_TreatmentEpisodes_Admitted",
                table: "TreatmentEpisodes");

            migrationBuilder.DropIndex(
                name: "IX_TreatmentEpisodes_Discharged",
                table: "TreatmentEpisodes");

            migrationBuilder.DropIndex(
                name: "IX_TreatmentEpisodes_Open",
                table: "TreatmentEpisodes");

            migrationBuilder.DropIndex(
                name: "IX_SessionAttendance_Start",
                table: "SessionAttendance");

            migrationBuilder.DropIndex(
                name: "IX_DrugScreens_Collected",
                table: "DrugScreens");

            migrationBuilder.DropIndex(
                name: "IX_Dispenses_Patient_Day",
                table: "Dispenses");

            migrationBuilder.CreateIndex(
                name: "IX_Dispenses_Patient_Day",
                table: "Dispenses",
                columns: new[] { "PatientId", "DoseDate" });
        }
    }
}
