using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mainstay.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class EpisodeUrineWeeks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "EpisodeUrineWeeks",
                columns: table => new
                {
                    EpisodeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PatientId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SiteId = table.Column<int>(type: "INTEGER", nullable: false),
                    Medication = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    AdmittedAt = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: false),
                    DischargedAt = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: true),
                    AdmittedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Dosed = table.Column<bool>(type: "INTEGER", nullable: false),
                    Ctn0094DropoutBy = table.Column<int>(type: "INTEGER", nullable: true),
                    Ctn0094RelapseBy = table.Column<int>(type: "INTEGER", nullable: true),
                    NegativeWeeks0 = table.Column<long>(type: "INTEGER", nullable: false),
                    NegativeWeeks1 = table.Column<long>(type: "INTEGER", nullable: false),
                    NegativesUpTo0 = table.Column<long>(type: "INTEGER", nullable: false),
                    NegativesUpTo1 = table.Column<long>(type: "INTEGER", nullable: false),
                    NegativesUpTo10 = table.Column<long>(type: "INTEGER", nullable: false),
                    NegativesUpTo11 = table.Column<long>(type: "INTEGER", nullable: false),
                    NegativesUpTo12 = table.Column<long>(type: "INTEGER", nullable: false),
                    NegativesUpTo13 = table.Column<long>(type: "INTEGER", nullable: false),
                    NegativesUpTo14 = table.Column<long>(type: "INTEGER", nullable: false),
                    NegativesUpTo15 = table.Column<long>(type: "INTEGER", nullable: false),
                    NegativesUpTo16 = table.Column<long>(type: "INTEGER", nullable: false),
                    NegativesUpTo17 = table.Column<long>(type: "INTEGER", nullable: false),
                    NegativesUpTo2 = table.Column<long>(type: "INTEGER", nullable: false),
                    NegativesUpTo3 = table.Column<long>(type: "INTEGER", nullable: false),
                    NegativesUpTo4 = table.Column<long>(type: "INTEGER", nullable: false),
                    NegativesUpTo5 = table.Column<long>(type: "INTEGER", nullable: false),
                    NegativesUpTo6 = table.Column<long>(type: "INTEGER", nullable: false),
                    NegativesUpTo7 = table.Column<long>(type: "INTEGER", nullable: false),
                    NegativesUpTo8 = table.Column<long>(type: "INTEGER", nullable: false),
                    NegativesUpTo9 = table.Column<long>(type: "INTEGER", nullable: false),
                    ScreensUpTo0 = table.Column<long>(type: "INTEGER", nullable: false),
                    ScreensUpTo1 = table.Column<long>(type: "INTEGER", nullable: false),
                    ScreensUpTo10 = table.Column<long>(type: "INTEGER", nullable: false),
                    ScreensUpTo11 = table.Column<long>(type: "INTEGER", nullable: false),
                    ScreensUpTo12 = table.Column<long>(type: "INTEGER", nullable: false),
                    ScreensUpTo13 = table.Column<long>(type: "INTEGER", nullable: false),
                    ScreensUpTo14 = table.Column<long>(type: "INTEGER", nullable: false),
                    ScreensUpTo15 = table.Column<long>(type: "INTEGER", nullable: false),
                    ScreensUpTo16 = table.Column<long>(type: "INTEGER", nullable: false),
                    ScreensUpTo17 = table.Column<long>(type: "INTEGER", nullable: false),
                    ScreensUpTo2 = table.Column<long>(type: "INTEGER", nullable: false),
                    ScreensUpTo3 = table.Column<long>(type: "INTEGER", nullable: false),
                    ScreensUpTo4 = table.Column<long>(type: "INTEGER", nullable: false),
                    ScreensUpTo5 = table.Column<long>(type: "INTEGER", nullable: false),
                    ScreensUpTo6 = table.Column<long>(type: "INTEGER", nullable: false),
                    ScreensUpTo7 = table.Column<long>(type: "INTEGER", nullable: false),
                    ScreensUpTo8 = table.Column<long>(type: "INTEGER", nullable: false),
                    ScreensUpTo9 = table.Column<long>(type: "INTEGER", nullable: false),
                    XbotRelapseBy = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EpisodeUrineWeeks", x => x.EpisodeId);
                    table.ForeignKey(
                        name: "FK_EpisodeUrineWeeks_Sites_SiteId",
                        column: x => x.SiteId,
                        principalTable: "Sites",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_EpisodeUrineWeeks_TreatmentEpisodes_EpisodeId",
                        column: x => x.EpisodeId,
                        principalTable: "TreatmentEpisodes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_EpisodeUrineWeeks_Patient",
                table: "EpisodeUrineWeeks",
                column: "PatientId");

            migrationBuilder.CreateIndex(
                name: "IX_EpisodeUrineWeeks_Site_Admitted",
                table: "EpisodeUrineWeeks",
                columns: new[] { "SiteId", "AdmittedOn" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "EpisodeUrineWeeks");
        }
    }
}
