using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Mainstay.Bench;

/// <summary>
/// A dosing station of the rush: sends one request at a time and returns the answer's status code. In a clinic the
/// stations are other computers; here they share the server's two cores, so what the client itself costs is part of
/// every figure. Two kinds are measured side by side (docs/PERFORMANCE.md).
/// </summary>
public abstract class Station : IDisposable
{
    /// <summary>How the rows name this kind of station.</summary>
    public abstract string Kind { get; }

    public abstract Task<HttpStatusCode> PostJsonAsync(string path, object body);

    public abstract Task<HttpStatusCode> GetAsync(string path);

    public virtual void Dispose() => GC.SuppressFinalize(this);

    /// <summary><paramref name="count"/> stations of <paramref name="kind"/> ("http" or "socket") with the nurse's bearer token.</summary>
    public static async Task<Station[]> OpenAsync(string kind, HttpClient shared, Uri address, string token, int count) => kind switch
    {
        "http" => Enumerable.Range(0, count).Select(_ => (Station)new HttpClientStation(shared)).ToArray(),
        "socket" => await Task.WhenAll(Enumerable.Range(0, count).Select(async _ => (Station)await SocketStation.ConnectAsync(address, token))),
        _ => throw new ArgumentException($"Unknown station kind '{kind}': use http or socket.", nameof(kind)),
    };
}

/// <summary>.NET's <see cref="HttpClient"/>, shared by all stations (its handler keeps one connection per station busy).</summary>
public sealed class HttpClientStation(HttpClient http) : Station
{
    public override string Kind => "HttpClient";

    public override async Task<HttpStatusCode> PostJsonAsync(string path, object body)
    {
        using var response = await http.PostAsJsonAsync(path, body);
        return response.StatusCode;
    }

    public override async Task<HttpStatusCode> GetAsync(string path)
    {
        using var response = await http.GetAsync(path);
        return response.StatusCode;
    }
}

/// <summary>
/// A station that writes its HTTP/1.1 request to a TCP connection of its own and reads the answer with as little work
/// as a load generator such as wrk does: the status line, Content-Length or chunked framing, the body skipped. Keep-alive,
/// one request in flight, no pipelining. It allocates one string a request.
/// </summary>
public sealed class SocketStation : Station
{
    private readonly Socket _socket;
    private readonly string _host;
    private readonly string _authorization;
    private readonly byte[] _send = new byte[8 * 1024];
    private readonly byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;

    private SocketStation(Socket socket, string host, string token)
    {
        _socket = socket;
        _host = host;
        _authorization = $"Bearer {token}";
    }

    public override string Kind => "socket";

    public static async Task<SocketStation> ConnectAsync(Uri address, string token)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(address.Host, address.Port);
        return new SocketStation(socket, $"{address.Host}:{address.Port}", token);
    }

    public override Task<HttpStatusCode> PostJsonAsync(string path, object body)
    {
        var json = JsonSerializer.Serialize(body, JsonSerializerOptions.Web);
        return SendAsync($"POST {path} HTTP/1.1\r\nHost: {_host}\r\nAuthorization: {_authorization}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {Encoding.UTF8.GetByteCount(json)}\r\n\r\n{json}");
    }

    public override Task<HttpStatusCode> GetAsync(string path) =>
        SendAsync($"GET {path} HTTP/1.1\r\nHost: {_host}\r\nAuthorization: {_authorization}\r\n\r\n");

    private async Task<HttpStatusCode> SendAsync(string request)
    {
        var length = Encoding.UTF8.GetBytes(request, _send);
        for (var sent = 0; sent < length;)
        {
            sent += await _socket.SendAsync(_send.AsMemory(sent, length - sent));
        }

        return await ReadResponseAsync();
    }

    private async Task<HttpStatusCode> ReadResponseAsync()
    {
        var (from, count) = await ReadLineAsync();
        // "HTTP/1.1 201 Created"
        var status = (HttpStatusCode)int.Parse(_buffer.AsSpan(from + 9, 3));
        long contentLength = 0;
        var chunked = false;
        while (true)
        {
            (from, count) = await ReadLineAsync();
            if (count == 0)
            {
                break;
            }

            var line = _buffer.AsSpan(from, count);
            if (IsHeader(line, "content-length"u8, out var value))
            {
                contentLength = long.Parse(value);
            }
            else if (IsHeader(line, "transfer-encoding"u8, out value) && value.IndexOf("chunked"u8) >= 0)
            {
                chunked = true;
            }
            else if (IsHeader(line, "connection"u8, out value) && value.IndexOf("close"u8) >= 0)
            {
                throw new InvalidOperationException("The server closed the station's connection.");
            }
        }

        if (!chunked)
        {
            await SkipAsync(contentLength);
            return status;
        }

        while (true)
        {
            (from, count) = await ReadLineAsync();
            var sizeText = _buffer.AsSpan(from, count);
            var semicolon = sizeText.IndexOf((byte)';');
            var size = long.Parse(semicolon < 0 ? sizeText : sizeText[..semicolon], System.Globalization.NumberStyles.HexNumber);
            if (size == 0)
            {
                // trailers (none expected), then the empty line
                while ((await ReadLineAsync()).Count > 0)
                {
                }

                return status;
            }

            await SkipAsync(size);
            await ReadLineAsync();
        }
    }

    /// <summary>Whether <paramref name="line"/> is the header <paramref name="name"/>, and its value.</summary>
    private static bool IsHeader(ReadOnlySpan<byte> line, ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        var colon = line.IndexOf((byte)':');
        var matches = colon == name.Length && Ascii.EqualsIgnoreCase(line[..colon], name);
        value = matches ? line[(colon + 1)..].Trim((byte)' ') : default;
        return matches;
    }

    /// <summary>The next line in the buffer (without its CRLF), as an offset and length valid until the next read.</summary>
    private async ValueTask<(int From, int Count)> ReadLineAsync()
    {
        while (true)
        {
            var at = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n"u8);
            if (at >= 0)
            {
                var line = (_start, at);
                _start += at + 2;
                return line;
            }

            await FillAsync();
        }
    }

    private async ValueTask SkipAsync(long count)
    {
        while (count > 0)
        {
            if (_start == _end)
            {
                await FillAsync();
            }

            var take = (int)Math.Min(count, _end - _start);
            _start += take;
            count -= take;
        }
    }

    private async ValueTask FillAsync()
    {
        if (_start == _end)
        {
            _start = _end = 0;
        }
        else if (_end == _buffer.Length)
        {
            Array.Copy(_buffer, _start, _buffer, 0, _end - _start);
            (_start, _end) = (0, _end - _start);
        }

        var read = await _socket.ReceiveAsync(_buffer.AsMemory(_end));
        if (read == 0)
        {
            throw new InvalidOperationException("The server closed the station's connection.");
        }

        _end += read;
    }

    public override void Dispose()
    {
        _socket.Dispose();
        base.Dispose();
    }
}
