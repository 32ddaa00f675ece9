using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mainstay.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Fhir : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "FhirExportJobs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    RequestUrl = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    RequestedAt = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: false),
                    RequestedByUserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    RequestedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Sites = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Types = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Since = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: true),
                    IncludeAudit = table.Column<bool>(type: "INTEGER", nullable: false),
                    Progress = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    TransactionTime = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: true),
                    CompletedAt = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: true),
                    Error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Output = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FhirExportJobs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "OutsideRecords",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ResourceType = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SourceKey = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    SourceReference = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    PatientId = table.Column<Guid>(type: "TEXT", nullable: true),
                    SiteId = table.Column<int>(type: "INTEGER", nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    CodeText = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    EffectiveAt = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    Json = table.Column<string>(type: "TEXT", nullable: false),
                    ContentHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Origin = table.Column<string>(type: "TEXT", maxLength: 260, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    ImportedAt = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: false),
                    ImportedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OutsideRecords", x => x.Id);
                    table.ForeignKey(
                        name: "FK_OutsideRecords_Patients_PatientId",
                        column: x => x.PatientId,
                        principalTable: "Patients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_OutsideRecords_Sites_SiteId",
                        column: x => x.SiteId,
                        principalTable: "Sites",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_FhirExportJobs_Status",
                table: "FhirExportJobs",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_OutsideRecords_Patient",
                table: "OutsideRecords",
                columns: new[] { "PatientId", "ResourceType" });

            migrationBuilder.CreateIndex(
                name: "IX_OutsideRecords_Reference",
                table: "OutsideRecords",
                columns: new[] { "ResourceType", "SourceReference" });

            migrationBuilder.CreateIndex(
                name: "IX_OutsideRecords_Site",
                table: "OutsideRecords",
                columns: new[] { "SiteId", "ResourceType", "Id" });

            migrationBuilder.CreateIndex(
                name: "UX_OutsideRecords_Source",
                table: "OutsideRecords",
                columns: new[] { "ResourceType", "SourceKey" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "FhirExportJobs");

            migrationBuilder.DropTable(
                name: "OutsideRecords");
        }
    }
}
