namespace Mainstay.Clinical.Admissions;

/// <summary>
/// A small table of common English given names and their usual short forms, for the duplicate-enrollment matcher.
/// Mainstay's own list (no published table was used); a name may belong to more than one group ("chris", "pat", "sam", "alex").
/// All entries are written as <see cref="EnrollmentMatch.Normalize"/> returns them.
/// </summary>
internal static class Nicknames
{
    private static readonly string[][] Groups =
    [
        ["william", "bill", "will", "billy", "willy", "willie", "liam"],
        ["robert", "bob", "rob", "bobby", "robbie", "bert"],
        ["james", "jim", "jimmy", "jamie"],
        ["john", "jack", "johnny", "jon"],
        ["jonathan", "jon", "jonny"],
        ["michael", "mike", "mikey", "mick"],
        ["richard", "rick", "dick", "rich", "ricky", "richie"],
        ["elizabeth", "liz", "beth", "betty", "eliza", "lizzie", "betsy", "libby"],
        ["katherine", "catherine", "kathryn", "kate", "katie", "cathy", "kathy", "kat", "kitty"],
        ["margaret", "peggy", "maggie", "meg", "marge", "margie"],
        ["jennifer", "jen", "jenny"],
        ["joseph", "joe", "joey"],
        ["thomas", "tom", "tommy"],
        ["christopher", "chris", "kit"],
        ["christina", "christine", "chris", "tina", "chrissy"],
        ["daniel", "dan", "danny"],
        ["anthony", "tony"],
        ["steven", "stephen", "steve", "stevie"],
        ["patricia", "pat", "patty", "trish", "tricia"],
        ["patrick", "pat", "paddy"],
        ["alexander", "alex", "xander", "sasha"],
        ["alexandra", "alex", "lexi", "sasha"],
        ["nicholas", "nick", "nicky"],
        ["benjamin", "ben", "benny"],
        ["samuel", "sam", "sammy"],
        ["samantha", "sam", "sammy"],
        ["matthew", "matt"],
        ["andrew", "andy", "drew"],
        ["edward", "ed", "eddie", "ted", "teddy", "ned"],
        ["charles", "charlie", "chuck", "chas"],
        ["susan", "sue", "susie", "suzy"],
        ["deborah", "debra", "debbie", "deb"],
        ["rebecca", "becky", "becca"],
        ["victoria", "vicky", "tori"],
        ["kimberly", "kim"],
        ["david", "dave", "davey"],
        ["gregory", "greg"],
        ["jeffrey", "jeff"],
        ["timothy", "tim", "timmy"],
        ["kenneth", "ken", "kenny"],
        ["ronald", "ron", "ronnie"],
        ["donald", "don", "donnie"],
        ["raymond", "ray"],
        ["lawrence", "larry"],
        ["gerald", "jerry"],
        ["peter", "pete"],
        ["frederick", "fred", "freddie"],
        ["douglas", "doug"],
        ["jessica", "jess", "jessie"],
        ["barbara", "barb", "barbie"],
        ["dorothy", "dot", "dottie"],
        ["abigail", "abby"],
        ["pamela", "pam"],
        ["cynthia", "cindy"],
        ["sandra", "sandy"],
        ["theresa", "teresa", "terry", "tess"],
        ["angela", "angie"],
        ["stephanie", "steph"],
        ["melissa", "missy", "mel"],
        ["jose", "pepe"],
        ["francisco", "paco", "pancho", "frank"],
        ["francis", "frank", "frankie", "fran"],
        ["guillermo", "memo", "willie"],
        ["alejandro", "alex", "alejo"],
    ];

    private static readonly Dictionary<string, int[]> GroupsOf = Build();

    /// <summary>True when the two different names are forms of the same name in the table.</summary>
    public static bool AreSameName(string a, string b) =>
        a != b
        && GroupsOf.TryGetValue(a, out var ga)
        && GroupsOf.TryGetValue(b, out var gb)
        && ga.Intersect(gb).Any();

    private static Dictionary<string, int[]> Build()
    {
        var map = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var g = 0; g < Groups.Length; g++)
        {
            foreach (var name in Groups[g])
            {
                if (!map.TryGetValue(name, out var list))
                {
                    map[name] = list = [];
                }

                list.Add(g);
            }
        }

        return map.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
    }
}
