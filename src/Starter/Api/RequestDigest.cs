using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using FineTuneWorkflows.Wire;

namespace FineTuneWorkflows.Starter.Api;

/// <summary>
/// What a create asked for, as a digest kept in the workflow's memo, so that a create reusing an
/// Idempotency-Key can be told from a retry: the IETF idempotency-key draft has a reuse with
/// another body refused (422), not answered with the first job. SHA-256 over a canonical form of
/// the parsed request (fields in ordinal order at every level, no whitespace, values as the wire
/// model writes them), so the spelling of a body (whitespace, field order, escapes, an explicit
/// null) does not make it another request. The body itself never enters Temporal.
/// </summary>
public static class RequestDigest
{
    // A digest made from another canonical form one day cannot be compared with these.
    public const string Version = "v1";

    public static string Of(CreateFineTuningJobRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var parsed = JsonSerializer.SerializeToElement(request, StarterJson.Default.CreateFineTuningJobRequest);
        var canonical = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(canonical))
        {
            WriteCanonical(writer, parsed);
        }

        return $"{Version}:{Convert.ToHexStringLower(SHA256.HashData(canonical.WrittenSpan))}";
    }

    /// <summary>
    /// Whether the job recorded under a key was created from another request than the one now
    /// presented. A job with no digest (started before digests were kept) or one of another
    /// version cannot be compared, and is taken to be the same request, as it always was.
    /// </summary>
    public static bool IsOtherRequest(string? recorded, string presented)
    {
        ArgumentNullException.ThrowIfNull(presented);
        var prefix = $"{Version}:";
        return recorded is not null
            && recorded.StartsWith(prefix, StringComparison.Ordinal)
            && !string.Equals(recorded, presented, StringComparison.Ordinal);
    }

    private static void WriteCanonical(Utf8JsonWriter writer, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in value.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(property.Name);
                    WriteCanonical(writer, property.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in value.EnumerateArray())
                {
                    WriteCanonical(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                value.WriteTo(writer);
                break;
        }
    }
}
