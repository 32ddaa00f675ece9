using System.Text;
using CsCheck;
using Mainstay.Clinical.Assessment;
using Mainstay.Clinical.Reporting;

namespace Mainstay.Clinical.Tests.Reporting;

/// <summary>
/// The TEDS admission and discharge records against SAMHSA's public-use codebooks (TEDS-A 2000–2019, TEDS-D 2019;
/// copied into tests/data/teds): the codes of each field, the age and length-of-stay bands at their edges, and a
/// property test that every code Mainstay writes is one the codebook lists for that field.
/// </summary>
public class TedsTests
{
    private static readonly DateOnly Admitted = new(2026, 10, 5);

    private static TedsEpisode Episode(IntakeHistory? intake = null) => new()
    {
        CaseId = "case-1",
        ClientId = "client-1",
        ProviderId = "EAST",
        AdmittedOn = Admitted,
        BirthDate = new DateOnly(1990, 3, 14),
        Sex = "female",
        LevelOfCare = "opioid-treatment-program",
        PlannedMedication = "methadone",
        Referral = "self",
        DaysWaited = 3,
        Payer = "medicaid",
        Intake = intake,
    };

    private static readonly IntakeHistory Heroin = new()
    {
        Substances =
        [
            new SubstanceUse("cannabis", ["smoked"], UseFrequency.Daily),
            new SubstanceUse("fentanyl", ["smoked", "injection"], UseFrequency.Weekly),
            new SubstanceUse("heroin", ["intranasal"], UseFrequency.SeveralTimesDaily),
            new SubstanceUse("prescription-opioids", ["oral"], UseFrequency.Daily),
        ],
        AgeFirstOpioidUse = 16,
        PriorTreatment = ["mutual-help"],
        Employment = EmploymentStatus.Employed,
        Housing = HousingStatus.Unstable,
        Pregnancy = PregnancyStatus.NotPregnant,
        MentalHealthDiagnoses = ["depression"],
        Reporting = new StateReportingAnswers
        {
            Race = Race.BlackOrAfricanAmerican,
            Ethnicity = Ethnicity.NotHispanicOrLatino,
            MaritalStatus = MaritalStatus.Separated,
            Veteran = false,
            WorkHours = WorkHours.PartTime,
            LivingArrangement = LivingArrangement.Dependent,
            SchoolYears = 11,
            ArrestsPast30Days = 3,
            MutualHelpMeetingsPast30Days = 4,
            IncomeSource = IncomeSource.Wages,
        },
    };

    [Fact]
    public void An_admission_carries_the_codebook_codes_of_each_answer()
    {
        var record = Teds.Admission(Episode(Heroin));

        Assert.True(record.Accepted);
        Assert.Equal(Teds.AdmissionFields, record.Fields.Select(f => f.Key));
        var expected = new Dictionary<string, string>
        {
            ["RECTYPE"] = "A",
            ["PROVIDER"] = "EAST",
            ["CLIENTID"] = "client-1",
            ["CASEID"] = "case-1",
            ["ADMDATE"] = "20261005",
            ["ADMYR"] = "2026",
            ["AGE"] = "7", // 36 years: 35–39
            ["GENDER"] = "2",
            ["RACE"] = "4",
            ["ETHNIC"] = "4",
            ["MARSTAT"] = "3",
            ["EDUC"] = "2",
            ["EMPLOY"] = "2",
            ["DETNLF"] = "-9",
            ["PREG"] = "2",
            ["VET"] = "2",
            ["LIVARAG"] = "2",
            ["PRIMINC"] = "1",
            ["ARRESTS"] = "2",
            ["SERVICES"] = "7",
            ["METHUSE"] = "1",
            ["DAYWAIT"] = "1",
            ["PSOURCE"] = "1",
            ["NOPRIOR"] = "0",
            // Heroin (5) is primary: an opioid used several times a day. Fentanyl and prescription opioids are one code (7):
            // routes joined (oral, smoked, injection → injection), the most frequent use (daily). Cannabis (4) is third.
            ["SUB1"] = "5",
            ["ROUTE1"] = "3",
            ["FREQ1"] = "3",
            ["FRSTUSE1"] = "3",
            ["SUB2"] = "7",
            ["ROUTE2"] = "4",
            ["FREQ2"] = "3",
            ["FRSTUSE2"] = "3",
            ["SUB3"] = "4",
            ["ROUTE3"] = "2",
            ["FREQ3"] = "3",
            ["FRSTUSE3"] = "-9",
            ["IDU"] = "1",
            ["HERFLG"] = "1",
            ["OPSYNFLG"] = "1",
            ["MARFLG"] = "1",
            ["ALCFLG"] = "0",
            ["METHFLG"] = "0",
            ["ALCDRUG"] = "2",
            ["DSMCRIT"] = "-9",
            ["PSYPROB"] = "1",
            ["HLTHINS"] = "2",
            ["PRIMPAY"] = "4",
            ["FREQ_ATND_SELF_HELP"] = "3",
        };
        foreach (var (field, value) in expected)
        {
            Assert.True(value == record[field], $"{field}: expected {value}, got {record[field]}");
        }
    }

