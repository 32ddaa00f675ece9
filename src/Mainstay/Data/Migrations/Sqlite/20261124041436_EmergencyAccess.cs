using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mainstay.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class EmergencyAccess : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "EmergencyAccesses",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Username = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Role = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    PatientId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PatientSiteId = table.Column<int>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: false),
                    Until = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: false),
                    ReviewedAt = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: true),
                    ReviewedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Justified = table.Column<bool>(type: "INTEGER", nullable: true),
                    ReviewNote = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EmergencyAccesses", x => x.Id);
                    table.ForeignKey(
                        name: "FK_EmergencyAccesses_Patients_PatientId",
                        column: x => x.PatientId,
                        principalTable: "Patients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_EmergencyAccesses_PatientId",
                table: "EmergencyAccesses",
                column: "PatientId");

            migrationBuilder.CreateIndex(
                name: "IX_EmergencyAccesses_Review",
                table: "EmergencyAccesses",
                column: "ReviewedAt");

            migrationBuilder.CreateIndex(
                name: "IX_EmergencyAccesses_User_Patient",
                table: "EmergencyAccesses",
                columns: new[] { "UserId", "PatientId", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "EmergencyAccesses");
        }
    }
}
