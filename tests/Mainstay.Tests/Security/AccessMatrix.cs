namespace Mainstay.Tests.Security;

/// <summary>A principal of the matrix, and the named groups its lines use.</summary>
[Flags]
public enum Who
{
    Nobody = 0,
    Anonymous = 1 << 0,
    Admin = 1 << 1,
    Prescriber = 1 << 2,
    Nurse = 1 << 3,
    Counselor = 1 << 4,
    Intake = 1 << 5,
    Director = 1 << 6,
    Auditor = 1 << 7,
    Patient = 1 << 8,

    /// <summary>Policies.WritePatients: the clinical roles that change a chart.</summary>
    Writers = Prescriber | Nurse | Counselor | Intake,

    /// <summary>Policies.ReadPatients: the clinical roles and the director.</summary>
    Readers = Writers | Director,

    /// <summary>Policies.ReadAudit.</summary>
    AuditReaders = Admin | Auditor,

    /// <summary>Policies.Staff: every signed-in staff member, not a patient.</summary>
    Staff = Admin | Readers | Auditor,

    /// <summary>Any signed-in account, patient included.</summary>
    SignedIn = Staff | Patient,

    Everyone = SignedIn | Anonymous,
}

/// <summary>Who may call each endpoint.</summary>
public static class AccessMatrix
{
    /// <summary>
    /// Endpoints whose allowed call has a side effect even with an empty body: the sweep checks only their denials.
    /// </summary>
    public static readonly IReadOnlySet<string> SideEffects = new HashSet<string>(StringComparer.Ordinal)
    {
        "GET /fhir/$export", // starts a bulk export job
        "GET /fhir/Patient/$export", // the same, for the Patient compartment
        "POST /api/v1/auth/sign-out-everywhere", // ends the caller's own tokens, the sweep's included
    };

