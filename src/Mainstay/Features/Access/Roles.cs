namespace Mainstay.Features.Access;

/// <summary>The roles of the clinic, as DESIGN.md lists them, and which may do what.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Prescriber = "prescriber";
    public const string Nurse = "nurse";
    public const string Counselor = "counselor";
    public const string Intake = "intake";
    public const string Director = "director";
    public const string Auditor = "auditor";
    public const string Patient = "patient";

    public static readonly IReadOnlyList<string> All =
        [Admin, Prescriber, Nurse, Counselor, Intake, Director, Auditor, Patient];

    public static bool IsKnown(string role) => All.Contains(role);

    public static string Describe(string role) => role switch
    {
        Admin => "Administrator",
        Prescriber => "Prescriber",
        Nurse => "Nurse",
        Counselor => "Counselor",
        Intake => "Intake coordinator",
        Director => "Program director",
        Auditor => "Auditor / privacy officer",
        Patient => "Patient",
        _ => role,
    };
}

/// <summary>Authorization policies: one per kind of right, named for what it allows.</summary>
public static class Policies
{
    /// <summary>Open a chart, search patients.</summary>
    public const string ReadPatients = "patients.read";

    /// <summary>Register patients, change demographics and status.</summary>
    public const string WritePatients = "patients.write";

    /// <summary>Browse the audit trail.</summary>
    public const string ReadAudit = "audit.read";

    /// <summary>Manage organizations, sites and user accounts.</summary>
    public const string Administer = "admin";

    /// <summary>Any signed-in staff member (not a patient).</summary>
    public const string Staff = "staff";

    /// <summary>A patient in the portal: their own record only.</summary>
    public const string Portal = "portal";

    /// <summary>Read a patient's Part 2 consents: the clinical readers and the privacy officer, who reviews consents.</summary>
    public const string ReadConsents = "consents.read";

    /// <summary>Start a bulk FHIR export of every record at one's sites: the program director only (a data steward's act, not a daily one).</summary>
    public const string BulkExport = "fhir.bulk-export";

    /// <summary>Take a bed out of service and back (cleaning, repairs): clinical staff and administrators.</summary>
    public const string BedStatus = "beds.status";

    /// <summary>Prepare and send the state's TEDS admission and discharge files: the program director, who reports for the program.</summary>
    public const string StateReport = "reports.state";

    /// <summary>
    /// Move controlled-substance stock and close the day's count: the nurses and prescribers who handle it. The director
    /// is refused on purpose (decided at stop 20): the director oversees the stock and reviews its discrepancies.
    /// </summary>
    public const string KeepStock = "stock.keep";

    /// <summary>Review a close of day's discrepancies and corrections: the program director, who answers for the stock.</summary>
    public const string ReviewStock = "stock.review";

    public static readonly IReadOnlyDictionary<string, string[]> RolesFor = new Dictionary<string, string[]>
    {
        [ReadPatients] = [Roles.Prescriber, Roles.Nurse, Roles.Counselor, Roles.Intake, Roles.Director],
        [WritePatients] = [Roles.Prescriber, Roles.Nurse, Roles.Counselor, Roles.Intake],
        [ReadAudit] = [Roles.Auditor, Roles.Admin],
        [Administer] = [Roles.Admin],
        [Staff] = [Roles.Admin, Roles.Prescriber, Roles.Nurse, Roles.Counselor, Roles.Intake, Roles.Director, Roles.Auditor],
        [Portal] = [Roles.Patient],
        [ReadConsents] = [Roles.Prescriber, Roles.Nurse, Roles.Counselor, Roles.Intake, Roles.Director, Roles.Auditor],
        [BulkExport] = [Roles.Director],
        [StateReport] = [Roles.Director],
        [KeepStock] = [Roles.Prescriber, Roles.Nurse],
        [ReviewStock] = [Roles.Director],
        [BedStatus] = [Roles.Prescriber, Roles.Nurse, Roles.Counselor, Roles.Intake, Roles.Admin],
    };
}
