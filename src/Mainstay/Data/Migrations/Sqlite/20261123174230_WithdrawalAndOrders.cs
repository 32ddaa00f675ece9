using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mainstay.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class WithdrawalAndOrders : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "MedicationOrders",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PatientId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SiteId = table.Column<int>(type: "INTEGER", nullable: false),
                    LineageId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Medication = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    DoseMg = table.Column<decimal>(type: "TEXT", precision: 7, scale: 2, nullable: false),
                    Schedule = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    SplitDoses = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    StartDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    StopDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Instructions = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    PrescriberId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Prescriber = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    OverrideReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Findings = table.Column<string>(type: "TEXT", nullable: false),
                    ChangeReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    StatusReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: false),
                    StatusChangedAt = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: true),
                    StatusChangedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MedicationOrders", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MedicationOrders_Patients_PatientId",
                        column: x => x.PatientId,
                        principalTable: "Patients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_MedicationOrders_Sites_SiteId",
                        column: x => x.SiteId,
                        principalTable: "Sites",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "WithdrawalEpisodes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PatientId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SiteId = table.Column<int>(type: "INTEGER", nullable: false),
                    Setting = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Protocol = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    StartedAt = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: false),
                    StartedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    EndedAt = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: true),
                    EndedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    EndReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    EndedOnMaintenance = table.Column<bool>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WithdrawalEpisodes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WithdrawalEpisodes_Patients_PatientId",
                        column: x => x.PatientId,
                        principalTable: "Patients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_WithdrawalEpisodes_Sites_SiteId",
                        column: x => x.SiteId,
                        principalTable: "Sites",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "FlowsheetEntries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    EpisodeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PatientId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SiteId = table.Column<int>(type: "INTEGER", nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: false),
                    Cows = table.Column<int>(type: "INTEGER", nullable: true),
                    CowsAnswers = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Sows = table.Column<int>(type: "INTEGER", nullable: true),
                    SowsAnswers = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    PulseBpm = table.Column<int>(type: "INTEGER", nullable: true),
                    SystolicMmHg = table.Column<int>(type: "INTEGER", nullable: true),
                    DiastolicMmHg = table.Column<int>(type: "INTEGER", nullable: true),
                    TemperatureC = table.Column<decimal>(type: "TEXT", precision: 4, scale: 1, nullable: true),
                    RespiratoryRate = table.Column<int>(type: "INTEGER", nullable: true),
                    SpO2Percent = table.Column<int>(type: "INTEGER", nullable: true),
                    LastOpioidSubstance = table.Column<string>(type: "TEXT", maxLength: 60, nullable: true),
                    LastOpioidUseAt = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: true),
                    ComfortMedications = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Notes = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    RecordedAt = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FlowsheetEntries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FlowsheetEntries_Sites_SiteId",
                        column: x => x.SiteId,
                        principalTable: "Sites",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_FlowsheetEntries_WithdrawalEpisodes_EpisodeId",
                        column: x => x.EpisodeId,
                        principalTable: "WithdrawalEpisodes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_FlowsheetEntries_Episode",
                table: "FlowsheetEntries",
                columns: new[] { "EpisodeId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_FlowsheetEntries_Patient",
                table: "FlowsheetEntries",
                columns: new[] { "PatientId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_FlowsheetEntries_SiteId",
                table: "FlowsheetEntries",
                column: "SiteId");

            migrationBuilder.CreateIndex(
                name: "IX_MedicationOrders_Lineage_Version",
                table: "MedicationOrders",
                columns: new[] { "LineageId", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_MedicationOrders_Patient_Status",
                table: "MedicationOrders",
                columns: new[] { "PatientId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_MedicationOrders_Site_Status",
                table: "MedicationOrders",
                columns: new[] { "SiteId", "Status", "StartDate" });

            migrationBuilder.CreateIndex(
                name: "IX_WithdrawalEpisodes_Board",
                table: "WithdrawalEpisodes",
                columns: new[] { "SiteId", "EndedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_WithdrawalEpisodes_Patient",
                table: "WithdrawalEpisodes",
                column: "PatientId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "FlowsheetEntries");

            migrationBuilder.DropTable(
                name: "MedicationOrders");

            migrationBuilder.DropTable(
                name: "WithdrawalEpisodes");
        }
    }
}
