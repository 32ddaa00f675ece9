namespace Mainstay.Features.Portal;

public sealed record EducationSection(string Heading, IReadOnlyList<string> Paragraphs);

public sealed record EducationSource(string Title, string Url);

/// <summary>One page for patients and families: plain words, short sections, and the sources it rests on.</summary>
public sealed record EducationTopic(string Slug, string Title, string Summary, IReadOnlyList<EducationSection> Sections, IReadOnlyList<EducationSource> Sources);

/// <summary>
/// The education pages of the portal and the public site, written for the person reading them. Facts come from the
/// sources listed on each page; the wording is Mainstay's. Reviewed by nobody clinical yet — a program should read
/// them before pointing patients to them.
/// </summary>
public static class Education
{
    private static readonly EducationSource NidaScience = new(
        "National Institute on Drug Abuse. Drugs, Brains, and Behavior: The Science of Addiction (2020)",
        "https://nida.nih.gov/publications/drugs-brains-behavior-science-addiction");

    private static readonly EducationSource Tip63 = new(
        "SAMHSA. TIP 63: Medications for Opioid Use Disorder (updated 2021)",
        "https://store.samhsa.gov/product/tip-63-medications-opioid-use-disorder/pep21-02-01-002");

    private static readonly EducationSource Nasem = new(
        "National Academies of Sciences, Engineering, and Medicine. Medications for Opioid Use Disorder Save Lives (2019)",
        "https://doi.org/10.17226/25310");

