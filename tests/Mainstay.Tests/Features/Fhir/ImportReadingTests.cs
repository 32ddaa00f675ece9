using System.Text;
using Mainstay.Features.Fhir;
using R4 = Hl7.Fhir.Model;

namespace Mainstay.Tests.Features.Fhir;

/// <summary>
/// An import reads the resources it skips (Claim, ExplanationOfBenefit…) as their type and id only; what it keeps must come out
/// of that reading exactly as from a full parse.
/// </summary>
public sealed class ImportReadingTests
{
    private static readonly Dictionary<string, string> Unkept = new() { ["Claim"] = "billing", ["ExplanationOfBenefit"] = "billing" };

    [Fact]
    public void A_Synthea_bundle_reads_the_same_but_for_the_skipped_resources_content()
    {
        var file = Directory.GetFiles(FhirApiTests.SyntheaFolder, "*.json").Order(StringComparer.Ordinal).First();
        var text = File.ReadAllText(file);
        var full = FhirWire.Parse<R4.Bundle>(text).Resource!;
        var read = FhirWire.ParseForImport<R4.Bundle>(text).Resource!;

        Assert.Contains(full.Entry, e => e.Resource is R4.Claim);
        Assert.Equal(full.Entry.Count, read.Entry.Count);
        Assert.Equal(full.Type, read.Type);
        for (var i = 0; i < full.Entry.Count; i++)
        {
            var (a, b) = (full.Entry[i], read.Entry[i]);
            Assert.Equal(a.FullUrl, b.FullUrl);
            Assert.Equal(a.Request?.Method, b.Request?.Method);
            Assert.Equal(a.Request?.Url, b.Request?.Url);
            Assert.Equal(a.Resource!.TypeName, b.Resource!.TypeName);
            Assert.Equal(a.Resource.Id, b.Resource.Id);
            if (FhirBundleImport.NotKept.ContainsKey(a.Resource.TypeName))
            {
                // Cut to its type and id: nothing else of it was read.
                Assert.Equal($$"""{"resourceType":"{{a.Resource.TypeName}}","id":"{{a.Resource.Id}}"}""", FhirWire.Serialize(b.Resource));
            }
            else
            {
                Assert.Equal(FhirWire.Serialize(a.Resource), FhirWire.Serialize(b.Resource));
            }
        }
    }

    [Fact]
    public void Only_a_bundles_entries_of_unkept_types_are_cut_wherever_their_type_is_written()
    {
        // resourceType after other elements, an escaped property name, a kept resource between them, bytes outside ASCII
        // before and after the cuts (offsets are in bytes, not characters), and a Claim without an id, which Firely would
        // read as empty and refuse if it were cut: it is left whole.
        const string text = """
            {"type":"collection","entry":[
              {"fullUrl":"urn:uuid:1","resource":{"status":"active","total":"not money","id":"c1","resourceType":"Claim"}},
              {"resource":{"resourceType":"Observation","status":"final","code":{"text":"Größe — ✓"}}},
              {"resource":{"\u0072esourceType":"ExplanationOfBenefit","id":"e1","nested":{"resourceType":"Patient"}}, "request":{"method":"POST","url":"ExplanationOfBenefit"}},
              {"resource":{"resourceType":"Claim","status":"active"}}
            ],"resourceType":"Bundle","id":"b-ü"}
            """;
        var cut = Encoding.UTF8.GetString(FhirWire.WithoutUnkeptContent(Encoding.UTF8.GetBytes(text), Unkept)!);
        Assert.Equal("""
            {"type":"collection","entry":[
              {"fullUrl":"urn:uuid:1","resource":{"resourceType":"Claim","id":"c1"}},
              {"resource":{"resourceType":"Observation","status":"final","code":{"text":"Größe — ✓"}}},
              {"resource":{"resourceType":"ExplanationOfBenefit","id":"e1"}, "request":{"method":"POST","url":"ExplanationOfBenefit"}},
              {"resource":{"resourceType":"Claim","status":"active"}}
            ],"resourceType":"Bundle","id":"b-ü"}
            """, cut);

        var bundle = FhirWire.ParseForImport<R4.Bundle>(text).Resource!;
        Assert.Equal(["Claim", "Observation", "ExplanationOfBenefit", "Claim"], bundle.Entry.Select(e => e.Resource!.TypeName));
        Assert.Equal("Größe — ✓", ((R4.Observation)bundle.Entry[1].Resource!).Code.Text);
        // The full parse refuses the Claim's content, which the import never keeps.
        Assert.Null(FhirWire.Parse<R4.Bundle>(text).Resource);
    }

