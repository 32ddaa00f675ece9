using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mainstay.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Locator : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DirectoryListings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Program = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    SiteName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Address = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    City = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    State = table.Column<string>(type: "TEXT", maxLength: 2, nullable: true),
                    Zip = table.Column<string>(type: "TEXT", maxLength: 5, nullable: false),
                    Latitude = table.Column<double>(type: "REAL", nullable: false),
                    Longitude = table.Column<double>(type: "REAL", nullable: false),
                    Phone = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    Website = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    Hours = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    Services = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Settings = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Payments = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Languages = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Populations = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    MainstaySiteId = table.Column<int>(type: "INTEGER", nullable: true),
                    IsActive = table.Column<bool>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DirectoryListings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DirectoryListings_Sites_MainstaySiteId",
                        column: x => x.MainstaySiteId,
                        principalTable: "Sites",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DirectoryListings_Key",
                table: "DirectoryListings",
                columns: new[] { "Program", "SiteName", "Zip" });

            migrationBuilder.CreateIndex(
                name: "IX_DirectoryListings_MainstaySiteId",
                table: "DirectoryListings",
                column: "MainstaySiteId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DirectoryListings");
        }
    }
}
