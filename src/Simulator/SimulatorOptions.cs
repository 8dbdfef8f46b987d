using FineTuneWorkflows.Simulator.Faults;
using FineTuneWorkflows.Simulator.Webhooks;

namespace FineTuneWorkflows.Simulator;

/// <summary>
/// How the simulated provider behaves; bound from the <c>Simulator</c> configuration section.
/// Mutable on purpose: tests change it between calls and every request reads it afresh.
/// </summary>
public sealed class SimulatorOptions
{
    public const string Section = "Simulator";

    public TimeSpan ValidatingFiles { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan Queued { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan Running { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a paused job stays <c>pausing</c> before it is <c>paused</c>.</summary>
    public TimeSpan Pausing { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A running job reports <c>estimated_finish</c> (exactly its end); off, it reports none, as OpenAI often does.</summary>
    public bool EstimatedFinish { get; set; } = true;

    /// <summary>Rows of the result CSV; a million (about 50 MB) still streams.</summary>
    public int ResultRows { get; set; } = 100;

    /// <summary>Serves the result file base64-encoded, as some gateways do.</summary>
    public bool ResultBase64 { get; set; }

    /// <summary>When set, only this key is accepted; otherwise any non-empty key is.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Forgets <c>metadata</c> on create, as the Portkey gateway does.</summary>
    public bool DropMetadata { get; set; }

    /// <summary>Per model, the jobs that may be validating, queued or running at once; more are refused 429. Null: no cap.</summary>
    public int? MaxActiveJobs { get; set; }

    /// <summary>Per model, the creates allowed in one UTC day; more are refused 429 <c>daily_rate_limit_exceeded</c>. Null: no cap.</summary>
    public int? MaxDailyCreates { get; set; }

    /// <summary>Standalone only: virtual time runs this many times faster than the wall clock.</summary>
    public double TimeScale { get; set; } = 1;

    /// <summary>Signed webhooks when jobs end; off until URLs and a secret are set.</summary>
    public WebhookSending Webhooks { get; set; } = new();

    /// <summary>Faults planned from configuration, consumed in order by matching requests.</summary>
    public List<FaultRule> Faults { get; set; } = [];
}
