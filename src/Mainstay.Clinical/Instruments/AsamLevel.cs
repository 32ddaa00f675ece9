namespace Mainstay.Clinical.Instruments;

/// <summary>
/// ASAM Criteria, 3rd edition (2013), levels of care and withdrawal-management levels. Level names
/// per the Medicaid IAP summary of the 3rd edition; the "-WM" codes follow 3rd-edition naming
/// (older PPC-2R: I-D, II-D, III.2-D, III.7-D, IV-D).
/// </summary>
public enum AsamLevel
{
    EarlyIntervention,
    Outpatient,
    OpioidTreatmentProgram,
    IntensiveOutpatient,
    PartialHospitalization,
    ClinicallyManagedLowIntensityResidential,
    ClinicallyManagedPopulationSpecificHighIntensityResidential,
    ClinicallyManagedHighIntensityResidential,
    MedicallyMonitoredIntensiveInpatient,
    MedicallyManagedIntensiveInpatient,
    AmbulatoryWithdrawalManagementWithoutExtendedOnSiteMonitoring,
    AmbulatoryWithdrawalManagementWithExtendedOnSiteMonitoring,
    ClinicallyManagedResidentialWithdrawalManagement,
    MedicallyMonitoredInpatientWithdrawalManagement,
    MedicallyManagedIntensiveInpatientWithdrawalManagement,
}

/// <summary>Codes and names of <see cref="AsamLevel"/> (ASAM Criteria, 3rd edition, 2013).</summary>
public static class AsamLevels
{
    public static IReadOnlyList<AsamLevel> All { get; } = Enum.GetValues<AsamLevel>();

    /// <summary>The level's code as written in a chart: "0.5", "1", "1-OTP", "2.1" … "4", "1-WM" … "4-WM".</summary>
    public static string Code(this AsamLevel level) => level switch
    {
        AsamLevel.EarlyIntervention => "0.5",
        AsamLevel.Outpatient => "1",
        AsamLevel.OpioidTreatmentProgram => "1-OTP",
        AsamLevel.IntensiveOutpatient => "2.1",
        AsamLevel.PartialHospitalization => "2.5",
        AsamLevel.ClinicallyManagedLowIntensityResidential => "3.1",
        AsamLevel.ClinicallyManagedPopulationSpecificHighIntensityResidential => "3.3",
        AsamLevel.ClinicallyManagedHighIntensityResidential => "3.5",
        AsamLevel.MedicallyMonitoredIntensiveInpatient => "3.7",
        AsamLevel.MedicallyManagedIntensiveInpatient => "4",
        AsamLevel.AmbulatoryWithdrawalManagementWithoutExtendedOnSiteMonitoring => "1-WM",
        AsamLevel.AmbulatoryWithdrawalManagementWithExtendedOnSiteMonitoring => "2-WM",
        AsamLevel.ClinicallyManagedResidentialWithdrawalManagement => "3.2-WM",
        AsamLevel.MedicallyMonitoredInpatientWithdrawalManagement => "3.7-WM",
        AsamLevel.MedicallyManagedIntensiveInpatientWithdrawalManagement => "4-WM",
    };

    /// <summary>The level's name.</summary>
    public static string Name(this AsamLevel level) => level switch
    {
        AsamLevel.EarlyIntervention => "Early Intervention",
        AsamLevel.Outpatient => "Outpatient Services",
        AsamLevel.OpioidTreatmentProgram => "Opioid Treatment Program",
        AsamLevel.IntensiveOutpatient => "Intensive Outpatient",
        AsamLevel.PartialHospitalization => "Partial Hospitalization",
        AsamLevel.ClinicallyManagedLowIntensityResidential => "Clinically Managed Low-Intensity Residential",
        AsamLevel.ClinicallyManagedPopulationSpecificHighIntensityResidential => "Clinically Managed Population-Specific High-Intensity Residential",
        AsamLevel.ClinicallyManagedHighIntensityResidential => "Clinically Managed High-Intensity Residential",
        AsamLevel.MedicallyMonitoredIntensiveInpatient => "Medically Monitored Intensive Inpatient",
        AsamLevel.MedicallyManagedIntensiveInpatient => "Medically Managed Intensive Inpatient",
        AsamLevel.AmbulatoryWithdrawalManagementWithoutExtendedOnSiteMonitoring => "Ambulatory Withdrawal Management without Extended On-Site Monitoring",
        AsamLevel.AmbulatoryWithdrawalManagementWithExtendedOnSiteMonitoring => "Ambulatory Withdrawal Management with Extended On-Site Monitoring",
        AsamLevel.ClinicallyManagedResidentialWithdrawalManagement => "Clinically Managed Residential Withdrawal Management",
        AsamLevel.MedicallyMonitoredInpatientWithdrawalManagement => "Medically Monitored Inpatient Withdrawal Management",
        AsamLevel.MedicallyManagedIntensiveInpatientWithdrawalManagement => "Medically Managed Intensive Inpatient Withdrawal Management",
    };

    /// <summary>True for the withdrawal-management ("-WM") levels.</summary>
    public static bool IsWithdrawalManagement(this AsamLevel level) => level.Code().EndsWith("-WM", StringComparison.Ordinal);

    /// <summary>The level with this code, or null.</summary>
    public static AsamLevel? FromCode(string? code) =>
        All.Where(l => string.Equals(l.Code(), code?.Trim(), StringComparison.OrdinalIgnoreCase)).Select(l => (AsamLevel?)l).FirstOrDefault();
}