    public static readonly IReadOnlyList<EducationTopic> Topics =
    [
        new("why-addiction", "What drives addiction",
            "Addiction is not a choice or a weakness. Many things together make it more likely — and every one of them can be worked on.",
            [
                new("Pain, stress and trauma", [
                    "Many people first use opioids to get away from pain: physical pain, grief, or memories of things that hurt them. Abuse, violence and neglect in childhood make addiction later in life much more likely.",
                    "Treatment that looks at trauma, not only at the drug, helps people stay well.",
                ]),
                new("Mental health", [
                    "Depression, anxiety, PTSD and other conditions often come together with addiction. Each makes the other harder. Treating both at the same time works better than treating one and waiting.",
                ]),
                new("Where and how you live", [
                    "Poverty, no steady work or housing, and easy access to drugs all raise the risk. So does spending time with people who use, and places where using is normal.",
                    "Stable housing, work or school, and people who support your recovery lower it.",
                ]),
                new("Prescription opioids", [
                    "Some people's addiction started with pills prescribed after an injury or surgery. When the prescription stopped, withdrawal and cravings did not. This is a known path, not a personal failing.",
                ]),
                new("Genes and family", [
                    "Addiction runs in families. Scientists estimate that genes account for about 40 to 60 percent of a person's risk. Having a parent or sibling with addiction means higher risk — not a fixed future.",
                ]),
                new("Age", [
                    "The brain keeps developing into the mid-twenties. Starting to use young makes addiction more likely.",
                ]),
            ],
            [NidaScience,
             new("CDC. About Adverse Childhood Experiences", "https://www.cdc.gov/aces/about/index.html")]),

        new("opioids-and-the-brain", "How opioids change the brain",
            "Opioids take over the brain's reward system. That is why quitting is hard — and why medication helps.",
            [
                new("The reward system", [
                    "The brain rewards things that keep us alive — food, closeness, rest — with a release of dopamine that makes us want to do them again. Opioids cause a much bigger release than anything natural.",
                ]),
                new("Tolerance, dependence and craving", [
                    "With repeated use the brain turns its own response down. The same amount does less (tolerance), stopping brings on withdrawal (dependence), and everyday pleasures feel flat. Cues linked to using — people, places, feelings — can set off strong cravings long after the last use.",
                    "The parts of the brain that help us plan and hold back are affected too, which makes it harder to act on the wish to stop.",
                ]),
                new("The brain can recover", [
                    "These changes are not permanent. With time, treatment and support, the brain's reward and control systems recover. Medications for opioid use disorder calm cravings and withdrawal while that happens.",
                ]),
            ],
            [NidaScience]),

        new("treatments", "What each treatment does",
            "Medication, counseling and support work best together. Here is what each part does.",
            [
                new("Withdrawal management (detox)", [
                    "Medical care to get through withdrawal safely and more comfortably. On its own it is not treatment for addiction: most people return to use afterwards, and with tolerance gone, the risk of a deadly overdose is much higher. Detox is a first step into ongoing treatment.",
                ]),
                new("Methadone", [
                    "A long-acting opioid taken once a day, usually at an opioid treatment program. It stops withdrawal and cravings without a high when the dose is right. The dose is raised slowly and safely. Over time, people can earn take-home doses.",
                ]),
                new("Buprenorphine", [
                    "A partial opioid, as a film or tablet under the tongue or a monthly injection. It stops withdrawal and cravings, and it has a ceiling on how much it slows breathing. It is started when withdrawal has begun; many doctors can prescribe it.",
                ]),
                new("Naltrexone", [
                    "A blocker, given as a monthly injection. It is not an opioid and stops opioids from working. It can only be started after 7 to 10 days without opioids. After stopping it, tolerance is low and overdose risk is high.",
                ]),
                new("Counseling: CBT and motivational interviewing", [
                    "Cognitive behavioural therapy teaches you to spot triggers and the thoughts that lead to using, and to handle them another way. Motivational interviewing helps you find and build your own reasons for change.",
                ]),
                new("Support groups", [
                    "Narcotics Anonymous and SMART Recovery groups meet in person and online, free of charge. Peer recovery coaches have been there themselves. People who have support from others in recovery do better.",
                ]),
                new("Aftercare", [
                    "Recovery continues after a program ends: ongoing counseling, groups, recovery housing, primary care, and a plan for what to do if cravings or a slip happen.",
                ]),
                new("Medication saves lives", [
                    "Staying on methadone or buprenorphine cuts the risk of dying roughly in half. There is no set time to stop; many people stay on medication for years.",
                ]),
            ],
            [Tip63, Nasem]),

        new("overdose-and-naloxone", "Overdose and naloxone",
            "An opioid overdose can be reversed. Know the signs, carry naloxone, and never use alone.",
            [
                new("Signs of an overdose", [
                    "Will not wake up or respond to their name or a hard rub on the breastbone; slow, shallow or no breathing; gurgling or snoring sounds; pinpoint pupils; blue or grey lips and fingertips.",
                ]),
                new("What to do", [
                    "Call 911. Give naloxone (Narcan): one spray into a nostril. Give rescue breaths if you know how. If they do not wake in 2 to 3 minutes, give another dose. Put them on their side and stay with them: naloxone wears off, and the overdose can come back.",
                    "Many states have Good Samaritan laws that protect people who call for help.",
                ]),
                new("When the risk is highest", [
                    "After any time without opioids — detox, jail or prison, a hospital stay, stopping naltrexone — tolerance is gone, and an amount you used to take can kill. Fentanyl is now in much of the drug supply, including pills that look like prescription pills.",
                    "Never use alone, start low and go slow, and keep naloxone where others can find it. Naloxone is sold without a prescription, and your clinic can give you a kit.",
                ]),
            ],
            [new("CDC. Preventing Opioid Overdose", "https://www.cdc.gov/overdose-prevention/prevention/index.html"),
             new("SAMHSA. Opioid Overdose Prevention and Response Toolkit (2023)", "https://store.samhsa.gov/product/samhsa-overdose-prevention-and-response-toolkit/pep23-03-00-001"),
             new("FDA. FDA Approves First Over-the-Counter Naloxone Nasal Spray (2023)", "https://www.fda.gov/news-events/press-announcements/fda-approves-first-over-counter-naloxone-nasal-spray")]),

        new("injection-health", "Health risks of injecting",
            "Injecting can spread infections and damage the heart, skin and veins. Most of it can be prevented, and most of it can be treated.",
            [
                new("Infections", [
                    "Sharing needles, syringes or other equipment spreads HIV, hepatitis C and hepatitis B. Get tested: hepatitis C can now be cured with pills, HIV can be treated so well that it is not passed on, and hepatitis B can be prevented with a vaccine.",
                ]),
                new("Heart and skin", [
                    "Bacteria from the skin or equipment can cause abscesses and skin infections, and can infect the heart valves (endocarditis), which is life-threatening. See a clinician early for a red, hot or swollen area, or for fever and feeling very unwell.",
                    "Repeated injecting damages and collapses veins.",
                ]),
                new("Lower the risk", [
                    "Use new, sterile equipment every time and do not share it; syringe services programs give it out free and offer testing. Clean the skin first. Treatment with medication lowers injecting — and these risks — the most.",
                ]),
            ],
            [new("CDC. HIV and People Who Inject Drugs", "https://www.cdc.gov/hiv/risk/drug-use/index.html"),
             new("CDC. Hepatitis C: Clinical Overview", "https://www.cdc.gov/hepatitis-c/hcp/clinical-overview/index.html"),
             new("CDC. Syringe Services Programs", "https://www.cdc.gov/syringe-services-programs/php/index.html")]),
    ];

    public static EducationTopic? Find(string? slug) => Topics.FirstOrDefault(t => t.Slug == slug);
}
