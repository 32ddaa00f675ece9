using System.Globalization;
using Mainstay.Clinical.Admissions;

namespace Mainstay.Clinical.Tests.Admissions;

/// <summary>
/// A seeded generator of people and of record pairs for measuring the duplicate-enrollment matcher: true pairs (one
/// person written twice with realistic slips) and non-pairs (two people, many of them deliberately alike).
/// Hand-made name lists; no real people.
/// </summary>
public sealed class PeopleGenerator(int seed)
{
    public static readonly string[] FemaleNames =
    [
        "Mary", "Patricia", "Jennifer", "Linda", "Elizabeth", "Barbara", "Susan", "Jessica", "Sarah", "Karen",
        "Nancy", "Lisa", "Margaret", "Betty", "Sandra", "Ashley", "Dorothy", "Kimberly", "Emily", "Donna",
        "Michelle", "Carol", "Amanda", "Melissa", "Deborah", "Stephanie", "Rebecca", "Laura", "Sharon", "Cynthia",
        "Kathleen", "Amy", "Shirley", "Angela", "Helen", "Anna", "Brenda", "Pamela", "Nicole", "Samantha",
        "Katherine", "Christine", "Debra", "Rachel", "Catherine", "Carolyn", "Janet", "Ruth", "Maria", "Heather",
        "Diane", "Virginia", "Julie", "Joyce", "Victoria", "Kelly", "Christina", "Lauren", "Joan", "Evelyn",
        "Olivia", "Judith", "Megan", "Cheryl", "Martha", "Andrea", "Frances", "Hannah", "Jacqueline", "Ann",
        "Gloria", "Jean", "Kathryn", "Alice", "Teresa", "Sara", "Janice", "Doris", "Madison", "Julia",
        "Grace", "Judy", "Abigail", "Marie", "Denise", "Beverly", "Amber", "Theresa", "Marilyn", "Danielle",
        "Diana", "Brittany", "Natalie", "Sophia", "Rose", "Isabella", "Alexis", "Kayla", "Charlotte", "Guadalupe",
        "Lucía", "Ximena", "Aaliyah", "Imani", "Keisha", "Latoya", "Mei", "Yesenia", "Rocío", "Zoë",
    ];

    public static readonly string[] MaleNames =
    [
        "James", "Robert", "John", "Michael", "David", "William", "Richard", "Joseph", "Thomas", "Christopher",
        "Charles", "Daniel", "Matthew", "Anthony", "Mark", "Donald", "Steven", "Andrew", "Paul", "Joshua",
        "Kenneth", "Kevin", "Brian", "George", "Timothy", "Ronald", "Jason", "Edward", "Jeffrey", "Ryan",
        "Jacob", "Gary", "Nicholas", "Eric", "Jonathan", "Stephen", "Larry", "Justin", "Scott", "Brandon",
        "Benjamin", "Samuel", "Gregory", "Alexander", "Patrick", "Frank", "Raymond", "Jack", "Dennis", "Jerry",
        "Tyler", "Aaron", "Jose", "Adam", "Nathan", "Henry", "Zachary", "Douglas", "Peter", "Kyle",
        "Noah", "Ethan", "Jeremy", "Walter", "Christian", "Keith", "Roger", "Terry", "Austin", "Sean",
        "Gerald", "Carl", "Harold", "Dylan", "Arthur", "Lawrence", "Jordan", "Jesse", "Bryan", "Billy",
        "Bruce", "Gabriel", "Joe", "Logan", "Alan", "Juan", "Albert", "Willie", "Elijah", "Wayne",
        "Randy", "Vincent", "Mason", "Roy", "Ralph", "Bobby", "Russell", "Bradley", "Philip", "Eugene",
        "José Luis", "Andrés", "Jesús", "DeShawn", "Tyrone", "Malik", "Darnell", "Wei", "Nguyen Van", "Francisco",
    ];