    [Fact]
    public void Without_an_intake_the_record_is_refused_for_the_primary_substance_and_the_rest_is_unknown()
    {
        var record = Teds.Admission(Episode());

        var problem = Assert.Single(record.Problems);
        Assert.Equal("SUB1", problem.Field);
        Assert.Contains("No completed intake", problem.Reason);
        Assert.Equal("-9", record["SUB1"]);
        Assert.Equal("1", record["SUB2"]); // "none": no secondary substance
        Assert.Equal("-9", record["IDU"]); // the codebook's "no substances reported"
        Assert.Equal("-9", record["NOPRIOR"]);
        Assert.Equal("-9", record["PSYPROB"]);
        Assert.Equal("-9", record["RACE"]);
    }

    [Fact]
    public void Race_and_ethnicity_the_intake_left_unknown_are_the_charts_and_the_intakes_answer_comes_first()
    {
        // No intake, or an intake that did not ask: the chart's (an earlier intake, or a received record).
        var chartOnly = Teds.Admission(Episode() with { ChartRace = Race.AlaskaNative, ChartEthnicity = Ethnicity.PuertoRican });
        Assert.Equal(("1", "1"), (chartOnly["RACE"], chartOnly["ETHNIC"]));

        // The intake's answers, where it has them.
        var intake = new IntakeHistory { Reporting = new StateReportingAnswers { Race = Race.White } };
        var both = Teds.Admission(Episode(intake) with { ChartRace = Race.AlaskaNative, ChartEthnicity = Ethnicity.PuertoRican });
        Assert.Equal(("5", "1"), (both["RACE"], both["ETHNIC"]));
    }

    [Theory]
    [InlineData(11, -9)]
    [InlineData(12, 1)]
    [InlineData(14, 1)]
    [InlineData(15, 2)]
    [InlineData(17, 2)]
    [InlineData(18, 3)]
    [InlineData(20, 3)]
    [InlineData(21, 4)]
    [InlineData(24, 4)]
    [InlineData(25, 5)]
    [InlineData(29, 5)]
    [InlineData(30, 6)]
    [InlineData(34, 6)]
    [InlineData(35, 7)]
    [InlineData(44, 8)]
    [InlineData(49, 9)]
    [InlineData(50, 10)]
    [InlineData(54, 10)]
    [InlineData(55, 11)]
    [InlineData(64, 11)]
    [InlineData(65, 12)]
    [InlineData(99, 12)]
    public void Age_groups_follow_the_codebook_bands(int years, int code) => Assert.Equal(code, Teds.AgeGroup(years));

