using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Mainstay.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Admissions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CareUnits",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SiteId = table.Column<int>(type: "integer", nullable: false),
                    Building = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    LevelOfCare = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Active = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CareUnits", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CareUnits_Sites_SiteId",
                        column: x => x.SiteId,
                        principalTable: "Sites",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "EnrollmentChecks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    SiteId = table.Column<int>(type: "integer", nullable: false),
                    InquiryId = table.Column<Guid>(type: "uuid", nullable: true),
                    PatientId = table.Column<Guid>(type: "uuid", nullable: true),
                    CheckedAt = table.Column<DateTimeOffset>(type: "timestamp(6) with time zone", precision: 6, nullable: false),
                    CheckedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Candidates = table.Column<string>(type: "text", nullable: false),
                    Result = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Resolution = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    ResolvedAt = table.Column<DateTimeOffset>(type: "timestamp(6) with time zone", precision: 6, nullable: true),
                    ResolvedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    ResolutionNote = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EnrollmentChecks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Inquiries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    SiteId = table.Column<int>(type: "integer", nullable: false),
                    Number = table.Column<long>(type: "bigint", nullable: false),
                    Stage = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    StageSince = table.Column<DateTimeOffset>(type: "timestamp(6) with time zone", precision: 6, nullable: false),
                    Source = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ReferrerKind = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    ReferrerName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    ReferrerContact = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    RequestedAt = table.Column<DateTimeOffset>(type: "timestamp(6) with time zone", precision: 6, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp(6) with time zone", precision: 6, nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    GivenName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    FamilyName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    BirthDate = table.Column<DateOnly>(type: "date", nullable: true),
                    Sex = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    Phone = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    Email = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ConsentToContact = table.Column<bool>(type: "boolean", nullable: false),
                    ContactInstructions = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    Urgency = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    Substances = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    PreferredMedication = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    LevelOfCareSought = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Payer = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    PayerDetail = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ScreenedAt = table.Column<DateTimeOffset>(type: "timestamp(6) with time zone", precision: 6, nullable: true),
                    ScreenedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    CurrentUse = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    InjectsDrugs = table.Column<bool>(type: "boolean", nullable: true),
                    Pregnant = table.Column<bool>(type: "boolean", nullable: true),
                    LastOverdose = table.Column<DateOnly>(type: "date", nullable: true),
                    WithdrawalRisk = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    SuicideRisk = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    ScreenNote = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    EligibilityAt = table.Column<DateTimeOffset>(type: "timestamp(6) with time zone", precision: 6, nullable: true),
                    EligibilityBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    EligibilityNote = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    EnrollmentConsentSignedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    EnrollmentConsentSignedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    IntakeAt = table.Column<DateTimeOffset>(type: "timestamp(6) with time zone", precision: 6, nullable: true),
                    IntakeWith = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    LastContactAt = table.Column<DateTimeOffset>(type: "timestamp(6) with time zone", precision: 6, nullable: true),
                    FirstInterimServiceAt = table.Column<DateTimeOffset>(type: "timestamp(6) with time zone", precision: 6, nullable: true),
                    PatientId = table.Column<Guid>(type: "uuid", nullable: true),
                    EpisodeId = table.Column<Guid>(type: "uuid", nullable: true),
                    ClosedAt = table.Column<DateTimeOffset>(type: "timestamp(6) with time zone", precision: 6, nullable: true),
                    NotAdmittedReason = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    ReferredTo = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    CloseNote = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Inquiries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Inquiries_Patients_PatientId",
                        column: x => x.PatientId,
                        principalTable: "Patients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Inquiries_Sites_SiteId",
                        column: x => x.SiteId,
                        principalTable: "Sites",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "RegistryEnrollments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ProgramCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    ProgramName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    PersonReference = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    GivenName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    FamilyName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    BirthDate = table.Column<DateOnly>(type: "date", nullable: false),
                    Sex = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    Medication = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    DoseMg = table.Column<decimal>(type: "numeric(8,2)", precision: 8, scale: 2, nullable: true),
                    LastEvent = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    LastEventOn = table.Column<DateOnly>(type: "date", nullable: false),
                    AdmittedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    EndedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    ImportedAt = table.Column<DateTimeOffset>(type: "timestamp(6) with time zone", precision: 6, nullable: false),
                    ImportedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RegistryEnrollments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "TreatmentEpisodes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PatientId = table.Column<Guid>(type: "uuid", nullable: false),
                    SiteId = table.Column<int>(type: "integer", nullable: false),
                    LevelOfCare = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    PlannedMedication = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    AdmittedAt = table.Column<DateTimeOffset>(type: "timestamp(6) with time zone", precision: 6, nullable: false),
                    AdmittedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    InquiryId = table.Column<Guid>(type: "uuid", nullable: true),
                    Source = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    ReferrerKind = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    DaysWaited = table.Column<int>(type: "integer", nullable: true),
                    DischargedAt = table.Column<DateTimeOffset>(type: "timestamp(6) with time zone", precision: 6, nullable: true),
                    DischargeReason = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    TedsReason = table.Column<int>(type: "integer", nullable: true),
                    DischargedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Continuity = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    ContinuityDetail = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    ToleranceWarning = table.Column<bool>(type: "boolean", nullable: false),
                    NaloxoneOffered = table.Column<bool>(type: "boolean", nullable: true),
                    DischargeNote = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    DischargeSummary = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TreatmentEpisodes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TreatmentEpisodes_Patients_PatientId",
                        column: x => x.PatientId,
                        principalTable: "Patients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_TreatmentEpisodes_Sites_SiteId",
                        column: x => x.SiteId,
                        principalTable: "Sites",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Beds",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UnitId = table.Column<int>(type: "integer", nullable: false),
                    SiteId = table.Column<int>(type: "integer", nullable: false),
                    Room = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Label = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    StatusNote = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    StatusSince = table.Column<DateTimeOffset>(type: "timestamp(6) with time zone", precision: 6, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Beds", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Beds_CareUnits_UnitId",
                        column: x => x.UnitId,
                        principalTable: "CareUnits",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "InquiryActivities",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    InquiryId = table.Column<Guid>(type: "uuid", nullable: false),
                    SiteId = table.Column<int>(type: "integer", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp(6) with time zone", precision: 6, nullable: false),
                    By = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    FromStage = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    ToStage = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    What = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: true),
                    Outcome = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    Detail = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InquiryActivities", x => x.Id);
                    table.ForeignKey(
                        name: "FK_InquiryActivities_Inquiries_InquiryId",
                        column: x => x.InquiryId,
                        principalTable: "Inquiries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "AftercareContacts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    EpisodeId = table.Column<Guid>(type: "uuid", nullable: false),
                    PatientId = table.Column<Guid>(type: "uuid", nullable: false),
                    SiteId = table.Column<int>(type: "integer", nullable: false),
                    Day = table.Column<int>(type: "integer", nullable: false),
                    DueOn = table.Column<DateOnly>(type: "date", nullable: false),
                    ContactedAt = table.Column<DateTimeOffset>(type: "timestamp(6) with time zone", precision: 6, nullable: true),
                    ContactedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Method = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    Outcome = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    Note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    Attempts = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AftercareContacts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AftercareContacts_TreatmentEpisodes_EpisodeId",
                        column: x => x.EpisodeId,
                        principalTable: "TreatmentEpisodes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "AftercareItems",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    EpisodeId = table.Column<Guid>(type: "uuid", nullable: false),
                    PatientId = table.Column<Guid>(type: "uuid", nullable: false),
                    SiteId = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Provider = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Contact = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    FirstAppointment = table.Column<DateOnly>(type: "date", nullable: true),
                    Note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AftercareItems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AftercareItems_TreatmentEpisodes_EpisodeId",
                        column: x => x.EpisodeId,
                        principalTable: "TreatmentEpisodes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "BedStays",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    BedId = table.Column<int>(type: "integer", nullable: false),
                    UnitId = table.Column<int>(type: "integer", nullable: false),
                    SiteId = table.Column<int>(type: "integer", nullable: false),
                    PatientId = table.Column<Guid>(type: "uuid", nullable: true),
                    InquiryId = table.Column<Guid>(type: "uuid", nullable: true),
                    Kind = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    From = table.Column<DateTimeOffset>(type: "timestamp(6) with time zone", precision: 6, nullable: false),
                    Until = table.Column<DateTimeOffset>(type: "timestamp(6) with time zone", precision: 6, nullable: true),
                    StartedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    EndedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    EndReason = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: true),
                    Note = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BedStays", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BedStays_Beds_BedId",
                        column: x => x.BedId,
                        principalTable: "Beds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_BedStays_Patients_PatientId",
                        column: x => x.PatientId,
                        principalTable: "Patients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.InsertData(
                table: "Counters",
                columns: new[] { "Name", "Value" },
                values: new object[] { "inquiry-number", 1000L });

            migrationBuilder.CreateIndex(
                name: "IX_AftercareContacts_Site_Due",
                table: "AftercareContacts",
                columns: new[] { "SiteId", "DueOn" });

            migrationBuilder.CreateIndex(
                name: "UX_AftercareContacts_Episode_Day",
                table: "AftercareContacts",
                columns: new[] { "EpisodeId", "Day" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AftercareItems_Episode",
                table: "AftercareItems",
                column: "EpisodeId");

            migrationBuilder.CreateIndex(
                name: "UX_Beds_Unit_Room_Label",
                table: "Beds",
                columns: new[] { "UnitId", "Room", "Label" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_BedStays_Unit_From",
                table: "BedStays",
                columns: new[] { "UnitId", "From" });

            migrationBuilder.CreateIndex(
                name: "UX_BedStays_OpenPerBed",
                table: "BedStays",
                column: "BedId",
                unique: true,
                filter: "\"Until\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "UX_BedStays_OpenPerInquiry",
                table: "BedStays",
                column: "InquiryId",
                unique: true,
                filter: "\"Until\" IS NULL AND \"InquiryId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "UX_BedStays_OpenPerPatient",
                table: "BedStays",
                column: "PatientId",
                unique: true,
                filter: "\"Until\" IS NULL AND \"PatientId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "UX_CareUnits_Site_Name",
                table: "CareUnits",
                columns: new[] { "SiteId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_EnrollmentChecks_Inquiry",
                table: "EnrollmentChecks",
                column: "InquiryId");

            migrationBuilder.CreateIndex(
                name: "IX_EnrollmentChecks_Patient",
                table: "EnrollmentChecks",
                column: "PatientId");

            migrationBuilder.CreateIndex(
                name: "IX_Inquiries_PatientId",
                table: "Inquiries",
                column: "PatientId");

            migrationBuilder.CreateIndex(
                name: "IX_Inquiries_Site_Stage",
                table: "Inquiries",
                columns: new[] { "SiteId", "Stage" });

            migrationBuilder.CreateIndex(
                name: "UX_Inquiries_Number",
                table: "Inquiries",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_InquiryActivities_Inquiry",
                table: "InquiryActivities",
                columns: new[] { "InquiryId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_RegistryEnrollments_BirthDate",
                table: "RegistryEnrollments",
                column: "BirthDate");

            migrationBuilder.CreateIndex(
                name: "UX_RegistryEnrollments_Person",
                table: "RegistryEnrollments",
                columns: new[] { "ProgramCode", "PersonReference" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TreatmentEpisodes_Patient",
                table: "TreatmentEpisodes",
                columns: new[] { "PatientId", "AdmittedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_TreatmentEpisodes_Site_Open",
                table: "TreatmentEpisodes",
                columns: new[] { "SiteId", "DischargedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AftercareContacts");

            migrationBuilder.DropTable(
                name: "AftercareItems");

            migrationBuilder.DropTable(
                name: "BedStays");

            migrationBuilder.DropTable(
                name: "EnrollmentChecks");

            migrationBuilder.DropTable(
                name: "InquiryActivities");

            migrationBuilder.DropTable(
                name: "RegistryEnrollments");

            migrationBuilder.DropTable(
                name: "TreatmentEpisodes");

            migrationBuilder.DropTable(
                name: "Beds");

            migrationBuilder.DropTable(
                name: "Inquiries");

            migrationBuilder.DropTable(
                name: "CareUnits");

            migrationBuilder.DeleteData(
                table: "Counters",
                keyColumn: "Name",
                keyValue: "inquiry-number");
        }
    }
}