    public static readonly string[] FamilyNames =
    [
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
        "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
        "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson",
        "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores",
        "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts",
        "Gomez", "Phillips", "Evans", "Turner", "Diaz", "Parker", "Cruz", "Edwards", "Collins", "Reyes",
        "Stewart", "Morris", "Morales", "Murphy", "Cook", "Rogers", "Gutierrez", "Ortiz", "Morgan", "Cooper",
        "Peterson", "Bailey", "Reed", "Kelly", "Howard", "Ramos", "Kim", "Cox", "Ward", "Richardson",
        "Watson", "Brooks", "Chavez", "Wood", "James", "Bennett", "Gray", "Mendoza", "Ruiz", "Hughes",
        "Price", "Alvarez", "Castillo", "Sanders", "Patel", "Myers", "Long", "Ross", "Foster", "Jimenez",
        "O'Brien", "O'Connor", "McDonald", "MacKenzie", "Muñoz", "Peña", "Núñez", "Ibáñez", "De La Cruz", "Van der Berg",
        "Schmidt", "Müller", "Kowalski", "Nowak", "Novák", "Yilmaz", "Okafor", "Adeyemi", "Mensah", "Tran",
        "Le", "Pham", "Wang", "Li", "Zhang", "Chen", "Liu", "Singh", "Khan", "Ali",
        "Begay", "Yazzie", "Tsosie", "Whitehorse", "Blackwater", "Washington", "Jefferson", "Freeman", "Holloway", "Dupree",
        "Fitzgerald", "Sullivan", "Gallagher", "Kaczmarek", "Lindqvist", "Johansson", "Rossi", "Russo", "Esposito", "Silva",
    ];

    public static readonly string[] CommonFemaleGiven = ["Maria", "Mary", "Jennifer", "Linda", "Patricia"];

    public static readonly string[] CommonMaleGiven = ["Jose", "James", "John", "Michael", "Robert", "David"];

    public static readonly string[] CommonFamily = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Rodriguez", "Martinez", "Hernandez", "Lopez"];

    private static readonly string[] NicknameGroups =
    [
        "William|Bill|Will|Billy", "Robert|Bob|Rob|Bobby", "James|Jim|Jimmy", "Michael|Mike", "Richard|Rick|Dick",
        "Elizabeth|Liz|Beth|Betty", "Katherine|Kate|Katie|Cathy", "Catherine|Kate|Cathy", "Margaret|Peggy|Maggie",
        "Jennifer|Jen|Jenny", "Joseph|Joe", "Thomas|Tom", "Christopher|Chris", "Daniel|Dan|Danny", "Anthony|Tony",
        "Steven|Steve", "Stephen|Steve", "Patricia|Pat|Patty", "Alexander|Alex", "Nicholas|Nick", "Benjamin|Ben",
        "Samuel|Sam", "Jonathan|Jon", "Matthew|Matt", "Andrew|Andy|Drew", "Edward|Ed|Eddie|Ted",
        "Charles|Charlie|Chuck", "Susan|Sue", "Deborah|Debbie|Deb", "Rebecca|Becky", "Victoria|Vicky", "Kimberly|Kim",
        "John|Jack|Johnny", "Timothy|Tim", "Kenneth|Ken", "Ronald|Ron", "Donald|Don", "Gregory|Greg", "Jeffrey|Jeff",
        "Lawrence|Larry", "Gerald|Jerry", "Peter|Pete", "Douglas|Doug", "Jessica|Jess", "Barbara|Barb", "Pamela|Pam",
        "Cynthia|Cindy", "Sandra|Sandy", "Theresa|Terry", "Angela|Angie", "Stephanie|Steph", "Melissa|Missy",
        "Samantha|Sam", "Christina|Tina", "Dorothy|Dot", "Abigail|Abby", "Raymond|Ray", "Frank|Frankie",
    ];

    private const string Keyboard = "qwertyuiopasdfghjklzxcvbnm";

    private readonly Random random = new(seed);
    private readonly DateOnly minBirth = new(1950, 1, 1);
    private readonly int birthSpanDays = new DateOnly(2006, 12, 31).DayNumber - new DateOnly(1950, 1, 1).DayNumber;

    /// <summary>The kinds of non-pair, with how many of each a set of 20,000 holds.</summary>
    public enum NonPairKind
    {
        Random,
        SameFamilySameBirthYear,
        TwinsLike,
        CommonNames,
    }

    public PersonKey Person()
    {
        var female = random.NextDouble() < 0.5;
        var given = Pick(female ? FemaleNames : MaleNames);
        var family = Pick(FamilyNames);
        return NewPerson(given, family, RandomBirthDate(), female);
    }

