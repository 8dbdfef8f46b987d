using System.Text;
using System.Text.Json;
using FineTuneWorkflows.Wire;

namespace FineTuneWorkflows.Starter.Temporal;

/// <summary>
/// The static summary and details the Web UI shows for a fine-tune from its start, before the
/// workflow has said anything itself. Only what the user asked for: nothing here is secret.
/// </summary>
public static class WorkflowDescriptions
{
    // The server refuses a start whose summary payload is over 400 bytes
    // (limit.userMetadataSummarySize), counted after JSON encoding and with the payload's own
    // few bytes of metadata; a model and file at their limits (256 characters each) exceed it.
    private const int MaxSummaryJsonBytes = 360;

    public static string Summary(CreateFineTuningJobRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Clamp($"Fine-tune {request.Model} on {request.TrainingFile}", MaxSummaryJsonBytes);
    }

    public static string Details(string id, CreateFineTuningJobRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var details = new StringBuilder()
            .Append("**job** `").Append(id).Append("` · **model** `").Append(request.Model)
            .Append("` · **training file** `").Append(request.TrainingFile).Append('`');
        if (request.ValidationFile is { } validation)
        {
            details.Append(" · **validation file** `").Append(validation).Append('`');
        }

        if (request.Suffix is { } suffix)
        {
            details.Append(" · **suffix** `").Append(suffix).Append('`');
        }

        if (request.Method?.Type is { } method)
        {
            details.Append(" · **method** ").Append(method);
        }

        return details.Append("\n\nStarted through the Starter API.").ToString();
    }

    /// <summary>
    /// The text, cut short with an ellipsis until its JSON form fits. Measured with the default
    /// encoder, which escapes more than any other (a quote or a non-ASCII character takes six
    /// bytes), so the bound holds whatever the converter's settings.
    /// </summary>
    private static string Clamp(string text, int maxJsonBytes)
    {
        var clipped = text;
        var length = text.Length;
        while (JsonEncodedText.Encode(clipped).EncodedUtf8Bytes.Length + 2 > maxJsonBytes)
        {
            length -= length > 1 && char.IsLowSurrogate(text[length - 1]) ? 2 : 1;
            clipped = string.Concat(text.AsSpan(0, length), "…");
        }

        return clipped;
    }
}
