using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mainstay.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PatientRaceEthnicity : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Ethnicity",
                table: "Patients",
                type: "character varying(40)",
                maxLength: 40,
                nullable: false,
                defaultValue: "Unknown"); // charts registered before: not yet reported

            migrationBuilder.AddColumn<string>(
                name: "Race",
                table: "Patients",
                type: "character varying(40)",
                maxLength: 40,
                nullable: false,
                defaultValue: "Unknown"); // charts registered before: not yet reported
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Ethnicity",
                table: "Patients");

            migrationBuilder.DropColumn(
                name: "Race",
                table: "Patients");
        }
    }
}
