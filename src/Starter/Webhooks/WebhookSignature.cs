using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace FineTuneWorkflows.Starter.Webhooks;

/// <summary>
/// The Standard Webhooks signature that OpenAI and Azure OpenAI send: <c>webhook-signature</c>
/// holds one or more space-separated <c>v1,&lt;base64&gt;</c>, each an HMAC-SHA256 of
/// <c>{webhook-id}.{webhook-timestamp}.{body}</c> keyed by the base64 part of a <c>whsec_…</c> secret.
/// </summary>
public static class WebhookSignature
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";

    private const string SecretPrefix = "whsec_";
    private const string VersionPrefix = "v1,";

    /// <summary>The HMAC key of a secret as providers show it (with or without <c>whsec_</c>).</summary>
    /// <exception cref="FormatException">The rest is not base64, or empty.</exception>
    public static byte[] KeyOf(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var encoded = secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret;
        var key = Convert.FromBase64String(encoded);
        return key.Length > 0 ? key : throw new FormatException("a webhook secret has no key after its prefix");
    }

    /// <summary>Checks one delivery against every key; the body is the bytes as received.</summary>
    public static WebhookCheck Verify(IReadOnlyList<byte[]> keys, string? id, string? timestamp, string? signatures, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signatures))
        {
            return WebhookCheck.MissingHeaders;
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return WebhookCheck.BadTimestamp;
        }

        if ((DateTimeOffset.FromUnixTimeSeconds(seconds) - now).Duration() > tolerance)
        {
            return WebhookCheck.OutsideTolerance;
        }

        var signed = Signed(id, timestamp, body);
        foreach (var key in keys)
        {
            var expected = HMACSHA256.HashData(key, signed);
            foreach (var candidate in signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (candidate.StartsWith(VersionPrefix, StringComparison.Ordinal)
                    && TryDecode(candidate[VersionPrefix.Length..], out var given)
                    && CryptographicOperations.FixedTimeEquals(given, expected))
                {
                    return WebhookCheck.Valid;
                }
            }
        }

        return WebhookCheck.NoMatchingSignature;
    }

    private static byte[] Signed(string id, string timestamp, ReadOnlySpan<byte> body)
    {
        var head = Encoding.UTF8.GetBytes($"{id}.{timestamp}.");
        var signed = new byte[head.Length + body.Length];
        head.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(head.Length));
        return signed;
    }

    private static bool TryDecode(string base64, out byte[] bytes)
    {
        bytes = new byte[base64.Length];
        if (Convert.TryFromBase64String(base64, bytes, out var written))
        {
            bytes = bytes[..written];
            return true;
        }

        return false;
    }
}
