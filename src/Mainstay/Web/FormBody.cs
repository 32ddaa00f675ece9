namespace Mainstay.Web;

/// <summary>Reads a form or multipart body; a body that is not one (bad encoding, NUL characters, a cut-off multipart) is a 400, not a 500.</summary>
public static class FormBody
{
    public static async Task<(IFormCollection? Form, IResult? Problem)> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        try
        {
            return (await request.ReadFormAsync(ct), null);
        }
        catch (Exception e) when (e is InvalidDataException || (e is IOException && !ct.IsCancellationRequested))
        {
            return (null, Problems.BadRequest("The form body could not be read: " + e.Message, null));
        }
    }
}
