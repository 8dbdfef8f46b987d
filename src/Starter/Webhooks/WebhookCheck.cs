namespace FineTuneWorkflows.Starter.Webhooks;

/// <summary>What <see cref="WebhookSignature.Verify"/> found, in the order it looks.</summary>
public enum WebhookCheck
{
    Valid,

    /// <summary>No <c>webhook-id</c>, <c>webhook-timestamp</c> or <c>webhook-signature</c> header.</summary>
    MissingHeaders,

    /// <summary>A timestamp that is not Unix seconds.</summary>
    BadTimestamp,

    /// <summary>A timestamp further from now than the tolerance, either way: a replay, or a clock far off.</summary>
    OutsideTolerance,

    /// <summary>No <c>v1,</c> signature in the header matches any secret.</summary>
    NoMatchingSignature,
}