    /// <summary>One person written twice; the second record has 0 (10%), 1 (55%) or 2 (35%) slips. The slips applied are returned.</summary>
    public (PersonKey A, PersonKey B, IReadOnlyList<string> Slips) TruePair()
    {
        var a = Person();
        var roll = random.NextDouble();
        var count = roll < 0.10 ? 0 : roll < 0.65 ? 1 : 2;
        var b = a;
        var slips = new List<string>();
        while (slips.Count < count)
        {
            var (next, slip) = Slip(b);
            if (slip.StartsWith("birth", StringComparison.Ordinal) && slips.Any(s => s.StartsWith("birth", StringComparison.Ordinal)))
            {
                continue; // one birth-date slip per record at most
            }

            b = next;
            slips.Add(slip);
        }

        return (a, b, slips);
    }

    public (PersonKey A, PersonKey B) NonPair(NonPairKind kind)
    {
        var a = Person();
        switch (kind)
        {
            case NonPairKind.Random:
                return (a, Person());
            case NonPairKind.SameFamilySameBirthYear:
                {
                    var b = Person() with { FamilyName = a.FamilyName };
                    var birth = new DateOnly(a.BirthDate.Year, 1, 1).AddDays(random.Next(DateTime.IsLeapYear(a.BirthDate.Year) ? 366 : 365));
                    return (a, b with { BirthDate = birth });
                }

            case NonPairKind.TwinsLike:
                {
                    var female = random.NextDouble() < 0.5;
                    var given = Pick(female ? FemaleNames : MaleNames);
                    while (EnrollmentMatch.Normalize(given) == EnrollmentMatch.Normalize(a.GivenName))
                    {
                        given = Pick(female ? FemaleNames : MaleNames);
                    }

                    var twin = NewPerson(given, a.FamilyName, a.BirthDate, female);
                    return (a, random.NextDouble() < 0.5 ? twin with { Phone = a.Phone } : twin);
                }

            case NonPairKind.CommonNames:
                {
                    var female = random.NextDouble() < 0.5;
                    var given = Pick(female ? CommonFemaleGiven : CommonMaleGiven);
                    var family = Pick(CommonFamily);
                    var first = NewPerson(given, family, RandomBirthDate(), female);
                    var second = NewPerson(given, family, RandomBirthDate(), female);
                    while (second.BirthDate == first.BirthDate)
                    {
                        second = second with { BirthDate = RandomBirthDate() };
                    }

                    return (first, second);
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }

    private PersonKey NewPerson(string given, string family, DateOnly birth, bool female)
    {
        var sexRoll = random.NextDouble();
        var sex = sexRoll < 0.03 ? null : female ? "F" : "M";
        var phone = random.NextDouble() < 0.85 ? RandomPhone() : null;
        var id = random.NextDouble() < 0.3 ? $"S{random.Next(10_000_000, 99_999_999)}" : null;
        return new PersonKey(given, family, birth, sex, phone, id);
    }

    private (PersonKey Person, string Slip) Slip(PersonKey p)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var kind = random.Next(13);
            var result = kind switch
            {
                0 => (p with { GivenName = Typo(p.GivenName) }, "given name typo"),
                1 => (p with { FamilyName = Typo(p.FamilyName) }, "family name typo"),
                2 => Nickname(p.GivenName) is { } nick ? (p with { GivenName = nick }, "nickname") : default,
                3 => Transposed(p.BirthDate) is { } t ? (p with { BirthDate = t }, "birth date digits transposed") : default,
                4 => p.BirthDate.Day <= 12 && p.BirthDate.Day != p.BirthDate.Month
                    ? (p with { BirthDate = new DateOnly(p.BirthDate.Year, p.BirthDate.Day, p.BirthDate.Month) }, "birth day and month swapped")
                    : default,
                5 => OneDigit(p.BirthDate) is { } o ? (p with { BirthDate = o }, "birth date one digit") : default,
                6 => YearOff(p.BirthDate) is { } y ? (p with { BirthDate = y }, "birth year one off") : default,
                7 => (p with { FamilyName = Hyphenate(p.FamilyName) }, "hyphenated family name"),
                8 => (p with { GivenName = p.FamilyName, FamilyName = p.GivenName }, "given and family swapped"),
                9 => (p with { GivenName = Reformat(p.GivenName), FamilyName = Reformat(p.FamilyName) }, "case, accents, punctuation"),
                10 => p.Phone is null ? default : (p with { Phone = null }, "missing phone"),
                11 => p.Phone is null ? default : (p with { Phone = RandomPhone() }, "new phone"),
                _ => p.Identifier is null ? default : (p with { Identifier = random.NextDouble() < 0.5 ? null : " " + p.Identifier.ToLowerInvariant() }, "identifier missing or reformatted"),
            };
            if (result.Item1 is not null)
            {
                return result;
            }
        }

        return (p, "none");
    }

