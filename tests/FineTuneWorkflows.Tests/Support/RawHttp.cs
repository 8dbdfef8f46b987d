using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace FineTuneWorkflows.Tests.Support;

/// <summary>
/// One HTTP/1.1 request written byte for byte to a socket. HttpClient's <see cref="Uri"/>
/// normalises targets (<c>%56%31</c> becomes <c>V1</c>, <c>//v1</c> a host name), so requests
/// that try to slip past a check by their spelling have to be sent this way.
/// </summary>
public static class RawHttp
{
    /// <returns>The status code and the body (de-chunked).</returns>
    public static async Task<(int Status, string Body)> SendAsync(Uri server, string method, string target, string? authorization = null, string? body = null)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port, TestContext.Current.CancellationToken);
        var stream = tcp.GetStream();
        var request = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{method} {target} HTTP/1.1\r\n")
            .Append(CultureInfo.InvariantCulture, $"Host: {server.Authority}\r\n")
            .Append("Connection: close\r\n");
        if (authorization is not null)
        {
            request.Append(CultureInfo.InvariantCulture, $"Authorization: {authorization}\r\n");
        }

        var content = Encoding.UTF8.GetBytes(body ?? string.Empty);
        if (body is not null)
        {
            request.Append("Content-Type: application/json\r\n");
        }

        request.Append(CultureInfo.InvariantCulture, $"Content-Length: {content.Length}\r\n\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request.ToString()), TestContext.Current.CancellationToken);
        await stream.WriteAsync(content, TestContext.Current.CancellationToken);

        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync(TestContext.Current.CancellationToken);
        var status = int.Parse(response.AsSpan(response.IndexOf(' ', StringComparison.Ordinal) + 1, 3), CultureInfo.InvariantCulture);
        var headersEnd = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var rest = headersEnd < 0 ? string.Empty : response[(headersEnd + 4)..];
        var chunked = headersEnd >= 0 && response[..headersEnd].Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase);
        return (status, chunked ? Dechunk(rest) : rest);
    }

    /// <summary>The message of an OpenAI error envelope.</summary>
    public static string ErrorMessage(string body)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("error").GetProperty("message").GetString()!;
    }

    /// <summary>The code of an OpenAI error envelope.</summary>
    public static string? ErrorCode(string body)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("error").GetProperty("code").GetString();
    }

    private static string Dechunk(string chunked)
    {
        var body = new StringBuilder();
        var at = 0;
        while (true)
        {
            var lineEnd = chunked.IndexOf("\r\n", at, StringComparison.Ordinal);
            var size = int.Parse(chunked.AsSpan(at, lineEnd - at), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                return body.ToString();
            }

            // Sizes count bytes; the envelopes here are ASCII, so bytes and chars agree.
            body.Append(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }
}