    [Fact]
    public void Age_is_counted_on_the_day_of_admission_and_under_twelve_is_refused()
    {
        var turnsTwelve = Episode(Heroin) with { BirthDate = Admitted.AddYears(-12) };
        Assert.Equal("1", Teds.Admission(turnsTwelve)["AGE"]);

        var dayBefore = Teds.Admission(turnsTwelve with { BirthDate = Admitted.AddYears(-12).AddDays(1) });
        Assert.Equal("AGE", Assert.Single(dayBefore.Problems).Field);
        Assert.Contains("ages 12 and over", dayBefore.Problems[0].Reason);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(30, 30)]
    [InlineData(31, 31)]
    [InlineData(45, 31)]
    [InlineData(46, 32)]
    [InlineData(60, 32)]
    [InlineData(61, 33)]
    [InlineData(90, 33)]
    [InlineData(91, 34)]
    [InlineData(120, 34)]
    [InlineData(121, 35)]
    [InlineData(180, 35)]
    [InlineData(181, 36)]
    [InlineData(365, 36)]
    [InlineData(366, 37)]
    public void Length_of_stay_follows_the_codebook_bands(int days, int code) =>
        Assert.Equal(code, Teds.LengthOfStay(Admitted, Admitted.AddDays(days)));

    [Theory]
    [InlineData(null, -9)]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(7, 1)]
    [InlineData(8, 2)]
    [InlineData(14, 2)]
    [InlineData(15, 3)]
    [InlineData(30, 3)]
    [InlineData(31, 4)]
    public void Days_waiting_follow_the_codebook_bands(int? days, int code) => Assert.Equal(code, Teds.DayWait(days));

    [Theory]
    [InlineData(11, 1)]
    [InlineData(12, 2)]
    [InlineData(14, 2)]
    [InlineData(15, 3)]
    [InlineData(17, 3)]
    [InlineData(18, 4)]
    [InlineData(20, 4)]
    [InlineData(21, 5)]
    [InlineData(24, 5)]
    [InlineData(25, 6)]
    [InlineData(29, 6)]
    [InlineData(30, 7)]
    public void Age_at_first_use_follows_the_codebook_bands(int age, int code) => Assert.Equal(code, Teds.FirstUseAge(age));

    [Theory]
    [InlineData(8, 1)]
    [InlineData(9, 2)]
    [InlineData(11, 2)]
    [InlineData(12, 3)]
    [InlineData(13, 4)]
    [InlineData(15, 4)]
    [InlineData(16, 5)]
    public void Years_of_school_give_the_education_code(int years, int code) =>
        Assert.Equal(code, Teds.Education(years, EducationLevel.Unknown));

    [Fact]
    public void Coarse_intake_answers_give_a_code_only_where_the_codebook_can_tell()
    {
        Assert.Equal(3, Teds.Education(null, EducationLevel.HighSchool));
        Assert.Equal(-9, Teds.Education(null, EducationLevel.LessThanHighSchool)); // grade 8 or grades 9–11?
        Assert.Equal(-9, Teds.Employment(EmploymentStatus.Employed, WorkHours.Unknown)); // full- or part-time?
        Assert.Equal(1, Teds.Employment(EmploymentStatus.Employed, WorkHours.FullTime));
        Assert.Equal(4, Teds.Employment(EmploymentStatus.Student, WorkHours.Unknown));
        Assert.Equal(1, Teds.Living(LivingArrangement.Unknown, HousingStatus.Homeless));
        Assert.Equal(-9, Teds.Living(LivingArrangement.Unknown, HousingStatus.Stable));
        Assert.Equal(-9, Teds.Pregnancy("male", PregnancyStatus.NotPregnant));
    }

    [Fact]
    public void A_discharge_links_to_its_admission_and_reports_stay_reason_and_opioid_use()
    {
        var episode = Episode(Heroin) with { DischargedOn = Admitted.AddDays(100), DischargeReason = 2, OpioidUseOnScreensBeforeDischarge = true };

        var record = Teds.Discharge(episode);

        Assert.True(record.Accepted);
        Assert.Equal(Teds.DischargeFields, record.Fields.Select(f => f.Key));
        Assert.Equal(("client-1", "case-1", "20261005", "20270113"), (record["CLIENTID"], record["CASEID"], record["ADMDATE"], record["DISDATE"]));
        Assert.Equal(("34", "2", "7"), (record["LOS"], record["REASON"], record["SERVICES_D"]));
        Assert.Equal(("5", "2", "7", "2", "4", "-9"), (record["SUB1_D"], record["FREQ1_D"], record["SUB2_D"], record["FREQ2_D"], record["SUB3_D"], record["FREQ3_D"]));
    }

    [Fact]
    public void A_discharge_without_a_reason_is_refused()
    {
        var record = Teds.Discharge(Episode(Heroin) with { DischargedOn = Admitted.AddDays(3) });

        Assert.Equal("REASON", Assert.Single(record.Problems).Field);
    }

    private static readonly string[] SubstanceNames =
        ["heroin", "fentanyl", "prescription-opioids", "methadone", "buprenorphine", "xylazine", "cocaine", "methamphetamine", "benzodiazepines", "alcohol", "cannabis", "other"];

    private static readonly string[] RouteNames = ["oral", "smoked", "intranasal", "injection"];

    private static Gen<T> OneOf<T>(params T[] values) => Gen.Int[0, values.Length - 1].Select(i => values[i]);

    private static Gen<TEnum> AnyOf<TEnum>() where TEnum : struct, Enum => OneOf(Enum.GetValues<TEnum>());

    private static readonly Gen<SubstanceUse> GenSubstance =
        Gen.Select(OneOf(SubstanceNames), OneOf(RouteNames).Array[0, 4], AnyOf<UseFrequency>())
            .Select((name, routes, frequency) => new SubstanceUse(name, routes.Distinct().ToList(), frequency));

    private static readonly Gen<StateReportingAnswers> GenAnswers =
        Gen.Select(AnyOf<Race>(), AnyOf<Ethnicity>(), AnyOf<MaritalStatus>(), AnyOf<WorkHours>(), AnyOf<LivingArrangement>(), AnyOf<IncomeSource>(),
                Gen.Int[-1, 25].Select(i => i < 0 ? (int?)null : i), Gen.Int[-1, 40].Select(i => i < 0 ? (int?)null : i))
            .Select((race, ethnicity, marital, hours, living, income, school, count) => new StateReportingAnswers
            {
                Race = race,
                Ethnicity = ethnicity,
                MaritalStatus = marital,
                WorkHours = hours,
                LivingArrangement = living,
                IncomeSource = income,
                SchoolYears = school,
                ArrestsPast30Days = count,
                MutualHelpMeetingsPast30Days = count,
                Veteran = count is null ? null : count % 2 == 0,
            });

    private static readonly Gen<IntakeHistory?> GenIntake =
        Gen.Select(GenSubstance.Array[0, 6], Gen.Int[-1, 60], AnyOf<EmploymentStatus>(), AnyOf<HousingStatus>(), AnyOf<EducationLevel>(), AnyOf<PregnancyStatus>(), GenAnswers, Gen.Bool)
            .Select((substances, firstUse, employment, housing, education, pregnancy, answers, none) => none ? null : new IntakeHistory
            {
                Substances = substances,
                AgeFirstOpioidUse = firstUse < 0 ? null : firstUse,
                Employment = employment,
                Housing = housing,
                Education = education,
                Pregnancy = pregnancy,
                Reporting = answers,
                PriorTreatment = firstUse % 3 == 0 ? ["methadone"] : [],
                MentalHealthDiagnoses = firstUse % 2 == 0 ? ["anxiety"] : [],
            });

    private static readonly Gen<TedsEpisode> GenEpisode =
        Gen.Select(GenIntake, Gen.Int[0, 36_000], Gen.Int[-20, 800], OneOf("female", "male", "intersex", "unknown"),
                OneOf("opioid-treatment-program", "office-based-opioid-treatment", "withdrawal-management", "residential", "intensive-outpatient", "outpatient"),
                OneOf("methadone", "buprenorphine", "naltrexone", "undecided", "none"),
                OneOf<string?>("self", "emergency-department", "hospital", "court", "primary-care", "other-treatment-program", "community", "other", null),
                OneOf<string?>("medicaid", "medicare", "private-insurance", "state-funded", "self-pay", "sliding-scale", "uninsured", "unknown", null))
            .SelectMany(t => Gen.Select(Gen.Int[-1, 120], Gen.Int[0, 8], Gen.Bool.Select(b => (bool?)b)).Select((wait, reason, screens) => new TedsEpisode
            {
                CaseId = "c",
                ClientId = "p",
                ProviderId = "S",
                AdmittedOn = Admitted,
                BirthDate = Admitted.AddDays(-t.Item2),
                Sex = t.Item4,
                LevelOfCare = t.Item5,
                PlannedMedication = t.Item6,
                Referral = t.Item7,
                Payer = t.Item8,
                Intake = t.Item1,
                DaysWaited = wait < 0 ? null : wait,
                EarlierEpisodes = reason % 3,
                DischargedOn = Admitted.AddDays(t.Item3),
                DischargeReason = reason is >= 1 and <= 7 ? reason : null,
                OpioidUseOnScreensBeforeDischarge = screens,
            }));

    private static readonly string[] OwnFields = ["RECTYPE", "PROVIDER", "CLIENTID", "CASEID", "ADMDATE", "DISDATE", "ADMYR", "DISYR"];

    [Fact]
    public void Every_code_written_is_one_the_codebook_lists_for_its_field() =>
        GenEpisode.Sample(episode =>
        {
            foreach (var record in new[] { Teds.Admission(episode), Teds.Discharge(episode) })
            {
                var refused = record.Problems.Select(p => p.Field).ToHashSet();
                foreach (var (field, value) in record.Fields.Where(f => !OwnFields.Contains(f.Key) && !refused.Contains(f.Key)))
                {
                    Assert.True(Codebook.Value.TryGetValue(field, out var codes), $"{field} is not in the codebooks");
                    Assert.True(codes.Contains(value), $"{field}={value} is not a code of the codebook ({string.Join(", ", codes)})");
                }

                // A field whose codebook entry has no missing code is never sent unknown in an accepted record.
                if (record.Accepted)
                {
                    Assert.All(record.Fields.Where(f => Codebook.Value.TryGetValue(f.Key, out var codes) && !codes.Contains("-9")), f => Assert.NotEqual("-9", f.Value));
                }
            }
        }, iter: 2000);

    /// <summary>Field → the codes either codebook lists for it (TEDS-D 2019 adds the discharge fields).</summary>
    private static readonly Lazy<Dictionary<string, HashSet<string>>> Codebook = new(() =>
    {
        var codes = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var file in new[] { "TEDS-A-2000-2019-DS0001-info-codebook_v1_codes.csv", "TEDS-D-2019-DS0001-info-codebook_V1_codes.csv" })
        {
            foreach (var row in ReadCsv(Path.Combine(AppContext.BaseDirectory, "data", "teds", file)).Skip(1))
            {
                if (row.Count >= 4 && row[3].Length > 0)
                {
                    var set = codes.TryGetValue(row[1], out var existing) ? existing : codes[row[1]] = [];
                    set.Add(row[3]);
                }
            }
        }

        return codes;
    });

    private static IEnumerable<List<string>> ReadCsv(string path)
    {
        var text = File.ReadAllText(path);
        var row = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(cell.ToString());
                cell.Clear();
            }
            else if (c == '\n')
            {
                row.Add(cell.ToString().TrimEnd('\r'));
                cell.Clear();
                yield return row;
                row = [];
            }
            else
            {
                cell.Append(c);
            }
        }

        if (cell.Length > 0 || row.Count > 0)
        {
            row.Add(cell.ToString());
            yield return row;
        }
    }
}
