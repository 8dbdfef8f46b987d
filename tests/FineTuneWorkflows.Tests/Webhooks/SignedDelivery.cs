using System.Security.Cryptography;
using System.Text;

namespace FineTuneWorkflows.Tests.Webhooks;

/// <summary>A webhook delivery as a provider sends it, signed here (not by the code under test) at a time of the test's choosing.</summary>
public sealed record SignedDelivery(string Id, long Timestamp, string Body, string Signature)
{
    public static SignedDelivery Sign(string secret, string body, string? id = null, DateTimeOffset? at = null)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var webhookId = id ?? $"msg_{Guid.NewGuid():N}";
        var timestamp = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds();
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{webhookId}.{timestamp}.{body}"));
        return new SignedDelivery(webhookId, timestamp, body, "v1," + Convert.ToBase64String(mac));
    }

    public static string Event(string type, string jobId = "ftjob-abc123") =>
        $$$"""{"id":"evt_{{{Guid.NewGuid():N}}}","object":"event","type":"{{{type}}}","created_at":{{{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}}},"data":{"id":"{{{jobId}}}"}}""";

    public HttpRequestMessage ToRequest(string path, string? signature = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(Body, Encoding.UTF8, "application/json") };
        request.Headers.Add("webhook-id", Id);
        request.Headers.Add("webhook-timestamp", Timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", signature ?? Signature);
        return request;
    }
}
