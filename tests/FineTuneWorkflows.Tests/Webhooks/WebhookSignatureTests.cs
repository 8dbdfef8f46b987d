using System.Text;
using FineTuneWorkflows.Starter.Webhooks;

namespace FineTuneWorkflows.Tests.Webhooks;

/// <summary>
/// Verification against fixed vectors. The signatures were computed outside .NET, with Python's
/// <c>hmac.new(key, f"{id}.{timestamp}.".encode() + body, hashlib.sha256)</c>, so they test the
/// framing and encoding rather than echo the code under test.
/// </summary>
public class WebhookSignatureTests
{
    public const string SecretA = "whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    public const string SecretB = "whsec_cm90YXRlZC1zZWNyZXQta2V5LTAxMjM0NTY3ODlhYmNk";
    public const string Id = "msg_2Lkd0Lk";
    public const string Timestamp = "1764680000";
    public const string Body = """{"id":"evt_abc","object":"event","type":"fine_tuning.job.succeeded","created_at":1764680000,"data":{"id":"ftjob-abc123"}}""";
    public const string SignatureA = "v1,pUoIsUu5sGebVuQV+zYH4hIMcmwAHuoyK6WOals9vJY=";
    public const string SignatureB = "v1,tzFW1xKxNJeCPsRMZL97QeJ7bvKyg/1WNVk1NvE4qCc=";

    private static readonly DateTimeOffset SignedAt = DateTimeOffset.FromUnixTimeSeconds(1764680000);
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    private static WebhookCheck Verify(
        string? signatures, string[]? secrets = null, string? id = Id, string? timestamp = Timestamp, string body = Body, DateTimeOffset? now = null) =>
        WebhookSignature.Verify(
            [.. (secrets ?? [SecretA]).Select(WebhookSignature.KeyOf)], id, timestamp, signatures, Encoding.UTF8.GetBytes(body), now ?? SignedAt, Tolerance);

    [Fact]
    public void ValidSignature_IsValid() => Assert.Equal(WebhookCheck.Valid, Verify(SignatureA));

    [Fact]
    public void SecretWithoutItsPrefix_IsTheSameKey() =>
        Assert.Equal(WebhookCheck.Valid, Verify(SignatureA, secrets: [SecretA["whsec_".Length..]]));

    /// <summary>While a secret is rotated the provider signs with both, and we may hold either.</summary>
    [Theory]
    [InlineData(SignatureA + " " + SignatureB, new[] { SecretB })]
    [InlineData(SignatureB + " " + SignatureA, new[] { SecretA })]
    [InlineData(SignatureB, new[] { SecretA, SecretB })]
    [InlineData("v1,bm90IGEgc2lnbmF0dXJl " + SignatureA, new[] { SecretB, SecretA })]
    public void RotatedSecrets_AnyPairMatches(string signatures, string[] secrets) =>
        Assert.Equal(WebhookCheck.Valid, Verify(signatures, secrets));

    [Fact]
    public void OtherSecret_DoesNotMatch() => Assert.Equal(WebhookCheck.NoMatchingSignature, Verify(SignatureA, secrets: [SecretB]));

    [Theory]
    [InlineData("""{"id":"evt_abc","object":"event","type":"fine_tuning.job.succeeded","created_at":1764680000,"data":{"id":"ftjob-abc124"}}""")]
    [InlineData("""{"id":"evt_abc","object":"event","type":"fine_tuning.job.succeeded","created_at":1764680000,"data":{"id":"ftjob-abc123"}} """)]
    public void TamperedBody_DoesNotMatch(string body) => Assert.Equal(WebhookCheck.NoMatchingSignature, Verify(SignatureA, body: body));

    [Fact]
    public void OtherId_DoesNotMatch() => Assert.Equal(WebhookCheck.NoMatchingSignature, Verify(SignatureA, id: "msg_2Lkd0Ll"));

    /// <summary>A timestamp moved by one second (within tolerance) breaks the signature: it is signed too.</summary>
    [Fact]
    public void OtherTimestamp_DoesNotMatch() => Assert.Equal(WebhookCheck.NoMatchingSignature, Verify(SignatureA, timestamp: "1764680001"));

    [Theory]
    [InlineData("v2,pUoIsUu5sGebVuQV+zYH4hIMcmwAHuoyK6WOals9vJY=")]
    [InlineData("pUoIsUu5sGebVuQV+zYH4hIMcmwAHuoyK6WOals9vJY=")]
    [InlineData("v1=pUoIsUu5sGebVuQV+zYH4hIMcmwAHuoyK6WOals9vJY=")]
    [InlineData("V1,pUoIsUu5sGebVuQV+zYH4hIMcmwAHuoyK6WOals9vJY=")]
    [InlineData("v1,not base64!")]
    [InlineData("v1,pUoIsUu5sGebVuQV+zYH4hIMcmwAHuoyK6WOals9vJY")]
    [InlineData("v1,")]
    public void WrongPrefixOrEncoding_DoesNotMatch(string signature) => Assert.Equal(WebhookCheck.NoMatchingSignature, Verify(signature));

    [Theory]
    [InlineData(299)]
    [InlineData(-299)]
    [InlineData(300)]
    [InlineData(-300)]
    public void WithinFiveMinutes_IsValid(int secondsLater) =>
        Assert.Equal(WebhookCheck.Valid, Verify(SignatureA, now: SignedAt.AddSeconds(secondsLater)));

    /// <summary>An old delivery replayed, or one dated ahead: refused before any HMAC is worked out.</summary>
    [Theory]
    [InlineData(301)]
    [InlineData(-301)]
    [InlineData(86_400)]
    public void OutsideFiveMinutes_IsRefused(int secondsLater) =>
        Assert.Equal(WebhookCheck.OutsideTolerance, Verify(SignatureA, now: SignedAt.AddSeconds(secondsLater)));

    [Theory]
    [InlineData(null, Timestamp, SignatureA)]
    [InlineData("", Timestamp, SignatureA)]
    [InlineData(Id, null, SignatureA)]
    [InlineData(Id, "", SignatureA)]
    [InlineData(Id, Timestamp, null)]
    [InlineData(Id, Timestamp, "")]
    public void MissingHeader_IsRefused(string? id, string? timestamp, string? signature) =>
        Assert.Equal(WebhookCheck.MissingHeaders, Verify(signature, id: id, timestamp: timestamp));

    [Theory]
    [InlineData("1764680000.5")]
    [InlineData("-1764680000")]
    [InlineData(" 1764680000")]
    [InlineData("2025-12-02T12:53:20Z")]
    [InlineData("99999999999999999999")]
    [InlineData("253402300800")]
    public void TimestampNotUnixSeconds_IsRefused(string timestamp) =>
        Assert.Equal(WebhookCheck.BadTimestamp, Verify(SignatureA, timestamp: timestamp));

    [Fact]
    public void LastUnixSecondADateCanHold_IsATimestamp() =>
        Assert.Equal(WebhookCheck.OutsideTolerance, Verify(SignatureA, timestamp: "253402300799"));

    [Theory]
    [InlineData("whsec_not base64")]
    [InlineData("whsec_")]
    [InlineData("")]
    public void UnusableSecret_IsAFormatError(string secret) => Assert.Throws<FormatException>(() => WebhookSignature.KeyOf(secret));
}
