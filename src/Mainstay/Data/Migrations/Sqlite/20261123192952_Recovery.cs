using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mainstay.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Recovery : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DrugScreens",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PatientId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SiteId = table.Column<int>(type: "INTEGER", nullable: false),
                    Specimen = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    OrderedAt = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: false),
                    OrderedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CollectedAt = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: true),
                    CollectedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Observed = table.Column<bool>(type: "INTEGER", nullable: false),
                    TemperatureC = table.Column<decimal>(type: "TEXT", precision: 4, scale: 1, nullable: true),
                    CreatinineMgPerDl = table.Column<decimal>(type: "TEXT", precision: 7, scale: 2, nullable: true),
                    SpecificGravity = table.Column<decimal>(type: "TEXT", precision: 5, scale: 4, nullable: true),
                    Ph = table.Column<decimal>(type: "TEXT", precision: 4, scale: 2, nullable: true),
                    AdulterantDetected = table.Column<bool>(type: "INTEGER", nullable: false),
                    Lab = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Accession = table.Column<string>(type: "TEXT", maxLength: 60, nullable: true),
                    ResultedAt = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: true),
                    ResultedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Results = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Validity = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    Findings = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    ReadAgainst = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    IllicitOpioidUse = table.Column<bool>(type: "INTEGER", nullable: false),
                    FentanylUse = table.Column<bool>(type: "INTEGER", nullable: false),
                    PossibleDiversion = table.Column<bool>(type: "INTEGER", nullable: false),
                    OpioidNegative = table.Column<bool>(type: "INTEGER", nullable: false),
                    CancelReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DrugScreens", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DrugScreens_Patients_PatientId",
                        column: x => x.PatientId,
                        principalTable: "Patients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_DrugScreens_Sites_SiteId",
                        column: x => x.SiteId,
                        principalTable: "Sites",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "NaloxoneKits",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PatientId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SiteId = table.Column<int>(type: "INTEGER", nullable: false),
                    Product = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Quantity = table.Column<int>(type: "INTEGER", nullable: false),
                    Lot = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    ExpiresOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Recipient = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    EducationGiven = table.Column<bool>(type: "INTEGER", nullable: false),
                    DispensedAt = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: false),
                    DispensedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NaloxoneKits", x => x.Id);
                    table.ForeignKey(
                        name: "FK_NaloxoneKits_Patients_PatientId",
                        column: x => x.PatientId,
                        principalTable: "Patients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_NaloxoneKits_Sites_SiteId",
                        column: x => x.SiteId,
                        principalTable: "Sites",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "OverdoseEvents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PatientId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SiteId = table.Column<int>(type: "INTEGER", nullable: false),
                    OccurredOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    NaloxoneUsed = table.Column<bool>(type: "INTEGER", nullable: false),
                    ReversedBy = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Hospital = table.Column<bool>(type: "INTEGER", nullable: false),
                    HospitalName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Fatal = table.Column<bool>(type: "INTEGER", nullable: false),
                    Substances = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Source = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    ReportedAt = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: false),
                    ReportedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OverdoseEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_OverdoseEvents_Patients_PatientId",
                        column: x => x.PatientId,
                        principalTable: "Patients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_OverdoseEvents_Sites_SiteId",
                        column: x => x.SiteId,
                        principalTable: "Sites",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PatientAlerts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PatientId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SiteId = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    Severity = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    OwnerRole = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Owner = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    SourceKey = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    RaisedAt = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: false),
                    RaisedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    AcknowledgedAt = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: true),
                    AcknowledgedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ResolvedAt = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: true),
                    ResolvedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Action = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    ActionNote = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PatientAlerts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PatientAlerts_Patients_PatientId",
                        column: x => x.PatientId,
                        principalTable: "Patients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PatientAlerts_Sites_SiteId",
                        column: x => x.SiteId,
                        principalTable: "Sites",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DrugScreens_Patient",
                table: "DrugScreens",
                columns: new[] { "PatientId", "CollectedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_DrugScreens_Site",
                table: "DrugScreens",
                columns: new[] { "SiteId", "CollectedAt" });

            migrationBuilder.CreateIndex(
                name: "UX_DrugScreens_Accession",
                table: "DrugScreens",
                columns: new[] { "Lab", "Accession" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_NaloxoneKits_Patient",
                table: "NaloxoneKits",
                column: "PatientId");

            migrationBuilder.CreateIndex(
                name: "IX_NaloxoneKits_SiteId",
                table: "NaloxoneKits",
                column: "SiteId");

            migrationBuilder.CreateIndex(
                name: "IX_OverdoseEvents_Patient",
                table: "OverdoseEvents",
                columns: new[] { "PatientId", "OccurredOn" });

            migrationBuilder.CreateIndex(
                name: "IX_OverdoseEvents_Site",
                table: "OverdoseEvents",
                columns: new[] { "SiteId", "OccurredOn" });

            migrationBuilder.CreateIndex(
                name: "IX_PatientAlerts_Site_Status",
                table: "PatientAlerts",
                columns: new[] { "SiteId", "Status" });

            migrationBuilder.CreateIndex(
                name: "UX_PatientAlerts_Event",
                table: "PatientAlerts",
                columns: new[] { "PatientId", "Kind", "SourceKey" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DrugScreens");

            migrationBuilder.DropTable(
                name: "NaloxoneKits");

            migrationBuilder.DropTable(
                name: "OverdoseEvents");

            migrationBuilder.DropTable(
                name: "PatientAlerts");
        }
    }
}