    [Fact]
    public void A_single_resource_of_an_unkept_type_is_cut_too_as_a_line_of_an_ndjson_file_is()
    {
        const string text = """ {"status":"active","total":"not money","resourceType":"Claim","id":"c9"}  """;
        Assert.Equal(""" {"resourceType":"Claim","id":"c9"}  """, Encoding.UTF8.GetString(FhirWire.WithoutUnkeptContent(Encoding.UTF8.GetBytes(text), Unkept)!));
        Assert.Equal("c9", FhirWire.ParseForImport<R4.Resource>(text).Resource!.Id);
        Assert.Null(FhirWire.Parse<R4.Resource>(text).Resource);
        // A List is not a Bundle: its entries are references, and nothing in it is cut.
        const string list = """{"resourceType":"List","id":"l1","status":"current","mode":"working","entry":[{"resource":{"resourceType":"Claim","id":"c1"}}]}""";
        Assert.Null(FhirWire.WithoutUnkeptContent(Encoding.UTF8.GetBytes(list), Unkept));
    }

    [Theory]
    [InlineData("""{"resourceType":"Claim","status":"active"}""")] // not a Bundle, and no id to keep
    [InlineData("""{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Patient"}}]}""")] // nothing to cut
    [InlineData("""{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Claim"}}]}""")] // no id
    [InlineData("""{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Claim","id":"1"}}""")] // not well-formed
    [InlineData("""{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Claim","id":"1"}},]}""")] // a trailing comma
    [InlineData("""[{"resourceType":"Bundle"}]""")]
    [InlineData("""{"resourceType":"Bundle","entry":{"resource":{"resourceType":"Claim","id":"1"}}}""")] // entry is not an array
    public void Nothing_is_cut_from_what_is_not_a_well_formed_bundle_with_unkept_entries(string text)
    {
        Assert.Null(FhirWire.WithoutUnkeptContent(Encoding.UTF8.GetBytes(text), Unkept));
    }

    [Theory]
    [InlineData("""{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Claim","id":"\ud800"}}]}""")] // escaped lone surrogate in a cut entry's id
    [InlineData("""{"resourceType":"Claim","id":"\udc00x"}""")] // in a lone resource's id
    public void An_escaped_lone_surrogate_gets_the_same_answer_as_from_the_full_parse(string text)
    {
        Assert.NotNull(FhirWire.Parse<R4.Resource>(text).Error);
        Assert.Equal(FhirWire.Parse<R4.Resource>(text).Error, FhirWire.ParseForImport<R4.Resource>(text).Error);
    }

    [Fact]
    public void A_lone_surrogate_in_the_text_itself_gets_the_same_answer_as_from_the_full_parse()
    {
        var text = """{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Claim","id":"c1"}}],"id":"x""" + (char)0xD800 + "\"}";
        Assert.Equal(FhirWire.Parse<R4.Resource>(text).Error, FhirWire.ParseForImport<R4.Resource>(text).Error);
        Assert.Contains("lone surrogate", FhirWire.ParseForImport<R4.Resource>(text).Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_broken_bundle_gets_the_same_complaint_as_from_the_full_parse()
    {
        const string text = """{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Claim","id":"1"}}""";
        Assert.Equal(FhirWire.Parse<R4.Bundle>(text).Error, FhirWire.ParseForImport<R4.Bundle>(text).Error);
        Assert.NotNull(FhirWire.ParseForImport<R4.Bundle>(text).Error);
    }
}