    private string Typo(string name)
    {
        var chars = name.ToList();
        var pos = random.Next(chars.Count);
        switch (random.Next(4))
        {
            case 0 when !char.IsWhiteSpace(chars[pos]):
                chars[pos] = Keyboard[random.Next(Keyboard.Length)];
                break;
            case 1 when chars.Count > 2:
                chars.RemoveAt(pos);
                break;
            case 2:
                chars.Insert(pos, Keyboard[random.Next(Keyboard.Length)]);
                break;
            default:
                if (pos + 1 < chars.Count)
                {
                    (chars[pos], chars[pos + 1]) = (chars[pos + 1], chars[pos]);
                }
                else
                {
                    chars.RemoveAt(pos);
                }

                break;
        }

        return new string(chars.ToArray());
    }

    private string? Nickname(string given)
    {
        var groups = NicknameGroups.Select(g => g.Split('|')).Where(g => g.Contains(given)).ToList();
        if (groups.Count == 0)
        {
            return null;
        }

        var group = groups[random.Next(groups.Count)];
        var others = group.Where(n => n != given).ToArray();
        return others[random.Next(others.Length)];
    }

    private DateOnly? Transposed(DateOnly d)
    {
        var s = d.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var options = Enumerable.Range(0, 7).Where(i => s[i] != s[i + 1]).OrderBy(_ => random.Next()).ToList();
        foreach (var i in options)
        {
            var c = s.ToCharArray();
            (c[i], c[i + 1]) = (c[i + 1], c[i]);
            if (Valid(new string(c)) is { } t)
            {
                return t;
            }
        }

        return null;
    }

    private DateOnly? OneDigit(DateOnly d)
    {
        var s = d.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        for (var attempt = 0; attempt < 30; attempt++)
        {
            var c = s.ToCharArray();
            var i = 2 + random.Next(6);
            var digit = (char)('0' + random.Next(10));
            if (digit == c[i])
            {
                continue;
            }

            c[i] = digit;
            if (Valid(new string(c)) is { } t)
            {
                return t;
            }
        }

        return null;
    }

    private DateOnly? YearOff(DateOnly d)
    {
        var year = d.Year + (random.NextDouble() < 0.5 ? -1 : 1);
        return d is { Month: 2, Day: 29 } && !DateTime.IsLeapYear(year) ? null : new DateOnly(year, d.Month, d.Day);
    }

    private static DateOnly? Valid(string yyyymmdd) =>
        DateOnly.TryParseExact(yyyymmdd, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)
            && t.Year is >= 1900 and <= 2010
            ? t
            : null;

    private string Hyphenate(string family)
    {
        var parts = family.Split(['-', ' '], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length > 1 && random.NextDouble() < 0.5)
        {
            return parts[random.Next(parts.Length)];
        }

        var second = Pick(FamilyNames);
        var joiner = random.NextDouble() < 0.5 ? "-" : " ";
        return random.NextDouble() < 0.7 ? family + joiner + second : second + joiner + family;
    }

    private string Reformat(string name)
    {
        var plain = EnrollmentMatch.Normalize(name);
        return random.Next(3) switch
        {
            0 => name.ToUpperInvariant(),
            1 => plain,
            _ => name.Replace("'", "", StringComparison.Ordinal).Replace(" ", "-", StringComparison.Ordinal).ToLowerInvariant(),
        };
    }

    private DateOnly RandomBirthDate() => minBirth.AddDays(random.Next(birthSpanDays + 1));

    private string RandomPhone() =>
        $"({random.Next(201, 990)}) {random.Next(200, 999)}-{random.Next(0, 10_000):0000}";

    private string Pick(string[] names) => names[random.Next(names.Length)];
}
