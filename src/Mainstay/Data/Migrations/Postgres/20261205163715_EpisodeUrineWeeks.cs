using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mainstay.Data.Migrations.Postgres
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
                    EpisodeId = table.Column<Guid>(type: "uuid", nullable: false),
                    PatientId = table.Column<Guid>(type: "uuid", nullable: false),
                    SiteId = table.Column<int>(type: "integer", nullable: false),
                    Medication = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    AdmittedAt = table.Column<DateTimeOffset>(type: "timestamp(6) with time zone", precision: 6, nullable: false),
                    DischargedAt = table.Column<DateTimeOffset>(type: "timestamp(6) with time zone", precision: 6, nullable: true),
                    AdmittedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Dosed = table.Column<bool>(type: "boolean", nullable: false),
                    Ctn0094DropoutBy = table.Column<int>(type: "integer", nullable: true),
                    Ctn0094RelapseBy = table.Column<int>(type: "integer", nullable: true),
                    NegativeWeeks0 = table.Column<long>(type: "bigint", nullable: false),
                    NegativeWeeks1 = table.Column<long>(type: "bigint", nullable: false),
                    NegativesUpTo0 = table.Column<long>(type: "bigint", nullable: false),
                    NegativesUpTo1 = table.Column<long>(type: "bigint", nullable: false),
                    NegativesUpTo10 = table.Column<long>(type: "bigint", nullable: false),
                    NegativesUpTo11 = table.Column<long>(type: "bigint", nullable: false),
                    NegativesUpTo12 = table.Column<long>(type: "bigint", nullable: false),
                    NegativesUpTo13 = table.Column<long>(type: "bigint", nullable: false),
                    NegativesUpTo14 = table.Column<long>(type: "bigint", nullable: false),
                    NegativesUpTo15 = table.Column<long>(type: "bigint", nullable: false),
                    NegativesUpTo16 = table.Column<long>(type: "bigint", nullable: false),
                    NegativesUpTo17 = table.Column<long>(type: "bigint", nullable: false),
                    NegativesUpTo2 = table.Column<long>(type: "bigint", nullable: false),
                    NegativesUpTo3 = table.Column<long>(type: "bigint", nullable: false),
                    NegativesUpTo4 = table.Column<long>(type: "bigint", nullable: false),
                    NegativesUpTo5 = table.Column<long>(type: "bigint", nullable: false),
                    NegativesUpTo6 = table.Column<long>(type: "bigint", nullable: false),
                    NegativesUpTo7 = table.Column<long>(type: "bigint", nullable: false),
                    NegativesUpTo8 = table.Column<long>(type: "bigint", nullable: false),
                    NegativesUpTo9 = table.Column<long>(type: "bigint", nullable: false),
                    ScreensUpTo0 = table.Column<long>(type: "bigint", nullable: false),
                    ScreensUpTo1 = table.Column<long>(type: "bigint", nullable: false),
                    ScreensUpTo10 = table.Column<long>(type: "bigint", nullable: false),
                    ScreensUpTo11 = table.Column<long>(type: "bigint", nullable: false),
                    ScreensUpTo12 = table.Column<long>(type: "bigint", nullable: false),
                    ScreensUpTo13 = table.Column<long>(type: "bigint", nullable: false),
                    ScreensUpTo14 = table.Column<long>(type: "bigint", nullable: false),
                    ScreensUpTo15 = table.Column<long>(type: "bigint", nullable: false),
                    ScreensUpTo16 = table.Column<long>(type: "bigint", nullable: false),
                    ScreensUpTo17 = table.Column<long>(type: "bigint", nullable: false),
                    ScreensUpTo2 = table.Column<long>(type: "bigint", nullable: false),
                    ScreensUpTo3 = table.Column<long>(type: "bigint", nullable: false),
                    ScreensUpTo4 = table.Column<long>(type: "bigint", nullable: false),
                    ScreensUpTo5 = table.Column<long>(type: "bigint", nullable: false),
                    ScreensUpTo6 = table.Column<long>(type: "bigint", nullable: false),
                    ScreensUpTo7 = table.Column<long>(type: "bigint", nullable: false),
                    ScreensUpTo8 = table.Column<long>(type: "bigint", nullable: false),
                    ScreensUpTo9 = table.Column<long>(type: "bigint", nullable: false),
                    XbotRelapseBy = table.Column<int>(type: "integer", nullable: true)
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
