using System.Net;
using System.Net.Sockets;
using System.Text;
using FineTuneWorkflows.Activities.Provider;

namespace FineTuneWorkflows.Tests.Provider;

/// <summary>
/// How our requests go on the wire, read off a bare socket: a server that reads the body by
/// Content-Length (or answers 411 without one) must see every body whole.
/// </summary>
public class RequestFramingTests
{
    private const string JobJson = """{"id":"ftjob-1","object":"fine_tuning.job","status":"validating_files","model":"gpt-4o-mini"}""";

    [Fact]
    public async Task Create_SendsTheBodyWithItsContentLengthAndNotChunked()
    {
        var (head, body) = await CaptureAsync(client => client.CreateJobAsync(new() { Model = "gpt-4o-mini", TrainingFile = "file-train" }, TestContext.Current.CancellationToken));

        Assert.StartsWith("POST /v1/fine_tuning/jobs HTTP/1.1", head, StringComparison.Ordinal);
        Assert.Equal(Encoding.UTF8.GetByteCount(body).ToString(System.Globalization.CultureInfo.InvariantCulture), Header(head, "Content-Length"));
        Assert.Null(Header(head, "Transfer-Encoding"));
        Assert.Contains("\"training_file\":\"file-train\"", body, StringComparison.Ordinal);
        Assert.Equal("application/json; charset=utf-8", Header(head, "Content-Type"));
    }

    [Fact]
    public async Task Cancel_APostWithoutABody_SaysSoWithAZeroLength()
    {
        var (head, body) = await CaptureAsync(client => client.CancelJobAsync("ftjob-1", TestContext.Current.CancellationToken));

        Assert.StartsWith("POST /v1/fine_tuning/jobs/ftjob-1/cancel HTTP/1.1", head, StringComparison.Ordinal);
        Assert.Equal("0", Header(head, "Content-Length"));
        Assert.Null(Header(head, "Transfer-Encoding"));
        Assert.Empty(body);
    }

    private static string? Header(string head, string name) =>
        head.Split("\r\n").Skip(1).Select(l => l.Split(':', 2)).Where(p => p.Length == 2 && p[0].Trim().Equals(name, StringComparison.OrdinalIgnoreCase)).Select(p => p[1].Trim()).FirstOrDefault();

    /// <summary>Runs one call against a socket that reads the request head and a Content-Length body, then answers a job.</summary>
    private static async Task<(string Head, string Body)> CaptureAsync(Func<FineTuningClient, Task> call)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var http = new HttpClient();
        var client = new FineTuningClient(http, Microsoft.Extensions.Options.Options.Create(new ProviderOptions { Kind = ProviderKind.OpenAI, BaseUrl = new($"http://127.0.0.1:{port}/v1"), ApiKey = "sk-test" }), TimeProvider.System);

        var serve = ServeOnceAsync(listener);
        await call(client);
        return await serve;
    }

    private static async Task<(string Head, string Body)> ServeOnceAsync(TcpListener listener)
    {
        using var socket = await listener.AcceptTcpClientAsync(TestContext.Current.CancellationToken);
        var stream = socket.GetStream();
        var received = new List<byte>();
        var buffer = new byte[4096];
        int headEnd;
        while ((headEnd = IndexOf(received, "\r\n\r\n"u8.ToArray())) < 0)
        {
            var n = await stream.ReadAsync(buffer, TestContext.Current.CancellationToken);
            received.AddRange(buffer.AsSpan(0, n).ToArray());
        }

        var head = Encoding.ASCII.GetString([.. received.Take(headEnd)]);
        var length = int.Parse(Header(head, "Content-Length") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        while (received.Count < headEnd + 4 + length)
        {
            var n = await stream.ReadAsync(buffer, TestContext.Current.CancellationToken);
            received.AddRange(buffer.AsSpan(0, n).ToArray());
        }

        var body = Encoding.UTF8.GetString([.. received.Skip(headEnd + 4).Take(length)]);
        var answer = $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(JobJson)}\r\nConnection: close\r\n\r\n{JobJson}";
        await stream.WriteAsync(Encoding.UTF8.GetBytes(answer), TestContext.Current.CancellationToken);
        return (head, body);
    }

    private static int IndexOf(List<byte> haystack, byte[] needle)
    {
        for (var i = 0; i + needle.Length <= haystack.Count; i++)
        {
            if (needle.Select((b, j) => haystack[i + j] == b).All(x => x))
            {
                return i;
            }
        }

        return -1;
    }
}