    /// <summary>
    /// Recorded from the server's behaviour (the sweep prints the observed matrix when it differs) and then reviewed line
    /// by line for clinical and privacy sense; lines marked QUESTION are what the sweep observes but look wrong to the
    /// reviewer, and wait for a decision. "Allowed" means the request got past every role check the sweep can reach with
    /// an empty body and ids that name nothing: where a handler refuses a role only after validating the body or finding
    /// the record, the line says so and the narrower rule is the handler's, not this table's.
    /// Who.Readers = Policies.ReadPatients, Who.Writers = Policies.WritePatients, Who.AuditReaders = Policies.ReadAudit.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, Who> Expected = new Dictionary<string, Who>(StringComparer.Ordinal)
    {
        // own export jobs only, as above
        ["DELETE /fhir/$export-status/{id:guid}"] = Who.SignedIn,
        // a patient is sent on to /portal
        ["GET /"] = Who.SignedIn,
        ["GET /admin/directory"] = Who.Admin,
        ["GET /account"] = Who.SignedIn,
        // decided (stop 20): sites, units and accounts are the administrator's; the director reads reports, not settings
        ["GET /admin/sites"] = Who.Admin,
        ["GET /admin/accounts/{username}"] = Who.Admin,
        ["GET /admissions"] = Who.Readers,
        ["GET /admissions/new"] = Who.Writers,
        ["GET /admissions/waitlist"] = Who.Readers,
        ["GET /admissions/{id:guid}"] = Who.Readers,
        ["GET /api/v1/aftercare-contacts/due"] = Who.Readers,
        ["GET /api/v1/audit/events"] = Who.AuditReaders,
        ["GET /api/v1/audit/verify"] = Who.AuditReaders,
        ["GET /api/v1/beds"] = Who.Readers,
        ["GET /api/v1/beds/week"] = Who.Readers,
        ["GET /api/v1/census"] = Who.Readers,
        ["GET /api/v1/directory/"] = Who.Admin,
        ["GET /api/v1/dosing/guests"] = Who.Readers,
        ["GET /api/v1/dosing/queue"] = Who.Readers,
        ["GET /api/v1/dosing/report"] = Who.Readers,
        // handler: intake, prescriber, director send the registry file
        ["GET /api/v1/enrollment-registry/export"] = Who.Prescriber | Who.Intake | Who.Director,
        ["GET /api/v1/episodes/{id:guid}/discharge"] = Who.Readers,
        ["GET /api/v1/episodes/{id:guid}/discharge-draft"] = Who.Readers,
        ["GET /api/v1/groups"] = Who.Readers,
        ["GET /api/v1/groups/{id:guid}"] = Who.Readers,
        ["GET /api/v1/inquiries"] = Who.Readers,
        ["GET /api/v1/inquiries/board"] = Who.Readers,
        ["GET /api/v1/inquiries/{id:guid}"] = Who.Readers,
        // instrument definitions: no patient data (the anonymous self-check uses them)
        ["GET /api/v1/instruments/"] = Who.Everyone,
        // instrument definitions: no patient data
        ["GET /api/v1/instruments/{code}"] = Who.Everyone,
        ["GET /api/v1/inventory/closes"] = Who.Readers,
        // handler: a close at one of the caller's sites (looked up first)
        ["GET /api/v1/inventory/closes/{closeId}"] = Who.Readers,
        ["GET /api/v1/inventory/ledger"] = Who.Readers,
        ["GET /api/v1/inventory/lots"] = Who.Readers,
        ["GET /api/v1/inventory/reconciliation"] = Who.Readers,
        ["GET /api/v1/locator/programs"] = Who.Everyone,
        ["GET /api/v1/me"] = Who.Patient,
        // decided (stop 20): the director reads progress notes as the program's clinical supervisor (42 CFR 2.12(c)(3),
        // communications within the program with a need for the information); they are progress notes, not HIPAA
        // psychotherapy notes, which Mainstay does not keep
        ["GET /api/v1/notes/{id:guid}"] = Who.Readers,
        // the safety rules as reference data, no patient data
        ["GET /api/v1/orders/rules"] = Who.Staff,
        // reference schedule, no patient data
        ["GET /api/v1/orders/schedules/low-dose-buprenorphine"] = Who.Staff,
        ["GET /api/v1/patients/"] = Who.Readers,
        ["GET /api/v1/patients/{id:guid}"] = Who.Readers,
        ["GET /api/v1/patients/{id:guid}/alerts"] = Who.Readers,
        ["GET /api/v1/patients/{id:guid}/assessments"] = Who.Readers,
        ["GET /api/v1/patients/{id:guid}/assessments/{assessmentId:guid}"] = Who.Readers,
        ["GET /api/v1/patients/{id:guid}/check-ins"] = Who.Readers,
        // decided (stop 20): the privacy officer reviews consents (DESIGN), so the auditor reads them too
        ["GET /api/v1/patients/{id:guid}/consents/"] = Who.Readers | Who.Auditor,
        // the list of disclosures (42 CFR 2.24): as the consents
        ["GET /api/v1/patients/{id:guid}/disclosures"] = Who.Readers | Who.Auditor,
        ["GET /api/v1/me/disclosures"] = Who.Patient,
        ["GET /api/v1/patients/{id:guid}/contingency"] = Who.Readers,
        ["GET /api/v1/patients/{id:guid}/episodes"] = Who.Readers,
        ["GET /api/v1/patients/{id:guid}/follow-ups"] = Who.Readers,
        ["GET /api/v1/patients/{id:guid}/history"] = Who.Readers,
        ["GET /api/v1/patients/{id:guid}/naloxone"] = Who.Readers,
        ["GET /api/v1/patients/{id:guid}/notes"] = Who.Readers,
        ["GET /api/v1/patients/{id:guid}/orders/"] = Who.Readers,
        ["GET /api/v1/patients/{id:guid}/photo"] = Who.Readers,
        ["GET /api/v1/patients/{id:guid}/plans/{planId:guid}"] = Who.Readers,
        ["GET /api/v1/patients/{id:guid}/plans/{planId:guid}/versions"] = Who.Readers,
        ["GET /api/v1/patients/{id:guid}/portal"] = Who.Readers,
        ["GET /api/v1/patients/{id:guid}/risk-profile"] = Who.Readers,
        ["GET /api/v1/patients/{id:guid}/screens/"] = Who.Readers,
        ["GET /api/v1/patients/{id:guid}/sessions"] = Who.Readers,
        ["GET /api/v1/patients/{id:guid}/take-home-decisions/"] = Who.Readers,
        ["GET /api/v1/patients/{id:guid}/withdrawal-episodes/"] = Who.Readers,
        ["GET /api/v1/patients/{id:guid}/withdrawal-episodes/{episodeId:guid}"] = Who.Readers,
        ["GET /api/v1/plans/worklist"] = Who.Readers,
        ["GET /api/v1/reports/program"] = Who.Readers,
        ["GET /api/v1/reports/retention"] = Who.Readers,
        ["GET /api/v1/reports/urine-outcomes"] = Who.Readers,

        // The state's TEDS files: the director reports for the program (policy reports.state).
        ["GET /api/v1/reports/teds"] = Who.Director,
        ["GET /api/v1/sessions"] = Who.Readers,
        ["GET /api/v1/sessions/{id:guid}"] = Who.Readers,
        // site names and addresses only; a patient sees them too
        ["GET /api/v1/sites/"] = Who.SignedIn,
        ["GET /api/v1/waitlist"] = Who.Readers,
        ["GET /api/v1/withdrawal/board"] = Who.Readers,
        ["GET /api/v1/worklist"] = Who.Readers,
        ["GET /audit"] = Who.AuditReaders,
        ["GET /audit/emergency-access"] = Who.AuditReaders,
        ["GET /emergency-access"] = Who.Readers,
        ["GET /api/v1/emergency-access"] = Who.AuditReaders,
        ["GET /beds"] = Who.Readers,
        ["GET /census"] = Who.Readers,
        ["GET /counseling"] = Who.Readers,
        ["GET /counseling/groups"] = Who.Readers,
        ["GET /counseling/groups/{id:guid}"] = Who.Readers,
        ["GET /counseling/sessions/{id:guid}"] = Who.Readers,
        // the page itself answers 403 to a signed-in caller (it is the 'you may not' page); anonymous callers see it
        ["GET /denied"] = Who.Anonymous,
        ["GET /dosing"] = Who.Readers,
        ["GET /dosing/labels/{patientId:guid}"] = Who.Readers,
        ["GET /dosing/report"] = Who.Readers,
        ["GET /episodes/{id:guid}/discharge"] = Who.Readers,
        // decided (stop 20): a bulk export of every record at one's sites is the program director's act only, not every reader's
        ["GET /fhir/$export"] = Who.Director,
        // own export jobs only, as above
        ["GET /fhir/$export-file/{id:guid}/{file}"] = Who.SignedIn,
        // any signed-in caller, but only their own export jobs (FhirExports.FindAsync filters on the requester); others get 404
        ["GET /fhir/$export-status/{id:guid}"] = Who.SignedIn,
        // decided: as GET /fhir/$export
        ["GET /fhir/Patient/$export"] = Who.Director,
        ["GET /fhir/metadata"] = Who.Everyone,
        // AllowAnonymous on the route; the handler refuses by type (Questionnaire anyone, AuditEvent audit readers, clinical types Readers or a client token); swept with type=Patient
        ["GET /fhir/{type}"] = Who.Readers,
        // as GET /fhir/{type}
        ["GET /fhir/{type}/{id}"] = Who.Readers,
        ["GET /help"] = Who.Everyone,
        ["GET /help/call-back"] = Who.Everyone,
        ["GET /help/self-check"] = Who.Everyone,
        ["GET /inventory"] = Who.Readers,
        // a close at one of the caller's sites (404 otherwise)
        ["GET /inventory/closes/{closeId:guid}"] = Who.Readers,
        ["GET /learn/{topic?}"] = Who.Everyone,
        ["GET /patients"] = Who.Readers,
        ["GET /patients/{id:guid}"] = Who.Readers,
        ["GET /patients/{id:guid}/assessments/{assessmentId:guid}"] = Who.Readers,
        ["GET /patients/{id:guid}/assessments/{assessmentId:guid}/profile"] = Who.Readers,
        // decided: as GET /api/v1/patients/{id}/consents
        ["GET /patients/{id:guid}/consents"] = Who.Readers | Who.Auditor,
        ["GET /patients/{id:guid}/edit"] = Who.Writers,
        ["GET /patients/{id:guid}/orders/new"] = Who.Writers,
        ["GET /patients/{id:guid}/plans/{planId:guid}"] = Who.Readers,
        ["GET /patients/{id:guid}/plans/{planId:guid}/edit"] = Who.Writers,
        ["GET /patients/{id:guid}/withdrawal/{episodeId:guid}"] = Who.Readers,
        ["GET /patients/{patientId:guid}/naloxone"] = Who.Readers,
        ["GET /patients/{patientId:guid}/outside-records"] = Who.Readers,
        ["GET /patients/{patientId:guid}/photo"] = Who.Readers,
        ["GET /patients/{patientId:guid}/portal"] = Who.Readers,
        ["GET /patients/{patientId:guid}/recovery"] = Who.Readers,
        ["GET /patients/{patientId:guid}/screens"] = Who.Readers,
        ["GET /patients/{patientId:guid}/take-homes"] = Who.Readers,
        ["GET /portal"] = Who.Patient,
        ["GET /portal/join/{token}"] = Who.Everyone,
        ["GET /records/import"] = Who.Writers,
        ["GET /register"] = Who.Writers,
        ["GET /reports/program"] = Who.Readers,
        ["GET /reports/retention"] = Who.Readers,
        ["GET /reports/urine-outcomes"] = Who.Readers,
        ["GET /reports/teds"] = Who.Director,
        ["GET /screens/import"] = Who.Writers,
        ["GET /signin"] = Who.Everyone,
        ["GET /signout"] = Who.SignedIn,
        ["GET /withdrawal"] = Who.Readers,
        ["GET /worklist"] = Who.Readers,
        ["PATCH /api/v1/patients/{id:guid}"] = Who.Writers,
        ["POST /api/v1/aftercare-contacts/{id:guid}"] = Who.Writers,
        // handler: only nurse, prescriber or director (400 for a missing siteId comes first)
        ["POST /api/v1/alerts/missed-dose-check"] = Who.Readers,
        // handler: clinical staff only (the alert is looked up first)
        ["POST /api/v1/alerts/{alertId:guid}/acknowledge"] = Who.Writers,
        // handler: clinical staff only (the alert is looked up first)
        ["POST /api/v1/alerts/{alertId:guid}/resolve"] = Who.Writers,
        // client credentials sign-in
        ["POST /api/v1/auth/client-token"] = Who.Everyone,
        // sign-in
        ["POST /api/v1/auth/token"] = Who.Everyone,
        // any person's own sessions (an outside client gets 403 from the handler)
        ["POST /api/v1/auth/sign-out-everywhere"] = Who.SignedIn,
        // break-the-glass: the handler also refuses roles outside the clinical ones (none of Readers is outside)
        ["POST /api/v1/emergency-access"] = Who.Readers,
        ["POST /api/v1/emergency-access/{id:guid}/review"] = Who.AuditReaders,
        ["POST /api/v1/users/{username}/end-sessions"] = Who.Admin,
        ["GET /api/v1/users"] = Who.Admin,
        ["POST /api/v1/users"] = Who.Admin,
        ["GET /api/v1/users/{username}"] = Who.Admin,
        ["PATCH /api/v1/users/{username}"] = Who.Admin,
        ["POST /api/v1/users/{username}/disable"] = Who.Admin,
        ["POST /api/v1/users/{username}/enable"] = Who.Admin,
        ["POST /api/v1/users/{username}/unlock"] = Who.Admin,
        ["POST /api/v1/users/{username}/password"] = Who.Admin,
        ["POST /api/v1/beds/{id:int}/assign"] = Who.Writers,
        ["POST /api/v1/beds/{id:int}/release"] = Who.Writers,
        // decided (stop 20): clinical staff and administrators (facilities) take beds out of service and back
        ["POST /api/v1/beds/{id:int}/status"] = Who.Writers | Who.Admin,
        ["POST /api/v1/beds/{id:int}/transfer"] = Who.Writers,
        ["POST /api/v1/care-units"] = Who.Admin,
        ["POST /api/v1/contingency/{id:guid}/end"] = Who.Prescriber | Who.Counselor,
        ["POST /api/v1/contingency/{id:guid}/rewards"] = Who.Prescriber | Who.Nurse | Who.Counselor,
        ["POST /api/v1/directory/"] = Who.Admin,
        ["POST /api/v1/directory/import"] = Who.Admin,
        ["POST /api/v1/dosing/bottles/{id:guid}/return"] = Who.Prescriber | Who.Nurse,
        ["POST /api/v1/dosing/dispenses"] = Who.Prescriber | Who.Nurse,
        ["POST /api/v1/dosing/guests"] = Who.Prescriber | Who.Nurse,
        ["POST /api/v1/dosing/guests/{id:guid}/end"] = Who.Prescriber | Who.Nurse,
        ["POST /api/v1/dosing/take-homes"] = Who.Prescriber | Who.Nurse,
        ["POST /api/v1/enrollment-checks/{id:guid}/resolve"] = Who.Prescriber | Who.Nurse | Who.Counselor,
        // handler: intake, prescriber, admin load the registry file
        ["POST /api/v1/enrollment-registry/import"] = Who.Admin | Who.Prescriber | Who.Intake,
        ["POST /api/v1/episodes/{id:guid}/discharge"] = Who.Prescriber | Who.Nurse | Who.Counselor,
        ["POST /api/v1/groups"] = Who.Prescriber | Who.Counselor,
        ["POST /api/v1/groups/{id:guid}/members"] = Who.Writers,
        ["POST /api/v1/groups/{id:guid}/members/{patientId:guid}/leave"] = Who.Writers,
        // handler: intake coordinators and clinicians
        ["POST /api/v1/inquiries"] = Who.Writers,
        ["POST /api/v1/inquiries/{id:guid}/admit"] = Who.Writers,
        ["POST /api/v1/inquiries/{id:guid}/contacts"] = Who.Writers,
        ["POST /api/v1/inquiries/{id:guid}/eligibility"] = Who.Writers,
        ["POST /api/v1/inquiries/{id:guid}/enrollment-check"] = Who.Writers,
        ["POST /api/v1/inquiries/{id:guid}/interim-services"] = Who.Writers,
        ["POST /api/v1/inquiries/{id:guid}/schedule"] = Who.Writers,
        ["POST /api/v1/inquiries/{id:guid}/screen"] = Who.Writers,
        ["POST /api/v1/inquiries/{id:guid}/stage"] = Who.Writers,
        // scores answers and stores nothing
        ["POST /api/v1/instruments/{code}/score"] = Who.Everyone,
        // Policies.KeepStock (decided at stop 20): the director oversees stock through the reports, the reconciliation and
        // the review of closes; only staff who handle controlled substances move them, so the director is refused here on purpose
        ["POST /api/v1/inventory/adjustments"] = Who.Prescriber | Who.Nurse,
        // Policies.KeepStock; the close of day: every lot counted with a witness
        ["POST /api/v1/inventory/closes"] = Who.Prescriber | Who.Nurse,
        // Policies.ReviewStock: the director reviews a close's discrepancies (the close is looked up first)
        ["POST /api/v1/inventory/closes/{closeId}/review"] = Who.Director,
        // as /inventory/adjustments
        ["POST /api/v1/inventory/corrections"] = Who.Prescriber | Who.Nurse,
        // as /inventory/adjustments
        ["POST /api/v1/inventory/counts"] = Who.Prescriber | Who.Nurse,
        // as /inventory/adjustments
        ["POST /api/v1/inventory/receipts"] = Who.Prescriber | Who.Nurse,
        // as /inventory/adjustments
        ["POST /api/v1/inventory/transfers"] = Who.Prescriber | Who.Nurse,
        // as /inventory/adjustments
        ["POST /api/v1/inventory/waste"] = Who.Prescriber | Who.Nurse,
        ["POST /api/v1/me/check-ins"] = Who.Patient,
        ["POST /api/v1/notes/{id:guid}/amend"] = Who.Prescriber | Who.Nurse | Who.Counselor,
        // handler: only the note's author (the note is looked up first)
        ["POST /api/v1/notes/{id:guid}/sign"] = Who.Writers,
        ["POST /api/v1/patients/"] = Who.Writers,
        ["POST /api/v1/patients/{id:guid}/alerts"] = Who.Writers,
        ["POST /api/v1/patients/{id:guid}/allergies"] = Who.Writers,
        ["POST /api/v1/patients/{id:guid}/assessments"] = Who.Writers,
        ["POST /api/v1/patients/{id:guid}/assessments/{assessmentId:guid}/amend"] = Who.Writers,
        ["POST /api/v1/patients/{id:guid}/assessments/{assessmentId:guid}/complete"] = Who.Writers,
        ["POST /api/v1/patients/{id:guid}/assessments/{assessmentId:guid}/sign"] = Who.Prescriber | Who.Counselor,
        ["POST /api/v1/patients/{id:guid}/check-ins"] = Who.Writers,
        ["POST /api/v1/patients/{id:guid}/consents/"] = Who.Writers,
        ["POST /api/v1/patients/{id:guid}/consents/{consentId:guid}/revoke"] = Who.Writers,
        ["POST /api/v1/patients/{id:guid}/contingency"] = Who.Prescriber | Who.Counselor,
        // a death recorded in error is undone by the program director alone (stop 39)
        ["POST /api/v1/patients/{id:guid}/death-correction"] = Who.Director,
        ["POST /api/v1/patients/{id:guid}/follow-ups/{followUpId:guid}/close"] = Who.Writers,
        // handler: only prescriber, nurse or counselor ({} is refused as invalid first)
        ["POST /api/v1/patients/{id:guid}/naloxone-kits"] = Who.Writers,
        ["POST /api/v1/patients/{id:guid}/notes"] = Who.Prescriber | Who.Nurse | Who.Counselor,
        ["POST /api/v1/patients/{id:guid}/orders/"] = Who.Prescriber,
        // handler: only a prescriber (the order is looked up first)
        ["POST /api/v1/patients/{id:guid}/orders/{orderId:guid}/discontinue"] = Who.Writers,
        // handler: only a nurse or a prescriber (the order is looked up first)
        ["POST /api/v1/patients/{id:guid}/orders/{orderId:guid}/hold"] = Who.Writers,
        // handler: only a prescriber (the order is looked up first)
        ["POST /api/v1/patients/{id:guid}/orders/{orderId:guid}/resume"] = Who.Writers,
        ["POST /api/v1/patients/{id:guid}/orders/{orderId:guid}/taper"] = Who.Prescriber,
        // handler: clinical staff only
        ["POST /api/v1/patients/{id:guid}/overdoses"] = Who.Writers,
        ["POST /api/v1/patients/{id:guid}/plans/draft"] = Who.Writers,
        ["POST /api/v1/patients/{id:guid}/plans/{planId:guid}/acknowledge"] = Who.Writers,
        ["POST /api/v1/patients/{id:guid}/plans/{planId:guid}/reviews"] = Who.Writers,
        ["POST /api/v1/patients/{id:guid}/plans/{planId:guid}/sign"] = Who.Prescriber | Who.Counselor,
        ["POST /api/v1/patients/{id:guid}/portal-invitations"] = Who.Writers,
        // handler: only prescriber, nurse or counselor order screens ({} is refused as invalid first)
        ["POST /api/v1/patients/{id:guid}/screens/"] = Who.Writers,
        ["POST /api/v1/patients/{id:guid}/screens/{screenId:guid}/cancel"] = Who.Writers,
        // handler: only a nurse or a prescriber records results (the screen is looked up first)
        ["POST /api/v1/patients/{id:guid}/screens/{screenId:guid}/results"] = Who.Writers,
        ["POST /api/v1/patients/{id:guid}/sessions"] = Who.Writers,
        ["POST /api/v1/patients/{id:guid}/status"] = Who.Writers,
        ["POST /api/v1/patients/{id:guid}/take-home-decisions/"] = Who.Prescriber,
        ["POST /api/v1/patients/{id:guid}/take-home-decisions/{decisionId:guid}/recall"] = Who.Prescriber | Who.Nurse,
        ["POST /api/v1/patients/{id:guid}/withdrawal-episodes/"] = Who.Writers,
        ["POST /api/v1/patients/{id:guid}/withdrawal-episodes/{episodeId:guid}/end"] = Who.Writers,
        ["POST /api/v1/patients/{id:guid}/withdrawal-episodes/{episodeId:guid}/entries"] = Who.Writers,
        // redeems a one-time invitation (the token is the credential)
        ["POST /api/v1/portal/join/{token}"] = Who.Everyone,
        // handler: only a nurse or a prescriber imports ({} is refused as invalid first)
        ["POST /api/v1/screens/import"] = Who.Writers,
        ["POST /api/v1/sessions/{id:guid}/attendance"] = Who.Writers,
        ["POST /api/v1/sessions/{id:guid}/cancel"] = Who.Writers,
        ["POST /api/v1/sessions/{id:guid}/group-notes"] = Who.Prescriber | Who.Nurse | Who.Counselor,
        ["POST /fhir/"] = Who.Writers,
        ["PUT /api/v1/directory/{id:guid}"] = Who.Admin,
        // handler: only the note's author changes a draft
        ["PUT /api/v1/notes/{id:guid}"] = Who.Writers,
        ["PUT /api/v1/patients/{id:guid}/assessments/{assessmentId:guid}"] = Who.Writers,
        ["PUT /api/v1/patients/{id:guid}/photo"] = Who.Writers,
        ["PUT /api/v1/patients/{id:guid}/plans/{planId:guid}"] = Who.Writers,
    };
}
